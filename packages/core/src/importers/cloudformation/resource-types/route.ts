import type { AppMeshResourceType } from './appmesh-resource-type.js';
import { MESH_CHILD_ATTRIBUTES, MESH_CHILD_PROPERTIES } from './appmesh-resource-type.js';

/** `AWS::AppMesh::Route`: VirtualRouterName is required, RouteName optional. */
export const routeType: AppMeshResourceType = {
  type: 'AWS::AppMesh::Route',
  kind: 'route',
  specShape: 'RouteSpec',
  nameProperty: 'RouteName',
  parentProperty: 'VirtualRouterName',
  properties: [...MESH_CHILD_PROPERTIES, 'RouteName', 'VirtualRouterName'],
  required: ['MeshName', 'Spec', 'VirtualRouterName'],
  attributes: [...MESH_CHILD_ATTRIBUTES, 'RouteName', 'VirtualRouterName'],
  arnResource: ({ mesh, parent, name }) => `mesh/${mesh}/virtualRouter/${parent}/route/${name}`,
};
