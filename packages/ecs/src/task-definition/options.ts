import type { ContainerDefinition, CPUArchitecture, HealthCheck } from '@aws-sdk/client-ecs';
import type { VirtualNodeResource } from '@meshplane/core';
import type { EnvoyRegistry } from '../envoy/image.js';

/**
 * The virtual node a task runs as: either its name and listener ports, or the node itself from a
 * {@link MeshModel} (its listeners give the ports, its TLS settings give the IAM needs).
 */
export type VirtualNodeInput = { name: string; ports: number[] } | VirtualNodeResource;

/** The application container. Only `image` is required. */
export interface AppContainerOptions {
  /** Container name. Default `app`. */
  name?: string;
  /** The application image, e.g. `123456789012.dkr.ecr.us-east-1.amazonaws.com/jazz:v1`. Required. */
  image: string;
  /**
   * The ports the application listens on; each must be a listener port of the virtual node.
   * Default: every listener port of the node.
   */
  ports?: number[];
  cpu?: number;
  /** Hard memory limit in MiB. */
  memory?: number;
  /** Soft memory limit in MiB. Default 256 when neither the task nor the container sets memory. */
  memoryReservation?: number;
  environment?: Record<string, string>;
  command?: string[];
  entryPoint?: string[];
  /** Default `true`. */
  essential?: boolean;
  healthCheck?: HealthCheck;
  /** The condition on Envoy the app waits for. Default `HEALTHY` (the app starts once Envoy is LIVE). */
  envoyCondition?: 'HEALTHY' | 'START';
  stopTimeout?: number;
}

/** The Envoy sidecar. Every value has the default AWS documents; each can be overridden. */
export interface EnvoyOptions {
  /** Container name, also the proxy configuration's `containerName`. Default `envoy`. */
  name?: string;
  /** A full image reference; replaces `registry` + `tag`. */
  image?: string;
  /** Default {@link DEFAULT_ENVOY_TAG}. */
  tag?: string;
  /** Default `public` (`public.ecr.aws/appmesh/aws-appmesh-envoy`). */
  registry?: EnvoyRegistry;
  cpu?: number;
  memory?: number;
  /** Soft memory limit in MiB. Default 128 when the container sets no hard limit. */
  memoryReservation?: number;
  /** Default `"1337"`; must equal `ignoredUID` so that Envoy's own traffic is not redirected. */
  user?: string;
  /** Default 1337. */
  ignoredUID?: number;
  /** Default 15000. */
  proxyIngressPort?: number;
  /** Default 15001. */
  proxyEgressPort?: number;
  /** Default `['169.254.170.2', '169.254.169.254']` (task metadata and instance metadata). */
  egressIgnoredIPs?: string[];
  /** Default none. */
  egressIgnoredPorts?: number[];
  /** `nofile` ulimit (soft and hard). Default 15000. */
  nofile?: number;
  /** Envoy admin port used by the health check. Default 9901. */
  adminPort?: number;
  /** `ENVOY_LOG_LEVEL`; not set by default (the image's default is `info`). */
  logLevel?: 'trace' | 'debug' | 'info' | 'warning' | 'warn' | 'error' | 'critical' | 'off';
  /** `ENABLE_ENVOY_STATS_TAGS=1`. Default false. */
  statsTags?: boolean;
  /** Health check timings. Default interval 5, timeout 2, retries 3, startPeriod 10 (seconds). */
  healthCheck?: { interval?: number; timeout?: number; retries?: number; startPeriod?: number };
  /** `APPMESH_RESOURCE_ARN` form. Default `full` when `account` is given, else `short` (`mesh/<mesh>/virtualNode/<node>`). */
  resourceArn?: 'full' | 'short';
  /** Extra environment variables; they override the computed ones of the same name. */
  environment?: Record<string, string>;
}

