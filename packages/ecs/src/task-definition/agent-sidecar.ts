import type { ContainerDefinition, LogConfiguration } from '@aws-sdk/client-ecs';
import { checkPort, type InputIssues, isIntegerIn, show, text } from '../input-issues.js';
import { plainInput } from '../plain-input.js';
import { checkName, checkObject, checkRange } from './field-checks.js';
import type { AgentSidecarOptions, MeshTaskDefinitionOptions } from './options.js';
import { compact, environmentList } from './stable-json.js';
import { isNodeResource } from './virtual-node-input.js';

/** The registration agent sidecar, resolved: its container settings and environment. */
export interface ResolvedAgent {
  name: string;
  /** The app container it starts after, and whose port and image describe the instance. */
  appName: string;
  image: string;
  /** The agent's `MESHPLANE_*` settings. */
  environment: Record<string, string>;
  /** The Cloud Map service it registers in (for IAM), when it could be resolved. */
  service?: { serviceId: string } | { namespaceName: string; serviceName: string };
  options: AgentSidecarOptions;
  stopTimeout: number;
}

/**
 * Checks and resolves the registration agent sidecar (see {@link AgentSidecarOptions}): its
 * service (default: the node's Cloud Map discovery), attributes, port, health settings and
 * deregistration deadline; problems go to `issues`.
 *
 * @example
 * ```ts
 * import { InputIssues } from '@meshplane/ecs';
 * import { resolveAgent } from './agent-sidecar.js'; // inside packages/ecs/src/task-definition
 * const options = {
 *   family: 'jazz', mesh: 'dj-app', virtualNode: { name: 'jazz', ports: [9080] }, app: { image: 'jazz:v1' },
 *   region: 'us-east-1', agent: { image: 'agent:1', service: { serviceId: 'srv-0123456789abcdef' } },
 * };
 * const agent = resolveAgent(new InputIssues(), options, 'app', [9080]);
 * console.log(agent?.environment.MESHPLANE_SERVICE_ID); // 'srv-0123456789abcdef'
 * ```
 */
export function resolveAgent(
  issues: InputIssues,
  o: MeshTaskDefinitionOptions,
  appName: string,
  appPorts: number[],
): ResolvedAgent | undefined {
  const agent = o.agent as AgentSidecarOptions;
  if (typeof agent !== 'object' || agent === null) {
    issues.add('TYPE', 'agent', `agent must be an object, got ${show(agent)}`);
    return undefined;
  }
  const name = agent.name ?? 'registration-agent';
  checkName(issues, 'agent.name', name);
  if (typeof agent.image !== 'string' || agent.image.trim() === '' || /\s/.test(agent.image)) {
    issues.add(
      'REQUIRED',
      'agent.image',
      `agent.image is required (an image that runs meshplane-ecs-agent), got ${show(agent.image)}`,
    );
  }
  const discovery = agentDiscovery(o);
  const service = (agent.service ?? discovery.service) as
    | Partial<{ serviceId: string; namespaceName: string; serviceName: string }>
    | undefined;
  const serviceValid = Boolean(
    service && (service.serviceId || (service.namespaceName && service.serviceName)),
  );
  if (!serviceValid) {
    issues.add(
      'REQUIRED',
      'agent.service',
      `agent.service must be { serviceId } or { namespaceName, serviceName } (or the node must use AWS Cloud Map service discovery), got ${show(service)}`,
    );
  }
  const attributes: Record<string, string> = {
    ...discovery.attributes,
    ...(checkObject(issues, 'agent.attributes', agent.attributes) ? agent.attributes : {}),
  };
  const port = agent.port ?? appPorts[0];
  if (port !== undefined) checkPort(issues, 'agent.port', port);
  const stopTimeout = agent.stopTimeout ?? 30;
  const deadline = agent.deregisterDeadlineMs ?? 25_000;
  checkAgentTimings(issues, agent, stopTimeout, deadline);
  checkAttributes(issues, attributes);
  return {
    name,
    appName,
    image: agent.image,
    environment: agentEnvironment(agent, { appName, port, deadline, attributes, service }),
    ...(serviceValid ? { service: service as ResolvedAgent['service'] } : {}),
    options: agent,
    stopTimeout,
  };
}

