import type { ServiceDiscoveryClientConfig } from '@aws-sdk/client-servicediscovery';
import { defineOptions, excludes, requiredWithout } from '@meshplane/core';
import { EcsInputError, MeshplaneEcsError } from '../errors.js';
import { InputIssues, isIntegerIn, show } from '../input-issues.js';
import { addOptionIssues, ecsRule } from '../option-issues.js';
import { plainInput } from '../plain-input.js';
import { instanceAttributes, instanceIdFromTaskArn } from './attributes.js';
import { type CloudMapClientInput, CloudMapRegistry, type ServiceRef } from './cloud-map-registry.js';
import { HealthMonitor, type HealthMonitorOptions, type HealthStatus, probe } from './health-monitor.js';
import { leftRegistered } from './left-registered.js';
import { type ReadMetadataOptions, readTaskMetadata } from './metadata.js';

/**
 * The default time allowed to deregister after a stop request: below ECS's default 30 s stopTimeout.
 *
 * @example
 * ```ts
 * import { DEFAULT_DEREGISTER_DEADLINE_MS } from '@meshplane/ecs/agent';
 * console.log(DEFAULT_DEREGISTER_DEADLINE_MS); // 25000
 * ```
 */
export const DEFAULT_DEREGISTER_DEADLINE_MS = 25_000;

/** Something the agent did, for logs. */
export type AgentEvent =
  | { type: 'registering'; serviceId: string; instanceId: string; attributes: Record<string, string> }
  | { type: 'registered'; serviceId: string; instanceId: string; operationId: string }
  | { type: 'health'; status: HealthStatus }
  | { type: 'health-error'; status: HealthStatus; error: unknown }
  | { type: 'deregistering'; instanceId: string }
  | { type: 'deregister-retry'; instanceId: string; attempt: number; delayMs: number; error: unknown }
  | {
      type: 'left-registered';
      serviceId: string;
      instanceId: string;
      address: string;
      attempts: number;
      message: string;
    }
  | { type: 'deregistered'; instanceId: string; operationId?: string };

/** Options of {@link startAgent}. */
export type AgentOptions = CloudMapClientInput & {
  /** The Cloud Map service to register in. */
  service: ServiceRef;
  /** `AWS_INSTANCE_PORT`. Default: the first port mapping of `containerName`'s container. */
  port?: number;
  /** The container that serves traffic (image and port attributes). Default: the agent's own container. */
  containerName?: string;
  /** Custom attributes (not `AWS_`-prefixed). */
  attributes?: Record<string, string>;
  /** Where and how to read the task metadata endpoint v4. */
  metadata?: ReadMetadataOptions;
  /** Keep the service's custom health in step with a local URL. The service needs `HealthCheckCustomConfig`. */
  health?: HealthMonitorOptions;
  /** Time allowed for the registration to complete, in ms. Default 30000. */
  registerTimeoutMs?: number;
  /** Time allowed for deregistration on `stop()`, in ms: keep it below the container's stop timeout (ECS default 30 s). Default 25000. */
  deregisterDeadlineMs?: number;
  /** GetOperation poll interval in ms. Default 250. */
  operationPollMs?: number;
  onEvent?: (event: AgentEvent) => void;
};

/** A running agent. */
export interface AgentHandle {
  readonly serviceId: string;
  readonly instanceId: string;
  readonly attributes: Readonly<Record<string, string>>;
  /** The custom health last reported, or `undefined` when health is not monitored. */
  health(): HealthStatus | undefined;
  /**
   * Stops health monitoring, deregisters the instance and waits for the operation, within
   * `deregisterDeadlineMs` from now, or by `deadline` (epoch ms) when given (say, counted from the
   * SIGTERM). Calling it again returns the same promise.
   */
  stop(options?: { deadline?: number }): Promise<void>;
}

/**
 * Registers the ECS task this process runs in as a Cloud Map instance (id = the task id) with the
 * attributes of the task metadata endpoint v4, waits for the registration to complete, then keeps
 * the instance's custom health in step with a local health URL until `stop()`.
 * With `clientConfig` and no region anywhere (configuration, `AWS_REGION`, `AWS_DEFAULT_REGION`),
 * the client uses the region of the task's ARN.
 *
 * @example
 * ```ts
 * // not-runnable: the agent of an ECS task: reads the task metadata endpoint and runs until SIGTERM (tests/agent*.test.ts run it)
 * import { startAgent } from '@meshplane/ecs/agent';
 * const agent = await startAgent({
 *   clientConfig: { region: 'us-east-1' },
 *   service: { namespaceName: 'prod.svc.cluster.local', serviceName: 'jazz' },
 *   containerName: 'app',
 *   attributes: { version: 'v1' },
 *   health: { url: 'http://127.0.0.1:9080/ping', intervalMs: 5000, threshold: 2 },
 * });
 * process.once('SIGTERM', () => void agent.stop().then(() => process.exit(0)));
 * ```
 */