/** The X-Ray daemon sidecar and Envoy's X-Ray tracing (`ENABLE_ENVOY_XRAY_TRACING=1`). */
export interface XRayOptions {
  /** Default `xray-daemon`. */
  name?: string;
  /** Default `public.ecr.aws/xray/aws-xray-daemon:latest`. */
  image?: string;
  /** Default 32. */
  cpu?: number;
  /** Default 256. */
  memoryReservation?: number;
  /**
   * Daemon UDP port (`XRAY_DAEMON_PORT` for Envoy). Default 2000. With AWS's daemon image, another
   * port also becomes the daemon's `-b`/`-t` bind address; with your own image, make it listen there.
   */
  port?: number;
  /** `XRAY_SAMPLING_RATE`, 0-1. Not set by default (Envoy samples 5%). */
  samplingRate?: number;
}

/** Envoy's DogStatsD metrics (`ENABLE_ENVOY_DOG_STATSD=1`), optionally with a collector sidecar. */
export interface StatsdOptions {
  /** `STATSD_PORT`. Default 8125. */
  port?: number;
  /** `STATSD_ADDRESS`. Default `127.0.0.1`. */
  address?: string;
  /** A collector container (e.g. the CloudWatch agent) listening on `port`/udp in the task. */
  sidecar?: { name?: string; image: string; cpu?: number; memoryReservation?: number };
}

/** Fargate sizing. The pair must be one Fargate offers (see {@link fargateSizeProblem}). */
export interface FargateOptions {
  /** Task CPU units, e.g. 256. */
  cpu: number;
  /** Task memory in MiB, e.g. 512. */
  memory: number;
}

/** CloudWatch Logs (`awslogs`) for every container. */
export interface LoggingOptions {
  /** Log group. Default `/ecs/<family>`. */
  group?: string;
  /** Default `ecs`. */
  streamPrefix?: string;
  /** Default the task's `region`. */
  region?: string;
  /** Sets `awslogs-create-group` (and the execution role's `logs:CreateLogGroup`). Default false. */
  createGroup?: boolean;
}

/**
 * The meshplane registration agent as a sidecar of the task (`meshplane-ecs-agent`): it registers
 * the task in Cloud Map, follows the app's health URL and deregisters on SIGTERM. It runs as the
 * Envoy user so that its Cloud Map calls bypass the proxy (they are not mesh traffic).
 */
export interface AgentSidecarOptions {
  /** The image that runs `meshplane-ecs-agent`. Required. */
  image: string;
  /** Default `registration-agent`. */
  name?: string;
  /**
   * The Cloud Map service to register in. Default, when the virtual node comes from the model
   * with AWS Cloud Map service discovery: its namespace and service, and its discovery
   * attributes as instance attributes (so that App Mesh finds the task).
   */
  service?: { serviceId: string } | { namespaceName: string; serviceName: string };
  /** For IAM only: a DNS namespace also needs Route 53 permissions (see `registrationAgentStatements`). Default `DNS`. */
  namespaceType?: 'HTTP' | 'DNS' | 'DNS_PRIVATE' | 'DNS_PUBLIC';
  /** For IAM only: the namespace's Route 53 hosted zone id, which scopes the record writes to it. */
  hostedZoneId?: string;
  /** For IAM only: a tag of the Cloud Map service, which scopes the instance writes of a service given by name. */
  serviceTag?: { key: string; value: string };
  /** `AWS_INSTANCE_PORT`. Default the first app port. */
  port?: number;
  /** Custom instance attributes (not `AWS_`-prefixed). */
  attributes?: Record<string, string>;
  /** Path of the app's health URL on `http://127.0.0.1:<port>`; enables custom health. */
  healthPath?: string;
  healthIntervalMs?: number;
  healthThreshold?: number;
  /** Deregistration deadline in ms. Default 25000; must be below `stopTimeout`. */
  deregisterDeadlineMs?: number;
  /** Seconds ECS waits after SIGTERM before killing the agent (2-120). Default 30. */
  stopTimeout?: number;
  cpu?: number;
  /** Default 64. */
  memoryReservation?: number;
}

