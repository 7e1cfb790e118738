import type { ResourceKind } from '../../model/resources.js';

/** How one `aws_appmesh_*` resource type of the Terraform AWS provider maps to meshplane's model. */
export interface AppMeshResourceType {
  kind: ResourceKind;
  /** The App Mesh API spec shape its `spec` block holds. */
  specShape: string;
  /** Whether the provider requires the `spec` block (only the mesh's is optional). */
  specRequired: boolean;
  /** The argument naming the parent router or gateway, for routes and gateway routes. */
  parentArgument?: 'virtual_router_name' | 'virtual_gateway_name';
}

/**
 * The seven App Mesh resource types of the AWS provider (registry docs
 * `hashicorp/aws` › App Mesh; schemas in internal/service/appmesh/*.go): every one has `name`,
 * `spec` and `tags`; all but the mesh have `mesh_name` and `mesh_owner`.
 */
export const APPMESH_RESOURCE_TYPES: Readonly<Record<string, AppMeshResourceType>> = {
  aws_appmesh_mesh: { kind: 'mesh', specShape: 'MeshSpec', specRequired: false },
  aws_appmesh_virtual_node: { kind: 'virtualNode', specShape: 'VirtualNodeSpec', specRequired: true },
  aws_appmesh_virtual_service: {
    kind: 'virtualService',
    specShape: 'VirtualServiceSpec',
    specRequired: true,
  },
  aws_appmesh_virtual_router: { kind: 'virtualRouter', specShape: 'VirtualRouterSpec', specRequired: true },
  aws_appmesh_route: {
    kind: 'route',
    specShape: 'RouteSpec',
    specRequired: true,
    parentArgument: 'virtual_router_name',
  },
  aws_appmesh_virtual_gateway: {
    kind: 'virtualGateway',
    specShape: 'VirtualGatewaySpec',
    specRequired: true,
  },
  aws_appmesh_gateway_route: {
    kind: 'gatewayRoute',
    specShape: 'GatewayRouteSpec',
    specRequired: true,
    parentArgument: 'virtual_gateway_name',
  },
};

/** The arguments every App Mesh resource takes besides `spec` (by type). */
export function topLevelArguments(type: AppMeshResourceType): string[] {
  return [
    'name',
    ...(type.kind === 'mesh' ? [] : ['mesh_name', 'mesh_owner']),
    ...(type.parentArgument ? [type.parentArgument] : []),
    'spec',
    'tags',
  ];
}

/** Terraform's meta-arguments, allowed in every resource block and not sent to the provider. */
export const META_ARGUMENTS = [
  'count',
  'for_each',
  'provider',
  'depends_on',
  'lifecycle',
  'provisioner',
  'connection',
];

/** Attributes the provider computes (in `terraform show -json` output, never in the model). */
export const COMPUTED_ATTRIBUTES = [
  'id',
  'arn',
  'created_date',
  'last_updated_date',
  'resource_owner',
  'tags_all',
];
