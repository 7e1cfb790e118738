import {
  defineOptions,
  excludes,
  type OptionDependency,
  type OptionRule,
  type OptionsSchema,
  optionDependency,
} from '@meshplane/core/options';
import { ACCOUNT_RULE, isStringList, REGION_RULE } from '../iam/aws-scope-rules.js';
import { isIntegerIn } from '../input-issues.js';
import { ecsRule } from '../option-issues.js';
import type { MeshGatewayTaskDefinitionOptions } from './gateway.js';
import type {
  AgentSidecarOptions,
  AppContainerOptions,
  EnvoyOptions,
  FargateOptions,
  LoggingOptions,
  MeshTaskDefinitionOptions,
  StatsdOptions,
  XdsOptions,
  XRayOptions,
} from './options.js';
import { LOG_GROUP_PATTERN, type TaskLevelOptions } from './task-level.js';

// The declared option schemas of meshTaskDefinition and meshGatewayTaskDefinition: every rule a
// single option (or one option against its siblings) must follow, checked at once by core's
// checkOptions. What needs resolved values (the node's listeners, the defaults of other groups,
// Fargate's size pairs, the containers as rendered) is checked by the resolvers that follow.

const NAME_PATTERN = /^[A-Za-z0-9_-]{1,255}$/;
const ROLE_ARN_PATTERN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const ENV_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
const IPV4_PATTERN = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const LOG_LEVELS = ['trace', 'debug', 'info', 'warning', 'warn', 'error', 'critical', 'off'];
const CPU_ARCHITECTURES = ['X86_64', 'ARM64'];
// Envoy's documented ports (App Mesh user guide, "Envoy"; ENVOY_DEFAULTS): the rules across
// Envoy's ports compare against them when an option is absent.
const ENVOY_PORTS = { adminPort: 9901, proxyIngressPort: 15000, proxyEgressPort: 15001 } as const;

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
const isImage = (v: unknown): boolean => isText(v) && !/\s/.test(v);

const nameRule = (required = false) =>
  ecsRule(
    'NAME',
    'must be 1-255 letters, digits, underscores or hyphens',
    (v) => typeof v === 'string' && NAME_PATTERN.test(v),
    required,
  );
const meshNameRule = (required = false) =>
  ecsRule(
    'NAME',
    'must be an App Mesh name of 1-255 characters',
    (v) => typeof v === 'string' && v.length >= 1 && v.length <= 255,
    required,
  );
const portRule = ecsRule('PORT_RANGE', 'must be an integer port in 1-65535', (v) => isIntegerIn(v, 1, 65535));
const rangeRule = (min: number, max: number, what = 'an integer') =>
  ecsRule('RANGE', `must be ${what} in ${min}-${max}`, (v) => isIntegerIn(v, min, max));
const enumRule = (values: readonly string[], words = `one of ${values.join(', ')}`) =>
  ecsRule('ENUM', `must be ${words}`, (v) => values.includes(v as string));
const stringListRule = ecsRule('TYPE', 'must be a list of strings', isStringList);
const roleArnRule = ecsRule(
  'ROLE_ARN',
  'must be an IAM role ARN like "arn:aws:iam::111122223333:role/name"',
  (v) => typeof v === 'string' && ROLE_ARN_PATTERN.test(v),
);
/** An object option whose members have their own schema (problems named `field.member`). */
const objectOf = (
  members: OptionsSchema<object>,
  code = 'TYPE',
  words = 'must be an object',
  required = false,
) => ({
  ...ecsRule(code, words, isObject, required),
  members,
});
/** A list option whose items follow `item` (problems named `field[i]`). */
const listOf = (words: string, item: OptionRule): OptionRule => ({
  ...ecsRule('TYPE', words, Array.isArray),
  entries: item,
});
const withCode = (dependency: OptionDependency, code: string): OptionDependency => ({ ...dependency, code });

/** Environment variables: a name → string map whose names a shell accepts (`[A-Za-z_][A-Za-z0-9_]*`). */
const environmentRule: OptionRule = {
  ...ecsRule('TYPE', 'must be an object of name → value', isObject),
  entries: ecsRule('TYPE', 'must be a string', (v) => typeof v === 'string'),
};
const environmentNames = (field: string): OptionDependency =>
  withCode(
    optionDependency(
      field,
      [],
      'must name each variable with letters, digits and underscores, not starting with a digit',
      (o) => !isObject(o[field]) || Object.keys(o[field]).every((name) => ENV_NAME_PATTERN.test(name)),
    ),
    'ENV_NAME',
  );