/**
 * Where the task's Envoy gets its configuration (App Mesh's management service is gone: AWS
 * discontinued App Mesh on 2026-09-30).
 *
 * - `task` (default): the meshplane agent serves xDS to this task's Envoy over a Unix socket on a
 *   volume the two share (`APPMESH_XDS_ENDPOINT=unix:///run/meshplane/xds.sock`), from the model
 *   (`xds.model`) and Cloud Map. No infrastructure; each task polls Cloud Map for the services its
 *   node reaches.
 * - `central`: `meshplane xds serve` runs as its own ECS service behind an NLB; Envoy connects to
 *   `xds.endpoint` (`APPMESH_XDS_ENDPOINT=host:443`).
 * - `appmesh`: App Mesh's own management service (the task definition App Mesh documented). It
 *   needs App Mesh, which AWS discontinued on 2026-09-30.
 */
export type ControlPlaneMode = 'task' | 'central' | 'appmesh';

/** The xDS settings of a task (see {@link ControlPlaneMode}). */
export interface XdsOptions {
  /** `central`: `host:port` of the control plane's NLB (`APPMESH_XDS_ENDPOINT`), e.g. `xds.mesh.internal:443`. */
  endpoint?: string;
  /**
   * `task`: where the agent reads the model: an absolute path of a file baked into its image
   * (`/etc/meshplane/mesh.json`), an S3 object (`s3://bucket/key`), or an App Mesh-compatible
   * endpoint (`appmesh:<mesh>`, with `appMeshEndpoint`).
   */
  model?: string;
  /** `task` with `model: 'appmesh:<mesh>'`: the endpoint URL (default: the regional App Mesh endpoint). */
  appMeshEndpoint?: string;
  /** `task`: the image that runs `meshplane-ecs-agent` (default `agent.image`). */
  image?: string;
  /** `task`: the Cloud Map namespaces the node reaches; scopes the discovery permissions (`servicediscovery:NamespaceName`). */
  namespaces?: string[];
  /** `task`: the container's name. Default `meshplane-xds`. */
  name?: string;
  /** `task`: how often each reachable Cloud Map service's revision is polled, in ms. Default 5000. */
  revisionIntervalMs?: number;
  /** `task`: how often each reachable service's instances are fetched in full, in ms. Default 30000. */
  fullRefreshMs?: number;
  cpu?: number;
  /** Default 64. */
  memoryReservation?: number;
}

/** Input of {@link meshTaskDefinition}. */
export interface MeshTaskDefinitionOptions {
  /** Where Envoy gets its configuration. Default `task`. */
  controlPlane?: ControlPlaneMode;
  /** The xDS settings of the `task` and `central` modes. */
  xds?: XdsOptions;
  /** Task definition family (1-255 letters, digits, `_`, `-`). */
  family: string;
  /** The mesh name. */
  mesh: string;
  virtualNode: VirtualNodeInput;
  app: AppContainerOptions;
  /** The AWS region the task runs in. */
  region: string;
  /** The account that owns the mesh: gives full ARNs and the default execution role. */
  account?: string;
  envoy?: EnvoyOptions;
  /** `true` for the defaults. */
  xray?: boolean | XRayOptions;
  /** `true` for the defaults. */
  statsd?: boolean | StatsdOptions;
  /** Fargate sizing; makes the task `FARGATE`-compatible. */
  fargate?: FargateOptions;
  /** Task CPU units on EC2 (with Fargate, use `fargate`). */
  cpu?: number;
  /** Task memory (MiB) on EC2 (with Fargate, use `fargate`). */
  memory?: number;
  taskRoleArn?: string;
  /** Default, when `account` is given and the task needs one: `arn:<partition>:iam::<account>:role/ecsTaskExecutionRole`. */
  executionRoleArn?: string;
  /** `false` turns logging off. Default `awslogs` to `/ecs/<family>`. */
  logging?: false | LoggingOptions;
  tags?: Record<string, string>;
  cpuArchitecture?: CPUArchitecture;
  /** The registration agent sidecar (Cloud Map registration for the life of the task). */
  agent?: AgentSidecarOptions;
  /** More containers, appended as given. */
  extraContainers?: ContainerDefinition[];
}
