import type { ContainerDefinition } from '@aws-sdk/client-ecs';
import { validateShape } from '@meshplane/core/smithy';
import { ecsModel } from '../generated/ecs-model.js';
import { InputIssues, show, text } from '../input-issues.js';
import { addOptionIssues } from '../option-issues.js';
import { plainInput } from '../plain-input.js';
import { type ResolvedAgent, resolveAgent } from './agent-sidecar.js';
import { type ResolvedControlPlane, resolveControlPlane } from './control-plane.js';
import { type EnvoySettings, resolveEnvoySettings } from './envoy-settings.js';
import { checkContainerNames, checkResourceSums } from './field-checks.js';
import { NODE_TASK_OPTIONS, switchesAsObjects } from './option-schemas.js';
import type { EnvoyOptions, MeshTaskDefinitionOptions, StatsdOptions } from './options.js';
import { nodeContainers } from './render-node-task.js';
import { type ResolvedApp, resolveApp, resolveVirtualNode } from './resolve-app.js';
import { type ResolvedProxy, resolveProxy } from './resolve-proxy.js';
import { resolveTaskLevel, type TaskLevel } from './task-level.js';
import { listenerPorts } from './virtual-node-input.js';
import { resolveXRay, type XRaySettings } from './xray-sidecar.js';

const STATSD_DEFAULTS = { port: 8125, address: '127.0.0.1', name: 'statsd' } as const;

/** StatsD settings, resolved: where Envoy sends metrics and the optional collector sidecar. */
export interface ResolvedStatsd {
  port: number;
  address: string;
  sidecar?: { name: string; image: string; cpu?: number; memoryReservation?: number };
}

/**
 * Every option of {@link meshTaskDefinition}, checked and resolved to the values the renderers
 * write: defaults applied, names and ports settled. Renderers read only this.
 */
export interface ResolvedNodeTask {
  /** The options as read (plain data): the task-level members are rendered from them. */
  options: MeshTaskDefinitionOptions;
  nodeName: string;
  app: ResolvedApp;
  envoy: { settings: EnvoySettings; options: EnvoyOptions; proxy: ResolvedProxy };
  xray?: XRaySettings;
  statsd?: ResolvedStatsd;
  level: TaskLevel;
  agent?: ResolvedAgent;
  extraContainers: ContainerDefinition[];
  /** Where Envoy gets its configuration. */
  controlPlane: ResolvedControlPlane;
  /** The containers, rendered once by the pure renderers (`nodeContainers`) for the checks over the whole set. */
  containers: ContainerDefinition[];
}

/**
 * Reads and checks every option of a node's task at once (an {@link EcsInputError} lists every
 * problem), and resolves them: the one place where the options are checked, against their
 * declared schema (`NODE_TASK_OPTIONS`, core's `checkOptions`) and then across groups. The
 * renderers that follow (`render-node-task.ts`) and the IAM derivation (`meshTaskIam`) read the
 * result only.
 *
 * @example
 * ```ts
 * import { resolveNodeTask } from './resolve-node-task.js'; // inside packages/ecs/src/task-definition
 * const task = resolveNodeTask({
 *   family: 'dj', mesh: 'dj-app', virtualNode: { name: 'dj', ports: [9080] }, app: { image: 'dj:1' }, region: 'us-east-1', controlPlane: 'appmesh',
 * });
 * console.log(task.app.ports, task.envoy.proxy.ingress); // [9080] 15000
 * ```
 */
export function resolveNodeTask(input: MeshTaskDefinitionOptions): ResolvedNodeTask {
  const o = plainInput(input, 'options');
  const issues = new InputIssues();
  // First every option's own rules, in the schema's order (option-schemas.ts), then the checks that
  // need resolved values, in the order the groups resolve: node, app, Envoy, proxy, task level,
  // agent, extra containers, control plane, the containers as rendered.
  addOptionIssues(issues, NODE_TASK_OPTIONS, switchesAsObjects(o), 'the options');
  // Malformed option objects (reported) are replaced by their defaults, so that the checks go on.
  const envoy: EnvoyOptions = isObject(o.envoy) ? o.envoy : {};
  const xray = resolveXRay(o.xray);
  const statsd = resolveStatsd(o.statsd);
  const nodeName = resolveVirtualNode(issues, o);
  const listeners = o.virtualNode ? listenerPorts(o.virtualNode) : [];
  const app = resolveApp(issues, o, listeners);
  const settings = resolveEnvoySettings(issues, envoy, o.region);
  const proxy = resolveProxy(issues, envoy, settings.adminPort, app.ports);
  const level = resolveTaskLevel(issues, o, Boolean(settings.image?.repositoryArn));
  const agent = isObject(o.agent) ? resolveAgent(issues, o, app.name, app.ports) : undefined;
  const extraContainers = resolveExtraContainers(issues, o.extraContainers);
  const controlPlane = resolveControlPlane(issues, o, `mesh/${text(o.mesh)}/virtualNode/${text(nodeName)}`);

  const task: Omit<ResolvedNodeTask, 'containers'> = {
    options: o,
    nodeName,
    app,
    envoy: { settings, options: envoy, proxy },
    ...(xray ? { xray } : {}),
    ...(statsd ? { statsd } : {}),
    level,
    ...(agent ? { agent } : {}),
    extraContainers,
    controlPlane,
  };
  // Checks over the whole set of containers, on the containers as they will be rendered.
  const containers = nodeContainers(task);
  checkContainerNames(issues, containers);
  checkResourceSums(issues, containers, level.taskCpu, level.taskMemory);
  issues.throwIfAny();
  return { ...task, containers };
}

const isObject = <T>(value: T | boolean | null | undefined): value is T =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

// `true` for the defaults, `false`/absent for off; anything else is reported by the schema (off here).
function resolveStatsd(value: MeshTaskDefinitionOptions['statsd']): ResolvedStatsd | undefined {
  if (value !== true && !isObject<StatsdOptions>(value)) return undefined;
  const statsd: StatsdOptions = value === true ? {} : value;
  const sidecar = isObject(statsd.sidecar) ? statsd.sidecar : undefined;
  return {
    port: statsd.port ?? STATSD_DEFAULTS.port,
    address: statsd.address ?? STATSD_DEFAULTS.address,
    ...(sidecar ? { sidecar: { ...sidecar, name: sidecar.name ?? STATSD_DEFAULTS.name } } : {}),
  };
}

function resolveExtraContainers(issues: InputIssues, extra: unknown): ContainerDefinition[] {
  // Not a list: reported by the schema's rule of `extraContainers`.
  const list = (Array.isArray(extra) ? extra : []) as ContainerDefinition[];
  list.forEach((container, i) => {
    if (!container || typeof container.name !== 'string' || typeof container.image !== 'string') {
      issues.add(
        'REQUIRED',
        `extraContainers[${i}]`,
        `extraContainers[${i}] needs a name and an image, got ${show(container)}`,
      );
    } else {
      // Given as is, so checked against the ECS API model's ContainerDefinition (names, types, enums, ranges).
      issues.list.push(...validateShape(ecsModel, 'ContainerDefinition', container, `extraContainers[${i}]`));
    }
  });
  return list;
}
