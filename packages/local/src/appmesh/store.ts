import { type AppMeshKind, KINDS } from './kinds.js';

/** A tag as App Mesh spells it. */
export interface TagRef {
  key: string;
  value: string;
}

/** One stored resource: everything the Data and Ref shapes are built from. */
export interface StoredResource {
  kind: AppMeshKind;
  meshName: string;
  parentName?: string;
  name: string;
  spec: Record<string, unknown>;
  tags: TagRef[];
  arn: string;
  uid: string;
  version: number;
  /** Epoch seconds, restJson1's timestamp format. */
  createdAt: number;
  lastUpdatedAt: number;
  meshOwner: string;
  resourceOwner: string;
}

/** What a clientToken was used for, so a retry with the same token returns the first answer. */
export interface TokenRecord {
  operation: string;
  digest: string;
  output: unknown;
}

/** The JSON snapshot of the App Mesh state (for the state file). */
export interface AppMeshState {
  version: 1;
  partitions: Record<string, { resources: StoredResource[]; tokens: Array<[string, TokenRecord]> }>;
}

/** Idempotency tokens kept per partition; the oldest are forgotten first. */
const MAX_TOKENS = 10_000;
const PERSISTED_TOKENS = 1_000;

/** Records what changed, for the state file's journal (see `ServiceJournal`). */
type ChangeSink = (key: string, value: unknown) => void;

/** The resources of one region + account. */
export class Partition {
  readonly resources = new Map<string, StoredResource>();
  readonly tokens = new Map<string, TokenRecord>();

  constructor(private readonly changed: ChangeSink = () => {}) {}

  static key(kind: AppMeshKind, meshName: string, parentName: string | undefined, name: string): string {
    return `${kind}|${meshName}|${parentName ?? ''}|${name}`;
  }

  get(
    kind: AppMeshKind,
    meshName: string,
    parentName: string | undefined,
    name: string,
  ): StoredResource | undefined {
    return this.resources.get(Partition.key(kind, meshName, parentName, name));
  }

  /** Stores a resource (new, or a new version of one): the only way state changes. */
  put(resource: StoredResource): void {
    const key = Partition.key(resource.kind, resource.meshName, resource.parentName, resource.name);
    this.resources.set(key, resource);
    this.changed(`r|${key}`, resource);
  }

  remove(resource: StoredResource): void {
    const key = Partition.key(resource.kind, resource.meshName, resource.parentName, resource.name);
    this.resources.delete(key);
    this.changed(`r|${key}`, null);
  }

  /** Resources of a kind in a scope, sorted by name (the stable order of list operations). */
  list(kind: AppMeshKind, meshName?: string, parentName?: string): StoredResource[] {
    const found: StoredResource[] = [];
    for (const r of this.resources.values()) {
      if (r.kind !== kind) continue;
      if (meshName !== undefined && r.meshName !== meshName) continue;
      if (parentName !== undefined && r.parentName !== parentName) continue;
      found.push(r);
    }
    return found.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Every resource of a mesh, the mesh itself included, in the order they were stored. */
  meshResources(meshName: string): StoredResource[] {
    return [...this.resources.values()].filter((r) => r.meshName === meshName);
  }

  rememberToken(key: string, record: TokenRecord): void {
    this.tokens.delete(key);
    this.tokens.set(key, record);
    this.changed(`t|${key}`, record);
    if (this.tokens.size > MAX_TOKENS) {
      const oldest = this.tokens.keys().next().value as string;
      this.tokens.delete(oldest);
      this.changed(`t|${oldest}`, null);
    }
  }
}

/** The partition key of the state file: `<region>/<12-digit account>`. */
const PARTITION_KEY = /^[^/]+\/\d{12}$/;

/** All partitions of the local App Mesh. */
export class AppMeshStore {
  private readonly partitions = new Map<string, Partition>();
  /** Journal entries not yet taken: key = JSON [partition, "r|…" or "t|…"]. */
  private changes = new Map<string, unknown>();

  private newPartition(key: string): Partition {
    return new Partition((item, value) => {
      const change = JSON.stringify([key, item]);
      // Re-inserted so the entries keep the order of their latest change.
      this.changes.delete(change);
      this.changes.set(change, value);
    });
  }

  partition(region: string, accountId: string): Partition {
    const key = `${region}/${accountId}`;
    let partition = this.partitions.get(key);
    if (!partition) {
      partition = this.newPartition(key);
      this.partitions.set(key, partition);
    }
    return partition;
  }

  snapshot(): AppMeshState {
    const partitions: AppMeshState['partitions'] = {};
    for (const [key, partition] of this.partitions) {
      if (partition.resources.size === 0 && partition.tokens.size === 0) continue;
      partitions[key] = {
        resources: structuredClone([...partition.resources.values()]),
        // Only the newest tokens go to the state file, so each atomic write stays small.
        tokens: structuredClone([...partition.tokens.entries()].slice(-PERSISTED_TOKENS)),
      };
    }
    return { version: 1, partitions };
  }

