import type { ContainerDefinition } from '@aws-sdk/client-ecs';
import { defineOptions, optionDependency } from '@meshplane/core';
import { isStringList, REGION_RULE } from '../iam/aws-scope-rules.js';
import { ecsTasksTrustPolicy, type MeshTaskIam, meshExecutionRolePolicy } from '../iam/policies.js';
import { xdsServerStatements } from '../iam/xds-server-statements.js';
import { InputIssues, isIntegerIn } from '../input-issues.js';
import { addOptionIssues, ecsRule } from '../option-issues.js';
import { plainInput } from '../plain-input.js';
import { cloudFormationOf } from './cloudformation.js';
import { switchesAsObjects, TASK_SIZE_CONFLICTS, taskLevelRules } from './option-schemas.js';
import type { MeshTaskDefinition } from './render.js';
import { compact } from './stable-json.js';
import type { TaskLevelOptions } from './task-level.js';
import { resolveTaskLevel, type TaskLevel, taskDefinitionInput } from './task-level.js';

/** Input of {@link meshXdsServerTaskDefinition} and {@link meshXdsServerIam}. */
export interface XdsServerTaskOptions extends Omit<TaskLevelOptions, 'family' | 'region'> {
  family: string;
  region: string;
  /** An image whose entrypoint is the meshplane CLI (`meshplane`). */
  image: string;
  /** Model files or folders inside the image: `meshplane xds serve <model...>` serves and watches them. */
  model: string[];
  /** The ADS port (plain gRPC) the NLB's target group forwards to. Default 18000. */
  port?: number;
  /** The status endpoint's port (`GET /status`). Default 9902. */
  statusPort?: number;
  /** The Cloud Map namespaces of the mesh: scopes the discovery permissions. */
  namespaces?: string[];
  /** Default `xds-server`. */
  name?: string;
}

const DEFAULTS = { port: 18_000, statusPort: 9902, name: 'xds-server' } as const;

interface ResolvedXdsServerTask {
  options: XdsServerTaskOptions;
  level: TaskLevel;
  name: string;
  port: number;
  statusPort: number;
}

/**
 * The task definition of the central control plane: `meshplane xds serve` as an ECS service,
 * behind a Network Load Balancer (a TLS listener on 443 with an ACM certificate and an HTTP/2
 * ALPN policy, forwarding to `port`, plain gRPC). Envoys reach it with
 * `APPMESH_XDS_ENDPOINT=<nlb-name>:443` (`meshTaskDefinition({ controlPlane: 'central', xds: { endpoint } })`).
 * Run several replicas: versions derive from content only, so every replica answers the same and
 * the NLB may send a reconnecting Envoy to any of them. No proxy configuration: the server is not
 * in the mesh.
 *
 * @example
 * ```ts
 * import { meshXdsServerTaskDefinition } from '@meshplane/ecs';
 * const { api } = meshXdsServerTaskDefinition({
 *   family: 'dj-app-xds', image: '111122223333.dkr.ecr.us-east-1.amazonaws.com/meshplane:0.1.0',
 *   model: ['/etc/meshplane/dj-app.json'], region: 'us-east-1', account: '111122223333',
 *   fargate: { cpu: 512, memory: 1024 },
 * });
 * console.log(api.containerDefinitions?.[0]?.command);
 * // ['xds', 'serve', '/etc/meshplane/dj-app.json', '--listen', '0.0.0.0:18000', '--status', '0.0.0.0:9902', '--region', 'us-east-1', '--json']
 * ```
 */
export function meshXdsServerTaskDefinition(input: XdsServerTaskOptions): MeshTaskDefinition {
  const task = resolveXdsServerTask(input);
  const api = taskDefinitionInput(task.options, task.level, [xdsServerContainer(task)]);
  return { api, cloudFormation: cloudFormationOf(api) };
}

/**
 * The roles of the central control plane's task: Cloud Map discovery (scoped to `namespaces` when
 * given) on the task role, image pulls and logs on the execution role. Nothing of App Mesh.
 *
 * @example
 * ```ts
 * import { meshXdsServerIam } from '@meshplane/ecs';
 * const iam = meshXdsServerIam({
 *   family: 'dj-app-xds', image: 'public.ecr.aws/example/meshplane:0.1.0', model: ['/etc/meshplane/dj-app.json'],
 *   region: 'us-east-1', namespaces: ['prod.svc.cluster.local'],
 * });
 * console.log(iam.taskRole.policyDocument.Statement[0]?.Condition);
 * // { StringEquals: { 'servicediscovery:NamespaceName': ['prod.svc.cluster.local'] } }
 * ```
 */
