import { checkPort, type InputIssues, isIntegerIn, show, text } from '../input-issues.js';
import { ENVOY_DEFAULTS } from './envoy-settings.js';
import type { EnvoyOptions } from './options.js';

const MAX_EGRESS_IGNORED_PORTS = 15;
const IPV4_PATTERN = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

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
 * Checks and resolves the proxy settings of a node's task: Envoy's user and the ignored UID
 * (which must match), the ingress and egress ports (distinct, and not Envoy's admin port nor an
 * app port), and the egress exceptions (App Mesh ignores at most 15 ports); problems go to `issues`.
 *
 * @example
 * ```ts
 * import { InputIssues } from '@meshplane/ecs';
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
  const ignoredUID = envoy.ignoredUID ?? ENVOY_DEFAULTS.ignoredUID;
  const user = envoy.user ?? text(ignoredUID);
  const ingress = envoy.proxyIngressPort ?? ENVOY_DEFAULTS.proxyIngressPort;
  const egress = envoy.proxyEgressPort ?? ENVOY_DEFAULTS.proxyEgressPort;
  const egressIgnoredIPs = envoy.egressIgnoredIPs ?? [...ENVOY_DEFAULTS.egressIgnoredIPs];
  if (!isIntegerIn(ignoredUID, 0, 2_147_483_647)) {
    issues.add(
      'RANGE',
      'envoy.ignoredUID',
      `envoy.ignoredUID must be a non-negative integer user id, got ${show(ignoredUID)}`,
    );
  } else if (user !== String(ignoredUID)) {
    issues.add(
      'ENVOY_USER',
      'envoy.user',
      `envoy.user must equal envoy.ignoredUID (${ignoredUID}) so that Envoy's own traffic is not redirected back to Envoy, got ${show(user)}`,
    );
  }
  checkProxyPorts(issues, ingress, egress, adminPort, appPorts);
  checkEgressIgnoredIPs(issues, egressIgnoredIPs);
  checkEgressIgnoredPorts(issues, envoy.egressIgnoredPorts);
  return {
    user,
    ignoredUID,
    ingress,
    egress,
    egressIgnoredIPs,
    ...(envoy.egressIgnoredPorts !== undefined ? { egressIgnoredPorts: envoy.egressIgnoredPorts } : {}),
  };
}

function checkProxyPorts(
  issues: InputIssues,
  ingress: number,
  egress: number,
  adminPort: number,
  appPorts: number[],
): void {
  checkPort(issues, 'envoy.proxyIngressPort', ingress);
  checkPort(issues, 'envoy.proxyEgressPort', egress);
  if (ingress === egress) {
    issues.add(
      'PORT_CONFLICT',
      'envoy.proxyEgressPort',
      `envoy.proxyIngressPort and envoy.proxyEgressPort must differ, both are ${ingress}`,
    );
  }
  for (const [port, path] of [
    [ingress, 'envoy.proxyIngressPort'],
    [egress, 'envoy.proxyEgressPort'],
  ] as const) {
    if (port === adminPort) {
      issues.add(
        'PORT_CONFLICT',
        'envoy.adminPort',
        `envoy.adminPort and ${path} must differ (Envoy listens on both), both are ${port}`,
      );
    }
  }
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

function checkEgressIgnoredIPs(issues: InputIssues, ips: unknown): void {
  if (!Array.isArray(ips)) {
    issues.add(
      'TYPE',
      'envoy.egressIgnoredIPs',
      `envoy.egressIgnoredIPs must be a list of IPv4 addresses, got ${show(ips)}`,
    );
    return;
  }
  ips.forEach((ip, i) => {
    if (typeof ip !== 'string' || !IPV4_PATTERN.test(ip)) {
      issues.add(
        'IP_ADDRESS',
        `envoy.egressIgnoredIPs[${i}]`,
        `envoy.egressIgnoredIPs[${i}] must be an IPv4 address, got ${show(ip)}`,
      );
    }
  });
}

function checkEgressIgnoredPorts(issues: InputIssues, ports: unknown): void {
  if (ports !== undefined && !Array.isArray(ports)) {
    issues.add(
      'TYPE',
      'envoy.egressIgnoredPorts',
      `envoy.egressIgnoredPorts must be a list of ports, got ${show(ports)}`,
    );
    return;
  }
  const list = (ports ?? []) as unknown[];
  for (const [i, port] of list.entries()) checkPort(issues, `envoy.egressIgnoredPorts[${i}]`, port);
  // App Mesh user guide: "The maximum number of outbound ports that can be ignored is 15."
  if (list.length > MAX_EGRESS_IGNORED_PORTS) {
    issues.add(
      'EGRESS_IGNORED_PORTS',
      'envoy.egressIgnoredPorts',
      `envoy.egressIgnoredPorts lists ${list.length} ports; App Mesh ignores at most ${MAX_EGRESS_IGNORED_PORTS}`,
    );
  }
}