/**
 * The registration agent container: not essential (the app goes on if it stops), started once
 * the app has started, run as Envoy's user so that its Cloud Map calls bypass the proxy.
 *
 * @example
 * ```ts
 * import { InputIssues } from '@meshplane/ecs';
 * import { renderAgentContainer, resolveAgent } from './agent-sidecar.js'; // inside packages/ecs/src/task-definition
 * const options = {
 *   family: 'jazz', mesh: 'dj-app', virtualNode: { name: 'jazz', ports: [9080] }, app: { image: 'jazz:v1' },
 *   region: 'us-east-1', agent: { image: 'agent:1', service: { serviceId: 'srv-0123456789abcdef' } },
 * };
 * const agent = resolveAgent(new InputIssues(), options, 'app', [9080]);
 * console.log(agent && renderAgentContainer(agent, '1337', undefined).dependsOn); // [{ containerName: 'app', condition: 'START' }]
 * ```
 */
export function renderAgentContainer(
  agent: ResolvedAgent,
  user: string,
  logConfiguration: LogConfiguration | undefined,
): ContainerDefinition {
  return compact({
    name: agent.name,
    image: agent.image,
    essential: false,
    user,
    cpu: agent.options.cpu,
    memoryReservation: agent.options.memoryReservation ?? 64,
    environment: environmentList(agent.environment),
    dependsOn: [{ containerName: agent.appName, condition: 'START' as const }],
    logConfiguration,
    stopTimeout: agent.stopTimeout,
  });
}

function checkAgentTimings(
  issues: InputIssues,
  agent: AgentSidecarOptions,
  stopTimeout: number,
  deadline: number,
): void {
  checkRange(issues, 'agent.stopTimeout', stopTimeout, 2, 120);
  if (!isIntegerIn(deadline, 1, 120_000)) {
    issues.add(
      'RANGE',
      'agent.deregisterDeadlineMs',
      `agent.deregisterDeadlineMs must be an integer of milliseconds in 1-120000, got ${show(deadline)}`,
    );
  } else if (isIntegerIn(stopTimeout, 2, 120) && deadline >= stopTimeout * 1000) {
    issues.add(
      'AGENT_DEADLINE',
      'agent.deregisterDeadlineMs',
      `agent.deregisterDeadlineMs (${deadline} ms) must be below the agent's stopTimeout (${stopTimeout} s), or ECS kills it before it deregisters`,
    );
  }
  // The agent checks these again at start; here the task definition fails before it is registered.
  if (agent.healthIntervalMs !== undefined && !isIntegerIn(agent.healthIntervalMs, 1, 3_600_000)) {
    issues.add(
      'RANGE',
      'agent.healthIntervalMs',
      `agent.healthIntervalMs must be an integer of milliseconds in 1-3600000, got ${show(agent.healthIntervalMs)}`,
    );
  }
  if (agent.healthThreshold !== undefined && !isIntegerIn(agent.healthThreshold, 1, 100)) {
    issues.add(
      'RANGE',
      'agent.healthThreshold',
      `agent.healthThreshold must be an integer in 1-100, got ${show(agent.healthThreshold)}`,
    );
  }
  if (
    agent.healthPath !== undefined &&
    (typeof agent.healthPath !== 'string' || !/^\/\S*$/.test(agent.healthPath))
  ) {
    issues.add(
      'HEALTH_PATH',
      'agent.healthPath',
      `agent.healthPath must be a URL path starting with "/", got ${show(agent.healthPath)}`,
    );
  }
}

