import type { AppMeshResourceType } from './appmesh-resource-type.js';

/** `AWS::AppMesh::Mesh`: MeshName is optional (CloudFormation then generates one), Spec too. */
export const meshType: AppMeshResourceType = {
  type: 'AWS::AppMesh::Mesh',
  kind: 'mesh',
  specShape: 'MeshSpec',
  nameProperty: 'MeshName',
  properties: ['MeshName', 'Spec', 'Tags'],
  required: [],
  attributes: ['Arn', 'MeshName', 'MeshOwner', 'ResourceOwner', 'Uid'],
  arnResource: ({ mesh }) => `mesh/${mesh}`,
};
