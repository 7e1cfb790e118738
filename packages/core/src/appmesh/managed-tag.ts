import { describeValue } from '../errors/describe-value.js';
import type { MeshplaneResource } from '../model/resources.js';
import { ReconcileError } from './errors.js';

/** A resource tag: App Mesh's TagRef (key 1-128 characters, value 0-256). */
export interface ManagedTag {
  key: string;
  value: string;
}

/**
 * The tag meshplane's CLI writes on every resource it creates or updates, and looks for before it
 * deletes one: a resource without it was made by someone else and is left alone.
 *
 * @example
 * ```ts
 * import { MANAGED_TAG } from '@meshplane/core/appmesh';
 * console.log(MANAGED_TAG); // { key: 'meshplane:managed', value: 'true' }
 * ```
 */
export const MANAGED_TAG: Readonly<ManagedTag> = Object.freeze({ key: 'meshplane:managed', value: 'true' });

/**
 * Checks a `managedTag` option: `{ key, value }` within App Mesh's TagRef limits (key 1-128
 * characters, value 0-256, API reference `TagRef`).
 *
 * @example
 * ```ts
 * import { checkManagedTag } from '@meshplane/core/appmesh';
 * checkManagedTag({ key: 'meshplane:managed', value: 'true' }); // { key: 'meshplane:managed', value: 'true' }
 * ```
 */
export function checkManagedTag(tag: unknown): ManagedTag {
  const t = tag as Partial<ManagedTag> | null;
  const keyOk = typeof t?.key === 'string' && t.key.length >= 1 && t.key.length <= 128;
  const valueOk = typeof t?.value === 'string' && t.value.length <= 256;
  if (!keyOk || !valueOk) {
    throw new ReconcileError(
      'INVALID_MODEL',
      `options.managedTag: ${describeValue(tag)} must be { key: 1-128 characters, value: 0-256 characters } (App Mesh TagRef)`,
    );
  }
  return { key: t!.key!, value: t!.value! };
}

/**
 * The resource with `tag` among its tags (replacing any tag of the same key), as a new object.
 *
 * @example
 * ```ts
 * import { MANAGED_TAG, withManagedTag } from '@meshplane/core/appmesh';
 * withManagedTag({ kind: 'mesh', meshName: 'm', name: 'm', spec: {} }, MANAGED_TAG).tags; // [{ key: 'meshplane:managed', value: 'true' }]
 * ```
 */
export function withManagedTag(resource: MeshplaneResource, tag: ManagedTag): MeshplaneResource {
  const others = (resource.tags ?? []).filter((t) => t.key !== tag.key);
  return { ...resource, tags: [...others, { key: tag.key, value: tag.value }] };
}

/**
 * True when the resource carries `tag` (same key and value).
 *
 * @example
 * ```ts
 * import { isManaged, MANAGED_TAG } from '@meshplane/core/appmesh';
 * isManaged({ kind: 'mesh', meshName: 'm', name: 'm', spec: {} }, MANAGED_TAG); // false
 * ```
 */
export function isManaged(resource: MeshplaneResource, tag: ManagedTag): boolean {
  return (resource.tags ?? []).some((t) => t.key === tag.key && t.value === tag.value);
}
