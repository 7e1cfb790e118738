export { createAppMeshService } from './service.js';
export type { AppMeshState, StoredResource, TagRef } from './store.js';