  restore(state: AppMeshState): void {
    if (
      typeof state !== 'object' ||
      state === null ||
      state.version !== 1 ||
      typeof state.partitions !== 'object' ||
      state.partitions === null ||
      Array.isArray(state.partitions)
    )
      throw new Error('the App Mesh state must be {"version":1,"partitions":{...}}');
    const restored = new Map<string, Partition>();
    for (const [key, data] of Object.entries(state.partitions)) {
      if (!PARTITION_KEY.test(key) || !Array.isArray(data?.resources) || !Array.isArray(data?.tokens))
        throw new Error(`App Mesh partition ${JSON.stringify(key)} is malformed`);
      const partition = this.newPartition(key);
      data.resources.forEach((resource, index) => {
        const problem = storedResourceProblem(resource);
        if (problem !== undefined)
          throw new Error(
            `App Mesh partition ${key} holds a malformed resource at resources[${index}]: ${problem}`,
          );
        partition.resources.set(
          Partition.key(resource.kind, resource.meshName, resource.parentName, resource.name),
          resource,
        );
      });
      data.tokens.forEach((entry, index) => {
        const problem = tokenEntryProblem(entry);
        if (problem !== undefined)
          throw new Error(
            `App Mesh partition ${key} holds a malformed token at tokens[${index}]: ${problem}`,
          );
        partition.tokens.set(entry[0], entry[1]);
      });
      restored.set(key, partition);
    }
    this.partitions.clear();
    for (const [key, partition] of restored) this.partitions.set(key, partition);
    this.changes.clear();
  }

  /** See `ServiceJournal.takeChanges`. */
  takeChanges(): Array<[string, unknown]> {
    const taken = [...this.changes];
    this.changes = new Map();
    return taken;
  }

  /** See `ServiceJournal.applyChanges`: each entry is checked as a snapshot's would be. */
  applyChanges(changes: ReadonlyArray<[string, unknown]>): void {
    changes.forEach(([change, value], index) => {
      const problem = (why: string) => new Error(`journal entry ${index} (${change}) ${why}`);
      let parsed: unknown;
      try {
        parsed = JSON.parse(change);
      } catch {
        throw problem('has a key that is not JSON');
      }
      const [key, item] = Array.isArray(parsed) ? (parsed as unknown[]) : [];
      if (
        typeof key !== 'string' ||
        !PARTITION_KEY.test(key) ||
        typeof item !== 'string' ||
        !/^[rt]\|/.test(item)
      )
        throw problem('does not name a partition and a resource or token');
      const [region, accountId] = key.split('/') as [string, string];
      const partition = this.partition(region, accountId);
      const inner = item.slice(2);
      if (item.startsWith('t|')) {
        if (value === null) partition.tokens.delete(inner);
        else {
          const why = tokenEntryProblem([inner, value]);
          if (why) throw problem(why);
          partition.tokens.delete(inner);
          partition.tokens.set(inner, value as TokenRecord);
        }
      } else if (value === null) partition.resources.delete(inner);
      else {
        const why = storedResourceProblem(value);
        if (why) throw problem(why);
        const r = value as StoredResource;
        if (Partition.key(r.kind, r.meshName, r.parentName, r.name) !== inner)
          throw problem('holds a resource stored under another name');
        partition.resources.set(inner, r);
      }
    });
    this.changes.clear();
  }
}

/** Why a remembered clientToken read back from a state file is unusable, or undefined when it is usable. */
function tokenEntryProblem(entry: unknown): string | undefined {
  if (!Array.isArray(entry) || entry.length !== 2 || typeof entry[0] !== 'string')
    return `${JSON.stringify(entry) ?? String(entry)} is not a ["<operation>|<clientToken>", record] pair`;
  const record = entry[1] as Partial<TokenRecord> | null;
  const what = `the record of ${JSON.stringify(entry[0])}`;
  if (typeof record !== 'object' || record === null || Array.isArray(record))
    return `${what} is not an object`;
  if (typeof record.operation !== 'string') return `${what} needs a string operation`;
  if (typeof record.digest !== 'string') return `${what} needs a string digest`;
  if (typeof record.output !== 'object' || record.output === null) return `${what} needs the output object`;
  return undefined;
}

/**
 * Why a resource read back from a state file cannot be served, or undefined when it can: every
 * field the Data and Ref shapes are built from must be there with its type, so a bad file stops
 * the start instead of failing later calls.
 */
function storedResourceProblem(resource: unknown): string | undefined {
  if (typeof resource !== 'object' || resource === null || Array.isArray(resource))
    return 'it is not an object';
  const r = resource as Record<string, unknown>;
  if (typeof r.kind !== 'string' || !Object.hasOwn(KINDS, r.kind))
    return `kind ${JSON.stringify(r.kind)} is not one of ${Object.keys(KINDS).join(', ')}`;
  for (const field of ['meshName', 'name', 'arn', 'uid', 'meshOwner', 'resourceOwner'] as const)
    if (typeof r[field] !== 'string' || r[field] === '') return `${field} must be a non-empty string`;
  const hasParent = KINDS[r.kind as AppMeshKind].parent !== undefined;
  if (hasParent !== (typeof r.parentName === 'string'))
    return hasParent ? `a ${r.kind} needs parentName` : `a ${r.kind} has no parentName`;
  if (typeof r.spec !== 'object' || r.spec === null || Array.isArray(r.spec)) return 'spec must be an object';
  if (
    !Array.isArray(r.tags) ||
    !r.tags.every((t) => typeof t?.key === 'string' && typeof t?.value === 'string')
  )
    return 'tags must be a list of { key, value } strings';
  if (!Number.isInteger(r.version) || (r.version as number) < 1) return 'version must be a positive integer';
  for (const field of ['createdAt', 'lastUpdatedAt'] as const)
    if (typeof r[field] !== 'number' || !Number.isFinite(r[field])) return `${field} must be epoch seconds`;
  return undefined;
}