/** ECS's container health check (`HealthCheck`): a command and the timing ranges ECS accepts. */
const CONTAINER_HEALTH = defineOptions<{
  command: unknown;
  interval: unknown;
  timeout: unknown;
  retries: unknown;
  startPeriod: unknown;
}>(
  {
    command: ecsRule(
      'TYPE',
      'must be a non-empty list of strings',
      (v) => isStringList(v) && v.length > 0,
      true,
    ),
    interval: rangeRule(5, 300),
    timeout: rangeRule(2, 60),
    retries: rangeRule(1, 10),
    startPeriod: rangeRule(0, 300),
  },
  [
    withCode(
      optionDependency('command', [], 'must start with "CMD" or "CMD-SHELL"', (o) =>
        ['CMD', 'CMD-SHELL', 'NONE'].includes((o.command as string[])[0] as string),
      ),
      'HEALTH_COMMAND',
    ),
  ],
);

/** Envoy's health-check timings (the command is always Envoy's own `server_info` probe). */
const ENVOY_HEALTH = defineOptions<NonNullable<EnvoyOptions['healthCheck']>>({
  interval: rangeRule(5, 300),
  timeout: rangeRule(2, 60),
  retries: rangeRule(1, 10),
  startPeriod: rangeRule(0, 300),
});

type EnvoyShared = Pick<
  EnvoyOptions,
  'name' | 'adminPort' | 'nofile' | 'logLevel' | 'healthCheck' | 'image' | 'environment' | 'resourceArn'
>;
const ENVOY_SHARED: OptionsSchema<EnvoyShared> = {
  name: nameRule(),
  adminPort: portRule,
  nofile: rangeRule(1, 1_048_576),
  logLevel: enumRule(LOG_LEVELS),
  healthCheck: objectOf(ENVOY_HEALTH),
  image: ecsRule('IMAGE', 'must be a non-empty image reference without spaces', isImage),
  environment: environmentRule,
  resourceArn: enumRule(['full', 'short'], '"full" or "short"'),
};

const differFromAdmin = (port: 'proxyIngressPort' | 'proxyEgressPort'): OptionDependency =>
  withCode(
    optionDependency(
      'adminPort',
      [port],
      `and envoy.${port} must differ (Envoy listens on both; defaults ${ENVOY_PORTS.adminPort} and ${ENVOY_PORTS[port]})`,
      (o) => (o.adminPort ?? ENVOY_PORTS.adminPort) !== (o[port] ?? ENVOY_PORTS[port]),
    ),
    'PORT_CONFLICT',
  );

/** The sidecar Envoy of a virtual node: the shared settings and the traffic redirection (APPMESH proxy configuration). */
const NODE_ENVOY = defineOptions<
  EnvoyShared &
    Pick<
      EnvoyOptions,
      | 'ignoredUID'
      | 'user'
      | 'proxyIngressPort'
      | 'proxyEgressPort'
      | 'egressIgnoredIPs'
      | 'egressIgnoredPorts'
    >
>(
  {
    ...ENVOY_SHARED,
    ignoredUID: rangeRule(0, 2_147_483_647, 'a non-negative integer user id,'),
    user: ecsRule(
      'ENVOY_USER',
      'must be a user id (a string), equal to envoy.ignoredUID',
      (v) => typeof v === 'string',
    ),
    proxyIngressPort: portRule,
    proxyEgressPort: portRule,
    egressIgnoredIPs: listOf(
      'must be a list of IPv4 addresses',
      ecsRule('IP_ADDRESS', 'must be an IPv4 address', (v) => typeof v === 'string' && IPV4_PATTERN.test(v)),
    ),
    egressIgnoredPorts: listOf('must be a list of ports', portRule),
  },
  [
    environmentNames('environment'),
    differFromAdmin('proxyIngressPort'),
    differFromAdmin('proxyEgressPort'),
    // The iptables rules redirect every packet except those of IgnoredUID: Envoy must run as it,
    // or its own traffic loops back to it (App Mesh user guide, "Proxy configuration").
    withCode(
      optionDependency(
        'user',
        ['ignoredUID'],
        "must equal envoy.ignoredUID (default 1337) so that Envoy's own traffic is not redirected back to Envoy",
        (o) => o.user === undefined || o.user === String(o.ignoredUID ?? 1337),
      ),
      'ENVOY_USER',
    ),
    withCode(
      optionDependency(
        'proxyEgressPort',
        ['proxyIngressPort'],
        `must differ from envoy.proxyIngressPort (defaults ${ENVOY_PORTS.proxyIngressPort} and ${ENVOY_PORTS.proxyEgressPort})`,
        (o) =>
          (o.proxyIngressPort ?? ENVOY_PORTS.proxyIngressPort) !==
          (o.proxyEgressPort ?? ENVOY_PORTS.proxyEgressPort),
      ),
      'PORT_CONFLICT',
    ),
  ],
);

