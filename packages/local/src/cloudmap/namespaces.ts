import { createHash } from 'node:crypto';
import { cloudMapError, invalidInput } from './errors.js';
import { namespaceArn, newHostedZoneId, newNamespaceId } from './ids.js';
import { filterMatches, parseFilters } from './list-filters.js';
import { paginate } from './pagination.js';
import type { NamespaceRecord, NamespaceType } from './state.js';
import { type Call, type CloudMapStore, req, str } from './store.js';
import { mergeTags } from './tags.js';

const CREATE_TYPES: Record<string, NamespaceType> = {
  CreateHttpNamespace: 'HTTP',
  CreatePrivateDnsNamespace: 'DNS_PRIVATE',
  CreatePublicDnsNamespace: 'DNS_PUBLIC',
};

/** Route 53's default SOA TTL for a new hosted zone. */
const DEFAULT_SOA_TTL = 15;

/** CreateHttpNamespace, CreatePrivateDnsNamespace and CreatePublicDnsNamespace. */
export function createNamespace(
  store: CloudMapStore,
  operation: keyof typeof CREATE_TYPES,
  input: Record<string, unknown>,
  call: Call,
): object {
  const type = CREATE_TYPES[operation]!;
  const name = req(input, 'Name');
  const token = str(input, 'CreatorRequestId');
  const vpc = str(input, 'Vpc');
  const replay = store.replayOrConflict(token, ['CREATE_NAMESPACE'], { operation, ...input });
  if (replay) return { OperationId: replay.Id };

  const clash = store.state.namespaces.find(
    (n) =>
      n.Name === name &&
      (n.Type === type || n.Type === 'DNS_PUBLIC' || type === 'DNS_PUBLIC') &&
      !(type === 'DNS_PRIVATE' && n.Type === 'DNS_PRIVATE' && n.Vpc !== vpc),
  );
  if (clash) {
    throw cloudMapError('NamespaceAlreadyExists', `Namespace ${name} already exists (${clash.Id}).`, {
      CreatorRequestId: clash.CreatorRequestId,
      NamespaceId: clash.Id,
    });
  }
  if (store.state.namespaces.length >= store.limits.namespaces) {
    throw cloudMapError(
      'ResourceLimitExceeded',
      `The account already has ${store.state.namespaces.length} namespaces, the limit is ${store.limits.namespaces}.`,
    );
  }
  const id = newNamespaceId();
  const arn = namespaceArn(call.region, call.accountId, id);
  const tags = mergeTags(store, [], input.Tags, arn);
  // AWS documents that reusing a Name gets a generated hash appended to the HttpName.
  const httpTaken = store.state.namespaces.some((n) => n.HttpName === name);
  const soa = (input.Properties as { DnsProperties?: { SOA?: { TTL?: number } } } | undefined)?.DnsProperties
    ?.SOA?.TTL;
  const ns: NamespaceRecord = {
    seq: store.nextSeq(),
    Id: id,
    Arn: arn,
    ResourceOwner: call.accountId,
    Name: name,
    Type: type,
    HttpName: httpTaken ? `${name}-${createHash('sha256').update(id).digest('hex').slice(0, 8)}` : name,
    CreateDate: call.now,
    CreatorRequestId: token ?? '',
    Tags: tags,
  };
  const description = str(input, 'Description');
  if (description !== undefined) ns.Description = description;
  if (type !== 'HTTP') {
    ns.HostedZoneId = newHostedZoneId();
    ns.SoaTtl = soa ?? DEFAULT_SOA_TTL;
  }
  if (vpc !== undefined) ns.Vpc = vpc;
  store.addNamespace(ns);
  const op = store.startOperation(
    call,
    'CREATE_NAMESPACE',
    { NAMESPACE: id },
    { id: token, request: { operation, ...input } },
  );
  return { OperationId: op.Id };
}

