import type { ResourceKind } from '../../../model/resources.js';

/**
 * What the importer knows of one `AWS::AppMesh::*` resource type, from its page in the
 * CloudFormation Template Reference: its properties, which of them name it and its parents, the
 * API shape of its `Spec`, its `Fn::GetAtt` attributes and how its ARN (what `Ref` returns) is built.
 */
export interface AppMeshResourceType {
  type: string;
  kind: ResourceKind;
  /** The App Mesh API shape of the `Spec` property (the Smithy model's name). */
  specShape: string;
  /** The property holding the resource's own name (`MeshName` for a mesh). */
  nameProperty: string;
  /** The property naming the parent router or gateway (routes and gateway routes). */
  parentProperty?: 'VirtualRouterName' | 'VirtualGatewayName';
  /** Every property the type declares. */
  properties: readonly string[];
  /** The properties CloudFormation requires. */
  required: readonly string[];
  /** `Fn::GetAtt` attributes ("Return values"). */
  attributes: readonly string[];
  /** The resource part of the ARN: `mesh/m/virtualRouter/r/route/x`. */
  arnResource(names: { mesh: string; parent?: string; name: string }): string;
}

// Every App Mesh resource except the mesh: a child of a mesh, possibly owned by another account.
export const MESH_CHILD_PROPERTIES = ['MeshName', 'MeshOwner', 'Spec', 'Tags'] as const;
export const MESH_CHILD_ATTRIBUTES = ['Arn', 'MeshName', 'MeshOwner', 'ResourceOwner', 'Uid'] as const;
