import { cloudMapError, invalidInput } from './errors.js';
import { newServiceId, serviceArn } from './ids.js';
import { filterMatches, parseFilters } from './list-filters.js';
import { paginate } from './pagination.js';
import type {
  DnsConfig,
  DnsRecord,
  HealthCheckConfig,
  NamespaceRecord,
  ServiceRecord,
  ServiceType,
} from './state.js';
import { type Call, type CloudMapStore, req, str } from './store.js';
import { mergeTags } from './tags.js';

/** The DNS record combinations CreateService accepts (AWS API reference, DnsRecord > Type). */
const RECORD_COMBINATIONS = ['A', 'AAAA', 'A,AAAA', 'SRV', 'CNAME'];

function checkDnsRecords(records: DnsRecord[], routing: string | undefined, problems: string[]): void {
  const types = records.map((r) => r.Type);
  const key = [...types].sort().join(',');
  if (new Set(types).size !== types.length) {
    problems.push(`DnsConfig.DnsRecords has the record type ${types.join(', ')}: each type may appear once`);
  } else if (!RECORD_COMBINATIONS.includes(key)) {
    problems.push(
      `DnsConfig.DnsRecords types [${types.join(', ')}] are not a valid combination (A, AAAA, A and AAAA, SRV, or CNAME)`,
    );
  }
  if (types.includes('CNAME') && routing !== 'WEIGHTED') {
    problems.push('DnsConfig.RoutingPolicy must be WEIGHTED for a CNAME record');
  }
}

function checkHealthCheck(config: HealthCheckConfig, namespace: NamespaceRecord, problems: string[]): void {
  if (namespace.Type !== 'DNS_PUBLIC') {
    problems.push(
      `HealthCheckConfig (a Route 53 health check) is supported in public DNS namespaces only; namespace ${namespace.Id} is ${namespace.Type}: use HealthCheckCustomConfig`,
    );
  }
  if (config.Type === 'TCP' && config.ResourcePath !== undefined) {
    problems.push('HealthCheckConfig.ResourcePath cannot be set for a TCP health check');
  }
}

function normalizeHealthCheck(config: HealthCheckConfig): HealthCheckConfig {
  const out: HealthCheckConfig = { Type: config.Type, FailureThreshold: config.FailureThreshold ?? 1 };
  if (config.Type !== 'TCP') out.ResourcePath = config.ResourcePath ?? '/';
  return out;
}

