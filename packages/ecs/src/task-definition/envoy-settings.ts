import type {
  ContainerDefinition,
  ContainerDependency,
  HealthCheck,
  LogConfiguration,
  MountPoint,
  PortMapping,
} from '@aws-sdk/client-ecs';
import { defineOptions } from '@meshplane/core/options';
import { type EnvoyImage, isRegionName, resolveEnvoyImage } from '../envoy/image.js';
import { InputIssues, isIntegerIn, show, text } from '../input-issues.js';
import { addOptionIssues, ecsRule } from '../option-issues.js';
import { plainInput } from '../plain-input.js';
import type { EnvoyOptions } from './options.js';
import { compact, environmentList } from './stable-json.js';

/**
 * Defaults that AWS documents for the Envoy sidecar on ECS (App Mesh user guide, "Envoy").
 *
 * @example
 * ```ts
 * import { ENVOY_DEFAULTS } from './envoy-settings.js'; // inside packages/ecs/src/task-definition
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
 * Envoy container from its options (checked by the task's schema) and the documented defaults;
 * the problems that need the region or another option (a regional image where App Mesh has no
 * repository, an `ENVOY_ADMIN_ACCESS_PORT` that is not the admin port) go to `issues`.
 *
 * @example
 * ```ts
 * import { InputIssues } from '../input-issues.js'; // inside packages/ecs/src/task-definition
 * import { resolveEnvoySettings } from './envoy-settings.js'; // inside packages/ecs/src/task-definition
 * const settings = resolveEnvoySettings(new InputIssues(), { tag: 'v1.39.1.0-prod' }, 'us-east-1');
 * console.log(settings.image?.image); // 'public.ecr.aws/appmesh/aws-appmesh-envoy:v1.39.1.0-prod'
 * ```
 */
export function resolveEnvoySettings(
  issues: InputIssues,
  envoy: EnvoyOptions,
  region: string,
): EnvoySettings {
  // Each option's own rules are the task's schema's (option-schemas.ts); a malformed value is
  // replaced by its default here, so that the checks that use it go on.
  const name = envoy.name ?? ENVOY_DEFAULTS.name;
  const adminPort = isIntegerIn(envoy.adminPort, 1, 65535) ? envoy.adminPort : ENVOY_DEFAULTS.adminPort;
  const nofile = envoy.nofile ?? ENVOY_DEFAULTS.nofile;
  const health = {
    ...ENVOY_DEFAULTS.healthCheck,
    ...(isObjectRecord(envoy.healthCheck) ? envoy.healthCheck : {}),
  };
  let image: EnvoyImage | undefined;
  if (envoy.image !== undefined) {
    if (typeof envoy.image === 'string') image = { image: envoy.image };
  } else if (isRegionName(region)) {
    image = resolveEnvoyImage(issues, 'envoy', { region, registry: envoy.registry, tag: envoy.tag });
  }
  const adminFromEnvironment = isObjectRecord(envoy.environment)
    ? envoy.environment.ENVOY_ADMIN_ACCESS_PORT
    : undefined;
  if (adminFromEnvironment !== undefined && adminFromEnvironment !== String(adminPort)) {
    issues.add(
      'PORT_CONFLICT',
      'envoy.environment.ENVOY_ADMIN_ACCESS_PORT',
      `envoy.environment.ENVOY_ADMIN_ACCESS_PORT (${show(adminFromEnvironment)}) must equal envoy.adminPort (${adminPort}), the port the health check asks; set envoy.adminPort instead`,
    );
  }
  return { name, adminPort, nofile, health, ...(image ? { image } : {}) };
}

/**
 * `APPMESH_RESOURCE_ARN`: the full ARN of the node or gateway when `account` is given (and the
 * short form is not asked for), else `mesh/<mesh>/<kind>/<name>`, which Envoy also accepts.
 *
 * @example
 * ```ts
 * import { envoyResourceArn } from './envoy-settings.js'; // inside packages/ecs/src/task-definition
 * console.log(envoyResourceArn({ mesh: 'dj-app', region: 'us-east-1' }, 'virtualNode', 'dj', 'aws'));
 * // 'mesh/dj-app/virtualNode/dj'
 * ```
 */
export function envoyResourceArn(
  o: { mesh: string; region: string; account?: string; envoy?: Pick<EnvoyOptions, 'resourceArn'> },
  kind: 'virtualNode' | 'virtualGateway',
  name: string,
  partition: string,
): string {
  const form = o.envoy?.resourceArn ?? (o.account ? 'full' : 'short');
  const short = `mesh/${text(o.mesh)}/${kind}/${text(name)}`;
  if (form === 'short' || !o.account) return short;
  return `arn:${partition}:appmesh:${text(o.region)}:${text(o.account)}:${short}`;
}

