import type { ContainerDefinition, CPUArchitecture } from '@aws-sdk/client-ecs';
import type { VirtualGatewayResource } from '@meshplane/core';
import { checkPort, InputIssues, show, text } from '../input-issues.js';
import { addOptionIssues } from '../option-issues.js';
import { plainInput } from '../plain-input.js';
import { cloudFormationOf } from './cloudformation.js';
import {
  APP_MESH_NOTICE,
  type ResolvedControlPlane,
  renderXdsServerContainer,
  resolveControlPlane,
  xdsMountPoint,
  xdsVolume,
} from './control-plane.js';
import { envoyContainer, envoyResourceArn, resolveEnvoySettings } from './envoy-settings.js';
import { checkContainerNames, checkMeshName, checkModelResource, checkResourceSums } from './field-checks.js';
import { GATEWAY_TASK_OPTIONS, switchesAsObjects } from './option-schemas.js';
import type { ControlPlaneMode, EnvoyOptions, XdsOptions, XRayOptions } from './options.js';
import type { MeshTaskDefinition } from './render.js';
import {
  resolveTaskLevel,
  type TaskLevel,
  type TaskLevelOptions,
  taskDefinitionInput,
} from './task-level.js';
import { resolveXRay, xrayContainer, xrayEnvoyEnvironment } from './xray-sidecar.js';

/** The virtual gateway a task runs: its name and listener ports, or the gateway from the model. */
export type VirtualGatewayInput = { name: string; ports: number[] } | VirtualGatewayResource;

/** Input of {@link meshGatewayTaskDefinition}. */
export interface MeshGatewayTaskDefinitionOptions extends TaskLevelOptions {
  mesh: string;
  virtualGateway: VirtualGatewayInput;
  /**
   * The Envoy container. A gateway has no proxy configuration, so the traffic-interception options
   * of a sidecar (ignored UID, proxy ports, egress-ignored IPs/ports) do not apply.
   */
  envoy?: Omit<
    EnvoyOptions,
    'ignoredUID' | 'proxyIngressPort' | 'proxyEgressPort' | 'egressIgnoredIPs' | 'egressIgnoredPorts'
  >;
  /** `true` for the defaults. */
  xray?: boolean | XRayOptions;
  cpuArchitecture?: CPUArchitecture;
  /** Where the gateway's Envoy gets its configuration (as for a node). Default `task`. */
  controlPlane?: ControlPlaneMode;
  /** The xDS settings of the `task` (`image` and `model` required) and `central` modes. */
  xds?: XdsOptions;
}

const isGatewayResource = (gateway: VirtualGatewayInput): gateway is VirtualGatewayResource =>
  typeof gateway === 'object' && gateway !== null && 'kind' in gateway;

/**
 * Renders the task definition of an App Mesh virtual gateway: a standalone Envoy (no proxy
 * configuration, no app container) that listens on the gateway's listener ports, with
 * `APPMESH_RESOURCE_ARN` naming the gateway, the documented health check and `nofile` limit,
 * optional X-Ray daemon, awslogs. Same control plane modes (default `task`: the agent in the same
 * task serves the gateway's Envoy over the socket), validation and determinism as {@link meshTaskDefinition}.
 *
 * @example
 * ```ts
 * import { meshGatewayTaskDefinition } from '@meshplane/ecs';
 * const { api } = meshGatewayTaskDefinition({
 *   family: 'ingress-gw',
 *   mesh: 'dj-app',
 *   virtualGateway: { name: 'ingress-gw', ports: [8080] },
 *   region: 'us-east-1',
 *   fargate: { cpu: 256, memory: 512 },
 *   account: '111122223333',
 *   controlPlane: 'central',
 *   xds: { endpoint: 'xds.dj-app.internal:443' },
 * });
 * console.log(api.containerDefinitions?.[0]?.portMappings); // [{ containerPort: 8080, protocol: 'tcp' }]
 * ```
 */
export function meshGatewayTaskDefinition(input: MeshGatewayTaskDefinitionOptions): MeshTaskDefinition {
  const task = resolveGatewayTask(input);
  const api = taskDefinitionInput(
    task.options,
    task.level,
    task.containers,
    undefined,
    task.controlPlane.server ? [xdsVolume()] : undefined,
  );
  return {
    api,
    cloudFormation: cloudFormationOf(api),
    ...(task.controlPlane.mode === 'appmesh' ? { notices: [APP_MESH_NOTICE] } : {}),
  };
}

/** A gateway's task, every option checked and resolved, with its containers rendered. */
interface ResolvedGatewayTask {
  options: MeshGatewayTaskDefinitionOptions;
  level: TaskLevel;
  controlPlane: ResolvedControlPlane;
  containers: ContainerDefinition[];
}