/** A virtual gateway's Envoy: no traffic redirection, so only the shared settings and its user. */
const GATEWAY_ENVOY = defineOptions<EnvoyShared & Pick<EnvoyOptions, 'user'>>(
  {
    ...ENVOY_SHARED,
    user: ecsRule('TYPE', 'must be a user name or id', isText),
  },
  [environmentNames('environment')],
);

const XRAY = defineOptions<Pick<XRayOptions, 'name' | 'port' | 'samplingRate'>>({
  name: nameRule(),
  port: portRule,
  samplingRate: ecsRule('RANGE', 'must be a number in 0-1', (v) => typeof v === 'number' && v >= 0 && v <= 1),
});

const STATSD = defineOptions<Pick<StatsdOptions, 'port' | 'address' | 'sidecar'>>({
  port: portRule,
  address: ecsRule('REQUIRED', 'must be a host or IP address', isText),
  sidecar: objectOf(
    defineOptions<Pick<NonNullable<StatsdOptions['sidecar']>, 'name' | 'image'>>({
      name: nameRule(),
      image: ecsRule('REQUIRED', 'is required', isText, true),
    }),
  ),
});

const FARGATE = defineOptions<FargateOptions>({
  cpu: ecsRule(
    'FARGATE_SIZE',
    'must be an integer number of CPU units',
    (v) => isIntegerIn(v, 1, 1_000_000),
    true,
  ),
  memory: ecsRule(
    'FARGATE_SIZE',
    'must be an integer number of MiB',
    (v) => isIntegerIn(v, 1, 10_000_000),
    true,
  ),
});

const LOGGING = defineOptions<Pick<LoggingOptions, 'group' | 'region' | 'streamPrefix'>>({
  group: ecsRule(
    'LOG_GROUP',
    'must be 1-512 characters of letters, digits and . - _ / #',
    (v) => typeof v === 'string' && LOG_GROUP_PATTERN.test(v),
  ),
  region: { ...REGION_RULE, required: false },
  streamPrefix: ecsRule(
    'LOG_STREAM_PREFIX',
    "must be 1-512 characters without ':' or '*'",
    (v) => typeof v === 'string' && /^[^:*]{1,512}$/.test(v),
  ),
});

const APP = defineOptions<
  Pick<
    AppContainerOptions,
    'name' | 'image' | 'ports' | 'command' | 'entryPoint' | 'healthCheck' | 'environment' | 'envoyCondition'
  >
>(
  {
    name: nameRule(),
    image: ecsRule('REQUIRED', 'is required (the application image)', isText, true),
    ports: listOf('must be a list of ports', portRule),
    command: stringListRule,
    entryPoint: stringListRule,
    healthCheck: objectOf(CONTAINER_HEALTH),
    environment: environmentRule,
    envoyCondition: enumRule(['HEALTHY', 'START'], '"HEALTHY" or "START"'),
  },
  [
    withCode(
      optionDependency(
        'image',
        [],
        'must be an image reference of at most 255 characters without spaces',
        (o) => !/\s/.test(o.image as string) && (o.image as string).length <= 255,
      ),
      'IMAGE',
    ),
    withCode(
      optionDependency(
        'ports',
        [],
        'must name at least one listener port of the virtual node (AppPorts cannot be empty)',
        (o) => o.ports === undefined || (o.ports as unknown[]).length > 0,
      ),
      'REQUIRED',
    ),
    environmentNames('environment'),
  ],
);

const AGENT = defineOptions<
  Pick<
    AgentSidecarOptions,
    | 'name'
    | 'image'
    | 'service'
    | 'attributes'
    | 'port'
    | 'stopTimeout'
    | 'deregisterDeadlineMs'
    | 'healthIntervalMs'
    | 'healthThreshold'
    | 'healthPath'
  >