export async function startAgent(input: AgentOptions): Promise<AgentHandle> {
  // Read once into plain data (an SDK client and functions are kept as they are).
  const options = plainInput(input, 'options');
  checkOptions(options);
  const emit = options.onEvent ?? (() => {});
  const pollMs = options.operationPollMs ?? 250;
  const { task, self } = await readTaskMetadata(options.metadata);
  const registry = new CloudMapRegistry(
    'client' in options
      ? { client: options.client }
      : { clientConfig: withTaskRegion(options.clientConfig, task.TaskARN) },
  );
  try {
    const container = options.containerName
      ? task.Containers?.find((c) => c.Name === options.containerName)
      : self;
    if (!container) {
      throw new EcsInputError([
        {
          code: 'CONTAINER_NOT_FOUND',
          path: 'containerName',
          message: `the task has no container ${show(options.containerName)} (containers: ${(task.Containers ?? []).map((c) => c.Name).join(', ')})`,
          severity: 'error',
        },
      ]);
    }
    // A task that shares the network namespace (awsvpc) gives every container the same address;
    // fall back to the agent's own networks when the task document omits them.
    const addressed = container.Networks?.length ? container : { ...container, Networks: self.Networks };
    const initialHealth = options.health ? await initialStatus(options.health) : undefined;
    const attributes = instanceAttributes(task, {
      container: addressed,
      port: options.port,
      attributes: options.attributes,
      initialHealth,
    });
    const instanceId = instanceIdFromTaskArn(task.TaskARN);
    const serviceId = await registry.resolveService(options.service);
    if (options.health && !(await registry.hasCustomHealth(serviceId))) {
      throw new EcsInputError([
        {
          code: 'NO_CUSTOM_HEALTH',
          path: 'health',
          message: `Cloud Map service ${serviceId} has no custom health check configuration (HealthCheckCustomConfig), so its instances' health cannot follow health.url; create the service with one, or drop health`,
          severity: 'error',
        },
      ]);
    }
    emit({ type: 'registering', serviceId, instanceId, attributes });
    const operationId = await registry.register(serviceId, instanceId, attributes, {
      deadline: Date.now() + (options.registerTimeoutMs ?? 30_000),
      pollMs,
    });
    emit({ type: 'registered', serviceId, instanceId, operationId });

    const monitor =
      options.health && initialHealth
        ? new HealthMonitor(options.health, initialHealth, async (status) => {
            try {
              await registry.setHealth(serviceId, instanceId, status);
              emit({ type: 'health', status });
            } catch (error) {
              emit({ type: 'health-error', status, error });
              throw error;
            }
          })
        : undefined;
    monitor?.start();

    let stopping: Promise<void> | undefined;
    const stop = async (at?: number): Promise<void> => {
      const deadline = at ?? Date.now() + (options.deregisterDeadlineMs ?? DEFAULT_DEREGISTER_DEADLINE_MS);
      try {
        await withDeadline(monitor?.stop(), deadline);
        emit({ type: 'deregistering', instanceId });
        const operation = await withDeadline(
          registry.deregister(serviceId, instanceId, {
            deadline,
            pollMs,
            onRetry: ({ attempt, delayMs, error }) =>
              emit({ type: 'deregister-retry', instanceId, attempt, delayMs, error }),
          }),
          deadline,
        );
        emit({ type: 'deregistered', instanceId, operationId: operation });
      } catch (error) {
        const left = leftRegistered(error, { serviceId, instanceId, attributes });
        emit({
          type: 'left-registered',
          serviceId,
          instanceId,
          address: left.address,
          attempts: left.attempts,
          message: left.error.message,
        });
        throw left.error;
      } finally {
        registry.close();
      }
    };
    return {
      serviceId,
      instanceId,
      attributes,
      health: () => monitor?.status,
      stop: (stopOptions) => {
        stopping ??= stop(stopOptions?.deadline);
        return stopping;
      },
    };
  } catch (error) {
    registry.close();
    throw error;
  }
}

