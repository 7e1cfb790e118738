import type { ContainerDefinition, LogConfiguration } from '@aws-sdk/client-ecs';
import { text } from '../input-issues.js';
import type { XRayOptions } from './options.js';
import { compact } from './stable-json.js';

/**
 * Defaults of the X-Ray daemon sidecar (X-Ray developer guide, "Running the X-Ray daemon on Amazon ECS").
 *
 * @example
 * ```ts
 * import { XRAY_DEFAULTS } from './xray-sidecar.js'; // inside packages/ecs/src/task-definition
 * console.log(XRAY_DEFAULTS.port); // 2000
 * ```
 */
export const XRAY_DEFAULTS = {
  name: 'xray-daemon',
  image: 'public.ecr.aws/xray/aws-xray-daemon:latest',
  cpu: 32,
  memoryReservation: 256,
  port: 2000,
} as const;

/** The X-Ray option of a task, checked, with its container name and daemon port resolved. */
export interface XRaySettings {
  options: XRayOptions;
  name: string;
  port: number;
}

/**
 * The X-Ray settings of a node's or a gateway's task from the `xray` option (`true` for the
 * defaults, `false`/absent for off, or an object), checked by the task's schema: its container
 * name and daemon port with their defaults. Anything else (reported by the schema) is off.
 *
 * @example
 * ```ts
 * import { resolveXRay } from './xray-sidecar.js'; // inside packages/ecs/src/task-definition
 * console.log(resolveXRay(true)?.port, resolveXRay(false)); // 2000 undefined
 * ```
 */
export function resolveXRay(value: unknown): XRaySettings | undefined {
  if (value === true) return { options: {}, name: XRAY_DEFAULTS.name, port: XRAY_DEFAULTS.port };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const options = value as XRayOptions;
  return { options, name: options.name ?? XRAY_DEFAULTS.name, port: options.port ?? XRAY_DEFAULTS.port };
}

/**
 * The Envoy environment variables that turn X-Ray tracing on (App Mesh user guide, "Envoy").
 *
 * @example
 * ```ts
 * import { xrayEnvoyEnvironment } from './xray-sidecar.js'; // inside packages/ecs/src/task-definition
 * console.log(xrayEnvoyEnvironment({ options: {}, name: 'xray-daemon', port: 2000 }));
 * // { ENABLE_ENVOY_XRAY_TRACING: '1', XRAY_DAEMON_PORT: '2000' }
 * ```
 */
export function xrayEnvoyEnvironment(xray: XRaySettings): Record<string, string> {
  return {
    ENABLE_ENVOY_XRAY_TRACING: '1',
    XRAY_DAEMON_PORT: text(xray.port),
    // A malformed rate has been reported by the task's schema; only a number is passed on.
    ...(typeof xray.options.samplingRate === 'number'
      ? { XRAY_SAMPLING_RATE: String(xray.options.samplingRate) }
      : {}),
  };
}

/**
 * The X-Ray daemon container. `user` is the Envoy user in a node's task (so that the daemon's calls
 * to X-Ray are not redirected to Envoy); a gateway's task has no proxy configuration and sets none.
 * With AWS's daemon image and a port other than 2000, the command makes the daemon listen there.
 *
 * @example
 * ```ts
 * import { xrayContainer } from './xray-sidecar.js'; // inside packages/ecs/src/task-definition
 * const daemon = xrayContainer({ options: {}, name: 'xray-daemon', port: 2000 }, undefined, '1337');
 * console.log(daemon.portMappings); // [{ containerPort: 2000, protocol: 'udp' }]
 * ```
 */
export function xrayContainer(
  xray: XRaySettings,
  logConfiguration: LogConfiguration | undefined,
  user?: string,
): ContainerDefinition {
  const image = xray.options.image ?? XRAY_DEFAULTS.image;
  return compact({
    name: xray.name,
    image,
    essential: true,
    user,
    command: bindCommand(image, xray.port),
    cpu: xray.options.cpu ?? XRAY_DEFAULTS.cpu,
    memoryReservation: xray.options.memoryReservation ?? XRAY_DEFAULTS.memoryReservation,
    portMappings: [{ containerPort: xray.port, protocol: 'udp' as const }],
    logConfiguration,
  });
}

// AWS's daemon image binds UDP and TCP 2000 in its entrypoint (`/xray -t 0.0.0.0:2000 -b 0.0.0.0:2000`);
// arguments given as the container command come after them and win. Another image is the user's to set.
const AWS_XRAY_IMAGES = /^(public\.ecr\.aws\/xray\/aws-xray-daemon|amazon\/aws-xray-daemon)(:|@|$)/;

function bindCommand(image: string, port: number): string[] | undefined {
  if (port === XRAY_DEFAULTS.port || typeof port !== 'number' || typeof image !== 'string') return undefined;
  if (!AWS_XRAY_IMAGES.test(image)) return undefined;
  return ['-b', `0.0.0.0:${port}`, '-t', `0.0.0.0:${port}`];
}
