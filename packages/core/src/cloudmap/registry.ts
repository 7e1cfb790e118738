import {
  CreateHttpNamespaceCommand,
  CreatePrivateDnsNamespaceCommand,
  CreatePublicDnsNamespaceCommand,
  CreateServiceCommand,
  DeregisterInstanceCommand,
  type DnsConfig,
  GetNamespaceCommand,
  GetServiceCommand,
  type HealthCheckConfig,
  ListNamespacesCommand,
  ListServicesCommand,
  type Namespace,
  RegisterInstanceCommand,
  type Service,
  type ServiceDiscoveryClient,
  UpdateInstanceCustomHealthStatusCommand,
} from '@aws-sdk/client-servicediscovery';
import { type CloudMapClientOptions, createCloudMapClient, releaseCloudMapClient } from './client.js';
import { awsErrorName, CloudMapError, describeAwsError } from './errors.js';
import { instanceAttributeProblems } from './instance-attributes.js';
import { type WaitForOperationOptions, waitForOperation } from './wait-for-operation.js';

/**
 * Namespace types, as Cloud Map names them.
 *
 * @example
 * ```ts
 * import type { NamespaceType } from '@meshplane/core/cloudmap';
 * const type: NamespaceType = 'DNS_PRIVATE';
 * ```
 */
export type NamespaceType = 'HTTP' | 'DNS_PRIVATE' | 'DNS_PUBLIC';

/**
 * Parameters of {@link ensureNamespace}.
 *
 * @example
 * ```ts
 * import type { EnsureNamespaceParams } from '@meshplane/core/cloudmap';
 * const params: EnsureNamespaceParams = { name: 'prod.local', type: 'DNS_PRIVATE', vpc: 'vpc-0123', timeoutMs: 60_000 };
 * ```
 */
export interface EnsureNamespaceParams extends WaitForOperationOptions {
  name: string;
  /** Default `HTTP`. */
  type?: NamespaceType;
  /** Required for `DNS_PRIVATE`. */
  vpc?: string;
  description?: string;
  tags?: Record<string, string>;
}

/**
 * What {@link ensureNamespace} found or created.
 *
 * @example
 * ```ts
 * import { ensureNamespace } from '@meshplane/core/cloudmap';
 * const { id, httpName, created } = await ensureNamespace({ clientConfig: { region: 'us-east-1' } }, { name: 'prod' });
 * ```
 */
export interface EnsuredNamespace {
  id: string;
  arn: string;
  name: string;
  /** The name DiscoverInstances takes. */
  httpName: string;
  type: NamespaceType;
  created: boolean;
}

const tagList = (tags?: Record<string, string>) =>
  tags ? Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) : undefined;

function checkName(field: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new CloudMapError(
      'INVALID_ARGUMENT',
      `${field} ${JSON.stringify(value)} must be a non-empty string`,
    );
  }
}

function wrap(error: unknown, what: string): never {
  if (error instanceof CloudMapError) throw error;
  const name = awsErrorName(error);
  const code =
    name === 'NamespaceNotFound'
      ? 'NAMESPACE_NOT_FOUND'
      : name === 'ServiceNotFound'
        ? 'SERVICE_NOT_FOUND'
        : name === 'InstanceNotFound'
          ? 'INSTANCE_NOT_FOUND'
          : name === 'CustomHealthNotFound'
            ? 'CUSTOM_HEALTH_NOT_FOUND'
            : 'CLOUD_MAP_ERROR';
  throw new CloudMapError(code, `${what} failed: ${describeAwsError(error)}`, { cause: error });
}

function toEnsured(ns: Namespace, created: boolean): EnsuredNamespace {
  return {
    id: ns.Id!,
    arn: ns.Arn!,
    name: ns.Name!,
    httpName: ns.Properties?.HttpProperties?.HttpName ?? ns.Name!,
    type: ns.Type as NamespaceType,
    created,
  };
}

async function findNamespace(client: ServiceDiscoveryClient, name: string, type: NamespaceType) {
  let NextToken: string | undefined;
  do {
    const page = await client.send(
      new ListNamespacesCommand({ Filters: [{ Name: 'NAME', Values: [name], Condition: 'EQ' }], NextToken }),
    );
    const found = page.Namespaces?.find((n) => n.Name === name && n.Type === type);
    if (found?.Id) return (await client.send(new GetNamespaceCommand({ Id: found.Id }))).Namespace;
    NextToken = page.NextToken;
  } while (NextToken);
  return undefined;
}

