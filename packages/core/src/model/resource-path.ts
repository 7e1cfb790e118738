import type { MeshplaneResource, ResourceKind } from './resources.js';

/**
 * The friendly collection each kind lives in, as `defineMesh` and validation paths name it.
 *
 * @example
 * ```ts
 * import { RESOURCE_COLLECTIONS } from '@meshplane/core';
 * console.log(RESOURCE_COLLECTIONS.virtualNode); // 'nodes'
 * ```
 */
export const RESOURCE_COLLECTIONS: Readonly<Record<ResourceKind, string>> = {
  mesh: 'mesh',
  virtualNode: 'nodes',
  virtualRouter: 'routers',
  virtualGateway: 'gateways',
  route: 'routes',
  virtualService: 'services',
  gatewayRoute: 'gatewayRoutes',
};

/**
 * The friendly JSON path of a resource, the prefix of every validation issue about it (the same
 * rule as the importers' `resourcePath`, which `@meshplane/core` exports):
 * `nodes.dj`, `routers.jazz-router.routes.jazz-route`, `gateways.edge.gatewayRoutes.web`,
 * `mesh.dj-app`. Append the path inside the resource (`.spec.listeners[0]`) to point deeper.
 *
 * @example
 * ```ts
 * import { resourcePath } from '@meshplane/core';
 * console.log(resourcePath({ kind: 'route', meshName: 'dj-app', name: 'jazz-route', virtualRouterName: 'jazz-router', spec: {} }));
 * // 'routers.jazz-router.routes.jazz-route'
 * ```
 */
export function resourcePath(
  resource: Pick<MeshplaneResource, 'kind' | 'name'> & {
    virtualRouterName?: string;
    virtualGatewayName?: string;
  },
): string {
  switch (resource.kind) {
    case 'route':
      return `routers.${resource.virtualRouterName}.routes.${resource.name}`;
    case 'gatewayRoute':
      return `gateways.${resource.virtualGatewayName}.gatewayRoutes.${resource.name}`;
    default:
      return `${RESOURCE_COLLECTIONS[resource.kind]}.${resource.name}`;
  }
}