/** CreateService: synchronous, returns the service. */
export function createService(store: CloudMapStore, input: Record<string, unknown>, call: Call): object {
  const name = req(input, 'Name');
  const dnsConfig = input.DnsConfig as DnsConfig | undefined;
  const namespaceRef = str(input, 'NamespaceId') ?? dnsConfig?.NamespaceId;
  if (!namespaceRef) throw invalidInput('NamespaceId is required (or the deprecated DnsConfig.NamespaceId).');
  const namespace = store.namespace(namespaceRef);
  const token = str(input, 'CreatorRequestId');

  const existing = store.servicesIn(namespace.Id).find((s) => s.Name === name);
  if (existing) {
    if (token && existing.CreatorRequestId === token) return { Service: serviceView(store, existing, true) };
    throw cloudMapError(
      'ServiceAlreadyExists',
      `Service ${name} already exists in namespace ${namespace.Id}.`,
      {
        CreatorRequestId: existing.CreatorRequestId,
        ServiceId: existing.Id,
        ServiceArn: existing.Arn,
      },
    );
  }

  const problems: string[] = [];
  const requestedType = str(input, 'Type');
  const health = input.HealthCheckConfig as HealthCheckConfig | undefined;
  const custom = input.HealthCheckCustomConfig as { FailureThreshold?: number } | undefined;
  let type: ServiceType;
  if (namespace.Type === 'HTTP') {
    type = 'HTTP';
    if (dnsConfig)
      problems.push(`DnsConfig is not supported: namespace ${namespace.Id} is an HTTP namespace`);
  } else if (requestedType === 'HTTP') {
    type = 'HTTP';
    if (dnsConfig)
      problems.push('DnsConfig cannot be combined with Type HTTP (HTTP services register no DNS records)');
  } else {
    type = 'DNS_HTTP';
    if (!dnsConfig) {
      problems.push(
        `DnsConfig is required for a service in DNS namespace ${namespace.Id} unless Type is HTTP`,
      );
    }
  }
  if (dnsConfig) checkDnsRecords(dnsConfig.DnsRecords ?? [], dnsConfig.RoutingPolicy, problems);
  if (health && custom) problems.push('HealthCheckConfig and HealthCheckCustomConfig cannot both be set');
  if (health) checkHealthCheck(health, namespace, problems);
  if (health && dnsConfig?.DnsRecords?.some((r) => r.Type === 'CNAME')) {
    problems.push('HealthCheckConfig cannot be set for a service with a CNAME record');
  }
  if (problems.length > 0) throw invalidInput(`CreateService input is invalid: ${problems.join('; ')}.`);

  const id = newServiceId();
  const arn = serviceArn(call.region, call.accountId, id);
  const service: ServiceRecord = {
    seq: store.nextSeq(),
    Id: id,
    Arn: arn,
    ResourceOwner: namespace.ResourceOwner,
    CreatedByAccount: call.accountId,
    Name: name,
    NamespaceId: namespace.Id,
    Type: type,
    CreateDate: call.now,
    CreatorRequestId: token ?? '',
    Tags: mergeTags(store, [], input.Tags, arn),
    Attributes: {},
    Revision: store.nextRevision(),
    Instances: [],
  };
  const description = str(input, 'Description');
  if (description !== undefined) service.Description = description;
  if (dnsConfig) {
    service.DnsConfig = {
      NamespaceId: namespace.Id,
      RoutingPolicy: dnsConfig.RoutingPolicy ?? 'MULTIVALUE',
      DnsRecords: dnsConfig.DnsRecords.map((r) => ({ Type: r.Type, TTL: r.TTL })),
    };
  }
  if (health) service.HealthCheckConfig = normalizeHealthCheck(health);
  // AWS deprecated a configurable threshold: it is always 1.
  if (custom) service.HealthCheckCustomConfig = { FailureThreshold: 1 };
  store.addService(service);
  return { Service: serviceView(store, service, true) };
}

/** The Service (full) or ServiceSummary (list) shape of a service. */
export function serviceView(_store: CloudMapStore, s: ServiceRecord, full: boolean): Record<string, unknown> {
  const view: Record<string, unknown> = {
    Id: s.Id,
    Arn: s.Arn,
    ResourceOwner: s.ResourceOwner,
    Name: s.Name,
    Type: s.Type,
    InstanceCount: s.Instances.length,
    CreateDate: s.CreateDate,
    CreatedByAccount: s.CreatedByAccount,
  };
  if (full) view.NamespaceId = s.NamespaceId;
  if (s.Description !== undefined) view.Description = s.Description;
  if (s.DnsConfig) view.DnsConfig = structuredClone(s.DnsConfig);
  if (s.HealthCheckConfig) view.HealthCheckConfig = { ...s.HealthCheckConfig };
  if (s.HealthCheckCustomConfig) view.HealthCheckCustomConfig = { ...s.HealthCheckCustomConfig };
  if (full && s.CreatorRequestId) view.CreatorRequestId = s.CreatorRequestId;
  return view;
}

export function getService(store: CloudMapStore, input: Record<string, unknown>): object {
  return { Service: serviceView(store, store.service(req(input, 'Id')), true) };
}

export function listServices(store: CloudMapStore, input: Record<string, unknown>, call: Call): object {
  const filters = parseFilters(input.Filters, { NAMESPACE_ID: ['EQ', 'IN'], RESOURCE_OWNER: ['EQ'] });
  const matching = store.state.services.filter((s) =>
    filters.every((f) =>
      f.name === 'NAMESPACE_ID'
        ? filterMatches(f, s.NamespaceId)
        : filterMatches(f, s.ResourceOwner === call.accountId ? 'SELF' : 'OTHER_ACCOUNTS'),
    ),
  );
  const { page, NextToken } = paginate(matching, input, 'ListServices', { defaultSize: 100, maxSize: 100 });
  return { Services: page.map((s) => serviceView(store, s, false)), ...(NextToken ? { NextToken } : {}) };
}