/**
 * Finds the namespace with this name and type, or creates it and waits (GetOperation) until
 * it exists. Safe to run concurrently and to re-run: a creation race resolves to the winner.
 *
 * @example
 * ```ts
 * import { ensureNamespace } from '@meshplane/core/cloudmap';
 * const ns = await ensureNamespace(
 *   { clientConfig: { region: 'us-east-1' } },
 *   { name: 'prod.svc.cluster.local', type: 'HTTP', timeoutMs: 60_000 },
 * );
 * console.log(ns.id, ns.created);
 * ```
 */
export async function ensureNamespace(
  clientOptions: CloudMapClientOptions,
  params: EnsureNamespaceParams,
): Promise<EnsuredNamespace> {
  checkName('name', params?.name);
  const type = params.type ?? 'HTTP';
  if (!['HTTP', 'DNS_PRIVATE', 'DNS_PUBLIC'].includes(type)) {
    throw new CloudMapError('INVALID_ARGUMENT', `type "${type}" must be HTTP, DNS_PRIVATE or DNS_PUBLIC`);
  }
  if (type === 'DNS_PRIVATE') checkName('vpc (required for a DNS_PRIVATE namespace)', params.vpc);
  const client = createCloudMapClient(clientOptions);
  try {
    const existing = await findNamespace(client, params.name, type);
    if (existing) return toEnsured(existing, false);
    const common = { Name: params.name, Description: params.description, Tags: tagList(params.tags) };
    let operationId: string | undefined;
    try {
      const out =
        type === 'HTTP'
          ? await client.send(new CreateHttpNamespaceCommand(common))
          : type === 'DNS_PRIVATE'
            ? await client.send(new CreatePrivateDnsNamespaceCommand({ ...common, Vpc: params.vpc! }))
            : await client.send(new CreatePublicDnsNamespaceCommand(common));
      operationId = out.OperationId;
    } catch (error) {
      if (awsErrorName(error) !== 'NamespaceAlreadyExists') throw error;
      // Someone else created it between our look-up and our create: use theirs.
      const id = (error as { NamespaceId?: string }).NamespaceId;
      const ns = id ? (await client.send(new GetNamespaceCommand({ Id: id }))).Namespace : undefined;
      const found = ns ?? (await findNamespace(client, params.name, type));
      if (found && found.Type === type) return toEnsured(found, false);
      throw new CloudMapError(
        'NAMESPACE_TYPE_MISMATCH',
        `namespace "${params.name}" already exists with type ${found?.Type ?? 'unknown'}, not ${type}`,
        { cause: error },
      );
    }
    const op = await waitForOperation({ client }, operationId!, params);
    const id = op.Targets?.NAMESPACE;
    const ns = id ? (await client.send(new GetNamespaceCommand({ Id: id }))).Namespace : undefined;
    if (!ns)
      throw new CloudMapError('CLOUD_MAP_ERROR', `operation ${operationId} succeeded but names no namespace`);
    return toEnsured(ns, true);
  } catch (error) {
    wrap(error, `ensureNamespace "${params.name}"`);
  } finally {
    releaseCloudMapClient(clientOptions, client);
  }
}

/**
 * Parameters of {@link ensureService}.
 *
 * @example
 * ```ts
 * import type { EnsureServiceParams } from '@meshplane/core/cloudmap';
 * const params: EnsureServiceParams = {
 *   namespaceId: 'ns-0123456789abcdef',
 *   name: 'web',
 *   dnsConfig: { RoutingPolicy: 'MULTIVALUE', DnsRecords: [{ Type: 'A', TTL: 60 }] },
 *   customHealth: true,
 * };
 * ```
 */
export interface EnsureServiceParams {
  /** The namespace id or ARN. */
  namespaceId: string;
  name: string;
  description?: string;
  /** DNS namespaces: the records to create per instance. */
  dnsConfig?: DnsConfig;
  /** Public DNS namespaces only: a Route 53 health check. */
  healthCheckConfig?: HealthCheckConfig;
  /** Custom health (UpdateInstanceCustomHealthStatus); what meshplane's agents use. */
  customHealth?: boolean;
  /** `HTTP`: discoverable through DiscoverInstances only, even in a DNS namespace. */
  type?: 'HTTP';
  tags?: Record<string, string>;
}

