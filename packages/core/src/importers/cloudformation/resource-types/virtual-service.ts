import type { AppMeshResourceType } from './appmesh-resource-type.js';
import { MESH_CHILD_ATTRIBUTES, MESH_CHILD_PROPERTIES } from './appmesh-resource-type.js';

/** `AWS::AppMesh::VirtualService`: VirtualServiceName is required (it is the DNS name callers use). */
export const virtualServiceType: AppMeshResourceType = {
  type: 'AWS::AppMesh::VirtualService',
  kind: 'virtualService',
  specShape: 'VirtualServiceSpec',
  nameProperty: 'VirtualServiceName',
  properties: [...MESH_CHILD_PROPERTIES, 'VirtualServiceName'],
  required: ['MeshName', 'Spec', 'VirtualServiceName'],
  attributes: [...MESH_CHILD_ATTRIBUTES, 'VirtualServiceName'],
  arnResource: ({ mesh, name }) => `mesh/${mesh}/virtualService/${name}`,
};
