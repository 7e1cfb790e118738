import type { ServiceDiscoveryClientConfig } from '@aws-sdk/client-servicediscovery';
import { EcsInputError, MeshplaneEcsError } from '../errors.js';
import { InputIssues, isIntegerIn, show } from '../input-issues.js';
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

function checkOptions(options: AgentOptions): void {
  const issues = new InputIssues();
  if (!options || typeof options !== 'object') {
    issues.add('REQUIRED', '', 'startAgent needs options');
    issues.throwIfAny();
  }
  if (!('client' in options) && !('clientConfig' in options)) {
    issues.add(
      'REQUIRED',
      'client',
      'give a Cloud Map client ({ client }) or its configuration ({ clientConfig })',
    );
  }
  if ('client' in options && 'clientConfig' in options) {
    issues.add('CONFLICT', 'client', 'give either client or clientConfig, not both');
  }
  const service = options.service as
    | Partial<{ serviceId: string; namespaceName: string; serviceName: string }>
    | undefined;
  if (!service || !(service.serviceId || (service.namespaceName && service.serviceName))) {
    issues.add(
      'REQUIRED',
      'service',
      `service must be { serviceId } or { namespaceName, serviceName }, got ${show(service)}`,
    );
  }
  if (options.port !== undefined && !isIntegerIn(options.port, 1, 65535)) {
    issues.add('PORT_RANGE', 'port', `port must be an integer in 1-65535, got ${show(options.port)}`);
  }
  if (options.health && typeof options.health === 'object') {
    try {
      const url = new URL(options.health.url);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
    } catch {
      issues.add('URL', 'health.url', `health.url must be an http(s) URL, got ${show(options.health.url)}`);
    }
    for (const key of ['intervalMs', 'timeoutMs'] as const) {
      const value = options.health[key];
      if (value !== undefined && !isIntegerIn(value, 1, 3_600_000)) {
        issues.add(
          'RANGE',
          `health.${key}`,
          `health.${key} must be a positive integer of milliseconds, got ${show(value)}`,
        );
      }
    }
    if (options.health.threshold !== undefined && !isIntegerIn(options.health.threshold, 1, 100)) {
      issues.add(
        'RANGE',
        'health.threshold',
        `health.threshold must be an integer in 1-100, got ${show(options.health.threshold)}`,
      );
    }
  }
  const attributes: unknown = options.attributes;
  if (attributes !== undefined) {
    if (attributes === null || typeof attributes !== 'object' || Array.isArray(attributes)) {
      issues.add(
        'TYPE',
        'attributes',
        `attributes must be an object of name → value, got ${show(attributes)}`,
      );
    } else {
      for (const [key, value] of Object.entries(attributes)) {
        if (typeof value !== 'string') {
          issues.add('TYPE', `attributes.${key}`, `attributes.${key} must be a string, got ${show(value)}`);
        }
      }
    }
  }
  if (options.containerName !== undefined && typeof options.containerName !== 'string') {
    issues.add(
      'TYPE',
      'containerName',
      `containerName must be a container name, got ${show(options.containerName)}`,
    );
  }
  if (options.health !== undefined && (options.health === null || typeof options.health !== 'object')) {
    issues.add(
      'TYPE',
      'health',
      `health must be { url, intervalMs?, timeoutMs?, threshold? }, got ${show(options.health)}`,
    );
  }
  for (const key of ['registerTimeoutMs', 'deregisterDeadlineMs', 'operationPollMs'] as const) {
    const value = options[key];
    if (value !== undefined && !isIntegerIn(value, 1, 3_600_000)) {
      issues.add('RANGE', key, `${key} must be a positive integer of milliseconds, got ${show(value)}`);
    }
  }
  issues.throwIfAny();
}
