import { requestDigest } from '../request-digest.js';
import { cloudMapError, invalidInput } from './errors.js';
import { idFromIdOrArn, newOperationId } from './ids.js';
import {
  type CloudMapState,
  emptyCloudMapState,
  type HealthStatus,
  type InstanceRecord,
  type NamespaceRecord,
  type OperationRecord,
  type OperationType,
  type ServiceRecord,
} from './state.js';

/**
 * Options of the in-memory Cloud Map store.
 *
 * @example
 * ```ts
 * import { createCloudMapService } from '@meshplane/local';
 * const cloudMap = createCloudMapService({ region: 'us-east-1', accountId: '111122223333', operationSettleMs: 0 });
 * ```
 */
export interface CloudMapStoreOptions {
  region: string;
  accountId: string;
  /**
   * How long an asynchronous operation stays PENDING when nobody polls it (ms). GetOperation
   * completes it at once. Default 100 ms.
   */
  operationSettleMs?: number;
  /** Quotas; the defaults are AWS's documented ones. */
  limits?: Partial<CloudMapLimits>;
}

/**
 * Cloud Map quotas that the local service enforces (AWS defaults).
 *
 * @example
 * ```ts
 * import { createCloudMapService } from '@meshplane/local';
 * const small = createCloudMapService({ region: 'us-east-1', accountId: '111122223333', limits: { namespaces: 2 } });
 * ```
 */
export interface CloudMapLimits {
  namespaces: number;
  instancesPerService: number;
  instancesPerNamespace: number;
  tagsPerResource: number;
  serviceAttributes: number;
}

// Cloud Map service quotas (https://docs.aws.amazon.com/cloud-map/latest/dg/cloud-map-limits.html):
// 50 namespaces per Region, 2,000 instances per namespace, 1,000 per service; tags: 50 per
// resource (AWS tagging limits); service attributes: the model's ServiceAttributesMap max of 30.
/**
 * The quotas the local Cloud Map enforces by default (AWS's defaults).
 *
 * @example
 * ```ts
 * import { DEFAULT_CLOUD_MAP_LIMITS } from '@meshplane/local';
 * console.log(DEFAULT_CLOUD_MAP_LIMITS.instancesPerService); // 1000
 * ```
 */
export const DEFAULT_CLOUD_MAP_LIMITS: CloudMapLimits = {
  namespaces: 50,
  instancesPerService: 1000,
  instancesPerNamespace: 2000,
  tagsPerResource: 50,
  serviceAttributes: 30,
};

/** How many operations the history keeps before forgetting the oldest completed ones. */
export const MAX_KEPT_OPERATIONS = 10_000;

/** The per-request view handlers work with: state, clock and identity. */
export interface Call {
  region: string;
  accountId: string;
  /** Now, in epoch seconds (awsJson's timestamp format). */
  now: number;
}

/**
 * State plus the lookups and bookkeeping every handler shares. The state is kept as plain
 * records (see `state.ts`), with id indexes rebuilt on restore.
 */
export class CloudMapStore {
  state: CloudMapState = emptyCloudMapState();
  readonly limits: CloudMapLimits;
  readonly settleSeconds: number;
  private namespacesById = new Map<string, NamespaceRecord>();
  private servicesById = new Map<string, ServiceRecord>();
  private operationsById = new Map<string, OperationRecord>();
  /**
   * Keys of the records changed since the state file's journal last took them (`meta`,
   * `namespace:<Id>`, `service:<Id>`, `operation:<Id>`); values are read when taken.
   */
  private changed = new Set<string>();
  /**
   * True while a write operation runs: every namespace or service it looks up is then taken as
   * changed, since handlers update the records they look up in place.
   */
  recording = false;

  constructor(readonly options: CloudMapStoreOptions) {
    this.limits = { ...DEFAULT_CLOUD_MAP_LIMITS, ...options.limits };
    this.settleSeconds = (options.operationSettleMs ?? 100) / 1000;
  }

  restore(state: CloudMapState): void {
    const problems = snapshotProblems(state);
    if (problems.length > 0) {
      throw new Error(
        `Cloud Map state is not a usable version 1 snapshot: ${problems.slice(0, 10).join('; ')}`,
      );
    }
    this.state = structuredClone(state);
    this.state.operations ??= [];
    this.namespacesById = new Map(this.state.namespaces.map((n) => [n.Id, n]));
    this.servicesById = new Map(this.state.services.map((s) => [s.Id, s]));
    this.operationsById = new Map(this.state.operations.map((o) => [o.Id, o]));
    this.changed.clear();
  }