function checkAttributes(issues: InputIssues, attributes: Record<string, unknown>): void {
  for (const key of Object.keys(attributes)) {
    if (key.startsWith('AWS_') || key.includes(',') || key.includes('=')) {
      issues.add(
        'ATTRIBUTE_KEY',
        `agent.attributes.${key}`,
        `agent attribute names must not start with AWS_ nor contain "," or "=", got ${show(key)}`,
      );
    }
  }
  for (const [key, value] of Object.entries(attributes)) {
    if (typeof value !== 'string' || value.includes(',')) {
      issues.add(
        'ATTRIBUTE_VALUE',
        `agent.attributes.${key}`,
        `agent attribute values must be strings without ",", got ${show(value)}`,
      );
    }
  }
}

function agentEnvironment(
  agent: AgentSidecarOptions,
  at: {
    appName: string;
    port: number | undefined;
    deadline: number;
    attributes: Record<string, string>;
    service: Partial<{ serviceId: string; namespaceName: string; serviceName: string }> | undefined;
  },
): Record<string, string> {
  const { port, attributes, service } = at;
  const env: Record<string, string | undefined> = {
    MESHPLANE_CONTAINER: at.appName,
    MESHPLANE_PORT: port === undefined ? undefined : text(port),
    MESHPLANE_DEREGISTER_DEADLINE_MS: text(at.deadline),
    MESHPLANE_ATTRIBUTES: Object.keys(attributes).length
      ? Object.keys(attributes)
          .sort()
          .map((key) => `${key}=${text(attributes[key])}`)
          .join(',')
      : undefined,
    MESHPLANE_HEALTH_URL:
      agent.healthPath && port !== undefined
        ? `http://127.0.0.1:${text(port)}${text(agent.healthPath)}`
        : undefined,
    MESHPLANE_HEALTH_INTERVAL_MS:
      agent.healthIntervalMs === undefined ? undefined : text(agent.healthIntervalMs),
    MESHPLANE_HEALTH_THRESHOLD: agent.healthThreshold === undefined ? undefined : text(agent.healthThreshold),
    ...(service?.serviceId
      ? { MESHPLANE_SERVICE_ID: service.serviceId }
      : { MESHPLANE_NAMESPACE: service?.namespaceName, MESHPLANE_SERVICE: service?.serviceName }),
  };
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

/**
 * The Cloud Map service and attributes of a model node that uses AWS Cloud Map service discovery:
 * where the registration agent registers the task so that App Mesh finds it.
 *
 * @example
 * ```ts
 * import { agentDiscovery } from '@meshplane/ecs';
 * const node = { kind: 'virtualNode' as const, meshName: 'dj-app', name: 'jazz-v1', spec: {
 *   serviceDiscovery: { awsCloudMap: { namespaceName: 'prod.svc.cluster.local', serviceName: 'jazz', attributes: [{ key: 'version', value: 'v1' }] } } } };
 * console.log(agentDiscovery({ virtualNode: node }).attributes); // { version: 'v1' }
 * ```
 */
export function agentDiscovery(o: Pick<MeshTaskDefinitionOptions, 'virtualNode'>): {
  service?: { namespaceName: string; serviceName: string };
  attributes: Record<string, string>;
} {
  const node = plainInput(o, 'options')?.virtualNode;
  const cloudMap = node && isNodeResource(node) ? node.spec?.serviceDiscovery?.awsCloudMap : undefined;
  if (!cloudMap?.namespaceName || !cloudMap.serviceName) return { attributes: {} };
  const attributes: Record<string, string> = {};
  for (const attribute of Array.isArray(cloudMap.attributes) ? cloudMap.attributes : []) {
    if (attribute?.key && attribute.value !== undefined) attributes[attribute.key] = attribute.value;
  }
  return {
    service: { namespaceName: cloudMap.namespaceName, serviceName: cloudMap.serviceName },
    attributes,
  };
}
