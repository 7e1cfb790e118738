import { type InputIssues, text } from '../input-issues.js';
import { ENVOY_DEFAULTS } from './envoy-settings.js';
import type { EnvoyOptions } from './options.js';

const MAX_EGRESS_IGNORED_PORTS = 15;

/** The traffic redirection of a node's task (the APPMESH proxy configuration), resolved. */
export interface ResolvedProxy {
  /** Envoy's user: its traffic is not redirected (`IgnoredUID`). */
  user: string;
  ignoredUID: number;
  ingress: number;
  egress: number;
  egressIgnoredIPs: string[];
  egressIgnoredPorts?: number[];
}

/**
 * Resolves the proxy settings of a node's task (Envoy's user, the ignored UID, the ingress and
 * egress ports, the egress exceptions) from options the schema has checked; the problems across
 * them and the app (an app port Envoy uses, more than the 15 egress-ignored ports App Mesh
 * takes) go to `issues`.
 *
 * @example
 * ```ts
 * import { InputIssues } from '../input-issues.js'; // inside packages/ecs/src/task-definition
 * import { resolveProxy } from './resolve-proxy.js'; // inside packages/ecs/src/task-definition
 * const proxy = resolveProxy(new InputIssues(), {}, 9901, [9080]);
 * console.log(proxy.user, proxy.egress, proxy.egressIgnoredIPs); // '1337' 15001 ['169.254.170.2', '169.254.169.254']
 * ```
 */
export function resolveProxy(
  issues: InputIssues,
  envoy: EnvoyOptions,
  adminPort: number,
  appPorts: number[],
): ResolvedProxy {
  // Each option's own rules, and those among Envoy's ports, are the task's schema's
  // (option-schemas.ts); here, the checks against the app's ports and App Mesh's quota.
  const ignoredUID = envoy.ignoredUID ?? ENVOY_DEFAULTS.ignoredUID;
  const user = envoy.user ?? text(ignoredUID);
  const ingress = envoy.proxyIngressPort ?? ENVOY_DEFAULTS.proxyIngressPort;
  const egress = envoy.proxyEgressPort ?? ENVOY_DEFAULTS.proxyEgressPort;
  const egressIgnoredIPs = envoy.egressIgnoredIPs ?? [...ENVOY_DEFAULTS.egressIgnoredIPs];
  checkAppPortsFree(issues, ingress, egress, adminPort, appPorts);
  const ignoredPorts: unknown = envoy.egressIgnoredPorts;
  // App Mesh user guide: "The maximum number of outbound ports that can be ignored is 15."
  if (Array.isArray(ignoredPorts) && ignoredPorts.length > MAX_EGRESS_IGNORED_PORTS) {
    issues.add(
      'EGRESS_IGNORED_PORTS',
      'envoy.egressIgnoredPorts',
      `envoy.egressIgnoredPorts lists ${ignoredPorts.length} ports; App Mesh ignores at most ${MAX_EGRESS_IGNORED_PORTS}`,
    );
  }
  return {
    user,
    ignoredUID,
    ingress,
    egress,
    egressIgnoredIPs,
    ...(envoy.egressIgnoredPorts !== undefined ? { egressIgnoredPorts: envoy.egressIgnoredPorts } : {}),
  };
}

// The proxy configuration redirects the app ports' inbound traffic to Envoy's ingress port: an app
// port that is one of Envoy's own would loop.
function checkAppPortsFree(
  issues: InputIssues,
  ingress: number,
  egress: number,
  adminPort: number,
  appPorts: number[],
): void {
  appPorts.forEach((port, i) => {
    const clash = [
      [ingress, 'envoy.proxyIngressPort'],
      [egress, 'envoy.proxyEgressPort'],
      [adminPort, 'envoy.adminPort'],
    ].find(([p]) => p === port);
    if (clash) {
      issues.add(
        'PORT_CONFLICT',
        `app.ports[${i}]`,
        `app port ${port} is taken by Envoy (${clash[1]}); change the listener port or ${clash[1]}`,
      );
    }
  });
}
