import { cloudMapError, invalidInput } from './errors.js';
import { checkInstanceAttributes } from './instance-attributes.js';
import { paginate } from './pagination.js';
import type { InstanceRecord, ServiceRecord } from './state.js';
import { type Call, type CloudMapStore, req, str } from './store.js';

function refuseWhilePending(
  store: CloudMapStore,
  service: ServiceRecord,
  instanceId: string,
  call: Call,
): void {
  // AWS: one RegisterInstance request must complete before another names the same service and
  // instance; the same holds for DeregisterInstance.
  const pending = store.pendingOperationOn(
    { SERVICE: service.Id, INSTANCE: instanceId },
    ['REGISTER_INSTANCE', 'DEREGISTER_INSTANCE'],
    call.now,
  );
  if (pending) {
    throw cloudMapError(
      'DuplicateRequest',
      `Operation ${pending.Id} on instance ${instanceId} of service ${service.Id} is still in progress; poll GetOperation until it completes.`,
      { DuplicateOperationId: pending.Id },
    );
  }
}

const sameAttributes = (a: Record<string, string>, b: Record<string, string>): boolean => {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
};

/** RegisterInstance: creates or updates an instance; asynchronous (REGISTER_INSTANCE). */
export function registerInstance(store: CloudMapStore, input: Record<string, unknown>, call: Call): object {
  const service = store.service(req(input, 'ServiceId'));
  const namespace = store.namespace(service.NamespaceId);
  const instanceId = req(input, 'InstanceId');
  const attributes = { ...((input.Attributes ?? {}) as Record<string, string>) };
  const token = str(input, 'CreatorRequestId');
  const request = { ServiceId: service.Id, InstanceId: instanceId, Attributes: attributes };
  const replay = store.replayOrConflict(token, ['REGISTER_INSTANCE'], request);
  if (replay) return { OperationId: replay.Id };
  refuseWhilePending(store, service, instanceId, call);
  checkInstanceAttributes(attributes, service, namespace);

  const initial = attributes.AWS_INIT_HEALTH_STATUS === 'UNHEALTHY' ? 'UNHEALTHY' : 'HEALTHY';
  const existing = service.Instances.find((i) => i.Id === instanceId);
  if (existing) {
    if (!sameAttributes(existing.Attributes, attributes)) service.Revision = store.nextRevision();
    existing.Attributes = attributes;
    existing.CustomHealth = initial;
    if (token) existing.CreatorRequestId = token;
  } else {
    if (service.Instances.length >= store.limits.instancesPerService) {
      throw cloudMapError(
        'ResourceLimitExceeded',
        `Service ${service.Id} already has ${service.Instances.length} instances, the limit is ${store.limits.instancesPerService}.`,
      );
    }
    const inNamespace = store.servicesIn(namespace.Id).reduce((n, s) => n + s.Instances.length, 0);
    if (inNamespace >= store.limits.instancesPerNamespace) {
      throw cloudMapError(
        'ResourceLimitExceeded',
        `Namespace ${namespace.Id} already has ${inNamespace} instances, the limit is ${store.limits.instancesPerNamespace}.`,
      );
    }
    const instance: InstanceRecord = {
      seq: store.nextSeq(),
      Id: instanceId,
      Attributes: attributes,
      CreatedByAccount: call.accountId,
      CustomHealth: initial,
    };
    if (token) instance.CreatorRequestId = token;
    service.Instances.push(instance);
    service.Revision = store.nextRevision();
  }
  const op = store.startOperation(
    call,
    'REGISTER_INSTANCE',
    { INSTANCE: instanceId, SERVICE: service.Id },
    { id: token, request },
  );
  return { OperationId: op.Id };
}

/** DeregisterInstance: asynchronous (DEREGISTER_INSTANCE); InstanceNotFound when absent. */
export function deregisterInstance(store: CloudMapStore, input: Record<string, unknown>, call: Call): object {
  const service = store.service(req(input, 'ServiceId'));
  const instanceId = req(input, 'InstanceId');
  refuseWhilePending(store, service, instanceId, call);
  store.instance(service, instanceId);
  service.Instances = service.Instances.filter((i) => i.Id !== instanceId);
  service.Revision = store.nextRevision();
  const op = store.startOperation(call, 'DEREGISTER_INSTANCE', { INSTANCE: instanceId, SERVICE: service.Id });
  return { OperationId: op.Id };
}

export function getInstance(store: CloudMapStore, input: Record<string, unknown>): object {
  const service = store.service(req(input, 'ServiceId'));
  const instance = store.instance(service, req(input, 'InstanceId'));
  const view: Record<string, unknown> = {
    Id: instance.Id,
    Attributes: { ...instance.Attributes },
    CreatedByAccount: instance.CreatedByAccount,
  };
  if (instance.CreatorRequestId) view.CreatorRequestId = instance.CreatorRequestId;
  return { ResourceOwner: service.ResourceOwner, Instance: view };
}

