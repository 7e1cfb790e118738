import type { AppMeshResourceType } from './appmesh-resource-type.js';
import { MESH_CHILD_ATTRIBUTES, MESH_CHILD_PROPERTIES } from './appmesh-resource-type.js';

/** `AWS::AppMesh::GatewayRoute`: VirtualGatewayName is required, GatewayRouteName optional. */
export const gatewayRouteType: AppMeshResourceType = {
  type: 'AWS::AppMesh::GatewayRoute',
  kind: 'gatewayRoute',
  specShape: 'GatewayRouteSpec',
  nameProperty: 'GatewayRouteName',
  parentProperty: 'VirtualGatewayName',
  properties: [...MESH_CHILD_PROPERTIES, 'GatewayRouteName', 'VirtualGatewayName'],
  required: ['MeshName', 'Spec', 'VirtualGatewayName'],
  attributes: [...MESH_CHILD_ATTRIBUTES, 'GatewayRouteName', 'VirtualGatewayName'],
  arnResource: ({ mesh, parent, name }) => `mesh/${mesh}/virtualGateway/${parent}/gatewayRoute/${name}`,
};