  snapshot(): CloudMapState {
    return structuredClone(this.state);
  }

  private touch(key: string): void {
    this.changed.add(key);
  }

  private looked<T extends { Id: string } | undefined>(kind: 'namespace' | 'service', record: T): T {
    if (this.recording && record) this.touch(`${kind}:${record.Id}`);
    return record;
  }

  /** See `ServiceJournal.takeChanges`: each changed record with its current value (`null` once removed). */
  takeChanges(): Array<[string, unknown]> {
    const taken: Array<[string, unknown]> = [];
    for (const key of this.changed) {
      const colon = key.indexOf(':');
      const id = key.slice(colon + 1);
      const kind = colon === -1 ? key : key.slice(0, colon);
      if (kind === 'meta') taken.push([key, { seq: this.state.seq, revision: this.state.revision }]);
      else if (kind === 'namespace') taken.push([key, this.namespacesById.get(id) ?? null]);
      else if (kind === 'service') taken.push([key, this.servicesById.get(id) ?? null]);
      else taken.push([key, this.operationsById.get(id) ?? null]);
    }
    this.changed.clear();
    return taken;
  }

  /**
   * See `ServiceJournal.applyChanges`: the records are merged into the restored state (kept in
   * creation order, by `seq`) and the result is checked as a snapshot is.
   */
  applyChanges(changes: ReadonlyArray<[string, unknown]>): void {
    const namespaces = new Map(this.state.namespaces.map((n) => [n.Id, n]));
    const services = new Map(this.state.services.map((v) => [v.Id, v]));
    const operations = new Map(this.state.operations.map((o) => [o.Id, o]));
    const tables: Record<string, Map<string, { seq: number }>> = {
      namespace: namespaces,
      service: services,
      operation: operations,
    };
    let { seq, revision } = this.state;
    changes.forEach(([key, value], index) => {
      if (key === 'meta') {
        const meta = value as { seq?: unknown; revision?: unknown } | null;
        if (!Number.isInteger(meta?.seq) || !Number.isInteger(meta?.revision))
          throw new Error(`journal entry ${index} (meta) needs integer seq and revision`);
        seq = meta!.seq as number;
        revision = meta!.revision as number;
        return;
      }
      const colon = key.indexOf(':');
      const table = tables[key.slice(0, colon)];
      if (colon === -1 || !table)
        throw new Error(`journal entry ${index} (${key}) names no Cloud Map record`);
      const id = key.slice(colon + 1);
      if (value === null) table.delete(id);
      else if (typeof value === 'object' && Number.isInteger((value as { seq?: unknown }).seq))
        table.set(id, value as { seq: number });
      else throw new Error(`journal entry ${index} (${key}) is not a record with a seq`);
    });
    const bySeq = <T extends { seq: number }>(m: Map<string, T>) =>
      [...m.values()].sort((a, b) => a.seq - b.seq);
    this.restore({
      version: 1,
      seq,
      revision,
      namespaces: bySeq(namespaces),
      services: bySeq(services),
      operations: bySeq(operations),
    });
  }

  nextSeq(): number {
    this.state.seq += 1;
    this.touch('meta');
    return this.state.seq;
  }

  nextRevision(): number {
    this.state.revision += 1;
    this.touch('meta');
    return this.state.revision;
  }

  // ---- namespaces -------------------------------------------------------------------------

  addNamespace(ns: NamespaceRecord): void {
    this.state.namespaces.push(ns);
    this.namespacesById.set(ns.Id, ns);
    this.touch(`namespace:${ns.Id}`);
  }

  removeNamespace(id: string): void {
    this.state.namespaces = this.state.namespaces.filter((n) => n.Id !== id);
    this.namespacesById.delete(id);
    this.touch(`namespace:${id}`);
  }

  /** The namespace for an id or ARN, or NamespaceNotFound. */
  namespace(idOrArn: string): NamespaceRecord {
    const ns = this.namespacesById.get(idFromIdOrArn(idOrArn, 'namespace'));
    if (!ns) throw cloudMapError('NamespaceNotFound', `Namespace ${idOrArn} not found.`);
    return this.looked('namespace', ns);
  }

  findNamespace(idOrArn: string): NamespaceRecord | undefined {
    return this.looked('namespace', this.namespacesById.get(idFromIdOrArn(idOrArn, 'namespace')));
  }

