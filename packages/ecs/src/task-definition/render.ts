import type {
  ContainerDefinition,
  HealthCheck,
  KeyValuePair,
  RegisterTaskDefinitionCommandInput,
} from '@aws-sdk/client-ecs';
import { isRegionName } from '../envoy/image.js';
import { checkPort, InputIssues, isIntegerIn, show } from '../input-issues.js';
import { agentContainer } from './agent-sidecar.js';
import { type CloudFormationTaskDefinition, toCloudFormation } from './cloudformation.js';
import { ENVOY_DEFAULTS, resolveEnvoySettings } from './envoy-settings.js';
import {
  checkContainerNames,
  checkEnvironment,
  checkHealthCheck,
  checkMeshName,
  checkName,
  checkObject,
  checkResourceSums,
  checkStringList,
  switchOrObject,
} from './field-checks.js';
import type { EnvoyOptions, MeshTaskDefinitionOptions, StatsdOptions, XRayOptions } from './options.js';
import { compact, environmentList } from './stable-json.js';
import { resolveTaskLevel } from './task-level.js';
import { isNodeResource, listenerPorts } from './virtual-node-input.js';

/** The two forms of one task definition. */
export interface MeshTaskDefinition {
  /** The input of `RegisterTaskDefinitionCommand` (`@aws-sdk/client-ecs`). */
  api: RegisterTaskDefinitionCommandInput;
  /** The properties of an `AWS::ECS::TaskDefinition` CloudFormation resource. */
  cloudFormation: CloudFormationTaskDefinition;
}

/**
 * Defaults of the X-Ray daemon sidecar (X-Ray developer guide, "Running the X-Ray daemon on Amazon ECS").
 *
 * @example
 * ```ts
 * import { XRAY_DEFAULTS } from '@meshplane/ecs';
 * console.log(XRAY_DEFAULTS.port); // 2000
 * ```
 */
export const XRAY_DEFAULTS = {
  name: 'xray-daemon',
  image: 'public.ecr.aws/xray/aws-xray-daemon:latest',
  cpu: 32,
  memoryReservation: 256,
  port: 2000,
} as const;

const STATSD_DEFAULTS = { port: 8125, address: '127.0.0.1', name: 'statsd' } as const;
const APP_DEFAULT_MEMORY_RESERVATION = 256;
const IPV4_PATTERN = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

/**
 * Renders a complete ECS task definition that runs `app` with an App Mesh Envoy sidecar as the
 * virtual node `virtualNode` of `mesh`, in both the ECS API form and the CloudFormation form.
 *
 * Every problem of the input is reported at once, as an {@link EcsInputError}, before anything is
 * produced. The output is deterministic: the same input gives the same bytes under
 * `JSON.stringify`, so a re-deploy registers no new revision.
 *
 * @example
 * ```ts
 * import { meshTaskDefinition } from '@meshplane/ecs';
 * const { api, cloudFormation } = meshTaskDefinition({
 *   family: 'jazz-v1',
 *   mesh: 'dj-app',
 *   virtualNode: { name: 'jazz-v1', ports: [9080] },
 *   app: { image: 'public.ecr.aws/example/jazz:v1' },
 *   region: 'us-east-1',
 *   fargate: { cpu: 256, memory: 512 },
 *   executionRoleArn: 'arn:aws:iam::111122223333:role/ecsTaskExecutionRole',
 * });
 * console.log(api.proxyConfiguration?.type, Object.keys(cloudFormation)[0]); // 'APPMESH' 'Family'
 * ```
 */
export function meshTaskDefinition(options: MeshTaskDefinitionOptions): MeshTaskDefinition {
  const api = meshTaskDefinitionInput(options);
  return { api, cloudFormation: toCloudFormation(api) };
}

/**
 * {@link meshTaskDefinition} without the CloudFormation form: the `RegisterTaskDefinitionCommand`
 * input only.
 *
 * @example
 * ```ts
 * import { meshTaskDefinitionInput } from '@meshplane/ecs';
 * const input = meshTaskDefinitionInput({
 *   family: 'dj', mesh: 'dj-app', virtualNode: { name: 'dj', ports: [9080] },
 *   app: { image: 'dj:latest' }, region: 'us-east-1',
 * });
 * console.log(input.containerDefinitions?.map((c) => c.name)); // ['app', 'envoy']
 * ```
 */
