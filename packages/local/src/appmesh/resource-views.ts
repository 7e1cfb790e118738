import { KINDS } from './kinds.js';
import type { StoredResource } from './store.js';

type Output = Record<string, unknown>;

/**
 * A copy of a JSON value (specs are JSON: they came from a JSON body), so callers of the service
 * can never change the store through an answer; several times cheaper than `structuredClone` for
 * the small objects of a spec.
 */
function cloneJson<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(cloneJson) as T;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) copy[key] = cloneJson((value as Record<string, unknown>)[key]);
  return copy as T;
}

/** The names that address a resource: `meshName`, its parent's name member, its own name member. */
function address(resource: StoredResource): Output {
  const info = KINDS[resource.kind];
  const out: Output = { meshName: resource.meshName };
  if (info.parent) out[KINDS[info.parent].nameMember] = resource.parentName;
  if (resource.kind !== 'mesh') out[info.nameMember] = resource.name;
  return out;
}

/** The `…Data` shape (`MeshData`, `RouteData`, …) under its output member, as Describe/Create/Update/Delete answer. */
export function dataOf(resource: StoredResource, deleted = false): Output {
  const data: Output = address(resource);
  data.spec = cloneJson(resource.spec);
  data.metadata = {
    arn: resource.arn,
    uid: resource.uid,
    version: resource.version,
    createdAt: resource.createdAt,
    lastUpdatedAt: resource.lastUpdatedAt,
    meshOwner: resource.meshOwner,
    resourceOwner: resource.resourceOwner,
  };
  data.status = { status: deleted ? 'DELETED' : 'ACTIVE' };
  return { [KINDS[resource.kind].dataMember]: data };
}

/** The `…Ref` shape of list operations (`MeshRef`, `RouteRef`, …). */
export function refOf(resource: StoredResource): Output {
  return {
    ...address(resource),
    meshOwner: resource.meshOwner,
    resourceOwner: resource.resourceOwner,
    arn: resource.arn,
    version: resource.version,
    createdAt: resource.createdAt,
    lastUpdatedAt: resource.lastUpdatedAt,
  };
}
