import type { AppMeshResourceType } from './appmesh-resource-type.js';
import { MESH_CHILD_ATTRIBUTES, MESH_CHILD_PROPERTIES } from './appmesh-resource-type.js';

/** `AWS::AppMesh::VirtualRouter`: VirtualRouterName is optional (CloudFormation then generates one). */
export const virtualRouterType: AppMeshResourceType = {
  type: 'AWS::AppMesh::VirtualRouter',
  kind: 'virtualRouter',
  specShape: 'VirtualRouterSpec',
  nameProperty: 'VirtualRouterName',
  properties: [...MESH_CHILD_PROPERTIES, 'VirtualRouterName'],
  required: ['MeshName', 'Spec'],
  attributes: [...MESH_CHILD_ATTRIBUTES, 'VirtualRouterName'],
  arnResource: ({ mesh, name }) => `mesh/${mesh}/virtualRouter/${name}`,
};