/**
 * What {@link ensureService} found or created.
 *
 * @example
 * ```ts
 * import { ensureNamespace, ensureService } from '@meshplane/core/cloudmap';
 * const namespace = await ensureNamespace({ clientConfig: { region: 'us-east-1' } }, { name: 'prod.svc.cluster.local' });
 * const { id, created } = await ensureService(
 *   { clientConfig: { region: 'us-east-1' } },
 *   { namespaceId: namespace.id, name: 'jazz' },
 * );
 * ```
 */
export interface EnsuredService {
  id: string;
  arn: string;
  name: string;
  namespaceId: string;
  created: boolean;
  service: Service;
}

async function findService(client: ServiceDiscoveryClient, namespaceId: string, name: string) {
  let NextToken: string | undefined;
  do {
    const page = await client.send(
      new ListServicesCommand({
        Filters: [{ Name: 'NAMESPACE_ID', Values: [namespaceId], Condition: 'EQ' }],
        NextToken,
      }),
    );
    const found = page.Services?.find((s) => s.Name === name);
    if (found?.Id) return (await client.send(new GetServiceCommand({ Id: found.Id }))).Service;
    NextToken = page.NextToken;
  } while (NextToken);
  return undefined;
}

const ensuredService = (s: Service, created: boolean): EnsuredService => ({
  id: s.Id!,
  arn: s.Arn!,
  name: s.Name!,
  namespaceId: s.NamespaceId!,
  created,
  service: s,
});

/**
 * Finds the service with this name in the namespace, or creates it (CreateService is
 * synchronous). A creation race resolves to the winner through ServiceAlreadyExists. An
 * existing service is returned as it is: its configuration is not compared or changed.
 *
 * @example
 * ```ts
 * import { ensureNamespace, ensureService } from '@meshplane/core/cloudmap';
 * const namespace = await ensureNamespace({ clientConfig: { region: 'us-east-1' } }, { name: 'prod.svc.cluster.local' });
 * const svc = await ensureService(
 *   { clientConfig: { region: 'us-east-1' } },
 *   { namespaceId: namespace.id, name: 'blues', customHealth: true },
 * );
 * console.log(svc.id.startsWith('srv-'), svc.created); // true true
 * ```
 */