export function meshTaskDefinitionInput(
  options: MeshTaskDefinitionOptions,
): RegisterTaskDefinitionCommandInput {
  const issues = new InputIssues();
  if (options === null || typeof options !== 'object') {
    issues.add('REQUIRED', '', `the options must be an object, got ${show(options)}`);
    issues.throwIfAny();
  }
  const o = options;
  // Malformed option objects are reported and replaced by their defaults, so that the checks go on.
  const envoy: EnvoyOptions = checkObject(issues, 'envoy', o.envoy) ? (o.envoy ?? {}) : {};
  const xray = switchOrObject<XRayOptions>(issues, 'xray', o.xray);
  const statsd = switchOrObject<StatsdOptions>(issues, 'statsd', o.statsd);
  if (statsd?.sidecar !== undefined) checkObject(issues, 'statsd.sidecar', statsd.sidecar);
  checkObject(issues, 'fargate', o.fargate);
  if (o.logging !== false) checkObject(issues, 'logging', o.logging);
  checkObject(issues, 'agent', o.agent);

  checkName(issues, 'family', o.family);
  checkMeshName(issues, 'mesh', o.mesh);
  if (!isRegionName(o.region)) {
    issues.add(
      'REGION',
      'region',
      `region must be an AWS region name like "us-east-1", got ${show(o.region)}`,
    );
  }
  if (o.account !== undefined && !/^\d{12}$/.test(String(o.account))) {
    issues.add('ACCOUNT', 'account', `account must be a 12-digit AWS account id, got ${show(o.account)}`);
  }

  // The virtual node and the ports the app serves.
  const nodeName = checkVirtualNode(issues, o);
  const listeners = o.virtualNode ? listenerPorts(o.virtualNode) : [];
  const app = o.app ?? ({} as MeshTaskDefinitionOptions['app']);
  if (o.app === undefined || o.app === null || typeof o.app !== 'object') {
    issues.add('REQUIRED', 'app', 'app is required: { image, ... }');
  }
  if (typeof app.image !== 'string' || app.image.trim() === '') {
    issues.add(
      'REQUIRED',
      'app.image',
      `app.image is required (the application image), got ${show(app.image)}`,
    );
  } else if (/\s/.test(app.image) || app.image.length > 255) {
    issues.add(
      'IMAGE',
      'app.image',
      `app.image must be an image reference of at most 255 characters without spaces, got ${show(app.image)}`,
    );
  }
  checkAppPorts(issues, app.ports ?? listeners, listeners, app.ports !== undefined);
  // A malformed app.ports is reported above; go on with no ports so that every other problem is found too.
  checkStringList(issues, 'app.command', app.command);
  checkStringList(issues, 'app.entryPoint', app.entryPoint);
  checkHealthCheck(issues, 'app.healthCheck', app.healthCheck);
  const appPorts: number[] = app.ports === undefined ? listeners : Array.isArray(app.ports) ? app.ports : [];

  // Envoy.
  const { name: envoyName, adminPort, nofile, health, image } = resolveEnvoySettings(issues, envoy, o.region);
  const appName = app.name ?? 'app';
  const ignoredUID = envoy.ignoredUID ?? ENVOY_DEFAULTS.ignoredUID;
  const envoyUser = envoy.user ?? String(ignoredUID);
  const ingress = envoy.proxyIngressPort ?? ENVOY_DEFAULTS.proxyIngressPort;
  const egress = envoy.proxyEgressPort ?? ENVOY_DEFAULTS.proxyEgressPort;
  const egressIgnoredIPs = envoy.egressIgnoredIPs ?? [...ENVOY_DEFAULTS.egressIgnoredIPs];
  checkName(issues, 'app.name', appName);
  if (!isIntegerIn(ignoredUID, 0, 2_147_483_647)) {
    issues.add(
      'RANGE',
      'envoy.ignoredUID',
      `envoy.ignoredUID must be a non-negative integer user id, got ${show(ignoredUID)}`,
    );
  } else if (envoyUser !== String(ignoredUID)) {
    issues.add(
      'ENVOY_USER',
      'envoy.user',
      `envoy.user must equal envoy.ignoredUID (${ignoredUID}) so that Envoy's own traffic is not redirected back to Envoy, got ${show(envoyUser)}`,
    );
  }
  checkPort(issues, 'envoy.proxyIngressPort', ingress);
  checkPort(issues, 'envoy.proxyEgressPort', egress);
  if (ingress === egress) {
    issues.add(
      'PORT_CONFLICT',
      'envoy.proxyEgressPort',
      `envoy.proxyIngressPort and envoy.proxyEgressPort must differ, both are ${ingress}`,
    );
  }
  appPorts.forEach((port, i) => {
    const clash = [
      [ingress, 'envoy.proxyIngressPort'],
      [egress, 'envoy.proxyEgressPort'],
      [adminPort, 'envoy.adminPort'],
    ].find(([p]) => p === port);
    if (clash) {
      issues.add(
        'PORT_CONFLICT',
        `app.ports[${i}]`,
        `app port ${port} is taken by Envoy (${clash[1]}); change the listener port or ${clash[1]}`,
      );
    }
  });
  if (!Array.isArray(egressIgnoredIPs)) {
    issues.add(
      'TYPE',
      'envoy.egressIgnoredIPs',
      `envoy.egressIgnoredIPs must be a list of IPv4 addresses, got ${show(egressIgnoredIPs)}`,
    );
  } else {
    egressIgnoredIPs.forEach((ip, i) => {
      if (!IPV4_PATTERN.test(ip)) {
        issues.add(
          'IP_ADDRESS',
          `envoy.egressIgnoredIPs[${i}]`,
          `envoy.egressIgnoredIPs[${i}] must be an IPv4 address, got ${show(ip)}`,
        );
      }
    });
  }
  if (envoy.egressIgnoredPorts !== undefined && !Array.isArray(envoy.egressIgnoredPorts)) {
    issues.add(
      'TYPE',
      'envoy.egressIgnoredPorts',
      `envoy.egressIgnoredPorts must be a list of ports, got ${show(envoy.egressIgnoredPorts)}`,
    );
  } else {
    for (const [i, port] of (envoy.egressIgnoredPorts ?? []).entries()) {
      checkPort(issues, `envoy.egressIgnoredPorts[${i}]`, port);
    }
  }
  checkEnvironment(issues, 'app.environment', app.environment);

  // X-Ray and StatsD.
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
  const statsdPort = statsd?.port ?? STATSD_DEFAULTS.port;
  const statsdAddress = statsd?.address ?? STATSD_DEFAULTS.address;
  if (statsd) {
    checkPort(issues, 'statsd.port', statsdPort);
    if (typeof statsdAddress !== 'string' || statsdAddress.trim() === '') {
      issues.add(
        'REQUIRED',
        'statsd.address',
        `statsd.address must be a host or IP address, got ${show(statsdAddress)}`,
      );
    }
    if (statsd.sidecar && (typeof statsd.sidecar.image !== 'string' || statsd.sidecar.image.trim() === '')) {
      issues.add(
        'REQUIRED',
        'statsd.sidecar.image',
        `statsd.sidecar.image is required, got ${show(statsd.sidecar.image)}`,
      );
    }
  }

  // Task size, compatibility, roles and logs.
  const fargate = o.fargate;
  const { taskCpu, taskMemory, partition, executionRoleArn, tags, logConfiguration } = resolveTaskLevel(
    issues,
    o,
    Boolean(image?.repositoryArn),
  );

  // Containers.
  const noTaskMemory = taskMemory === undefined;
  const appContainer: ContainerDefinition = compact({
    name: appName,
    image: app.image,
    essential: app.essential ?? true,
    cpu: app.cpu,
    memory: app.memory,
    memoryReservation:
      app.memoryReservation ??
      (noTaskMemory && app.memory === undefined ? APP_DEFAULT_MEMORY_RESERVATION : undefined),
    entryPoint: app.entryPoint,
    command: app.command,
    portMappings: appPorts.map((port) => ({ containerPort: port, protocol: 'tcp' as const })),
    environment: environmentList(app.environment),
    healthCheck: app.healthCheck,
    dependsOn: [{ containerName: envoyName, condition: app.envoyCondition ?? 'HEALTHY' }],
    logConfiguration: logConfiguration(),
    stopTimeout: app.stopTimeout,
  });
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

  const envoyEnvironment: Record<string, string> = {
    APPMESH_RESOURCE_ARN: resourceArn(o, nodeName, partition),
  };
  if (envoy.logLevel) envoyEnvironment.ENVOY_LOG_LEVEL = envoy.logLevel;
  if (envoy.statsTags) envoyEnvironment.ENABLE_ENVOY_STATS_TAGS = '1';
  if (xray) {
    envoyEnvironment.ENABLE_ENVOY_XRAY_TRACING = '1';
    envoyEnvironment.XRAY_DAEMON_PORT = String(xrayPort);
    if (xray.samplingRate !== undefined) envoyEnvironment.XRAY_SAMPLING_RATE = String(xray.samplingRate);
  }
  if (statsd) {
    envoyEnvironment.ENABLE_ENVOY_DOG_STATSD = '1';
    envoyEnvironment.STATSD_PORT = String(statsdPort);
    envoyEnvironment.STATSD_ADDRESS = statsdAddress;
  }
  const envoyContainer: ContainerDefinition = compact({
    name: envoyName,
    image: image?.image,
    essential: true,
    user: envoyUser,
    cpu: envoy.cpu,
    memory: envoy.memory,
    memoryReservation:
      envoy.memoryReservation ?? (envoy.memory === undefined ? ENVOY_DEFAULTS.memoryReservation : undefined),
    environment: environmentList({ ...envoyEnvironment, ...envoy.environment }),
    ulimits: [{ name: 'nofile', softLimit: nofile, hardLimit: nofile }],
    healthCheck: envoyHealthCheck(adminPort, health),
    logConfiguration: logConfiguration(),
  });
  const containers: ContainerDefinition[] = [appContainer, envoyContainer];
  if (xray) {
    containers.push(
      compact({
        name: xrayName,
        image: xray.image ?? XRAY_DEFAULTS.image,
        essential: true,
        user: envoyUser,
        cpu: xray.cpu ?? XRAY_DEFAULTS.cpu,
        memoryReservation: xray.memoryReservation ?? XRAY_DEFAULTS.memoryReservation,
        portMappings: [{ containerPort: xrayPort, protocol: 'udp' as const }],
        logConfiguration: logConfiguration(),
      }),
    );
  }
  if (statsd?.sidecar && typeof statsd.sidecar === 'object') {
    const name = statsd.sidecar.name ?? STATSD_DEFAULTS.name;
    checkName(issues, 'statsd.sidecar.name', name);
    containers.push(
      compact({
        name,
        image: statsd.sidecar.image,
        essential: true,
        user: envoyUser,
        cpu: statsd.sidecar.cpu,
        memoryReservation: statsd.sidecar.memoryReservation ?? 128,
        portMappings: [{ containerPort: statsdPort, protocol: 'udp' as const }],
        logConfiguration: logConfiguration(),
      }),
    );
  }
  if (o.agent && typeof o.agent === 'object')
    containers.push(...agentContainer(issues, o, appName, appPorts, envoyUser, logConfiguration));
  if (o.extraContainers !== undefined && !Array.isArray(o.extraContainers)) {
    issues.add(
      'TYPE',
      'extraContainers',
      `extraContainers must be a list of container definitions, got ${show(o.extraContainers)}`,
    );
  }
  (Array.isArray(o.extraContainers) ? o.extraContainers : []).forEach((container, i) => {
    if (!container || typeof container.name !== 'string' || typeof container.image !== 'string') {
      issues.add(
        'REQUIRED',
        `extraContainers[${i}]`,
        `extraContainers[${i}] needs a name and an image, got ${show(container)}`,
      );
    }
    containers.push(container);
  });
  checkContainerNames(issues, containers);
  checkResourceSums(issues, containers, taskCpu, taskMemory);

  issues.throwIfAny();

  const properties: KeyValuePair[] = [
    { name: 'AppPorts', value: appPorts.join(',') },
    { name: 'EgressIgnoredIPs', value: egressIgnoredIPs.join(',') },
    ...(envoy.egressIgnoredPorts?.length
      ? [{ name: 'EgressIgnoredPorts', value: envoy.egressIgnoredPorts.join(',') }]
      : []),
    { name: 'IgnoredUID', value: String(ignoredUID) },
    { name: 'ProxyEgressPort', value: String(egress) },
    { name: 'ProxyIngressPort', value: String(ingress) },
  ];
  return compact({
    family: o.family,
    taskRoleArn: o.taskRoleArn,
    executionRoleArn,
    networkMode: 'awsvpc',
    requiresCompatibilities: fargate ? ['FARGATE'] : ['EC2'],
    cpu: taskCpu === undefined ? undefined : String(taskCpu),
    memory: taskMemory === undefined ? undefined : String(taskMemory),
    runtimePlatform: o.cpuArchitecture
      ? { cpuArchitecture: o.cpuArchitecture, operatingSystemFamily: 'LINUX' }
      : undefined,
    proxyConfiguration: { type: 'APPMESH', containerName: envoyName, properties },
    containerDefinitions: containers,
    tags,
  }) as RegisterTaskDefinitionCommandInput;
}

