import type { ResourceMetadata } from '@aws-sdk/client-app-mesh';
import type { MeshplaneResource } from '../model/resources.js';

// The model has no place for API metadata (ARN, version, uid) and must not grow one: it is the
// desired-state shape. readMesh attaches it to the resource objects it returns, out of band, so
// apply can salt update tokens with the version it is updating from.
const metadata = new WeakMap<MeshplaneResource, ResourceMetadata>();

/**
 * Records the API metadata of a resource object read from the API.
 *
 * @example
 * ```ts
 * import { metadataOf, rememberMetadata } from '@meshplane/core/appmesh';
 * const mesh = { kind: 'mesh' as const, meshName: 'm', name: 'm', spec: {} };
 * rememberMetadata(mesh, { arn: 'arn:aws:appmesh:us-east-1:111122223333:mesh/m', version: 1, uid: 'u', createdAt: new Date(), lastUpdatedAt: new Date(), meshOwner: '111122223333', resourceOwner: '111122223333' });
 * metadataOf(mesh)?.version; // 1
 * ```
 */
export function rememberMetadata(resource: MeshplaneResource, meta: ResourceMetadata | undefined): void {
  if (meta) metadata.set(resource, meta);
}

/**
 * The API metadata (`arn`, `version`, `uid`, …) of a resource object returned by `readMesh`, or
 * undefined for a resource that did not come from the API.
 *
 * @example
 * ```ts
 * import { AppMeshClient } from '@aws-sdk/client-app-mesh';
 * import { metadataOf, readMesh } from '@meshplane/core/appmesh';
 * const client = new AppMeshClient({ region: 'us-east-1' });
 * const [mesh] = (await readMesh(client, 'dj-app')).resources;
 * if (mesh) console.log(metadataOf(mesh)?.version);
 * ```
 */
export function metadataOf(resource: MeshplaneResource): ResourceMetadata | undefined {
  return metadata.get(resource);
}
