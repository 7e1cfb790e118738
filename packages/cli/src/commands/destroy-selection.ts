import { hardReferenceKeys, type MeshModel, type MeshplaneResource, resourceKey } from '@meshplane/core';
import { isManaged, type ManagedTag, type Plan, planDestroy } from '@meshplane/core/appmesh';

/** A resource destroy leaves because something that stays still needs it. */
export interface KeptResource {
  key: string;
  /** Why, naming what holds it (App Mesh answers ResourceInUseException otherwise). */
  reason: string;
}

/** What `meshplane destroy` deletes and what it leaves, and why. */
export interface DestroySelection {
  /** The deletes, in reverse dependency order; `unmanaged` lists what is left for lack of the tag. */
  deletion: Plan;
  /** Resources the model owns that meshplane manages but cannot delete: something left holds them. */
  kept: KeptResource[];
}

const shown = (keys: readonly string[]) =>
  `${keys.slice(0, 3).join(', ')}${keys.length > 3 ? `, … (${keys.length} in all)` : ''}`;

function keptReason(resource: MeshplaneResource, holders: readonly string[], unmanaged: Set<string>): string {
  const what = holders.every((k) => unmanaged.has(k)) ? 'not managed by meshplane' : 'that destroy leaves';
  if (resource.kind === 'mesh') {
    // App Mesh's DeleteMesh refuses a mesh that still has resources (ResourceInUseException).
    return `the mesh still holds ${holders.length} resource(s) ${what} (${shown(holders)}), and App Mesh does not delete a mesh that has resources; --prune-unmanaged deletes them too`;
  }
  return `still used by ${shown(holders)} (${what}), and App Mesh does not delete a resource in use`;
}

/**
 * Chooses what destroy deletes: of what the model owns (`planDestroy`), only the resources that
 * carry `tag` (meshplane created them), unless `pruneUnmanaged`; the others are listed as
 * unmanaged and left. A managed resource that something left behind still needs through a hard
 * reference (its mesh, a route's router or target node, a service's provider, a gateway route's
 * gateway or service) is kept too, with the reason: App Mesh would refuse the delete anyway
 * (ResourceInUseException), so the plan does not try.
 *
 * @example
 * ```ts
 * import { MANAGED_TAG } from '@meshplane/core/appmesh';
 * import { selectDestroy } from './commands/destroy-selection.js'; // inside packages/cli/src
 * const mesh = { kind: 'mesh' as const, meshName: 'm', name: 'm', spec: {}, tags: [MANAGED_TAG] };
 * const node = { kind: 'virtualNode' as const, meshName: 'm', name: 'outsider', spec: {} };
 * const { deletion, kept } = selectDestroy({ resources: [mesh, node] }, { resources: [mesh] }, MANAGED_TAG, false);
 * console.log(deletion.changes.length, deletion.unmanaged, kept[0]?.key); // 0 ['virtualNode:m/outsider'] 'mesh:m'
 * ```
 */
export function selectDestroy(
  actual: MeshModel,
  model: MeshModel,
  tag: ManagedTag,
  pruneUnmanaged: boolean,
): DestroySelection {
  const owned = planDestroy(actual, model).changes.map((c) => c.actual!);
  const unmanaged = new Set(
    pruneUnmanaged ? [] : owned.filter((r) => !isManaged(r, tag)).map((r) => resourceKey(r)),
  );
  const deletable = new Map(
    owned.filter((r) => !unmanaged.has(resourceKey(r))).map((r) => [resourceKey(r), r] as const),
  );
  const meshes = new Set(model.resources.map((r) => r.meshName));
  // What stays in the model's meshes, with the keys each one holds by a hard reference.
  const staying = new Map<string, string[]>();
  for (const r of actual.resources) {
    const key = resourceKey(r);
    if (meshes.has(r.meshName) && !deletable.has(key)) staying.set(key, hardReferenceKeys(r));
  }
  const kept: KeptResource[] = [];
  for (let moved = true; moved; ) {
    moved = false;
    for (const [key, resource] of deletable) {
      const holders = [...staying].filter(([, refs]) => refs.includes(key)).map(([holder]) => holder);
      if (holders.length === 0) continue;
      deletable.delete(key);
      staying.set(key, hardReferenceKeys(resource));
      kept.push({ key, reason: keptReason(resource, holders.sort(), unmanaged) });
      moved = true;
    }
  }
  const deletion = planDestroy({ resources: [...deletable.values()] }, model);
  return {
    deletion: pruneUnmanaged ? deletion : { ...deletion, unmanaged: [...unmanaged].sort() },
    kept: kept.sort((a, b) => (a.key < b.key ? -1 : 1)),
  };
}
