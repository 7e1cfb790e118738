import {
  DeregisterInstanceCommand,
  GetOperationCommand,
  ListNamespacesCommand,
  type ListNamespacesCommandOutput,
  ListServicesCommand,
  type ListServicesCommandOutput,
  RegisterInstanceCommand,
  ServiceDiscoveryClient,
  type ServiceDiscoveryClientConfig,
  UpdateInstanceCustomHealthStatusCommand,
} from '@aws-sdk/client-servicediscovery';
import { MeshplaneEcsError } from '../errors.js';

/** How the agent reaches Cloud Map: an existing client, or the configuration of one it creates. */
export type CloudMapClientInput =
  | { client: ServiceDiscoveryClient }
  | { clientConfig: ServiceDiscoveryClientConfig };

/** The Cloud Map service to register in: by id, or by namespace and service name. */
export type ServiceRef = { serviceId: string } | { namespaceName: string; serviceName: string };

/**
 * The few Cloud Map calls the agent makes, over the AWS SDK client: register, deregister, custom
 * health, and waiting for an asynchronous operation with a deadline. The client is created on
 * first use when only its configuration is given.
 *
 * @example
 * ```ts
 * import { CloudMapRegistry } from '@meshplane/ecs/agent';
 * const registry = new CloudMapRegistry({ clientConfig: { region: 'us-east-1' } });
 * const serviceId = await registry.resolveService({ namespaceName: 'prod.svc.cluster.local', serviceName: 'jazz' });
 * ```
 */
export class CloudMapRegistry {
  #client: ServiceDiscoveryClient | undefined;
  readonly #input: CloudMapClientInput;

  constructor(input: CloudMapClientInput) {
    if ('client' in input && 'clientConfig' in input) {
      throw new MeshplaneEcsError('INVALID_CLIENT', 'give either client or clientConfig, not both');
    }
    this.#input = input;
  }

  get client(): ServiceDiscoveryClient {
    this.#client ??=
      'client' in this.#input ? this.#input.client : new ServiceDiscoveryClient(this.#input.clientConfig);
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
        `Cloud Map namespace ${JSON.stringify(ref.namespaceName)} does not exist`,
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
        `Cloud Map service ${JSON.stringify(ref.serviceName)} does not exist in namespace ${JSON.stringify(ref.namespaceName)}`,
      );
    }
    return serviceId;
  }

  /** RegisterInstance; returns the operation id. `CreatorRequestId` makes a retry idempotent. */
  async register(
    serviceId: string,
    instanceId: string,
    attributes: Record<string, string>,
    creatorRequestId?: string,
  ): Promise<string> {
    const out = await this.client.send(
      new RegisterInstanceCommand({
        ServiceId: serviceId,
        InstanceId: instanceId,
        Attributes: attributes,
        CreatorRequestId: creatorRequestId,
      }),
    );
    return requireOperation(out.OperationId, 'RegisterInstance');
  }

  /** DeregisterInstance; returns the operation id, or `undefined` when the instance is already gone. */
  async deregister(serviceId: string, instanceId: string): Promise<string | undefined> {
    try {
      const out = await this.client.send(
        new DeregisterInstanceCommand({ ServiceId: serviceId, InstanceId: instanceId }),
      );
      return requireOperation(out.OperationId, 'DeregisterInstance');
    } catch (error) {
      if ((error as { name?: string }).name === 'InstanceNotFound') return undefined;
      // Another deregistration of this instance is running: wait for that one instead.
      const duplicate = duplicateOperationOf(error);
      if (duplicate) return duplicate;
      throw error;
    }
  }

  /** UpdateInstanceCustomHealthStatus (the service needs a custom health check configuration). */
  async setHealth(serviceId: string, instanceId: string, status: 'HEALTHY' | 'UNHEALTHY'): Promise<void> {
    await this.client.send(
      new UpdateInstanceCustomHealthStatusCommand({
        ServiceId: serviceId,
        InstanceId: instanceId,
        Status: status,
      }),
    );
  }

  /**
   * Polls GetOperation until the operation succeeds, fails, or `deadline` (epoch ms) passes.
   * Throws a {@link MeshplaneEcsError} with code `OPERATION_FAILED` or `OPERATION_TIMEOUT`.
   */
  async waitForOperation(
    operationId: string,
    { deadline, pollMs = 250 }: { deadline: number; pollMs?: number },
  ): Promise<void> {
    for (;;) {
      const { Operation } = await this.client.send(new GetOperationCommand({ OperationId: operationId }));
      if (Operation?.Status === 'SUCCESS') return;
      if (Operation?.Status === 'FAIL') {
        throw new MeshplaneEcsError(
          'OPERATION_FAILED',
          `Cloud Map operation ${operationId} (${Operation.Type}) failed: ${Operation.ErrorCode ?? ''} ${Operation.ErrorMessage ?? ''}`.trim(),
        );
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new MeshplaneEcsError(
          'OPERATION_TIMEOUT',
          `Cloud Map operation ${operationId} was still ${Operation?.Status ?? 'unknown'} at the deadline`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(pollMs, left)));
    }
  }

  /** Releases the client when the registry created it. */
  close(): void {
    if (this.#client && !('client' in this.#input)) this.#client.destroy();
  }
}

// Cloud Map answers DuplicateRequest, with the id of the operation in progress, when the same
// instance already has an operation running.
function duplicateOperationOf(error: unknown): string | undefined {
  const e = error as { name?: string; DuplicateOperationId?: string };
  return e?.name === 'DuplicateRequest' && typeof e.DuplicateOperationId === 'string'
    ? e.DuplicateOperationId
    : undefined;
}

function requireOperation(id: string | undefined, operation: string): string {
  if (!id) throw new MeshplaneEcsError('NO_OPERATION_ID', `${operation} returned no OperationId`);
  return id;
}
