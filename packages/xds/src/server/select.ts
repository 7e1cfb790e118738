import { createHash } from 'node:crypto';
import type { Snapshot, SnapshotEntry, TypeUrl } from '../contract.js';
import { encodeResource } from '../protos/index.js';
import { encodeSotwBody, type WireResource } from './messages.js';

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

/** What every stream with one subscription of one snapshot is sent (SotW), computed once. */
export interface SharedResponse {
  version: string;
  names: string[];
  /** The encoded DiscoveryResponse without its nonce. */
  body: Buffer;
}

const shared = new WeakMap<Snapshot, Map<string, SharedResponse>>();
/** Distinct subscriptions shared per snapshot: a node's Envoys use a handful (one per type). */
const MAX_SHARED_PER_SNAPSHOT = 64;

/**
 * The State-of-the-World response of a subscription, shared by every stream of the node that
 * subscribes to the same names: with 1,000 Envoys of a few nodes, a change is selected, hashed and
 * encoded once per node and subscription, not once per stream. Kept with the snapshot (a
 * WeakMap): a replaced snapshot takes its responses with it.
 */
export function sharedSotwResponse(
  snapshot: Snapshot,
  typeUrl: TypeUrl,
  wildcard: boolean,
  names: ReadonlySet<string>,
): SharedResponse {
  let bySubscription = shared.get(snapshot);
  if (!bySubscription) {
    bySubscription = new Map();
    shared.set(snapshot, bySubscription);
  }
  const key = `${typeUrl}\u0000${wildcard ? '*' : [...names].sort().join('\u0000')}`;
  let response = bySubscription.get(key);
  if (!response) {
    const entries = selectEntries(snapshot, typeUrl, wildcard, names);
    const version = subscriptionVersion(snapshot, typeUrl, wildcard, entries);
    const resources = entries.map(([name, entry]) => wireResource(typeUrl, name, entry));
    response = {
      version,
      names: entries.map(([name]) => name),
      body: encodeSotwBody({ versionInfo: version, typeUrl, resources }),
    };
    // Bounded: a client inventing a new name list per request must not grow the cache (it is then
    // computed per stream, as without sharing).
    if (bySubscription.size < MAX_SHARED_PER_SNAPSHOT) bySubscription.set(key, response);
  }
  return response;
}

/** How many subscriptions share responses for a snapshot (bounded; for tests and diagnostics). */
export function sharedSubscriptionCount(snapshot: Snapshot): number {
  return shared.get(snapshot)?.size ?? 0;
}
