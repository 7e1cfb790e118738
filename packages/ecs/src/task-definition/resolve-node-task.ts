import type { ContainerDefinition } from '@aws-sdk/client-ecs';
import { validateShape } from '@meshplane/core/smithy';
import { isRegionName } from '../envoy/image.js';
import { ecsModel } from '../generated/ecs-model.js';
import { checkPort, InputIssues, show, text } from '../input-issues.js';
import { plainInput } from '../plain-input.js';
import { type ResolvedAgent, resolveAgent } from './agent-sidecar.js';
import { type ResolvedControlPlane, resolveControlPlane } from './control-plane.js';
import { type EnvoySettings, resolveEnvoySettings } from './envoy-settings.js';
import {
  checkContainerNames,
  checkEnvironment,
  checkMeshName,
  checkName,
  checkObject,
  checkResourceSums,
  switchOrObject,
} from './field-checks.js';
import type {
  AppContainerOptions,
  EnvoyOptions,
  MeshTaskDefinitionOptions,
  StatsdOptions,
} from './options.js';
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
 * problem), and resolves them: the one place where the options are checked. The renderers that
 * follow (`render-node-task.ts`) and the IAM derivation (`meshTaskIam`) read the result only.
 *
 * @example
 * ```ts
 * import { resolveNodeTask } from './resolve-node-task.js'; // inside packages/ecs/src/task-definition
 * const task = resolveNodeTask({
 *   family: 'dj', mesh: 'dj-app', virtualNode: { name: 'dj', ports: [9080] }, app: { image: 'dj:1' }, region: 'us-east-1',
 * });
 * console.log(task.app.ports, task.envoy.proxy.ingress); // [9080] 15000
 * ```
 */
export function resolveNodeTask(input: MeshTaskDefinitionOptions): ResolvedNodeTask {
  const o = plainInput(input, 'options');
  const issues = new InputIssues();
  if (o === null || typeof o !== 'object') {
    issues.add('REQUIRED', '', `the options must be an object, got ${show(o)}`);
    issues.throwIfAny();
  }
  // Malformed option objects are reported and replaced by their defaults, so that the checks go on.
  const envoy: EnvoyOptions = checkObject(issues, 'envoy', o.envoy) ? (o.envoy ?? {}) : {};
  const xray = resolveXRay(issues, o.xray);
  const statsdOptions = switchOrObject<StatsdOptions>(issues, 'statsd', o.statsd);
  if (statsdOptions?.sidecar !== undefined) checkObject(issues, 'statsd.sidecar', statsdOptions.sidecar);
  checkObject(issues, 'fargate', o.fargate);
  if (o.logging !== false) checkObject(issues, 'logging', o.logging);
  checkObject(issues, 'agent', o.agent);
  checkTaskIdentity(issues, o);

  const nodeName = resolveVirtualNode(issues, o);
  const listeners = o.virtualNode ? listenerPorts(o.virtualNode) : [];
  const app = resolveApp(issues, o, listeners);
  const settings = resolveEnvoySettings(issues, envoy, o.region);
  checkName(issues, 'app.name', app.name);
  const proxy = resolveProxy(issues, envoy, settings.adminPort, app.ports);
  checkAppEnvironment(issues, app.options);
  const statsd = statsdOptions ? resolveStatsd(issues, statsdOptions) : undefined;
  const level = resolveTaskLevel(issues, o, Boolean(settings.image?.repositoryArn));
  checkEnvoyCondition(issues, app.options);
  if (statsd?.sidecar) checkName(issues, 'statsd.sidecar.name', statsd.sidecar.name);
  const agent =
    o.agent && typeof o.agent === 'object' ? resolveAgent(issues, o, app.name, app.ports) : undefined;
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

function checkTaskIdentity(issues: InputIssues, o: MeshTaskDefinitionOptions): void {
  checkName(issues, 'family', o.family);
  checkMeshName(issues, 'mesh', o.mesh);
  if (!isRegionName(o.region)) {
    issues.add(
      'REGION',
      'region',
      `region must be an AWS region name like "us-east-1", got ${show(o.region)}`,
    );
  }
  if (o.account !== undefined && !(typeof o.account === 'string' && /^\d{12}$/.test(o.account))) {
    issues.add('ACCOUNT', 'account', `account must be a 12-digit AWS account id, got ${show(o.account)}`);
  }
}

// The app's environment is checked after Envoy's settings: the order the problems are listed in.
function checkAppEnvironment(issues: InputIssues, app: AppContainerOptions): void {
  checkEnvironment(issues, 'app.environment', app.environment);
}

function checkEnvoyCondition(issues: InputIssues, app: AppContainerOptions): void {
  if (
    app.envoyCondition !== undefined &&
    app.envoyCondition !== 'HEALTHY' &&
    app.envoyCondition !== 'START'
  ) {
    issues.add(
      'ENUM',
      'app.envoyCondition',
      `app.envoyCondition must be "HEALTHY" or "START", got ${show(app.envoyCondition)}`,
    );
  }
}

function resolveStatsd(issues: InputIssues, statsd: StatsdOptions): ResolvedStatsd {
  const port = statsd.port ?? STATSD_DEFAULTS.port;
  const address = statsd.address ?? STATSD_DEFAULTS.address;
  checkPort(issues, 'statsd.port', port);
  if (typeof address !== 'string' || address.trim() === '') {
    issues.add(
      'REQUIRED',
      'statsd.address',
      `statsd.address must be a host or IP address, got ${show(address)}`,
    );
  }
  const sidecar = statsd.sidecar && typeof statsd.sidecar === 'object' ? statsd.sidecar : undefined;
  if (statsd.sidecar && (typeof statsd.sidecar.image !== 'string' || statsd.sidecar.image.trim() === '')) {
    issues.add(
      'REQUIRED',
      'statsd.sidecar.image',
      `statsd.sidecar.image is required, got ${show(statsd.sidecar.image)}`,
    );
  }
  return {
    port,
    address,
    ...(sidecar ? { sidecar: { ...sidecar, name: sidecar.name ?? STATSD_DEFAULTS.name } } : {}),
  };
}

function resolveExtraContainers(issues: InputIssues, extra: unknown): ContainerDefinition[] {
  if (extra !== undefined && !Array.isArray(extra)) {
    issues.add(
      'TYPE',
      'extraContainers',
      `extraContainers must be a list of container definitions, got ${show(extra)}`,
    );
  }
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
