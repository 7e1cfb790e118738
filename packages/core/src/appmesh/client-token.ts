import { createHash } from 'node:crypto';
import type { MeshplaneResource } from '../model/resources.js';
import { resourceKey } from '../model/resources.js';
import { canonicalJson } from './canonical-json.js';
import { normalizeSpec, normalizeTags } from './normalize-spec.js';

/**
 * A deterministic App Mesh `clientToken` (36 characters, UUID-shaped, within the API's "up to 36
 * letters, numbers, hyphens, and underscores") derived from the operation, the resource's
 * identity and its normalized desired spec and tags. Re-sending the same write after a crash or
 * a dropped connection reuses the token, so the API treats it as the same request; a different
 * desired state gives a different token.
 *
 * @example
 * ```ts
 * import { clientTokenFor } from '@meshplane/core/appmesh';
 * const token = clientTokenFor('create', { kind: 'mesh', meshName: 'dj-app', name: 'dj-app', spec: {} });
 * console.log(token.length); // 36
 * ```
 */
export function clientTokenFor(operation: 'create' | 'update', resource: MeshplaneResource): string {
  const hex = createHash('sha256')
    .update(operation)
    .update('\0')
    .update(resourceKey(resource))
    .update('\0')
    .update(canonicalJson(normalizeSpec(resource)))
    .update('\0')
    .update(canonicalJson(normalizeTags(resource.tags)))
    .digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