/**
 * The Envoy container health check AWS documents: Envoy's admin `server_info` reports `LIVE`.
 *
 * @example
 * ```ts
 * import { envoyHealthCheck } from '@meshplane/ecs';
 * console.log(envoyHealthCheck(9901, { interval: 5, timeout: 2, retries: 3, startPeriod: 10 }).command);
 * // ['CMD-SHELL', 'curl -s http://localhost:9901/server_info | grep state | grep -q LIVE']
 * ```
 */
export function envoyHealthCheck(
  adminPort: number,
  timings: { interval: number; timeout: number; retries: number; startPeriod: number },
): HealthCheck {
  return {
    command: ['CMD-SHELL', `curl -s http://localhost:${adminPort}/server_info | grep state | grep -q LIVE`],
    interval: timings.interval,
    timeout: timings.timeout,
    retries: timings.retries,
    startPeriod: timings.startPeriod,
  };
}

function resourceArn(o: MeshTaskDefinitionOptions, nodeName: string, partition: string): string {
  const form = o.envoy?.resourceArn ?? (o.account ? 'full' : 'short');
  const short = `mesh/${o.mesh}/virtualNode/${nodeName}`;
  if (form === 'short' || !o.account) return short;
  return `arn:${partition}:appmesh:${o.region}:${o.account}:${short}`;
}