>(
  {
    name: nameRule(),
    image: ecsRule('REQUIRED', 'is required (an image that runs meshplane-ecs-agent)', isImage, true),
    // Absent, the node's own Cloud Map service is used (checked by resolveAgent).
    service: ecsRule(
      'REQUIRED',
      'must be { serviceId } or { namespaceName, serviceName }',
      (v) => isObject(v) && (isText(v.serviceId) || (isText(v.namespaceName) && isText(v.serviceName))),
    ),
    attributes: ecsRule('TYPE', 'must be an object', isObject),
    port: portRule,
    stopTimeout: rangeRule(2, 120),
    deregisterDeadlineMs: rangeRule(1, 120_000, 'an integer of milliseconds'),
    // The agent checks these again at start; here the task definition fails before it is registered.
    healthIntervalMs: rangeRule(1, 3_600_000, 'an integer of milliseconds'),
    healthThreshold: rangeRule(1, 100),
    healthPath: ecsRule(
      'HEALTH_PATH',
      'must be a URL path starting with "/"',
      (v) => typeof v === 'string' && /^\/\S*$/.test(v),
    ),
  },
  [
    // ECS sends SIGKILL stopTimeout seconds after SIGTERM: the agent must be done deregistering by then.
    withCode(
      optionDependency(
        'deregisterDeadlineMs',
        ['stopTimeout'],
        "must be below the agent's stopTimeout (default 30 s) in milliseconds, or ECS kills it before it deregisters",
        (o) =>
          ((o.deregisterDeadlineMs as number | undefined) ?? 25_000) <
          ((o.stopTimeout as number | undefined) ?? 30) * 1000,
      ),
      'AGENT_DEADLINE',
    ),
  ],
);

/** The mode-independent rules of `xds`; what each mode needs of it is checked by resolveControlPlane. */
const XDS = defineOptions<Pick<XdsOptions, 'name' | 'namespaces' | 'revisionIntervalMs' | 'fullRefreshMs'>>(
  {
    name: nameRule(),
    namespaces: ecsRule(
      'TYPE',
      'must be a list of Cloud Map namespace names',
      (v) => isStringList(v) && v.every((n) => n !== ''),
    ),
    revisionIntervalMs: rangeRule(100, 3_600_000, 'an integer of milliseconds'),
    fullRefreshMs: rangeRule(100, 3_600_000, 'an integer of milliseconds'),
  },
  [
    // A full refresh that came before the revision poll would make the poll useless.
    withCode(
      optionDependency(
        'fullRefreshMs',
        ['revisionIntervalMs'],
        'must be at least xds.revisionIntervalMs (defaults 5000 and 30000)',
        (o) =>
          ((o.fullRefreshMs as number | undefined) ?? 30_000) >=
          ((o.revisionIntervalMs as number | undefined) ?? 5_000),
      ),
      'RANGE',
    ),
  ],
);

const controlPlaneRules = () => ({
  controlPlane: enumRule(['task', 'central', 'appmesh'], '"task" (the default), "central" or "appmesh"'),
  xds: objectOf(XDS),
});
const XDS_WITH_APP_MESH = withCode(
  optionDependency(
    'xds',
    ['controlPlane'],
    'is for controlPlane "task" or "central": with "appmesh", App Mesh serves Envoy',
    (o) => o.controlPlane !== 'appmesh' || o.xds === undefined,
  ),
  'CONFLICT',
);

/**
 * A virtual node given as `{ name, ports }` (a node of the model is read by its kind's accessors):
 * its App Mesh name and its listener ports, at least one (Envoy needs an app port to receive on).
 */
export const VIRTUAL_NODE_PORTS = defineOptions<{ name: string; ports: number[] }>({
  name: meshNameRule(true),
  ports: {
    ...ecsRule(
      'NO_LISTENERS',
      "must list the node's listener ports (at least one)",
      (v) => Array.isArray(v) && v.length > 0,
      true,
    ),
    entries: portRule,
  },
});

// The task-level options that have rules of their own: all but family and region, which the
// resolvers default and check against the task (task-level.ts).
type TaskLevelSchema = Omit<TaskLevelOptions, 'family' | 'region'>;

/** The rules of the task-level options, shared by every task definition factory (the xDS server's too). */
export const taskLevelRules = (): OptionsSchema<TaskLevelSchema> => ({
  account: ACCOUNT_RULE,
  fargate: objectOf(FARGATE),
  cpu: rangeRule(128, 196_608, 'an integer number of CPU units'),
  memory: ecsRule('RANGE', 'must be an integer number of MiB (at least 6)', (v) =>
    isIntegerIn(v, 6, 10_000_000),
  ),
  // `false` turns logging off; the resolvers check the options with `false` read as absent.
  logging: objectOf(LOGGING),
  executionRoleArn: roleArnRule,
  taskRoleArn: roleArnRule,
  cpuArchitecture: enumRule(CPU_ARCHITECTURES),
  // Keys and the count are checked by checkTags (core's checker tests entries' values, not their keys).
  tags: ecsRule('TYPE', 'must be an object of key → value', isObject),
});

