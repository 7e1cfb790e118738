import type {
  ContainerDefinition,
  KeyValuePair,
  RegisterTaskDefinitionCommandInput,
} from '@aws-sdk/client-ecs';
import { validateShape } from '@meshplane/core/smithy';
import { isRegionName } from '../envoy/image.js';
import { ecsModel } from '../generated/ecs-model.js';
import { checkPort, InputIssues, isIntegerIn, show, text } from '../input-issues.js';
import { plainInput } from '../plain-input.js';
import { agentContainer } from './agent-sidecar.js';
import { type CloudFormationTaskDefinition, toCloudFormation } from './cloudformation.js';
import { ENVOY_DEFAULTS, envoyContainer, envoyResourceArn, resolveEnvoySettings } from './envoy-settings.js';
import {
  checkContainerNames,
  checkEnvironment,
  checkHealthCheck,
  checkMeshName,
  checkModelResource,
  checkName,
  checkObject,
  checkResourceSums,
  checkStringList,
  switchOrObject,
} from './field-checks.js';
import type { EnvoyOptions, MeshTaskDefinitionOptions, StatsdOptions } from './options.js';
import { compact, environmentList } from './stable-json.js';
import { resolveTaskLevel, taskDefinitionInput } from './task-level.js';
import { isNodeResource, listenerPorts } from './virtual-node-input.js';
import { resolveXRay, xrayContainer, xrayEnvoyEnvironment } from './xray-sidecar.js';

/** The two forms of one task definition. */
export interface MeshTaskDefinition {
  /** The input of `RegisterTaskDefinitionCommand` (`@aws-sdk/client-ecs`). */
  api: RegisterTaskDefinitionCommandInput;
  /** The properties of an `AWS::ECS::TaskDefinition` CloudFormation resource. */
  cloudFormation: CloudFormationTaskDefinition;
}

const STATSD_DEFAULTS = { port: 8125, address: '127.0.0.1', name: 'statsd' } as const;
const APP_DEFAULT_MEMORY_RESERVATION = 256;
const MAX_EGRESS_IGNORED_PORTS = 15;
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
  const api = meshTaskDefinitionInput(plainInput(options, 'options'));
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
  input: MeshTaskDefinitionOptions,
): RegisterTaskDefinitionCommandInput {
  const options = plainInput(input, 'options');
  const issues = new InputIssues();
  if (options === null || typeof options !== 'object') {
    issues.add('REQUIRED', '', `the options must be an object, got ${show(options)}`);
    issues.throwIfAny();
  }
  const o = options;
  // Malformed option objects are reported and replaced by their defaults, so that the checks go on.
  const envoy: EnvoyOptions = checkObject(issues, 'envoy', o.envoy) ? (o.envoy ?? {}) : {};
  const xray = resolveXRay(issues, o.xray);
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
  if (o.account !== undefined && !(typeof o.account === 'string' && /^\d{12}$/.test(o.account))) {
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
  const envoySettings = resolveEnvoySettings(issues, envoy, o.region);
  const { name: envoyName, adminPort, image } = envoySettings;
  const appName = app.name ?? 'app';
  const ignoredUID = envoy.ignoredUID ?? ENVOY_DEFAULTS.ignoredUID;
  const envoyUser = envoy.user ?? text(ignoredUID);
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
  for (const [port, path] of [
    [ingress, 'envoy.proxyIngressPort'],
    [egress, 'envoy.proxyEgressPort'],
  ] as const) {
    if (port === adminPort) {
      issues.add(
        'PORT_CONFLICT',
        'envoy.adminPort',
        `envoy.adminPort and ${path} must differ (Envoy listens on both), both are ${port}`,
      );
    }
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
      if (typeof ip !== 'string' || !IPV4_PATTERN.test(ip)) {
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
    // App Mesh user guide: "The maximum number of outbound ports that can be ignored is 15."
    if ((envoy.egressIgnoredPorts?.length ?? 0) > MAX_EGRESS_IGNORED_PORTS) {
      issues.add(
        'EGRESS_IGNORED_PORTS',
        'envoy.egressIgnoredPorts',
        `envoy.egressIgnoredPorts lists ${envoy.egressIgnoredPorts?.length} ports; App Mesh ignores at most ${MAX_EGRESS_IGNORED_PORTS}`,
      );
    }
  }
  checkEnvironment(issues, 'app.environment', app.environment);

  // StatsD.
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
  const level = resolveTaskLevel(issues, o, Boolean(image?.repositoryArn));
  const { taskCpu, taskMemory, partition, logConfiguration } = level;

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
    APPMESH_RESOURCE_ARN: envoyResourceArn(o, 'virtualNode', nodeName, partition),
    ...(xray ? xrayEnvoyEnvironment(xray) : {}),
  };
  if (statsd) {
    envoyEnvironment.ENABLE_ENVOY_DOG_STATSD = '1';
    envoyEnvironment.STATSD_PORT = text(statsdPort);
    envoyEnvironment.STATSD_ADDRESS = text(statsdAddress);
  }
  const containers: ContainerDefinition[] = [
    appContainer,
    envoyContainer(envoySettings, envoy, {
      user: envoyUser,
      environment: envoyEnvironment,
      logConfiguration: logConfiguration(),
    }),
  ];
  if (xray) containers.push(xrayContainer(xray, logConfiguration(), envoyUser));
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
    } else {
      // Given as is, so checked against the ECS API model's ContainerDefinition (names, types, enums, ranges).
      issues.list.push(...validateShape(ecsModel, 'ContainerDefinition', container, `extraContainers[${i}]`));
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
  return taskDefinitionInput(o, level, containers, {
    type: 'APPMESH',
    containerName: envoyName,
    properties,
  });
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
    checkModelResource(issues, 'virtualNode', node, o.mesh);
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