function checkVirtualNode(issues: InputIssues, o: MeshTaskDefinitionOptions): string {
  const node = o.virtualNode;
  if (node === undefined || node === null || typeof node !== 'object') {
    issues.add(
      'REQUIRED',
      'virtualNode',
      `virtualNode is required: { name, ports } or a virtual node of the model, got ${show(node)}`,
    );
    return '';
  }
  if (isNodeResource(node)) {
    if (node.kind !== 'virtualNode') {
      issues.add(
        'VIRTUAL_NODE_KIND',
        'virtualNode.kind',
        `virtualNode must be a virtual node, got a resource of kind ${show(node.kind)}`,
      );
    }
    if (typeof o.mesh === 'string' && node.meshName !== o.mesh) {
      issues.add(
        'VIRTUAL_NODE_MESH',
        'virtualNode.meshName',
        `virtual node ${show(node.name)} belongs to mesh ${show(node.meshName)}, not ${show(o.mesh)}`,
      );
    }
    checkMeshName(issues, 'virtualNode.name', node.name);
    const listeners = node.spec?.listeners;
    if (listeners !== undefined && !Array.isArray(listeners)) {
      issues.add(
        'TYPE',
        'virtualNode.spec.listeners',
        `virtualNode.spec.listeners must be a list, got ${show(listeners)}`,
      );
    }
    const list = Array.isArray(listeners) ? listeners : [];
    list.forEach((listener, i) => {
      checkPort(issues, `virtualNode.spec.listeners[${i}].portMapping.port`, listener?.portMapping?.port);
    });
    if (list.length === 0) {
      issues.add(
        'NO_LISTENERS',
        'virtualNode.spec.listeners',
        `virtual node ${show(node.name)} has no listener, so Envoy has no app port to receive traffic on`,
      );
    }
    return node.name;
  }
  checkMeshName(issues, 'virtualNode.name', node.name);
  if (!Array.isArray(node.ports) || node.ports.length === 0) {
    issues.add(
      'NO_LISTENERS',
      'virtualNode.ports',
      `virtualNode.ports must list the node's listener ports (at least one), got ${show(node.ports)}`,
    );
  } else {
    for (const [i, port] of node.ports.entries()) checkPort(issues, `virtualNode.ports[${i}]`, port);
  }
  return node.name;
}

