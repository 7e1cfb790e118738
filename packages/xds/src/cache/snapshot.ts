import { createHash } from 'node:crypto';
import { type Snapshot, type SnapshotEntry, TYPE_URLS, type TypeUrl, type XdsResource } from '../contract.js';
import { MeshplaneXdsError } from '../errors.js';
import { encodeResource, XdsResourceError } from '../protos/index.js';

const ALL_TYPES = Object.values(TYPE_URLS) as TypeUrl[];
const KNOWN_TYPES = new Set<string>(ALL_TYPES);

/** A resource set that cannot become a snapshot: every problem of every resource. */
export class SnapshotError extends MeshplaneXdsError {
  override name = 'SnapshotError';
  constructor(
    readonly nodeId: string,
    readonly problems: readonly string[],
    options?: { cause?: unknown },
  ) {
    super('XDS_INVALID_SNAPSHOT', `snapshot for node "${nodeId}" refused: ${problems.join(' | ')}`, options);
  }
}

// Versions are hashes of the encoded bytes (deterministic: sorted map keys, fields in number
// order), so every server replica derives the same version from the same model, and a resource
// whose content did not change keeps its version (delta xDS sends only what changed).
const hash = (data: Uint8Array | string): string =>
  createHash('sha256').update(data).digest('hex').slice(0, 16);

/**
 * Builds an immutable {@link Snapshot}: encodes every resource once (checking it against its
 * Envoy proto), derives per-resource and per-type versions from the content only. Throws
 * {@link SnapshotError} listing every invalid resource, unknown type URL and duplicate name.
 */
export function buildSnapshot(nodeId: string, resources: readonly XdsResource[]): Snapshot {
  const problems: string[] = [];
  const byType = new Map<TypeUrl, Map<string, SnapshotEntry>>(ALL_TYPES.map((t) => [t, new Map()]));
  for (const [i, resource] of resources.entries()) {
    if (!KNOWN_TYPES.has(resource.typeUrl)) {
      problems.push(
        `resources[${i}] "${resource.name}": type URL ${resource.typeUrl} is not one of ${ALL_TYPES.join(', ')}`,
      );
      continue;
    }
    if (typeof resource.name !== 'string' || resource.name === '') {
      problems.push(`resources[${i}]: a resource needs a non-empty name`);
      continue;
    }
    const entries = byType.get(resource.typeUrl)!;
    if (entries.has(resource.name)) {
      problems.push(`resources[${i}]: two ${resource.typeUrl} resources named "${resource.name}"`);
      continue;
    }
    try {
      const bytes = encodeResource(resource);
      entries.set(resource.name, { resource, version: hash(bytes), bytes });
    } catch (error) {
      if (!(error instanceof XdsResourceError)) throw error;
      problems.push(error.message);
    }
  }
  if (problems.length > 0) throw new SnapshotError(nodeId, problems);
  const versions = {} as Record<TypeUrl, string>;
  const sorted = {} as Record<TypeUrl, ReadonlyMap<string, SnapshotEntry>>;
  for (const [type, entries] of byType) {
    const names = [...entries.keys()].sort();
    sorted[type] = new Map(names.map((n) => [n, entries.get(n)!]));
    versions[type] = hash(names.map((n) => `${n}\u0000${entries.get(n)!.version}`).join('\n'));
  }
  return Object.freeze({ versions: Object.freeze(versions), resources: Object.freeze(sorted) });
}

/** True when two snapshots hold the same content (every per-type version equal). */
export function sameContent(a: Snapshot, b: Snapshot): boolean {
  return ALL_TYPES.every((t) => a.versions[t] === b.versions[t]);
}
