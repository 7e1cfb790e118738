import type { ContainerDefinition, LogConfiguration } from '@aws-sdk/client-ecs';
import { checkPort, type InputIssues, isIntegerIn, show, text } from '../input-issues.js';
import { plainInput } from '../plain-input.js';
import { checkName, checkObject, checkRange } from './field-checks.js';
import type { AgentSidecarOptions, MeshTaskDefinitionOptions } from './options.js';
import { compact, environmentList } from './stable-json.js';
import { isNodeResource } from './virtual-node-input.js';

/**
 * The registration agent container of a task (see {@link AgentSidecarOptions}); problems go to `issues`.
 *
 * @example
 * ```ts
 * import { InputIssues } from '@meshplane/ecs';
 * import { agentContainer } from './agent-sidecar.js'; // inside packages/ecs/src/task-definition
 * const options = {
 *   family: 'jazz', mesh: 'dj-app', virtualNode: { name: 'jazz', ports: [9080] }, app: { image: 'jazz:v1' },
 *   region: 'us-east-1', agent: { image: 'agent:1', service: { serviceId: 'srv-0123456789abcdef' } },
 * };
 * const [agent] = agentContainer(new InputIssues(), options, 'app', [9080], '1337', () => undefined);
 * console.log(agent?.name, agent?.dependsOn); // 'registration-agent' [{ containerName: 'app', condition: 'START' }]
 * ```
 */
export function agentContainer(
  issues: InputIssues,
  o: MeshTaskDefinitionOptions,
  appName: string,
  appPorts: number[],
  user: string,
  logConfiguration: () => LogConfiguration | undefined,
): ContainerDefinition[] {
  const agent = o.agent as AgentSidecarOptions;
  if (typeof agent !== 'object' || agent === null) {
    issues.add('TYPE', 'agent', `agent must be an object, got ${show(agent)}`);
    return [];
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
  if (!service || !(service.serviceId || (service.namespaceName && service.serviceName))) {
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
  const env: Record<string, string | undefined> = {
    MESHPLANE_CONTAINER: appName,
    MESHPLANE_PORT: port === undefined ? undefined : text(port),
    MESHPLANE_DEREGISTER_DEADLINE_MS: text(deadline),
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
  const environment = Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  return [
    compact({
      name,
      image: agent.image,
      essential: false,
      user,
      cpu: agent.cpu,
      memoryReservation: agent.memoryReservation ?? 64,
      environment: environmentList(environment),
      dependsOn: [{ containerName: appName, condition: 'START' as const }],
      logConfiguration: logConfiguration(),
      stopTimeout,
    }),
  ];
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
