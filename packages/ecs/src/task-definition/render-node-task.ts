import type {
  ContainerDefinition,
  KeyValuePair,
  RegisterTaskDefinitionCommandInput,
} from '@aws-sdk/client-ecs';
import { text } from '../input-issues.js';
import { renderAgentContainer } from './agent-sidecar.js';
import { renderXdsServerContainer, xdsMountPoint, xdsVolume } from './control-plane.js';
import { envoyContainer, envoyResourceArn } from './envoy-settings.js';
import type { ResolvedNodeTask } from './resolve-node-task.js';
import { compact, environmentList } from './stable-json.js';
import { taskDefinitionInput } from './task-level.js';
import { xrayContainer, xrayEnvoyEnvironment } from './xray-sidecar.js';

// Pure renderers of a node's task: each reads the resolved task only (no checks, no defaults
// beyond those resolveNodeTask settled), and the same input gives the same bytes.

const APP_DEFAULT_MEMORY_RESERVATION = 256;
const STATSD_DEFAULT_MEMORY_RESERVATION = 128;

/**
 * The `RegisterTaskDefinition` input of a node's task: task-level members, the containers in their
 * fixed order and the APPMESH proxy configuration.
 *
 * @example
 * ```ts
 * import { renderNodeTask } from './render-node-task.js'; // inside packages/ecs/src/task-definition
 * import { resolveNodeTask } from './resolve-node-task.js';
 * const input = renderNodeTask(resolveNodeTask({
 *   family: 'dj', mesh: 'dj-app', virtualNode: { name: 'dj', ports: [9080] }, app: { image: 'dj:1' }, region: 'us-east-1', controlPlane: 'appmesh',
 * }));
 * console.log(input.proxyConfiguration?.containerName); // 'envoy'
 * ```
 */
export function renderNodeTask(task: ResolvedNodeTask): RegisterTaskDefinitionCommandInput {
  const { proxy } = task.envoy;
  const properties: KeyValuePair[] = [
    { name: 'AppPorts', value: task.app.ports.join(',') },
    { name: 'EgressIgnoredIPs', value: proxy.egressIgnoredIPs.join(',') },
    ...(proxy.egressIgnoredPorts?.length
      ? [{ name: 'EgressIgnoredPorts', value: proxy.egressIgnoredPorts.join(',') }]
      : []),
    { name: 'IgnoredUID', value: String(proxy.ignoredUID) },
    { name: 'ProxyEgressPort', value: String(proxy.egress) },
    { name: 'ProxyIngressPort', value: String(proxy.ingress) },
  ];
  return taskDefinitionInput(
    task.options,
    task.level,
    task.containers,
    { type: 'APPMESH', containerName: task.envoy.settings.name, properties },
    task.controlPlane.server ? [xdsVolume()] : undefined,
  );
}

/**
 * The containers of a node's task in their fixed order: app, Envoy, X-Ray daemon, StatsD
 * collector, registration agent, then the extra containers as given.
 *
 * @example
 * ```ts
 * import { nodeContainers } from './render-node-task.js'; // inside packages/ecs/src/task-definition
 * import { resolveNodeTask } from './resolve-node-task.js';
 * const task = resolveNodeTask({
 *   family: 'dj', mesh: 'dj-app', virtualNode: { name: 'dj', ports: [9080] }, app: { image: 'dj:1' }, region: 'us-east-1', xray: true, controlPlane: 'appmesh',
 * });
 * console.log(nodeContainers(task).map((c) => c.name)); // ['app', 'envoy', 'xray-daemon']
 * ```
 */
export function nodeContainers(task: Omit<ResolvedNodeTask, 'containers'>): ContainerDefinition[] {
  const log = task.level.logConfiguration;
  const user = task.envoy.proxy.user;
  return [
    renderAppContainer(task),
    renderNodeEnvoyContainer(task),
    ...(task.controlPlane.server ? [renderXdsServerContainer(task.controlPlane.server, user, log())] : []),
    ...(task.xray ? [xrayContainer(task.xray, log(), user)] : []),
    ...(task.statsd?.sidecar ? [renderStatsdContainer(task)] : []),
    ...(task.agent ? [renderAgentContainer(task.agent, user, log())] : []),
    ...task.extraContainers,
  ];
}

/**
 * The app container: its ports, environment and sizes, started once Envoy is `HEALTHY` (or
 * `START` with `app.envoyCondition`).
 *
 * @example
 * ```ts
 * import { renderAppContainer } from './render-node-task.js'; // inside packages/ecs/src/task-definition
 * import { resolveNodeTask } from './resolve-node-task.js';
 * const task = resolveNodeTask({
 *   family: 'dj', mesh: 'dj-app', virtualNode: { name: 'dj', ports: [9080] }, app: { image: 'dj:1' }, region: 'us-east-1', controlPlane: 'appmesh',
 * });
 * console.log(renderAppContainer(task).dependsOn); // [{ containerName: 'envoy', condition: 'HEALTHY' }]
 * ```
 */
