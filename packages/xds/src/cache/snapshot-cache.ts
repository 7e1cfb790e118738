import type { Snapshot, SnapshotCache, XdsResource } from '../contract.js';
import { checkNodeId, normalizeNodeId } from './node-id.js';
import { buildSnapshot, sameContent } from './snapshot.js';

/** A {@link SnapshotCache} the control plane fills: one snapshot per node id. */
export interface MutableSnapshotCache extends SnapshotCache {
  /**
   * Replaces a node's snapshot (built and checked by {@link buildSnapshot}; on error nothing
   * changes). Returns the snapshot now held. An unchanged content notifies nobody.
   */
  set(nodeId: string, resources: readonly XdsResource[]): Snapshot;
  /** Stores a snapshot built elsewhere (same rules as set). */
  setSnapshot(nodeId: string, snapshot: Snapshot): Snapshot;
  /** Forgets a node. Connected Envoys keep what they were sent (nothing is withdrawn). */
  delete(nodeId: string): boolean;
  /** The node ids with a snapshot, sorted. */
  nodeIds(): string[];
  /** How many watches are registered (all nodes): a stream that ended has released its own. */
  watchCount(): number;
}

/** Options of {@link createSnapshotCache}. */
export interface SnapshotCacheOptions {
  /**
   * Why a node id is unknown, for the gRPC status the server sends. Default: the known ids.
   * The control plane can say more (e.g. "virtual node dj is not in mesh dj-app").
   */
  explainUnknown?: (nodeId: string, known: readonly string[]) => string;
}

const defaultExplain = (nodeId: string, known: readonly string[]): string =>
  known.length === 0
    ? `node id "${nodeId}" has no configuration: the cache holds no node yet`
    : `node id "${nodeId}" has no configuration; known node ids (${known.length}): ${known.slice(0, 20).join(', ')}${known.length > 20 ? ', …' : ''}`;

/**
 * Creates an in-memory snapshot cache (go-control-plane's SnapshotCache: state apart from the
 * protocol). Node ids are normalized: a full App Mesh ARN and its `mesh/<m>/virtualNode/<n>`
 * part are the same node.
 *
 * @example
 * ```ts
 * import { createSnapshotCache } from '@meshplane/xds/internals';
 * const cache = createSnapshotCache();
 * const cluster = { '@type': 'type.googleapis.com/envoy.config.cluster.v3.Cluster', name: 'c', type: 'EDS' };
 * const typeUrl = 'type.googleapis.com/envoy.config.cluster.v3.Cluster' as const;
 * cache.set('mesh/m/virtualNode/n', [{ name: 'c', typeUrl, resource: cluster }]);
 * console.log(cache.get('arn:aws:appmesh:us-east-1:111122223333:mesh/m/virtualNode/n') !== undefined);
 * // true
 * ```
 */
export function createSnapshotCache(options: SnapshotCacheOptions = {}): MutableSnapshotCache {
  const snapshots = new Map<string, Snapshot>();
  const watchers = new Map<string, Set<(snapshot: Snapshot) => void>>();
  const explain = options.explainUnknown ?? defaultExplain;
  let watches = 0;

  const store = (nodeId: string, snapshot: Snapshot): Snapshot => {
    const key = checkNodeId(nodeId);
    const previous = snapshots.get(key);
    if (previous && sameContent(previous, snapshot)) return previous;
    snapshots.set(key, snapshot);
    // Every watcher hears of the change even when one throws; the first error is rethrown after.
    let failure: { error: unknown } | undefined;
    for (const onChange of [...(watchers.get(key) ?? [])]) {
      try {
        onChange(snapshot);
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure) throw failure.error;
    return snapshot;
  };

  return {
    get: (nodeId) => snapshots.get(normalizeNodeId(nodeId)),
    set: (nodeId, resources) => store(nodeId, buildSnapshot(checkNodeId(nodeId), resources)),
    setSnapshot: store,
    delete: (nodeId) => snapshots.delete(normalizeNodeId(nodeId)),
    nodeIds: () => [...snapshots.keys()].sort(),
    watchCount: () => watches,
    explainUnknown: (nodeId) => explain(nodeId, [...snapshots.keys()].sort()),
    watch(nodeId, onChange) {
      const key = normalizeNodeId(nodeId);
      let set = watchers.get(key);
      if (!set) {
        set = new Set();
        watchers.set(key, set);
      }
      // A wrapper per watch: the same callback registered twice is two watches.
      const entry = (snapshot: Snapshot) => onChange(snapshot);
      set.add(entry);
      watches++;
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        watches--;
        set.delete(entry);
        if (set.size === 0 && watchers.get(key) === set) watchers.delete(key);
      };
    },
  };
}
