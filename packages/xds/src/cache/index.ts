export { checkNodeId, isAppMeshResourceId, normalizeNodeId } from './node-id.js';
export { buildSnapshot, SnapshotError, sameContent } from './snapshot.js';
export {
  createSnapshotCache,
  type MutableSnapshotCache,
  type SnapshotCacheOptions,
} from './snapshot-cache.js';
