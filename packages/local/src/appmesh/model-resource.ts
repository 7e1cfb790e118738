import type { MeshplaneResource } from '@meshplane/core';
import type { StoredResource } from './store.js';

/**
 * A stored resource as core's model reads it (`{ kind, meshName, name, spec }` plus the parent's
 * name member), so core's `references()` and spec accessors answer for the emulator too.
 */
export function asModelResource(
  resource: Pick<StoredResource, 'kind' | 'meshName' | 'parentName' | 'name' | 'spec'>,
): MeshplaneResource {
  const base = { meshName: resource.meshName, name: resource.name, spec: resource.spec as never };
  if (resource.kind === 'route')
    return { ...base, kind: 'route', virtualRouterName: resource.parentName ?? '' };
  if (resource.kind === 'gatewayRoute')
    return { ...base, kind: 'gatewayRoute', virtualGatewayName: resource.parentName ?? '' };
  return { ...base, kind: resource.kind } as MeshplaneResource;
}
