import { type EnvoyImage, isRegionName, resolveEnvoyImage } from '../envoy/image.js';
import { checkPort, type InputIssues, isIntegerIn, show } from '../input-issues.js';
import { checkEnvironment, checkName, checkObject, checkRange } from './field-checks.js';
import type { EnvoyOptions } from './options.js';

/**
 * Defaults that AWS documents for the Envoy sidecar on ECS (App Mesh user guide, "Envoy").
 *
 * @example
 * ```ts
 * import { ENVOY_DEFAULTS } from '@meshplane/ecs';
 * console.log(ENVOY_DEFAULTS.ignoredUID, ENVOY_DEFAULTS.proxyIngressPort); // 1337 15000
 * ```
 */
export const ENVOY_DEFAULTS = {
  name: 'envoy',
  user: '1337',
  ignoredUID: 1337,
  proxyIngressPort: 15000,
  proxyEgressPort: 15001,
  egressIgnoredIPs: ['169.254.170.2', '169.254.169.254'],
  nofile: 15000,
  adminPort: 9901,
  memoryReservation: 128,
  healthCheck: { interval: 5, timeout: 2, retries: 3, startPeriod: 10 },
} as const;

const LOG_LEVELS = ['trace', 'debug', 'info', 'warning', 'warn', 'error', 'critical', 'off'];

/** The Envoy settings shared by a virtual node's sidecar and a virtual gateway, resolved and checked. */
export interface EnvoySettings {
  name: string;
  adminPort: number;
  nofile: number;
  health: { interval: number; timeout: number; retries: number; startPeriod: number };
  image?: EnvoyImage;
}

/**
 * Resolves the container name, admin port, `nofile` limit, health-check timings and image of an
 * Envoy container from its options and the documented defaults; problems go to `issues`.
 *
 * @example
 * ```ts
 * import { InputIssues } from '@meshplane/ecs';
 * import { resolveEnvoySettings } from './envoy-settings.js'; // inside packages/ecs/src/task-definition
 * const settings = resolveEnvoySettings(new InputIssues(), { tag: 'v1.34.13.3-prod' }, 'us-east-1');
 * console.log(settings.image?.image); // 'public.ecr.aws/appmesh/aws-appmesh-envoy:v1.34.13.3-prod'
 * ```
 */
export function resolveEnvoySettings(
  issues: InputIssues,
  envoy: EnvoyOptions,
  region: string,
): EnvoySettings {
  const name = envoy.name ?? ENVOY_DEFAULTS.name;
  const adminPort = envoy.adminPort ?? ENVOY_DEFAULTS.adminPort;
  const nofile = envoy.nofile ?? ENVOY_DEFAULTS.nofile;
  checkName(issues, 'envoy.name', name);
  checkPort(issues, 'envoy.adminPort', adminPort);
  if (!isIntegerIn(nofile, 1, 1_048_576)) {
    issues.add('RANGE', 'envoy.nofile', `envoy.nofile must be an integer in 1-1048576, got ${show(nofile)}`);
  }
  if (envoy.logLevel !== undefined && !LOG_LEVELS.includes(envoy.logLevel)) {
    issues.add(
      'ENUM',
      'envoy.logLevel',
      `envoy.logLevel must be one of ${LOG_LEVELS.join(', ')}, got ${show(envoy.logLevel)}`,
    );
  }
  const health = {
    ...ENVOY_DEFAULTS.healthCheck,
    ...(checkObject(issues, 'envoy.healthCheck', envoy.healthCheck) ? envoy.healthCheck : {}),
  };
  checkRange(issues, 'envoy.healthCheck.interval', health.interval, 5, 300);
  checkRange(issues, 'envoy.healthCheck.timeout', health.timeout, 2, 60);
  checkRange(issues, 'envoy.healthCheck.retries', health.retries, 1, 10);
  checkRange(issues, 'envoy.healthCheck.startPeriod', health.startPeriod, 0, 300);
  let image: EnvoyImage | undefined;
  if (envoy.image !== undefined) {
    if (typeof envoy.image !== 'string' || envoy.image.trim() === '' || /\s/.test(envoy.image)) {
      issues.add(
        'IMAGE',
        'envoy.image',
        `envoy.image must be a non-empty image reference without spaces, got ${show(envoy.image)}`,
      );
    } else image = { image: envoy.image };
  } else if (isRegionName(region)) {
    image = resolveEnvoyImage(issues, 'envoy', { region, registry: envoy.registry, tag: envoy.tag });
  }
  checkEnvironment(issues, 'envoy.environment', envoy.environment);
  return { name, adminPort, nofile, health, ...(image ? { image } : {}) };
}
