import { createHash } from 'node:crypto';
import type { MeshplaneResource } from '../model/resources.js';
import { resourceKey } from '../model/resources.js';
import { canonicalJson } from './canonical-json.js';
import { normalizeSpecWithKey, normalizeTags, normalizeValue } from './normalize-spec.js';

/**
 * A deterministic App Mesh `clientToken` (36 characters, UUID-shaped, within the API's "up to 36
 * letters, numbers, hyphens, and underscores") derived from the operation, the resource's
 * identity and its normalized desired spec and tags. Re-sending the same write after a crash or
 * a dropped connection reuses the token, so the API treats it as the same request; a different
 * desired state gives a different token. `salt` tells apart a deliberate second write of the same
 * desired state (e.g. re-creating a resource that was deleted after the first create): see
 * {@link createSalt} and {@link updateSalt}.
 *
 * @example
 * ```ts
 * import { clientTokenFor } from '@meshplane/core/appmesh/internals';
 * const token = clientTokenFor('create', { kind: 'mesh', meshName: 'dj-app', name: 'dj-app', spec: {} });
 * console.log(token.length); // 36
 * ```
 */
export function clientTokenFor(
  operation: 'create' | 'update',
  resource: MeshplaneResource,
  salt = '',
): string {
  const hex = createHash('sha256')
    .update(operation)
    .update('\0')
    .update(salt)
    .update('\0')
    .update(resourceKey(resource))
    .update('\0')
    .update(normalizeSpecWithKey(resource).key)
    .update('\0')
    .update(canonicalJson(normalizeTags(resource.tags)))
    .digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * An update's token also depends on what it updates from: the resource version when known, else
 * the current spec (otherwise A → B, B → A, A → B would replay the first A → B answer and change
 * nothing), and the resource's `uid` when known. AWS keeps a token's answer after its resource is
 * deleted (see {@link createSalt}); a destroyed and re-created route is at version 1 again, so
 * without the uid the same shift on the new route would be answered from the old one's memory and
 * change nothing.
 *
 * @example
 * ```ts
 * import { updateSalt } from '@meshplane/core/appmesh/internals';
 * updateSalt(3, {}); // 'v3'
 * updateSalt(3, {}, 'u-1'); // 'v3:u-1'
 * ```
 */
export function updateSalt(version: number | undefined, spec: unknown, uid?: string): string {
  const from = version !== undefined ? `v${version}` : canonicalJson(normalizeValue(spec) ?? {});
  return uid ? `${from}:${uid}` : from;
}

/**
 * A create's salt: the `uid` of the mesh the resource goes into (none for the mesh itself, or
 * when the mesh is not there). AWS keeps a client token's answer after the resource it created
 * is deleted (EC2 documents at least 24 hours), so a token made only of the desired state would
 * be answered from that memory after a destroy, creating nothing. A destroyed and re-created mesh
 * has a new uid, so every create inside it gets a fresh token, while a re-run after a crash (same
 * mesh, same uid) still re-sends the very same token.
 *
 * @example
 * ```ts
 * import { createSalt } from '@meshplane/core/appmesh/internals';
 * createSalt('mesh', undefined); // ''
 * createSalt('virtualNode', '2b1c0c0e-6f1e-4d4b-9d4e-0c8f1f3f1a11'); // 'mesh:2b1c0c0e-6f1e-4d4b-9d4e-0c8f1f3f1a11'
 * ```
 */
export function createSalt(kind: MeshplaneResource['kind'], meshUid: string | undefined): string {
  return kind === 'mesh' || meshUid === undefined ? '' : `mesh:${meshUid}`;
}
