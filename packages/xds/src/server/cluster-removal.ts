import { createHash } from 'node:crypto';
import { type Snapshot, type SnapshotEntry, TYPE_URLS } from '../contract.js';
import { encodeSotwBody } from './messages.js';
import { wireResource } from './select.js';

/**
 * Make before break for clusters (Envoy "xDS REST and gRPC protocol", "Eventual consistency
 * considerations": "Stale CDS clusters and related EDS endpoints (ones no longer being
 * referenced) can then be removed" once the listeners and routes that used them are updated).
 * When a change removes clusters that this stream was sent, the first CDS push keeps them
 * beside the new ones; the CDS without them follows once the stream's listeners and routes are
 * ACKed. Returns the transitional response, or undefined when nothing is removed.
 */
export function transitionalClusters(
  sent: ReadonlyMap<string, SnapshotEntry>,
  snapshot: Snapshot,
): { version: string; names: string[]; entries: Map<string, SnapshotEntry>; body: Buffer } | undefined {
  const next = snapshot.resources[TYPE_URLS.cluster];
  const removed = [...sent.keys()].filter((name) => !next.has(name));
  if (removed.length === 0) return undefined;
  const names = [...next.keys(), ...removed].sort();
  const entries = new Map(names.map((n) => [n, next.get(n) ?? sent.get(n)!]));
  const h = createHash('sha256').update('transitional\n');
  for (const [name, entry] of entries) h.update(`${name}\u0000${entry.version}\n`);
  const version = h.digest('hex').slice(0, 16);
  const resources = [...entries].map(([name, entry]) => wireResource(TYPE_URLS.cluster, name, entry));
  return {
    version,
    names,
    entries,
    body: encodeSotwBody({ versionInfo: version, typeUrl: TYPE_URLS.cluster, resources }),
  };
}