export function renderAppContainer(task: Omit<ResolvedNodeTask, 'containers'>): ContainerDefinition {
  const app = task.app.options;
  const noTaskMemory = task.level.taskMemory === undefined;
  return compact({
    name: task.app.name,
    image: task.app.image,
    essential: app.essential ?? true,
    cpu: app.cpu,
    memory: app.memory,
    memoryReservation:
      app.memoryReservation ??
      (noTaskMemory && app.memory === undefined ? APP_DEFAULT_MEMORY_RESERVATION : undefined),
    entryPoint: app.entryPoint,
    command: app.command,
    portMappings: task.app.ports.map((port) => ({ containerPort: port, protocol: 'tcp' as const })),
    environment: environmentList(app.environment),
    healthCheck: app.healthCheck,
    dependsOn: [{ containerName: task.envoy.settings.name, condition: app.envoyCondition ?? 'HEALTHY' }],
    logConfiguration: task.level.logConfiguration(),
    stopTimeout: app.stopTimeout,
  });
}

/**
 * The Envoy sidecar of a node's task, with the environment that names the node
 * (`APPMESH_RESOURCE_ARN`) and turns tracing and StatsD on.
 *
 * @example
 * ```ts
 * import { renderNodeEnvoyContainer } from './render-node-task.js'; // inside packages/ecs/src/task-definition
 * import { resolveNodeTask } from './resolve-node-task.js';
 * const task = resolveNodeTask({
 *   family: 'dj', mesh: 'dj-app', virtualNode: { name: 'dj', ports: [9080] }, app: { image: 'dj:1' }, region: 'us-east-1', controlPlane: 'appmesh',
 * });
 * console.log(renderNodeEnvoyContainer(task).environment); // [{ name: 'APPMESH_RESOURCE_ARN', value: 'mesh/dj-app/virtualNode/dj' }]
 * ```
 */
export function renderNodeEnvoyContainer(task: Omit<ResolvedNodeTask, 'containers'>): ContainerDefinition {
  const environment: Record<string, string> = {
    APPMESH_RESOURCE_ARN: envoyResourceArn(task.options, 'virtualNode', task.nodeName, task.level.partition),
    ...(task.xray ? xrayEnvoyEnvironment(task.xray) : {}),
  };
  if (task.statsd) {
    environment.ENABLE_ENVOY_DOG_STATSD = '1';
    environment.STATSD_PORT = text(task.statsd.port);
    environment.STATSD_ADDRESS = text(task.statsd.address);
  }
  const { endpoint, server } = task.controlPlane;
  // The App Mesh image's agent reads APPMESH_XDS_ENDPOINT (aws/amazon-ecs-service-connect-agent,
  // agent/config): a unix:// socket, or host:port with TLS.
  if (endpoint) environment.APPMESH_XDS_ENDPOINT = endpoint;
  return envoyContainer(task.envoy.settings, task.envoy.options, {
    user: task.envoy.proxy.user,
    environment,
    logConfiguration: task.level.logConfiguration(),
    ...(server
      ? {
          mountPoints: [xdsMountPoint(true)],
          dependsOn: [{ containerName: server.name, condition: 'HEALTHY' as const }],
        }
      : {}),
  });
}

/**
 * The StatsD collector sidecar (when `statsd.sidecar` is given), listening on the StatsD port (UDP).
 *
 * @example
 * ```ts
 * import { renderStatsdContainer } from './render-node-task.js'; // inside packages/ecs/src/task-definition
 * import { resolveNodeTask } from './resolve-node-task.js';
 * const task = resolveNodeTask({
 *   family: 'dj', mesh: 'dj-app', virtualNode: { name: 'dj', ports: [9080] }, app: { image: 'dj:1' }, region: 'us-east-1', controlPlane: 'appmesh',
 *   statsd: { sidecar: { image: 'amazon/cloudwatch-agent:latest' } },
 * });
 * console.log(renderStatsdContainer(task).portMappings); // [{ containerPort: 8125, protocol: 'udp' }]
 * ```
 */
export function renderStatsdContainer(task: Omit<ResolvedNodeTask, 'containers'>): ContainerDefinition {
  const statsd = task.statsd;
  const sidecar = statsd?.sidecar;
  return compact({
    name: sidecar?.name,
    image: sidecar?.image,
    essential: true,
    user: task.envoy.proxy.user,
    cpu: sidecar?.cpu,
    memoryReservation: sidecar?.memoryReservation ?? STATSD_DEFAULT_MEMORY_RESERVATION,
    portMappings: [{ containerPort: statsd?.port as number, protocol: 'udp' as const }],
    logConfiguration: task.level.logConfiguration(),
  });
}
