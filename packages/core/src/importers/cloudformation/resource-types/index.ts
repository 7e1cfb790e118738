import type { AppMeshResourceType } from './appmesh-resource-type.js';
import { gatewayRouteType } from './gateway-route.js';
import { meshType } from './mesh.js';
import { routeType } from './route.js';
import { virtualGatewayType } from './virtual-gateway.js';
import { virtualNodeType } from './virtual-node.js';
import { virtualRouterType } from './virtual-router.js';
import { virtualServiceType } from './virtual-service.js';

export type { AppMeshResourceType } from './appmesh-resource-type.js';

/** Every `AWS::AppMesh::*` resource type CloudFormation has, by type name. */
export const APPMESH_RESOURCE_TYPES: Readonly<Record<string, AppMeshResourceType>> = Object.fromEntries(
  [
    meshType,
    virtualNodeType,
    virtualServiceType,
    virtualRouterType,
    routeType,
    virtualGatewayType,
    gatewayRouteType,
  ].map((t) => [t.type, t]),
);

/** The App Mesh type of a resource type name, if it is one meshplane reads. */
export function appMeshResourceType(type: string): AppMeshResourceType | undefined {
  return Object.hasOwn(APPMESH_RESOURCE_TYPES, type) ? APPMESH_RESOURCE_TYPES[type] : undefined;
}