function namespaceView(
  store: CloudMapStore,
  ns: NamespaceRecord,
  withToken: boolean,
): Record<string, unknown> {
  const view: Record<string, unknown> = {
    Id: ns.Id,
    Arn: ns.Arn,
    ResourceOwner: ns.ResourceOwner,
    Name: ns.Name,
    Type: ns.Type,
    ServiceCount: store.servicesIn(ns.Id).length,
    Properties: {
      DnsProperties: ns.HostedZoneId ? { HostedZoneId: ns.HostedZoneId, SOA: { TTL: ns.SoaTtl } } : {},
      HttpProperties: { HttpName: ns.HttpName },
    },
    CreateDate: ns.CreateDate,
  };
  if (ns.Description !== undefined) view.Description = ns.Description;
  if (withToken && ns.CreatorRequestId) view.CreatorRequestId = ns.CreatorRequestId;
  return view;
}

export function getNamespace(store: CloudMapStore, input: Record<string, unknown>): object {
  return { Namespace: namespaceView(store, store.namespace(req(input, 'Id')), true) };
}

export function listNamespaces(store: CloudMapStore, input: Record<string, unknown>, call: Call): object {
  const filters = parseFilters(input.Filters, {
    TYPE: ['EQ', 'IN', 'BEGINS_WITH'],
    NAME: ['EQ', 'BEGINS_WITH'],
    HTTP_NAME: ['EQ', 'BEGINS_WITH'],
    RESOURCE_OWNER: ['EQ'],
  });
  const matching = store.state.namespaces.filter((ns) =>
    filters.every((f) => {
      switch (f.name) {
        case 'TYPE':
          return filterMatches(f, ns.Type);
        case 'NAME':
          return filterMatches(f, ns.Name);
        case 'HTTP_NAME':
          return filterMatches(f, ns.HttpName);
        default:
          return filterMatches(f, ns.ResourceOwner === call.accountId ? 'SELF' : 'OTHER_ACCOUNTS');
      }
    }),
  );
  const { page, NextToken } = paginate(matching, input, 'ListNamespaces', { defaultSize: 100, maxSize: 100 });
  return {
    Namespaces: page.map((ns) => namespaceView(store, ns, false)),
    ...(NextToken ? { NextToken } : {}),
  };
}

export function deleteNamespace(store: CloudMapStore, input: Record<string, unknown>, call: Call): object {
  const ns = store.namespace(req(input, 'Id'));
  const services = store.servicesIn(ns.Id);
  if (services.length > 0) {
    throw cloudMapError(
      'ResourceInUse',
      `Namespace ${ns.Id} still contains ${services.length} service(s) (${services
        .slice(0, 5)
        .map((s) => s.Id)
        .join(', ')}); delete them first.`,
    );
  }
  store.removeNamespace(ns.Id);
  const op = store.startOperation(call, 'DELETE_NAMESPACE', { NAMESPACE: ns.Id });
  return { OperationId: op.Id };
}

const UPDATE_TYPES: Record<string, NamespaceType> = {
  UpdateHttpNamespace: 'HTTP',
  UpdatePrivateDnsNamespace: 'DNS_PRIVATE',
  UpdatePublicDnsNamespace: 'DNS_PUBLIC',
};

/** UpdateHttpNamespace, UpdatePrivateDnsNamespace and UpdatePublicDnsNamespace. */
export function updateNamespace(
  store: CloudMapStore,
  operation: keyof typeof UPDATE_TYPES,
  input: Record<string, unknown>,
  call: Call,
): object {
  const ns = store.namespace(req(input, 'Id'));
  const expected = UPDATE_TYPES[operation]!;
  if (ns.Type !== expected) {
    throw invalidInput(
      `Namespace ${ns.Id} is of type ${ns.Type}; ${operation} updates ${expected} namespaces only.`,
    );
  }
  const token = str(input, 'UpdaterRequestId');
  const replay = store.replayOrConflict(token, ['UPDATE_NAMESPACE'], { operation, ...input });
  if (replay) return { OperationId: replay.Id };
  const change = (input.Namespace ?? {}) as {
    Description?: string;
    Properties?: { DnsProperties?: { SOA?: { TTL?: number } } };
  };
  if (change.Description !== undefined) ns.Description = change.Description;
  const ttl = change.Properties?.DnsProperties?.SOA?.TTL;
  if (ttl !== undefined) ns.SoaTtl = ttl;
  const op = store.startOperation(
    call,
    'UPDATE_NAMESPACE',
    { NAMESPACE: ns.Id },
    { id: token, request: { operation, ...input } },
  );
  return { OperationId: op.Id };
}