export function meshXdsServerIam(input: XdsServerTaskOptions): MeshTaskIam {
  const task = resolveXdsServerTask(input);
  const o = task.options;
  const taskRole = {
    Version: '2012-10-17' as const,
    Statement: xdsServerStatements({
      region: o.region,
      account: o.account,
      model: { kind: 'file' },
      namespaces: o.namespaces,
    }),
  };
  const executionRole = meshExecutionRolePolicy({
    region: o.region,
    account: o.account,
    logGroup: task.level.logGroup,
    createLogGroup: task.level.createLogGroup || undefined,
    images: [o.image],
  });
  return {
    taskRole: { assumeRolePolicyDocument: ecsTasksTrustPolicy(), policyDocument: taskRole },
    executionRole: { assumeRolePolicyDocument: ecsTasksTrustPolicy(), policyDocument: executionRole },
  };
}

const NAME_PATTERN = /^[A-Za-z0-9_-]{1,255}$/;
const nameRule = (required: boolean) =>
  ecsRule(
    'NAME',
    'must be 1-255 letters, digits, underscores or hyphens',
    (v) => typeof v === 'string' && NAME_PATTERN.test(v),
    required,
  );
const portRule = ecsRule('PORT_RANGE', 'must be an integer port in 1-65535', (v) => isIntegerIn(v, 1, 65535));

/**
 * The declared schema of the server's options, in the order problems are reported: its own, then
 * the task-level options every task definition shares (cpu, memory, roles, tags, …); what needs
 * several of them (a Fargate size pair, the execution role) is checked by `resolveTaskLevel`.
 */
const XDS_SERVER_TASK_OPTIONS = defineOptions<XdsServerTaskOptions>(
  {
    family: nameRule(true),
    name: nameRule(false),
    region: REGION_RULE,
    image: ecsRule(
      'REQUIRED',
      'is required (an image whose entrypoint is the meshplane CLI)',
      (v) => typeof v === 'string' && v.trim() !== '' && !/\s/.test(v),
      true,
    ),
    model: ecsRule(
      'XDS_MODEL',
      'must list absolute paths of model files or folders in the image',
      (v) => isStringList(v) && v.length > 0 && v.every((m) => /^\/\S+$/.test(m)),
      true,
    ),
    port: portRule,
    statusPort: portRule,
    namespaces: ecsRule(
      'TYPE',
      'must be a list of Cloud Map namespace names',
      (v) => isStringList(v) && v.every((n) => n !== ''),
    ),
    ...taskLevelRules(),
  },
  [
    ...TASK_SIZE_CONFLICTS,
    {
      ...optionDependency(
        'statusPort',
        ['port'],
        `must differ from port (default ${DEFAULTS.port}; status default ${DEFAULTS.statusPort})`,
        (o) => (o.statusPort ?? DEFAULTS.statusPort) !== (o.port ?? DEFAULTS.port),
      ),
      code: 'PORT_CONFLICT',
    },
  ],
);

function resolveXdsServerTask(input: XdsServerTaskOptions): ResolvedXdsServerTask {
  const o = plainInput(input, 'options');
  const issues = new InputIssues();
  addOptionIssues(issues, XDS_SERVER_TASK_OPTIONS, switchesAsObjects(o), 'the options');
  const name = o.name ?? DEFAULTS.name;
  const port = o.port ?? DEFAULTS.port;
  const statusPort = o.statusPort ?? DEFAULTS.statusPort;
  const level = resolveTaskLevel(issues, o, false);
  issues.throwIfAny();
  return { options: o, level, name, port, statusPort };
}

function xdsServerContainer(task: ResolvedXdsServerTask): ContainerDefinition {
  const o = task.options;
  return compact({
    name: task.name,
    image: o.image,
    essential: true,
    command: [
      'xds',
      'serve',
      ...o.model,
      '--listen',
      `0.0.0.0:${task.port}`,
      '--status',
      `0.0.0.0:${task.statusPort}`,
      '--region',
      o.region,
      '--json',
    ],
    portMappings: [
      { containerPort: task.port, protocol: 'tcp' as const },
      { containerPort: task.statusPort, protocol: 'tcp' as const },
    ],
    // The CLI image has Node: the status endpoint answers once the first model is served.
    healthCheck: {
      command: [
        'CMD',
        'node',
        '-e',
        `fetch('http://127.0.0.1:${task.statusPort}/status').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`,
      ],
      interval: 10,
      timeout: 5,
      retries: 3,
      startPeriod: 15,
    },
    logConfiguration: task.level.logConfiguration(),
  });
}