// Every option's own rules first, in the schema's order (GATEWAY_TASK_OPTIONS), then the checks
// that need resolved values: the Envoy image's region, the listeners against Envoy's admin port,
// the task level, the control plane, the containers as rendered.
function resolveGatewayTask(input: MeshGatewayTaskDefinitionOptions): ResolvedGatewayTask {
  const o = plainInput(input, 'options');
  const issues = new InputIssues();
  addOptionIssues(issues, GATEWAY_TASK_OPTIONS, switchesAsObjects(o), 'the options');
  // Malformed option objects (reported) are replaced by their defaults, so that the checks go on.
  const envoy: EnvoyOptions = isObject(o.envoy) ? (o.envoy as EnvoyOptions) : {};
  const xray = resolveXRay(o.xray);
  const envoySettings = resolveEnvoySettings(issues, envoy, o.region);
  const { name: gatewayName, ports } = checkGateway(issues, o, envoySettings.adminPort);
  const level = resolveTaskLevel(issues, o, Boolean(envoySettings.image?.repositoryArn));
  const controlPlane = resolveControlPlane(
    issues,
    { controlPlane: o.controlPlane, xds: o.xds },
    `mesh/${text(o.mesh)}/virtualGateway/${text(gatewayName)}`,
  );
  const { endpoint, server } = controlPlane;
  const environment: Record<string, string> = {
    APPMESH_RESOURCE_ARN: envoyResourceArn(o, 'virtualGateway', gatewayName, level.partition),
    ...(xray ? xrayEnvoyEnvironment(xray) : {}),
    ...(endpoint ? { APPMESH_XDS_ENDPOINT: endpoint } : {}),
  };
  const containers: ContainerDefinition[] = [
    envoyContainer(envoySettings, envoy, {
      user: envoy.user,
      portMappings: ports.map((port) => ({ containerPort: port, protocol: 'tcp' as const })),
      environment,
      logConfiguration: level.logConfiguration(),
      ...(server
        ? {
            mountPoints: [xdsMountPoint(true)],
            dependsOn: [{ containerName: server.name, condition: 'HEALTHY' as const }],
          }
        : {}),
    }),
  ];
  // A gateway has no traffic redirection: the server runs as Envoy's user so Envoy may use its socket.
  if (server) containers.push(renderXdsServerContainer(server, envoy.user, level.logConfiguration()));
  if (xray) containers.push(xrayContainer(xray, level.logConfiguration()));
  checkContainerNames(issues, containers);
  checkResourceSums(issues, containers, level.taskCpu, level.taskMemory);
  issues.throwIfAny();
  return { options: o, level, controlPlane, containers };
}

const isObject = (value: unknown): boolean =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

function checkGateway(
  issues: InputIssues,
  o: MeshGatewayTaskDefinitionOptions,
  adminPort: number,
): { name: string; ports: number[] } {
  const gateway = o.virtualGateway;
  // Not an object: reported by the schema's rule of `virtualGateway`.
  if (gateway === undefined || gateway === null || typeof gateway !== 'object')
    return { name: '', ports: [] };
  let ports: unknown[];
  let path: string;
  if (isGatewayResource(gateway)) {
    checkModelResource(issues, 'virtualGateway', gateway, o.mesh);
    const listeners: unknown = gateway.spec?.listeners;
    path = 'virtualGateway.spec.listeners';
    if (listeners !== undefined && !Array.isArray(listeners)) {
      issues.add('TYPE', path, `${path} must be a list, got ${show(listeners)}`);
    }
    ports = (Array.isArray(listeners) ? listeners : []).map(
      (listener: { portMapping?: { port?: unknown } } | null | undefined) => listener?.portMapping?.port,
    );
  } else {
    ports = Array.isArray(gateway.ports) ? gateway.ports : [];
    path = 'virtualGateway.ports';
  }
  checkMeshName(issues, 'virtualGateway.name', gateway.name);
  if (ports.length === 0) {
    issues.add(
      'NO_LISTENERS',
      path,
      `virtual gateway ${show(gateway.name)} needs at least one listener port`,
    );
  }
  const valid: number[] = [];
  ports.forEach((port, i) => {
    if (!checkPort(issues, `${path}[${i}]`, port)) return;
    if (port === adminPort) {
      issues.add(
        'PORT_CONFLICT',
        `${path}[${i}]`,
        `gateway listener port ${port} is Envoy's admin port (envoy.adminPort); change one of them`,
      );
    }
    if (valid.includes(port))
      issues.add('DUPLICATE_PORT', `${path}[${i}]`, `listener port ${port} is declared twice`);
    else valid.push(port);
  });
  return { name: gateway.name, ports: valid };
}