function checkAppPorts(issues: InputIssues, ports: unknown, listeners: number[], explicit: boolean): void {
  if (!Array.isArray(ports)) {
    issues.add('TYPE', 'app.ports', `app.ports must be a list of ports, got ${show(ports)}`);
    return;
  }
  if (explicit && ports.length === 0) {
    issues.add(
      'REQUIRED',
      'app.ports',
      'app.ports must name at least one listener port of the virtual node (AppPorts cannot be empty)',
    );
  }
  const seen = new Set<number>();
  ports.forEach((port, i) => {
    if (!explicit) return;
    if (!checkPort(issues, `app.ports[${i}]`, port)) return;
    if (seen.has(port)) issues.add('DUPLICATE_PORT', `app.ports[${i}]`, `app port ${port} is listed twice`);
    seen.add(port);
    if (!listeners.includes(port)) {
      issues.add(
        'PORT_NOT_LISTENER',
        `app.ports[${i}]`,
        `app port ${port} is not a listener port of the virtual node (listeners: ${listeners.length ? listeners.join(', ') : 'none'})`,
      );
    }
  });
  if (!explicit) {
    const dup = listeners.find((port, i) => listeners.indexOf(port) !== i);
    if (dup !== undefined)
      issues.add(
        'DUPLICATE_PORT',
        'virtualNode',
        `listener port ${dup} is declared twice on the virtual node`,
      );
  }
}