/**
 * The Envoy container of a node's or a gateway's task: image, user, sizes, environment (the
 * computed variables, then `envoy.environment` over them), the `nofile` ulimit, the documented
 * health check and the log configuration. A gateway's Envoy also maps its listener ports.
 *
 * @example
 * ```ts
 * import { InputIssues } from '../input-issues.js'; // inside packages/ecs/src/task-definition
 * import { envoyContainer, resolveEnvoySettings } from './envoy-settings.js'; // inside packages/ecs/src/task-definition
 * const settings = resolveEnvoySettings(new InputIssues(), {}, 'us-east-1');
 * const envoy = envoyContainer(settings, {}, { user: '1337', environment: { APPMESH_RESOURCE_ARN: 'mesh/m/virtualNode/n' } });
 * console.log(envoy.user, envoy.ulimits); // '1337' [{ name: 'nofile', softLimit: 15000, hardLimit: 15000 }]
 * ```
 */
export function envoyContainer(
  settings: EnvoySettings,
  envoy: EnvoyOptions,
  extra: {
    user?: string;
    portMappings?: PortMapping[];
    environment: Record<string, string>;
    logConfiguration?: LogConfiguration;
    /** The xDS socket's volume (per-task control plane). */
    mountPoints?: MountPoint[];
    /** The containers Envoy starts after (the per-task control plane's, `HEALTHY`). */
    dependsOn?: ContainerDependency[];
  },
): ContainerDefinition {
  const environment: Record<string, string> = { ...extra.environment };
  // The health check asks the admin port; Envoy listens where ENVOY_ADMIN_ACCESS_PORT says (App Mesh
  // user guide, "Envoy configuration variables", default 9901), so a moved admin port is passed on.
  if (settings.adminPort !== ENVOY_DEFAULTS.adminPort) {
    environment.ENVOY_ADMIN_ACCESS_PORT = text(settings.adminPort);
  }
  if (envoy.logLevel) environment.ENVOY_LOG_LEVEL = envoy.logLevel;
  if (envoy.statsTags) environment.ENABLE_ENVOY_STATS_TAGS = '1';
  return compact({
    name: settings.name,
    image: settings.image?.image,
    essential: true,
    user: extra.user,
    cpu: envoy.cpu,
    memory: envoy.memory,
    memoryReservation:
      envoy.memoryReservation ?? (envoy.memory === undefined ? ENVOY_DEFAULTS.memoryReservation : undefined),
    portMappings: extra.portMappings,
    environment: environmentList({ ...environment, ...envoy.environment }),
    mountPoints: extra.mountPoints,
    ulimits: [{ name: 'nofile', softLimit: settings.nofile, hardLimit: settings.nofile }],
    healthCheck: healthCheckOf(settings.adminPort, settings.health),
    dependsOn: extra.dependsOn,
    logConfiguration: extra.logConfiguration,
  });
}

/**
 * The Envoy container health check AWS documents: Envoy's admin `server_info` reports `LIVE`.
 *
 * @example
 * ```ts
 * import { envoyHealthCheck } from '@meshplane/ecs';
 * console.log(envoyHealthCheck(9901, { interval: 5, timeout: 2, retries: 3, startPeriod: 10 }).command);
 * // ['CMD-SHELL', 'curl -s http://localhost:9901/server_info | grep state | grep -q LIVE']
 * ```
 */
export function envoyHealthCheck(
  adminPort: number,
  timings: { interval: number; timeout: number; retries: number; startPeriod: number },
): HealthCheck {
  const read = plainInput(timings, 'timings');
  const issues = new InputIssues();
  addOptionIssues(issues, HEALTH_CHECK_ARGUMENTS, { adminPort, timings: read }, 'the arguments');
  issues.throwIfAny();
  return healthCheckOf(adminPort, read);
}

const numberRule = ecsRule('TYPE', 'must be a number', (v) => typeof v === 'number', true);
/** The declared schema of {@link envoyHealthCheck}'s arguments. */
const HEALTH_CHECK_ARGUMENTS = defineOptions<{
  adminPort: number;
  timings: { interval: number; timeout: number; retries: number; startPeriod: number };
}>({
  adminPort: ecsRule(
    'PORT_RANGE',
    'must be an integer port in 1-65535',
    (v) => isIntegerIn(v, 1, 65535),
    true,
  ),
  timings: {
    ...ecsRule('TYPE', 'must be { interval, timeout, retries, startPeriod }', (v) => isObjectRecord(v), true),
    members: defineOptions({
      interval: numberRule,
      timeout: numberRule,
      retries: numberRule,
      startPeriod: numberRule,
    }),
  },
});

function healthCheckOf(
  adminPort: number,
  timings: { interval: number; timeout: number; retries: number; startPeriod: number },
): HealthCheck {
  return {
    command: ['CMD-SHELL', `curl -s http://localhost:${adminPort}/server_info | grep state | grep -q LIVE`],
    interval: timings.interval,
    timeout: timings.timeout,
    retries: timings.retries,
    startPeriod: timings.startPeriod,
  };
}

const isObjectRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);
