import type { ContainerDefinition, LogConfiguration } from '@aws-sdk/client-ecs';
import { type InputIssues, show, text } from '../input-issues.js';
import { plainInput } from '../plain-input.js';
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
 * Resolves the registration agent sidecar (see {@link AgentSidecarOptions}) from options the
 * schema has checked: its service (default: the node's Cloud Map discovery), attributes, port,
 * health settings and deregistration deadline; the problems that need the node (no service to
 * register in, attribute names and values as merged) go to `issues`.
 *
 * @example
 * ```ts
 * import { InputIssues } from '../input-issues.js'; // inside packages/ecs/src/task-definition
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
  // Each option's own rules are the task's schema's (option-schemas.ts); here, what needs the
  // virtual node: the default service and attributes, and the attributes as merged.
  const agent = o.agent as AgentSidecarOptions;
  if (typeof agent !== 'object' || agent === null || Array.isArray(agent)) return undefined;
  const name = agent.name ?? 'registration-agent';
  const discovery = agentDiscovery(o);
  const service = (agent.service ?? discovery.service) as
    | Partial<{ serviceId: string; namespaceName: string; serviceName: string }>
    | undefined;
  const serviceValid = Boolean(
    service && (service.serviceId || (service.namespaceName && service.serviceName)),
  );
  // A given service is checked by the schema; without one, the node must name its Cloud Map service.
  if (agent.service === undefined && !serviceValid) {
    issues.add(
      'REQUIRED',
      'agent.service',
      `agent.service must be { serviceId } or { namespaceName, serviceName } (or the node must use AWS Cloud Map service discovery), got ${show(service)}`,
    );
  }
  const given = agent.attributes;
  const attributes: Record<string, string> = {
    ...discovery.attributes,
    ...(given !== null && typeof given === 'object' && !Array.isArray(given) ? given : {}),
  };
  const port = agent.port ?? appPorts[0];
  const stopTimeout = agent.stopTimeout ?? 30;
  const deadline = agent.deregisterDeadlineMs ?? 25_000;
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
 * import { InputIssues } from '../input-issues.js'; // inside packages/ecs/src/task-definition
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

// Cloud Map instance attributes (the node's discovery attributes and the agent's own, merged):
// AWS_ names are Cloud Map's, and the agent's MESHPLANE_ATTRIBUTES separates them with , and =.
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
 * import { agentDiscovery } from '@meshplane/ecs/internals';
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
