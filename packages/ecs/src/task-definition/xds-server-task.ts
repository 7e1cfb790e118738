import type { ContainerDefinition } from '@aws-sdk/client-ecs';
import { isRegionName } from '../envoy/image.js';
import { ecsTasksTrustPolicy, type MeshTaskIam, meshExecutionRolePolicy } from '../iam/policies.js';
import { xdsServerStatements } from '../iam/xds-server-statements.js';
import { checkPort, InputIssues, show } from '../input-issues.js';
import { plainInput } from '../plain-input.js';
import { cloudFormationOf } from './cloudformation.js';
import { checkName } from './field-checks.js';
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

function resolveXdsServerTask(input: XdsServerTaskOptions): ResolvedXdsServerTask {
  const o = plainInput(input, 'options');
  const issues = new InputIssues();
  if (o === null || typeof o !== 'object') {
    issues.add('REQUIRED', '', `the options must be an object, got ${show(o)}`);
    issues.throwIfAny();
  }
  checkName(issues, 'family', o.family);
  const name = o.name ?? DEFAULTS.name;
  checkName(issues, 'name', name);
  if (!isRegionName(o.region)) {
    issues.add(
      'REGION',
      'region',
      `region must be an AWS region name like "us-east-1", got ${show(o.region)}`,
    );
  }
  if (typeof o.image !== 'string' || o.image.trim() === '' || /\s/.test(o.image)) {
    issues.add(
      'REQUIRED',
      'image',
      `image is required (an image whose entrypoint is the meshplane CLI), got ${show(o.image)}`,
    );
  }
  if (
    !Array.isArray(o.model) ||
    o.model.length === 0 ||
    !Array.from(o.model).every((m) => typeof m === 'string' && /^\/\S+$/.test(m))
  ) {
    issues.add(
      'XDS_MODEL',
      'model',
      `model must list absolute paths of model files or folders in the image, got ${show(o.model)}`,
    );
  }
  const port = o.port ?? DEFAULTS.port;
  const statusPort = o.statusPort ?? DEFAULTS.statusPort;
  checkPort(issues, 'port', port);
  checkPort(issues, 'statusPort', statusPort);
  if (port === statusPort)
    issues.add('PORT_CONFLICT', 'statusPort', `statusPort and port must differ, both are ${port}`);
  if (
    o.namespaces !== undefined &&
    !(Array.isArray(o.namespaces) && Array.from(o.namespaces).every((n) => typeof n === 'string' && n !== ''))
  ) {
    issues.add(
      'TYPE',
      'namespaces',
      `namespaces must be a list of Cloud Map namespace names, got ${show(o.namespaces)}`,
    );
  }
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
