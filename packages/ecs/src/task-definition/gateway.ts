import type {
  ContainerDefinition,
  CPUArchitecture,
  RegisterTaskDefinitionCommandInput,
} from '@aws-sdk/client-ecs';
import type { VirtualGatewayResource } from '@meshplane/core';
import { checkPort, InputIssues, show } from '../input-issues.js';
import { toCloudFormation } from './cloudformation.js';
import { resolveEnvoySettings } from './envoy-settings.js';
import { checkContainerNames, checkMeshName, checkName, checkResourceSums } from './field-checks.js';
import type { EnvoyOptions, XRayOptions } from './options.js';
import { envoyHealthCheck, type MeshTaskDefinition, XRAY_DEFAULTS } from './render.js';
import { compact, environmentList } from './stable-json.js';
import { resolveTaskLevel, type TaskLevelOptions } from './task-level.js';

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
}

const isGatewayResource = (gateway: VirtualGatewayInput): gateway is VirtualGatewayResource =>
  typeof gateway === 'object' && gateway !== null && 'kind' in gateway;

/**
 * Renders the task definition of an App Mesh virtual gateway: a standalone Envoy (no proxy
 * configuration, no app container) that listens on the gateway's listener ports, with
 * `APPMESH_RESOURCE_ARN` naming the gateway, the documented health check and `nofile` limit,
 * optional X-Ray daemon, awslogs. Same validation and determinism as {@link meshTaskDefinition}.
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
 * });
 * console.log(api.containerDefinitions?.[0]?.portMappings); // [{ containerPort: 8080, protocol: 'tcp' }]
 * ```
 */
export function meshGatewayTaskDefinition(options: MeshGatewayTaskDefinitionOptions): MeshTaskDefinition {
  const issues = new InputIssues();
  if (options === null || typeof options !== 'object') {
    issues.add('REQUIRED', '', `the options must be an object, got ${show(options)}`);
    issues.throwIfAny();
  }
  const o = options;
  const envoy = o.envoy ?? {};
  const xray: XRayOptions | undefined = o.xray === true ? {} : o.xray || undefined;
  checkName(issues, 'family', o.family);
  checkMeshName(issues, 'mesh', o.mesh);
  const { name: envoyName, adminPort, nofile, health, image } = resolveEnvoySettings(issues, envoy, o.region);
  const { name: gatewayName, ports } = checkGateway(issues, o, adminPort);
  const xrayName = xray?.name ?? XRAY_DEFAULTS.name;
  const xrayPort = xray?.port ?? XRAY_DEFAULTS.port;
  if (xray) {
    checkName(issues, 'xray.name', xrayName);
    checkPort(issues, 'xray.port', xrayPort);
    if (
      xray.samplingRate !== undefined &&
      !(typeof xray.samplingRate === 'number' && xray.samplingRate >= 0 && xray.samplingRate <= 1)
    ) {
      issues.add(
        'RANGE',
        'xray.samplingRate',
        `xray.samplingRate must be a number in 0-1, got ${show(xray.samplingRate)}`,
      );
    }
  }
  const level = resolveTaskLevel(issues, o, Boolean(image?.repositoryArn));

  const short = `mesh/${o.mesh}/virtualGateway/${gatewayName}`;
  const form = envoy.resourceArn ?? (o.account ? 'full' : 'short');
  const environment: Record<string, string> = {
    APPMESH_RESOURCE_ARN:
      form === 'full' && o.account
        ? `arn:${level.partition}:appmesh:${o.region}:${o.account}:${short}`
        : short,
  };
  if (envoy.logLevel) environment.ENVOY_LOG_LEVEL = envoy.logLevel;
  if (envoy.statsTags) environment.ENABLE_ENVOY_STATS_TAGS = '1';
  if (xray) {
    environment.ENABLE_ENVOY_XRAY_TRACING = '1';
    environment.XRAY_DAEMON_PORT = String(xrayPort);
    if (xray.samplingRate !== undefined) environment.XRAY_SAMPLING_RATE = String(xray.samplingRate);
  }
  const containers: ContainerDefinition[] = [
    compact({
      name: envoyName,
      image: image?.image,
      essential: true,
      user: envoy.user,
      cpu: envoy.cpu,
      memory: envoy.memory,
      memoryReservation: envoy.memoryReservation ?? (envoy.memory === undefined ? 128 : undefined),
      portMappings: ports.map((port) => ({ containerPort: port, protocol: 'tcp' as const })),
      environment: environmentList({ ...environment, ...envoy.environment }),
      ulimits: [{ name: 'nofile', softLimit: nofile, hardLimit: nofile }],
      healthCheck: envoyHealthCheck(adminPort, health),
      logConfiguration: level.logConfiguration(),
    }),
  ];
  if (xray) {
    containers.push(
      compact({
        name: xrayName,
        image: xray.image ?? XRAY_DEFAULTS.image,
        essential: true,
        cpu: xray.cpu ?? XRAY_DEFAULTS.cpu,
        memoryReservation: xray.memoryReservation ?? XRAY_DEFAULTS.memoryReservation,
        portMappings: [{ containerPort: xrayPort, protocol: 'udp' as const }],
        logConfiguration: level.logConfiguration(),
      }),
    );
  }
  checkContainerNames(issues, containers);
  checkResourceSums(issues, containers, level.taskCpu, level.taskMemory);
  issues.throwIfAny();

  const api = compact({
    family: o.family,
    taskRoleArn: o.taskRoleArn,
    executionRoleArn: level.executionRoleArn,
    networkMode: 'awsvpc',
    requiresCompatibilities: o.fargate ? ['FARGATE'] : ['EC2'],
    cpu: level.taskCpu === undefined ? undefined : String(level.taskCpu),
    memory: level.taskMemory === undefined ? undefined : String(level.taskMemory),
    runtimePlatform: o.cpuArchitecture
      ? { cpuArchitecture: o.cpuArchitecture, operatingSystemFamily: 'LINUX' }
      : undefined,
    containerDefinitions: containers,
    tags: level.tags,
  }) as RegisterTaskDefinitionCommandInput;
  return { api, cloudFormation: toCloudFormation(api) };
}

function checkGateway(
  issues: InputIssues,
  o: MeshGatewayTaskDefinitionOptions,
  adminPort: number,
): { name: string; ports: number[] } {
  const gateway = o.virtualGateway;
  if (gateway === undefined || gateway === null || typeof gateway !== 'object') {
    issues.add(
      'REQUIRED',
      'virtualGateway',
      `virtualGateway is required: { name, ports } or a virtual gateway of the model, got ${show(gateway)}`,
    );
    return { name: '', ports: [] };
  }
  let ports: unknown[];
  let path: string;
  if (isGatewayResource(gateway)) {
    if (gateway.kind !== 'virtualGateway') {
      issues.add(
        'VIRTUAL_GATEWAY_KIND',
        'virtualGateway.kind',
        `virtualGateway must be a virtual gateway, got a resource of kind ${show(gateway.kind)}`,
      );
    }
    if (typeof o.mesh === 'string' && gateway.meshName !== o.mesh) {
      issues.add(
        'VIRTUAL_GATEWAY_MESH',
        'virtualGateway.meshName',
        `virtual gateway ${show(gateway.name)} belongs to mesh ${show(gateway.meshName)}, not ${show(o.mesh)}`,
      );
    }
    ports = (gateway.spec?.listeners ?? []).map((listener) => listener.portMapping?.port);
    path = 'virtualGateway.spec.listeners';
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