// The SDK finds no region when neither the configuration nor AWS_REGION / AWS_DEFAULT_REGION give
// one (ECS on EC2 does not always set them); the task runs, and registers, in its ARN's region.
function withTaskRegion(config: ServiceDiscoveryClientConfig, taskArn: string): ServiceDiscoveryClientConfig {
  if (config.region !== undefined || process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION) return config;
  return { ...config, region: taskArn.split(':')[3] };
}

async function initialStatus(health: HealthMonitorOptions): Promise<HealthStatus> {
  return (await probe(health.url, health.timeoutMs ?? 2000)) ? 'HEALTHY' : 'UNHEALTHY';
}

async function withDeadline<T>(work: Promise<T> | undefined, deadline: number): Promise<T | undefined> {
  if (work === undefined) return undefined;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new MeshplaneEcsError('OPERATION_TIMEOUT', 'deregistration did not finish before the deadline'),
        ),
      Math.max(0, deadline - Date.now()),
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
const isMs = (v: unknown) => isIntegerIn(v, 1, 3_600_000);
const msRule = ecsRule('RANGE', 'must be a positive integer of milliseconds', isMs);
const isHttpUrl = (v: unknown) => {
  try {
    return typeof v === 'string' && /^https?:$/.test(new URL(v).protocol);
  } catch {
    return false;
  }
};

const HEALTH_OPTIONS = defineOptions<HealthMonitorOptions>({
  url: ecsRule('URL', 'must be an http(s) URL', isHttpUrl, true),
  intervalMs: msRule,
  timeoutMs: msRule,
  threshold: ecsRule('RANGE', 'must be an integer in 1-100', (v) => isIntegerIn(v, 1, 100)),
});

type AgentSchema = Omit<AgentOptions, 'client' | 'clientConfig'> & {
  client?: unknown;
  clientConfig?: unknown;
};

/** The declared schema of {@link startAgent}'s options, in the order problems are reported. */
const AGENT_OPTIONS = defineOptions<AgentSchema>(
  {
    // An SDK client and its configuration may hold credentials: never printed.
    client: {
      ...ecsRule('TYPE', 'must be a Cloud Map client (ServiceDiscoveryClient)', isObject),
      sensitive: true,
    },
    clientConfig: {
      ...ecsRule('TYPE', 'must be a ServiceDiscoveryClientConfig object', isObject),
      sensitive: true,
    },
    service: ecsRule(
      'REQUIRED',
      'must be { serviceId } or { namespaceName, serviceName }',
      (v) => {
        const service = v as Partial<{ serviceId: string; namespaceName: string; serviceName: string }>;
        return isObject(v) && Boolean(service.serviceId || (service.namespaceName && service.serviceName));
      },
      true,
    ),
    port: ecsRule('PORT_RANGE', 'must be an integer in 1-65535', (v) => isIntegerIn(v, 1, 65535)),
    attributes: {
      ...ecsRule('TYPE', 'must be an object of name → value', isObject),
      entries: ecsRule('TYPE', 'must be a string', (v) => typeof v === 'string'),
    },
    containerName: ecsRule('TYPE', 'must be a container name', (v) => typeof v === 'string'),
    health: {
      ...ecsRule('TYPE', 'must be { url, intervalMs?, timeoutMs?, threshold? }', isObject),
      members: HEALTH_OPTIONS,
    },
    metadata: ecsRule('TYPE', 'must be { uri?, attempts?, retryDelayMs?, timeoutMs? }', isObject),
    registerTimeoutMs: msRule,
    deregisterDeadlineMs: msRule,
    operationPollMs: msRule,
    onEvent: ecsRule('TYPE', 'must be a function', (v) => typeof v === 'function'),
  },
  [
    {
      ...requiredWithout(
        'client',
        'clientConfig',
        'must be given when clientConfig is not: a Cloud Map client ({ client }) or its configuration ({ clientConfig })',
      ),
      code: 'REQUIRED',
    },
    {
      ...excludes('client', 'clientConfig', 'cannot be used together with clientConfig: give one'),
      code: 'CONFLICT',
    },
  ],
);

function checkOptions(options: AgentOptions): void {
  const issues = new InputIssues();
  addOptionIssues(issues, AGENT_OPTIONS, options, 'startAgent options');
  issues.throwIfAny();
}