  /** DiscoverInstances finds namespaces by their HttpName. */
  namespaceByHttpName(httpName: string, ownerAccount?: string): NamespaceRecord {
    const ns = this.state.namespaces.find(
      (n) => n.HttpName === httpName && (ownerAccount === undefined || n.ResourceOwner === ownerAccount),
    );
    if (!ns) throw cloudMapError('NamespaceNotFound', `Namespace ${httpName} not found.`);
    return ns;
  }

  // ---- services ---------------------------------------------------------------------------

  addService(svc: ServiceRecord): void {
    this.state.services.push(svc);
    this.servicesById.set(svc.Id, svc);
    this.touch(`service:${svc.Id}`);
  }

  removeService(id: string): void {
    this.state.services = this.state.services.filter((s) => s.Id !== id);
    this.servicesById.delete(id);
    this.touch(`service:${id}`);
  }

  /** The service for an id or ARN, or ServiceNotFound. */
  service(idOrArn: string): ServiceRecord {
    const svc = this.servicesById.get(idFromIdOrArn(idOrArn, 'service'));
    if (!svc) throw cloudMapError('ServiceNotFound', `Service ${idOrArn} not found.`);
    return this.looked('service', svc);
  }

  findService(idOrArn: string): ServiceRecord | undefined {
    return this.looked('service', this.servicesById.get(idFromIdOrArn(idOrArn, 'service')));
  }

  servicesIn(namespaceId: string): ServiceRecord[] {
    return this.state.services.filter((s) => s.NamespaceId === namespaceId);
  }

  instance(service: ServiceRecord, instanceId: string): InstanceRecord {
    const inst = service.Instances.find((i) => i.Id === instanceId);
    if (!inst) {
      throw cloudMapError('InstanceNotFound', `Instance ${instanceId} not found in service ${service.Id}.`);
    }
    return inst;
  }

  /**
   * An instance's health as Cloud Map reports it: the custom status when the service has
   * HealthCheckCustomConfig; HEALTHY for a Route 53 health check (the local service does not
   * probe endpoints); UNKNOWN when the service has no health check at all (what AWS returns for
   * such services, e.g. aws/aws-app-mesh-controller-for-k8s#132).
   */
  healthOf(service: ServiceRecord, instance: InstanceRecord): HealthStatus {
    if (service.HealthCheckCustomConfig) return instance.CustomHealth;
    if (service.HealthCheckConfig) return 'HEALTHY';
    return 'UNKNOWN';
  }

  // ---- operations -------------------------------------------------------------------------

  operation(id: string): OperationRecord {
    const op = this.operationsById.get(id);
    if (!op) throw cloudMapError('OperationNotFound', `Operation ${id} not found.`);
    return this.settle(op, false);
  }

  allOperations(now: number): OperationRecord[] {
    return this.state.operations.map((op) => this.settle(op, false, now));
  }

  /**
   * Completes an operation when it is polled (`polled`) or its settle time has passed. Effects
   * are applied when the operation is submitted; the status models AWS's asynchronous API.
   */
  settle(op: OperationRecord, polled: boolean, now = Date.now() / 1000): OperationRecord {
    if (op.Status === 'PENDING' || op.Status === 'SUBMITTED') {
      if (polled) {
        op.Status = 'SUCCESS';
        op.UpdateDate = Math.max(now, op.CreateDate);
        this.touch(`operation:${op.Id}`);
      } else if (now >= op.SettleAt) {
        op.Status = 'SUCCESS';
        op.UpdateDate = op.SettleAt;
        this.touch(`operation:${op.Id}`);
      }
    }
    return op;
  }

  /** An operation still in progress on the same target, for DuplicateRequest. */
  pendingOperationOn(
    targets: OperationRecord['Targets'],
    types: OperationType[],
    now: number,
  ): OperationRecord | undefined {
    return this.state.operations.find((op) => {
      if (!types.includes(op.Type)) return false;
      this.settle(op, false, now);
      if (op.Status !== 'PENDING' && op.Status !== 'SUBMITTED') return false;
      return Object.entries(targets).every(([k, v]) => op.Targets[k as keyof typeof targets] === v);
    });
  }

  /** The operation an idempotency token already started, if any. */
  operationByToken(token: string | undefined, types: OperationType[]): OperationRecord | undefined {
    if (!token) return undefined;
    return this.state.operations.find((op) => op.CreatorRequestId === token && types.includes(op.Type));
  }