// With Fargate, the task size is fargate.cpu/memory (RegisterTaskDefinition takes one cpu and one memory).
export const TASK_SIZE_CONFLICTS: readonly OptionDependency[] = [
  withCode(
    excludes('cpu', 'fargate', 'cannot be given with fargate: give the task size as fargate.cpu'),
    'CONFLICT',
  ),
  withCode(
    excludes('memory', 'fargate', 'cannot be given with fargate: give the task size as fargate.memory'),
    'CONFLICT',
  ),
];

type Identity = Pick<MeshTaskDefinitionOptions, 'family' | 'mesh' | 'region'>;
const identityRules = (): OptionsSchema<Identity> => ({
  family: nameRule(true),
  mesh: meshNameRule(true),
  region: REGION_RULE,
});

type NodeTaskSchema = Identity &
  TaskLevelSchema &
  Pick<
    MeshTaskDefinitionOptions,
    'xray' | 'envoy' | 'statsd' | 'virtualNode' | 'app' | 'agent' | 'extraContainers' | 'controlPlane' | 'xds'
  >;

/**
 * The schema of {@link meshTaskDefinition}'s options, in the order problems are reported: the
 * sidecar option groups, the task's identity, the node, the app, the task level, the agent.
 * `xray`, `statsd` and `logging` are checked as read by {@link switchesAsObjects}.
 */
export const NODE_TASK_OPTIONS = defineOptions<NodeTaskSchema>(
  {
    xray: objectOf(XRAY, 'TYPE', 'must be true, false or an object'),
    envoy: objectOf(NODE_ENVOY),
    statsd: objectOf(STATSD, 'TYPE', 'must be true, false or an object'),
    ...identityRules(),
    ...taskLevelRules(),
    virtualNode: ecsRule(
      'REQUIRED',
      'is required: { name, ports } or a virtual node of the model',
      isObject,
      true,
    ),
    app: objectOf(APP, 'REQUIRED', 'is required: { image, ... }', true),
    agent: objectOf(AGENT),
    extraContainers: ecsRule('TYPE', 'must be a list of container definitions', Array.isArray),
    ...controlPlaneRules(),
  },
  [...TASK_SIZE_CONFLICTS, XDS_WITH_APP_MESH],
);

type GatewayTaskSchema = Identity &
  TaskLevelSchema &
  Pick<MeshGatewayTaskDefinitionOptions, 'xray' | 'envoy' | 'virtualGateway' | 'controlPlane' | 'xds'>;

/** The schema of {@link meshGatewayTaskDefinition}'s options, in the order problems are reported. */
export const GATEWAY_TASK_OPTIONS = defineOptions<GatewayTaskSchema>(
  {
    xray: objectOf(XRAY, 'TYPE', 'must be true, false or an object'),
    envoy: objectOf(GATEWAY_ENVOY),
    ...identityRules(),
    ...taskLevelRules(),
    virtualGateway: ecsRule(
      'REQUIRED',
      'is required: { name, ports } or a virtual gateway of the model',
      isObject,
      true,
    ),
    ...controlPlaneRules(),
  },
  [...TASK_SIZE_CONFLICTS, XDS_WITH_APP_MESH],
);

/**
 * The options as the schemas read them: the switches `xray`/`statsd` (`true` for the defaults,
 * `false` for off) as `{}` and absent, `logging: false` as absent, so that one rule (an object
 * with these members) checks what is left.
 *
 * @example
 * ```ts
 * import { switchesAsObjects } from './option-schemas.js'; // inside packages/ecs/src/task-definition
 * console.log(switchesAsObjects({ xray: true, statsd: false, logging: false })); // { xray: {} }
 * ```
 */
export function switchesAsObjects<T extends object>(options: T): T {
  // Options that are not an object are left as they are, for the schema to refuse.
  if (!isObject(options)) return options;
  const read: Record<string, unknown> = { ...(options as Record<string, unknown>) };
  for (const key of ['xray', 'statsd', 'logging']) {
    if (read[key] === false) delete read[key];
    else if (read[key] === true && key !== 'logging') read[key] = {};
  }
  return read as T;
}