export function listInstances(store: CloudMapStore, input: Record<string, unknown>): object {
  const service = store.service(req(input, 'ServiceId'));
  const { page, NextToken } = paginate(service.Instances, input, 'ListInstances', {
    defaultSize: 100,
    maxSize: 100,
  });
  return {
    ResourceOwner: service.ResourceOwner,
    Instances: page.map((i) => ({
      Id: i.Id,
      Attributes: { ...i.Attributes },
      CreatedByAccount: i.CreatedByAccount,
    })),
    ...(NextToken ? { NextToken } : {}),
  };
}

export function getInstancesHealthStatus(store: CloudMapStore, input: Record<string, unknown>): object {
  const service = store.service(req(input, 'ServiceId'));
  const ids = input.Instances as string[] | undefined;
  const selected = ids ? ids.map((id) => store.instance(service, id)) : service.Instances;
  const { page, NextToken } = paginate(selected, input, 'GetInstancesHealthStatus', {
    defaultSize: 100,
    maxSize: 100,
  });
  const Status = Object.fromEntries(page.map((i) => [i.Id, store.healthOf(service, i)]));
  return { Status, ...(NextToken ? { NextToken } : {}) };
}

/** Changes a custom health status. The instances revision does not change (AWS documents this). */
export function updateInstanceCustomHealthStatus(
  store: CloudMapStore,
  input: Record<string, unknown>,
): object {
  const service = store.service(req(input, 'ServiceId'));
  if (!service.HealthCheckCustomConfig) {
    throw cloudMapError(
      'CustomHealthNotFound',
      `Service ${service.Id} has no HealthCheckCustomConfig, so its instances have no custom health status to update.`,
    );
  }
  const instance = store.instance(service, req(input, 'InstanceId'));
  const status = req(input, 'Status');
  if (status !== 'HEALTHY' && status !== 'UNHEALTHY') {
    throw invalidInput(`Status "${status}" is invalid: it must be HEALTHY or UNHEALTHY.`);
  }
  instance.CustomHealth = status;
  return {};
}

function serviceByName(
  store: CloudMapStore,
  input: Record<string, unknown>,
): { service: ServiceRecord; httpName: string } {
  const namespace = store.namespaceByHttpName(req(input, 'NamespaceName'), str(input, 'OwnerAccount'));
  const name = req(input, 'ServiceName');
  const service = store.servicesIn(namespace.Id).find((s) => s.Name === name);
  if (!service)
    throw cloudMapError('ServiceNotFound', `Service ${name} not found in namespace ${namespace.HttpName}.`);
  return { service, httpName: namespace.HttpName };
}

const matchesAll = (attributes: Record<string, string>, filter: Record<string, string>): boolean =>
  Object.entries(filter).every(([k, v]) => attributes[k] === v);

/**
 * DiscoverInstances. HealthStatus defaults to HEALTHY and is ignored for services without a
 * health check (all instances are returned); OptionalParameters narrow the result only when at
 * least one instance matches them; the list comes back in random order, as AWS documents.
 */
export function discoverInstances(store: CloudMapStore, input: Record<string, unknown>): object {
  const { service, httpName } = serviceByName(store, input);
  const max = (input.MaxResults as number | undefined) ?? 100;
  const query = (input.QueryParameters ?? {}) as Record<string, string>;
  const optional = (input.OptionalParameters ?? {}) as Record<string, string>;
  const filter = str(input, 'HealthStatus') ?? 'HEALTHY';

  let candidates = service.Instances.filter((i) => matchesAll(i.Attributes, query));
  if (Object.keys(optional).length > 0) {
    const narrowed = candidates.filter((i) => matchesAll(i.Attributes, optional));
    if (narrowed.length > 0) candidates = narrowed;
  }
  const withHealth = candidates.map((i) => ({ instance: i, health: store.healthOf(service, i) }));
  const hasHealthCheck = Boolean(service.HealthCheckConfig || service.HealthCheckCustomConfig);
  let selected = withHealth;
  if (hasHealthCheck) {
    const healthy = withHealth.filter((x) => x.health === 'HEALTHY');
    if (filter === 'HEALTHY') selected = healthy;
    else if (filter === 'UNHEALTHY') selected = withHealth.filter((x) => x.health === 'UNHEALTHY');
    else if (filter === 'HEALTHY_OR_ELSE_ALL') selected = healthy.length > 0 ? healthy : withHealth;
  }
  const shuffled = shuffle(selected).slice(0, max);
  return {
    Instances: shuffled.map(({ instance, health }) => ({
      InstanceId: instance.Id,
      NamespaceName: httpName,
      ServiceName: service.Name,
      HealthStatus: health,
      Attributes: { ...instance.Attributes },
    })),
    InstancesRevision: service.Revision,
  };
}

export function discoverInstancesRevision(store: CloudMapStore, input: Record<string, unknown>): object {
  return { InstancesRevision: serviceByName(store, input).service.Revision };
}

function shuffle<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