  startOperation(
    call: Call,
    type: OperationType,
    targets: OperationRecord['Targets'],
    token?: { id?: string; request: unknown },
  ): OperationRecord {
    const op: OperationRecord = {
      seq: this.nextSeq(),
      Id: newOperationId(),
      OwnerAccount: call.accountId,
      Type: type,
      Status: 'PENDING',
      CreateDate: call.now,
      UpdateDate: call.now,
      Targets: targets,
      SettleAt: call.now + this.settleSeconds,
    };
    if (token?.id) {
      op.CreatorRequestId = token.id;
      op.RequestDigest = digest(token.request);
    }
    this.state.operations.push(op);
    this.operationsById.set(op.Id, op);
    this.touch(`operation:${op.Id}`);
    this.pruneOperations(call.now);
    return op;
  }

  /**
   * Keeps the operation history (and so the state file) bounded: beyond
   * {@link MAX_KEPT_OPERATIONS}, the oldest completed operations are forgotten, as AWS
   * eventually forgets old operations too.
   */
  private pruneOperations(now: number): void {
    const excess = this.state.operations.length - MAX_KEPT_OPERATIONS;
    if (excess <= 0) return;
    let dropped = 0;
    this.state.operations = this.state.operations.filter((op) => {
      if (dropped >= excess) return true;
      this.settle(op, false, now);
      if (op.Status === 'PENDING' || op.Status === 'SUBMITTED') return true;
      dropped++;
      this.operationsById.delete(op.Id);
      this.touch(`operation:${op.Id}`);
      return false;
    });
  }

  /**
   * Idempotency for token-carrying asynchronous requests: the same token with the same request
   * returns the first operation; the same token with a different request is a DuplicateRequest.
   */
  replayOrConflict(
    token: string | undefined,
    types: OperationType[],
    request: unknown,
  ): OperationRecord | undefined {
    const previous = this.operationByToken(token, types);
    if (!previous) return undefined;
    if (previous.RequestDigest === digest(request)) return previous;
    throw cloudMapError(
      'DuplicateRequest',
      `The request token "${token}" was already used for a different request (operation ${previous.Id}).`,
      { DuplicateOperationId: previous.Id },
    );
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** What is wrong with a state read back from a file; the state is refused rather than half-used. */
function snapshotProblems(state: unknown): string[] {
  if (!isObject(state)) return ['it is not a JSON object'];
  const problems: string[] = [];
  if (state.version !== 1) problems.push(`version is ${JSON.stringify(state.version)}, expected 1`);
  for (const key of ['seq', 'revision'] as const) {
    if (!Number.isInteger(state[key])) problems.push(`${key} must be an integer`);
  }
  const list = (key: string) => {
    const value = state[key];
    if (value === undefined && key === 'operations') return [];
    if (!Array.isArray(value)) {
      problems.push(`${key} must be an array`);
      return [];
    }
    return value as unknown[];
  };
  list('namespaces').forEach((n, i) => {
    if (
      !isObject(n) ||
      typeof n.Id !== 'string' ||
      typeof n.Name !== 'string' ||
      typeof n.HttpName !== 'string'
    ) {
      problems.push(`namespaces[${i}] needs string Id, Name and HttpName`);
    }
  });
  list('services').forEach((svc, i) => {
    if (!isObject(svc) || typeof svc.Id !== 'string' || typeof svc.NamespaceId !== 'string') {
      problems.push(`services[${i}] needs string Id and NamespaceId`);
      return;
    }
    if (!Array.isArray(svc.Instances)) {
      problems.push(`services[${i}].Instances must be an array`);
      return;
    }
    svc.Instances.forEach((inst: unknown, j: number) => {
      if (!isObject(inst) || typeof inst.Id !== 'string' || !isObject(inst.Attributes)) {
        problems.push(`services[${i}].Instances[${j}] needs a string Id and an Attributes object`);
      }
    });
  });
  list('operations').forEach((op, i) => {
    if (!isObject(op) || typeof op.Id !== 'string' || typeof op.Status !== 'string') {
      problems.push(`operations[${i}] needs string Id and Status`);
    }
  });
  return problems;
}

/** A stable digest of a JSON request, keys sorted, for idempotency comparisons (the shared rule). */
export const digest = (value: unknown): string => requestDigest(value);

/** Reads an optional string member after shape validation (which already checked its type). */
export const str = (input: Record<string, unknown>, key: string): string | undefined =>
  input[key] === undefined || input[key] === null ? undefined : String(input[key]);

/** Reads a required string member; shape validation guarantees it, this guards direct callers. */
export function req(input: Record<string, unknown>, key: string): string {
  const v = input[key];
  if (typeof v !== 'string') throw invalidInput(`${key} is required and must be a string.`);
  return v;
}