/** UpdateService: asynchronous (UPDATE_SERVICE); DNS namespaces only, as AWS documents. */
export function updateService(store: CloudMapStore, input: Record<string, unknown>, call: Call): object {
  const service = store.service(req(input, 'Id'));
  const namespace = store.namespace(service.NamespaceId);
  const change = (input.Service ?? {}) as {
    Description?: string;
    DnsConfig?: { DnsRecords: DnsRecord[] };
    HealthCheckConfig?: HealthCheckConfig;
  };
  const problems: string[] = [];
  if (namespace.Type === 'HTTP') {
    problems.push(
      `service ${service.Id} is in HTTP namespace ${namespace.Id}, and UpdateService does not apply to HTTP namespaces`,
    );
  }
  if (change.DnsConfig) {
    const before = (service.DnsConfig?.DnsRecords ?? [])
      .map((r) => r.Type)
      .sort()
      .join(',');
    const after = change.DnsConfig.DnsRecords.map((r) => r.Type)
      .sort()
      .join(',');
    if (before !== after) {
      problems.push(
        `Service.DnsConfig.DnsRecords types [${after}] must match the service's record types [${before}]: only TTLs can change`,
      );
    }
  }
  if (change.HealthCheckConfig) {
    if (service.HealthCheckCustomConfig) {
      problems.push(
        'Service.HealthCheckConfig cannot be added to a service that has HealthCheckCustomConfig',
      );
    }
    checkHealthCheck(change.HealthCheckConfig, namespace, problems);
  }
  if (problems.length > 0) throw invalidInput(`UpdateService input is invalid: ${problems.join('; ')}.`);

  if (change.Description !== undefined) service.Description = change.Description;
  if (change.DnsConfig && service.DnsConfig) {
    service.DnsConfig.DnsRecords = change.DnsConfig.DnsRecords.map((r) => ({ Type: r.Type, TTL: r.TTL }));
  }
  // Omitting HealthCheckConfig deletes it (AWS API reference, UpdateService).
  if (change.HealthCheckConfig) service.HealthCheckConfig = normalizeHealthCheck(change.HealthCheckConfig);
  else delete service.HealthCheckConfig;
  const op = store.startOperation(call, 'UPDATE_SERVICE', { SERVICE: service.Id });
  return { OperationId: op.Id };
}

/** DeleteService: synchronous; fails while instances are registered. */
export function deleteService(store: CloudMapStore, input: Record<string, unknown>): object {
  const service = store.service(req(input, 'Id'));
  if (service.Instances.length > 0) {
    throw cloudMapError(
      'ResourceInUse',
      `Service ${service.Id} still has ${service.Instances.length} registered instance(s); deregister them first.`,
    );
  }
  store.removeService(service.Id);
  return {};
}

export function getServiceAttributes(store: CloudMapStore, input: Record<string, unknown>): object {
  const service = store.service(req(input, 'ServiceId'));
  return {
    ServiceAttributes: {
      ServiceArn: service.Arn,
      ResourceOwner: service.ResourceOwner,
      Attributes: { ...service.Attributes },
    },
  };
}

export function updateServiceAttributes(store: CloudMapStore, input: Record<string, unknown>): object {
  const service = store.service(req(input, 'ServiceId'));
  const merged = { ...service.Attributes, ...((input.Attributes ?? {}) as Record<string, string>) };
  const count = Object.keys(merged).length;
  if (count > store.limits.serviceAttributes) {
    throw cloudMapError(
      'ServiceAttributesLimitExceededException',
      `Service ${service.Id} would have ${count} attributes, more than the limit of ${store.limits.serviceAttributes}.`,
    );
  }
  service.Attributes = merged;
  return {};
}

export function deleteServiceAttributes(store: CloudMapStore, input: Record<string, unknown>): object {
  const service = store.service(req(input, 'ServiceId'));
  for (const key of (input.Attributes ?? []) as string[]) delete service.Attributes[key];
  return {};
}
