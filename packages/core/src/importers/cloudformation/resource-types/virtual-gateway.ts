import type { AppMeshResourceType } from './appmesh-resource-type.js';
import { MESH_CHILD_ATTRIBUTES, MESH_CHILD_PROPERTIES } from './appmesh-resource-type.js';

/** `AWS::AppMesh::VirtualGateway`: VirtualGatewayName is optional (CloudFormation then generates one). */
export const virtualGatewayType: AppMeshResourceType = {
  type: 'AWS::AppMesh::VirtualGateway',
  kind: 'virtualGateway',
  specShape: 'VirtualGatewaySpec',
  nameProperty: 'VirtualGatewayName',
  properties: [...MESH_CHILD_PROPERTIES, 'VirtualGatewayName'],
  required: ['MeshName', 'Spec'],
  attributes: [...MESH_CHILD_ATTRIBUTES, 'VirtualGatewayName'],
  arnResource: ({ mesh, name }) => `mesh/${mesh}/virtualGateway/${name}`,
};
