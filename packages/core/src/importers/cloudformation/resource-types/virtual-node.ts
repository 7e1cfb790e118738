import type { AppMeshResourceType } from './appmesh-resource-type.js';
import { MESH_CHILD_ATTRIBUTES, MESH_CHILD_PROPERTIES } from './appmesh-resource-type.js';

/** `AWS::AppMesh::VirtualNode`: VirtualNodeName is optional (CloudFormation then generates one). */
export const virtualNodeType: AppMeshResourceType = {
  type: 'AWS::AppMesh::VirtualNode',
  kind: 'virtualNode',
  specShape: 'VirtualNodeSpec',
  nameProperty: 'VirtualNodeName',
  properties: [...MESH_CHILD_PROPERTIES, 'VirtualNodeName'],
  required: ['MeshName', 'Spec'],
  attributes: [...MESH_CHILD_ATTRIBUTES, 'VirtualNodeName'],
  arnResource: ({ mesh, name }) => `mesh/${mesh}/virtualNode/${name}`,
};
