import { createHash } from 'node:crypto';
import type { Snapshot, SnapshotEntry, TypeUrl } from '../contract.js';
import { encodeResource } from '../protos/index.js';
import type { WireResource } from './messages.js';

// Encoded bytes for entries a cache built without them (any SnapshotCache may feed the server):
// encoded once per entry object.
const encoded = new WeakMap<SnapshotEntry, Uint8Array>();

/** One snapshot entry as it goes on the wire. */
export function wireResource(typeUrl: TypeUrl, name: string, entry: SnapshotEntry): WireResource {
  let bytes = entry.bytes ?? encoded.get(entry);
  if (!bytes) {
    bytes = encodeResource(entry.resource);
    encoded.set(entry, bytes);
  }
  return { name, version: entry.version, typeUrl, bytes };
}

/** The entries a subscription covers: all of the type (wildcard) or the named ones that exist. */
export function selectEntries(
  snapshot: Snapshot,
  typeUrl: TypeUrl,
  wildcard: boolean,
  names: ReadonlySet<string>,
): [string, SnapshotEntry][] {
  const all = snapshot.resources[typeUrl];
  if (wildcard) return [...all];
  const out: [string, SnapshotEntry][] = [];
  for (const name of [...names].sort()) {
    const entry = all.get(name);
    if (entry) out.push([name, entry]);
  }
  return out;
}

/**
 * The version of what one subscription sees: the type's version for a wildcard subscription, else
 * a hash of the named resources' versions. Content only, so replicas agree, and a change to a
 * resource a stream did not ask for sends that stream nothing.
 */
export function subscriptionVersion(
  snapshot: Snapshot,
  typeUrl: TypeUrl,
  wildcard: boolean,
  entries: [string, SnapshotEntry][],
): string {
  if (wildcard) return snapshot.versions[typeUrl];
  const h = createHash('sha256');
  for (const [name, entry] of entries) h.update(`${name}\u0000${entry.version}\n`);
  return h.digest('hex').slice(0, 16);
}
