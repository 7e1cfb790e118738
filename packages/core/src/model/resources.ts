import type {
  GatewayRouteSpec,
  MeshSpec,
  RouteSpec,
  TagRef,
  VirtualGatewaySpec,
  VirtualNodeSpec,
  VirtualRouterSpec,
  VirtualServiceSpec,
} from '@aws-sdk/client-app-mesh';

/**
 * The seven App Mesh resource kinds, in the order a mesh is built: parents before children.
 *
 * @example
 * ```ts
 * import { RESOURCE_KINDS } from '@meshplane/core';
 * console.log(RESOURCE_KINDS.includes('virtualNode')); // true
 * ```
 */
export const RESOURCE_KINDS = [
  'mesh',
  'virtualNode',
  'virtualRouter',
  'virtualGateway',
  'route',
  'virtualService',
  'gatewayRoute',
] as const;

/** One of {@link RESOURCE_KINDS}. */
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/**
 * Where a resource came from, when an importer read it from a file. Used to point validation
 * issues at the source; never sent to an API.
 */
export interface SourceLocation {
  file: string;
  line?: number;
  column?: number;
}

interface ResourceBase {
  /** The mesh the resource belongs to. For the mesh resource itself, equal to `name`. */
  meshName: string;
  /** The resource's name (`meshName`, `virtualNodeName`, `routeName`, …, in the API). */
  name: string;
  /** Tags, in the API's wire shape. */
  tags?: TagRef[];
  /** Where an importer found this resource. Ignored by the planner and never sent to AWS. */
  source?: SourceLocation;
}

/** A mesh, in the App Mesh API shape. */
export interface MeshResource extends ResourceBase {
  kind: 'mesh';
  spec: MeshSpec;
}

/** A virtual node, in the App Mesh API shape. */
export interface VirtualNodeResource extends ResourceBase {
  kind: 'virtualNode';
  spec: VirtualNodeSpec;
}

/** A virtual router, in the App Mesh API shape. */
export interface VirtualRouterResource extends ResourceBase {
  kind: 'virtualRouter';
  spec: VirtualRouterSpec;
}

/** A virtual gateway, in the App Mesh API shape. */
export interface VirtualGatewayResource extends ResourceBase {
  kind: 'virtualGateway';
  spec: VirtualGatewaySpec;
}

/** A route of a virtual router, in the App Mesh API shape. */
export interface RouteResource extends ResourceBase {
  kind: 'route';
  virtualRouterName: string;
  spec: RouteSpec;
}

/** A virtual service, in the App Mesh API shape. */
export interface VirtualServiceResource extends ResourceBase {
  kind: 'virtualService';
  spec: VirtualServiceSpec;
}

/** A gateway route of a virtual gateway, in the App Mesh API shape. */
export interface GatewayRouteResource extends ResourceBase {
  kind: 'gatewayRoute';
  virtualGatewayName: string;
  spec: GatewayRouteSpec;
}

/**
 * Any App Mesh resource of the normalized model.
 *
 * @example
 * ```ts
 * import type { MeshplaneResource } from '@meshplane/core';
 * const node: MeshplaneResource = {
 *   kind: 'virtualNode',
 *   meshName: 'dj-app',
 *   name: 'jazz-v1',
 *   spec: { listeners: [{ portMapping: { port: 9080, protocol: 'http' } }] },
 * };
 * ```
 */
export type MeshplaneResource =
  | MeshResource
  | VirtualNodeResource
  | VirtualRouterResource
  | VirtualGatewayResource
  | RouteResource
  | VirtualServiceResource
  | GatewayRouteResource;

/** The resource type for a given kind. */
export type ResourceOfKind<K extends ResourceKind> = Extract<MeshplaneResource, { kind: K }>;

/**
 * The normalized model: a list of resources in the exact App Mesh API shape. Everything reads
 * this: validation, the planner, the router, the exporters and the local endpoint.
 *
 * @example
 * ```ts
 * import type { MeshModel } from '@meshplane/core';
 * const model: MeshModel = {
 *   resources: [{ kind: 'mesh', meshName: 'dj-app', name: 'dj-app', spec: {} }],
 * };
 * ```
 */
export interface MeshModel {
  resources: MeshplaneResource[];
}

/**
 * A stable identity for a resource within an account and region, e.g.
 * `route:dj-app/jazz-router/jazz-route`. Used as a map key by the planner and validation.
 *
 * @example
 * ```ts
 * import { resourceKey } from '@meshplane/core';
 * resourceKey({ kind: 'virtualNode', meshName: 'dj-app', name: 'dj', spec: {} }); // 'virtualNode:dj-app/dj'
 * ```
 */
export function resourceKey(
  resource: Pick<MeshplaneResource, 'kind' | 'meshName' | 'name'> & {
    virtualRouterName?: string;
    virtualGatewayName?: string;
  },
): string {
  switch (resource.kind) {
    case 'mesh':
      return `mesh:${resource.meshName}`;
    case 'route':
      return `route:${resource.meshName}/${resource.virtualRouterName}/${resource.name}`;
    case 'gatewayRoute':
      return `gatewayRoute:${resource.meshName}/${resource.virtualGatewayName}/${resource.name}`;
    default:
      return `${resource.kind}:${resource.meshName}/${resource.name}`;
  }
}
