import {
  GetServiceCommand,
  ListNamespacesCommand,
  type ListNamespacesCommandOutput,
  ListServicesCommand,
  type ListServicesCommandOutput,
  type ServiceDiscoveryClient,
  type ServiceDiscoveryClientConfig,
} from '@aws-sdk/client-servicediscovery';
import {
  CloudMapOperationFailedError,
  CloudMapOperationTimeoutError,
  createCloudMapClient,
  deregisterInstance,
  registerInstance,
  setInstanceHealth,
} from '@meshplane/core/cloudmap';
import { MeshplaneEcsError } from '../errors.js';
import { show } from '../input-issues.js';
import { plainInput } from '../plain-input.js';
import { cloudMapErrorType, type RetryNotice, retryUntilDeadline } from './retry-until-deadline.js';

/** How the agent reaches Cloud Map: an existing client, or the configuration of one it creates. */
export type CloudMapClientInput =
  | { client: ServiceDiscoveryClient }
  | { clientConfig: ServiceDiscoveryClientConfig };

/** The Cloud Map service to register in: by id, or by namespace and service name. */
export type ServiceRef = { serviceId: string } | { namespaceName: string; serviceName: string };

/**
 * The Cloud Map calls the agent makes, over `@meshplane/core/cloudmap` (register, deregister,
 * custom health, each waiting for its operation) plus a lookup of a service by name. The client
 * is created on first use, with the SDK's adaptive retry mode, when only its configuration is given.
 *
 * @example
 * ```ts
 * // not-runnable: calls Cloud Map in the task's account and region (tests/agent.test.ts runs the registry against the local endpoint)
 * import { CloudMapRegistry } from './cloud-map-registry.js'; // inside packages/ecs/src/agent
 * const registry = new CloudMapRegistry({ clientConfig: { region: 'us-east-1' } });
 * const serviceId = await registry.resolveService({ namespaceName: 'prod.svc.cluster.local', serviceName: 'jazz' });
 * ```
 */
export class CloudMapRegistry {
  #client: ServiceDiscoveryClient | undefined;
  readonly #input: CloudMapClientInput;

  constructor(given: CloudMapClientInput) {
    const input = plainInput(given, 'input');
    if (input === null || typeof input !== 'object' || !('client' in input || 'clientConfig' in input)) {
      throw new MeshplaneEcsError(
        'INVALID_CLIENT',
        `give a Cloud Map client ({ client }) or its configuration ({ clientConfig }), got ${show(input)}`,
      );
    }
    if ('client' in input && 'clientConfig' in input) {
      throw new MeshplaneEcsError('INVALID_CLIENT', 'give either client or clientConfig, not both');
    }
    this.#input = input;
  }

  get client(): ServiceDiscoveryClient {
    this.#client ??=
      'client' in this.#input
        ? this.#input.client
        : createCloudMapClient({ clientConfig: this.#input.clientConfig });
    return this.#client;
  }

  /** The service id of `ref`, looking the namespace and service up by name when needed. */
  async resolveService(ref: ServiceRef): Promise<string> {
    if ('serviceId' in ref) return ref.serviceId;
    let namespaceId: string | undefined;
    let token: string | undefined;
    do {
      const page: ListNamespacesCommandOutput = await this.client.send(
        new ListNamespacesCommand({ NextToken: token }),
      );
      namespaceId = page.Namespaces?.find((ns) => ns.Name === ref.namespaceName)?.Id;
      token = page.NextToken;
    } while (!namespaceId && token);
    if (!namespaceId) {
      throw new MeshplaneEcsError(
        'NAMESPACE_NOT_FOUND',
        `Cloud Map namespace ${show(ref.namespaceName)} does not exist`,
      );
    }
    let serviceId: string | undefined;
    token = undefined;
    do {
      const page: ListServicesCommandOutput = await this.client.send(
        new ListServicesCommand({
          NextToken: token,
          Filters: [{ Name: 'NAMESPACE_ID', Values: [namespaceId], Condition: 'EQ' }],
        }),
      );
      serviceId = page.Services?.find((s) => s.Name === ref.serviceName)?.Id;
      token = page.NextToken;
    } while (!serviceId && token);
    if (!serviceId) {
      throw new MeshplaneEcsError(
        'SERVICE_NOT_FOUND',
        `Cloud Map service ${show(ref.serviceName)} does not exist in namespace ${show(ref.namespaceName)}`,
      );
    }
    return serviceId;
  }

  /**
   * Registers the instance and waits for the operation, until `deadline` (epoch ms). An operation
   * still running on the instance (DuplicateRequest) is waited for first.
   */
  async register(
    serviceId: string,
    instanceId: string,
    attributes: Record<string, string>,
    { deadline, pollMs }: { deadline: number; pollMs?: number },
  ): Promise<string> {
    try {
      const { operationId } = await registerInstance(
        { client: this.client },
        { serviceId, instanceId, attributes, ...waitOptions(deadline, pollMs) },
      );
      return operationId;
    } catch (error) {
      throw operationError(error, `registering ${instanceId}`);
    }
  }

  /**
   * Deregisters the instance and waits for the operation, until `deadline` (epoch ms), retrying
   * throttling, transient and server errors with the SDK's backoff for as long as the deadline
   * allows (the client's own retries stop after a few attempts, well before a stop timeout).
   * Returns the operation id, or `undefined` when the instance was already gone. A failure
   * rejects with a `RetryGaveUp` carrying the attempts made and the last error.
   */
  async deregister(
    serviceId: string,
    instanceId: string,
    {
      deadline,
      pollMs,
      onRetry,
    }: { deadline: number; pollMs?: number; onRetry?: (notice: RetryNotice) => void },
  ): Promise<string | undefined> {
    return retryUntilDeadline(
      async () => {
        const { operationId } = await deregisterInstance(
          { client: this.client },
          { serviceId, instanceId, ...waitOptions(deadline, pollMs) },
        );
        return operationId;
      },
      { deadline, classify: cloudMapErrorType, onRetry },
    );
  }

  /** True when the service has a custom health check configuration (UpdateInstanceCustomHealthStatus needs one). */
  async hasCustomHealth(serviceId: string): Promise<boolean> {
    const { Service } = await this.client.send(new GetServiceCommand({ Id: serviceId }));
    return Service?.HealthCheckCustomConfig !== undefined;
  }

  /** UpdateInstanceCustomHealthStatus (the service needs a custom health check configuration). */
  async setHealth(serviceId: string, instanceId: string, status: 'HEALTHY' | 'UNHEALTHY'): Promise<void> {
    await setInstanceHealth({ client: this.client }, { serviceId, instanceId, status });
  }

  /** Releases the client when the registry created it. */
  close(): void {
    if (this.#client && !('client' in this.#input)) this.#client.destroy();
  }
}

function waitOptions(
  deadline: number,
  pollMs: number | undefined,
): { timeoutMs: number; pollIntervalMs?: number } {
  return { timeoutMs: Math.max(1, deadline - Date.now()), ...(pollMs ? { pollIntervalMs: pollMs } : {}) };
}

// The agent reports its own stable codes; the Cloud Map error stays as the cause.
function operationError(error: unknown, what: string): unknown {
  if (error instanceof CloudMapOperationTimeoutError) {
    return new MeshplaneEcsError('OPERATION_TIMEOUT', `${what}: ${error.message}`, { cause: error });
  }
  if (error instanceof CloudMapOperationFailedError) {
    return new MeshplaneEcsError('OPERATION_FAILED', `${what}: ${error.message}`, { cause: error });
  }
  return error;
}