export async function ensureService(
  clientOptions: CloudMapClientOptions,
  params: EnsureServiceParams,
): Promise<EnsuredService> {
  checkName('namespaceId', params?.namespaceId);
  checkName('name', params.name);
  if (params.customHealth && params.healthCheckConfig) {
    throw new CloudMapError('INVALID_ARGUMENT', 'customHealth and healthCheckConfig cannot both be set');
  }
  const client = createCloudMapClient(clientOptions);
  const namespaceId = params.namespaceId.replace(/^arn:.*:namespace\//, '');
  try {
    const existing = await findService(client, namespaceId, params.name);
    if (existing) return ensuredService(existing, false);
    try {
      const { Service: created } = await client.send(
        new CreateServiceCommand({
          Name: params.name,
          NamespaceId: params.namespaceId,
          Description: params.description,
          DnsConfig: params.dnsConfig,
          HealthCheckConfig: params.healthCheckConfig,
          HealthCheckCustomConfig: params.customHealth ? {} : undefined,
          Type: params.type,
          Tags: tagList(params.tags),
        }),
      );
      return ensuredService(created!, true);
    } catch (error) {
      if (awsErrorName(error) !== 'ServiceAlreadyExists') throw error;
      const id = (error as { ServiceId?: string }).ServiceId;
      const svc = id ? (await client.send(new GetServiceCommand({ Id: id }))).Service : undefined;
      const found = svc ?? (await findService(client, namespaceId, params.name));
      if (!found) throw error;
      return ensuredService(found, false);
    }
  } catch (error) {
    wrap(error, `ensureService "${params.name}"`);
  } finally {
    releaseCloudMapClient(clientOptions, client);
  }
}

/**
 * Parameters of {@link registerInstance}.
 *
 * @example
 * ```ts
 * import type { RegisterInstanceParams } from '@meshplane/core/cloudmap';
 * const params: RegisterInstanceParams = {
 *   serviceId: 'srv-0123456789abcdef',
 *   instanceId: 'jazz-v2-a',
 *   attributes: { AWS_INSTANCE_IPV4: '10.0.0.7', AWS_INSTANCE_PORT: '9080', version: 'v2' },
 *   timeoutMs: 30_000,
 * };
 * ```
 */
export interface RegisterInstanceParams extends WaitForOperationOptions {
  serviceId: string;
  instanceId: string;
  /** `AWS_INSTANCE_IPV4`, `AWS_INSTANCE_PORT`, custom attributes like `version`. */
  attributes: Record<string, string>;
  /** Wait for the operation to complete (default true). */
  wait?: boolean;
}

/**
 * The operation a registration started, and its final status when waited for.
 *
 * @example
 * ```ts
 * import { ensureNamespace, ensureService, registerInstance } from '@meshplane/core/cloudmap';
 * const cloudMap = { clientConfig: { region: 'us-east-1' } };
 * const namespace = await ensureNamespace(cloudMap, { name: 'prod.svc.cluster.local' });
 * const service = await ensureService(cloudMap, { namespaceId: namespace.id, name: 'jazz' });
 * const { operationId, status } = await registerInstance(cloudMap, {
 *   serviceId: service.id, instanceId: 'a', attributes: { AWS_INSTANCE_IPV4: '10.0.0.12' }, wait: false,
 * });
 * console.log(status); // 'SUBMITTED'
 * ```
 */
export interface RegistrationResult {
  operationId: string;
  status: 'SUCCESS' | 'SUBMITTED';
}

/** A DuplicateRequest names the operation still running on this instance: wait for it first. */
async function afterPending<T>(
  client: ServiceDiscoveryClient,
  options: WaitForOperationOptions,
  send: () => Promise<T>,
): Promise<T> {
  try {
    return await send();
  } catch (error) {
    const pending = (error as { DuplicateOperationId?: string }).DuplicateOperationId;
    if (awsErrorName(error) !== 'DuplicateRequest' || !pending) throw error;
    await waitForOperation({ client }, pending, options);
    return send();
  }
}

/**
 * Registers (or updates) an instance and, by default, waits for the REGISTER_INSTANCE
 * operation to succeed. If an earlier operation on the same instance is still running,
 * waits for it first.
 *
 * @example
 * ```ts
 * import { ensureNamespace, ensureService, registerInstance } from '@meshplane/core/cloudmap';
 * const cloudMap = { clientConfig: { region: 'us-east-1' } };
 * const namespace = await ensureNamespace(cloudMap, { name: 'prod.svc.cluster.local' });
 * const service = await ensureService(cloudMap, { namespaceId: namespace.id, name: 'jazz' });
 * await registerInstance(cloudMap, {
 *   serviceId: service.id,
 *   instanceId: 'jazz-v1-a',
 *   attributes: { AWS_INSTANCE_IPV4: '10.0.0.12', AWS_INSTANCE_PORT: '9080', version: 'v1' },
 * });
 * ```
 */
export async function registerInstance(
  clientOptions: CloudMapClientOptions,
  params: RegisterInstanceParams,
): Promise<RegistrationResult> {
  checkName('serviceId', params?.serviceId);
  checkName('instanceId', params.instanceId);
  const problems = instanceAttributeProblems(params.attributes);
  if (problems.length > 0) {
    throw new CloudMapError(
      'INVALID_ARGUMENT',
      `attributes of instance ${params.instanceId} are invalid: ${problems.join('; ')}`,
    );
  }
  const client = createCloudMapClient(clientOptions);
  try {
    const { OperationId } = await afterPending(client, params, () =>
      client.send(
        new RegisterInstanceCommand({
          ServiceId: params.serviceId,
          InstanceId: params.instanceId,
          Attributes: params.attributes,
        }),
      ),
    );
    if (params.wait === false) return { operationId: OperationId!, status: 'SUBMITTED' };
    await waitForOperation({ client }, OperationId!, params);
    return { operationId: OperationId!, status: 'SUCCESS' };
  } catch (error) {
    wrap(error, `registerInstance ${params.instanceId} in ${params.serviceId}`);
  } finally {
    releaseCloudMapClient(clientOptions, client);
  }
}

/**
 * Parameters of {@link deregisterInstance}.
 *
 * @example
 * ```ts
 * import type { DeregisterInstanceParams } from '@meshplane/core/cloudmap';
 * const params: DeregisterInstanceParams = { serviceId: 'srv-0123456789abcdef', instanceId: 'a', timeoutMs: 10_000 };
 * ```
 */
export interface DeregisterInstanceParams extends WaitForOperationOptions {
  serviceId: string;
  instanceId: string;
  /** Wait for the operation to complete (default true). */
  wait?: boolean;
}

/**
 * Deregisters an instance, idempotently: an instance (or service) that does not exist is
 * already deregistered, so the call succeeds with `deregistered: false`.
 *
 * @example
 * ```ts
 * import { deregisterInstance } from '@meshplane/core/cloudmap';
 * const client = { clientConfig: { region: 'us-east-1' } };
 * await deregisterInstance(client, { serviceId: 'srv-0123456789abcdef', instanceId: 'jazz-v1-a' });
 * await deregisterInstance(client, { serviceId: 'srv-0123456789abcdef', instanceId: 'jazz-v1-a' }); // fine
 * ```
 */
export async function deregisterInstance(
  clientOptions: CloudMapClientOptions,
  params: DeregisterInstanceParams,
): Promise<{ deregistered: boolean; operationId?: string }> {
  checkName('serviceId', params?.serviceId);
  checkName('instanceId', params.instanceId);
  const client = createCloudMapClient(clientOptions);
  try {
    const { OperationId } = await afterPending(client, params, () =>
      client.send(
        new DeregisterInstanceCommand({ ServiceId: params.serviceId, InstanceId: params.instanceId }),
      ),
    );
    if (params.wait !== false) await waitForOperation({ client }, OperationId!, params);
    return { deregistered: true, operationId: OperationId! };
  } catch (error) {
    const name = awsErrorName(error);
    if (name === 'InstanceNotFound' || name === 'ServiceNotFound') return { deregistered: false };
    wrap(error, `deregisterInstance ${params.instanceId} from ${params.serviceId}`);
  } finally {
    releaseCloudMapClient(clientOptions, client);
  }
}

/**
 * Parameters of {@link setInstanceHealth}.
 *
 * @example
 * ```ts
 * import type { SetInstanceHealthParams } from '@meshplane/core/cloudmap';
 * const params: SetInstanceHealthParams = { serviceId: 'srv-0123456789abcdef', instanceId: 'a', status: 'HEALTHY' };
 * ```
 */
export interface SetInstanceHealthParams {
  serviceId: string;
  instanceId: string;
  status: 'HEALTHY' | 'UNHEALTHY';
}

/**
 * Sets an instance's custom health status (the service needs HealthCheckCustomConfig, else
 * `CUSTOM_HEALTH_NOT_FOUND`). Note that Cloud Map's instances revision does not change on a
 * health change: discovery caches see it on their next full refresh.
 *
 * @example
 * ```ts
 * import { ensureNamespace, ensureService, registerInstance, setInstanceHealth } from '@meshplane/core/cloudmap';
 * const cloudMap = { clientConfig: { region: 'us-east-1' } };
 * const namespace = await ensureNamespace(cloudMap, { name: 'prod.svc.cluster.local' });
 * const service = await ensureService(cloudMap, { namespaceId: namespace.id, name: 'blues', customHealth: true });
 * await registerInstance(cloudMap, { serviceId: service.id, instanceId: 'blues-v1-a', attributes: { AWS_INSTANCE_IPV4: '10.0.0.13' } });
 * await setInstanceHealth(cloudMap, { serviceId: service.id, instanceId: 'blues-v1-a', status: 'UNHEALTHY' });
 * ```
 */
export async function setInstanceHealth(
  clientOptions: CloudMapClientOptions,
  params: SetInstanceHealthParams,
): Promise<void> {
  checkName('serviceId', params?.serviceId);
  checkName('instanceId', params.instanceId);
  if (params.status !== 'HEALTHY' && params.status !== 'UNHEALTHY') {
    throw new CloudMapError(
      'INVALID_ARGUMENT',
      `status ${JSON.stringify(params.status)} must be HEALTHY or UNHEALTHY`,
    );
  }
  const client = createCloudMapClient(clientOptions);
  try {
    await client.send(
      new UpdateInstanceCustomHealthStatusCommand({
        ServiceId: params.serviceId,
        InstanceId: params.instanceId,
        Status: params.status,
      }),
    );
  } catch (error) {
    wrap(error, `setInstanceHealth ${params.instanceId} in ${params.serviceId}`);
  } finally {
    releaseCloudMapClient(clientOptions, client);
  }
}
