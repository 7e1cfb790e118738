import type {
  MeshModel,
  MeshplaneResource,
  RouteResource,
  VirtualNodeResource,
  VirtualRouterResource,
  VirtualServiceResource,
} from '@meshplane/core';
import { MeshplaneMigrateError } from './errors.js';

/** The resources of one mesh, by kind, in the model's order. */
export interface MeshIndex {
  meshName: string;
  mesh: MeshplaneResource | undefined;
  nodes: Map<string, VirtualNodeResource>;
  routers: Map<string, VirtualRouterResource>;
  /** Routes per router name. */
  routes: Map<string, RouteResource[]>;
  services: Map<string, VirtualServiceResource>;
  /** Gateways and gateway routes: exported by neither target (reported). */
  gatewayResources: MeshplaneResource[];
}

/**
 * Indexes a one-mesh model. A model spanning several meshes is refused (export one mesh at a
 * time: each becomes its own service network or namespace).
 *
 * @example
 * ```ts
 * import { defineMesh } from '@meshplane/core';
 * import { indexMesh } from '@meshplane/migrate/internals';
 * console.log(indexMesh(defineMesh({ name: 'm' })).meshName); // 'm'
 * ```
 */
export function indexMesh(model: MeshModel): MeshIndex {
  const meshes = [...new Set(model.resources.map((r) => r.meshName))];
  if (meshes.length !== 1) {
    throw new MeshplaneMigrateError(
      'MIGRATE_MESH_COUNT',
      `model: an export takes exactly one mesh, found ${meshes.length} (${meshes.join(', ') || 'none'}); export each mesh on its own`,
    );
  }
  const index: MeshIndex = {
    meshName: meshes[0] as string,
    mesh: undefined,
    nodes: new Map(),
    routers: new Map(),
    routes: new Map(),
    services: new Map(),
    gatewayResources: [],
  };
  for (const r of model.resources) {
    if (r.kind === 'mesh') index.mesh = r;
    else if (r.kind === 'virtualNode') index.nodes.set(r.name, r);
    else if (r.kind === 'virtualRouter') index.routers.set(r.name, r);
    else if (r.kind === 'virtualService') index.services.set(r.name, r);
    else if (r.kind === 'route') {
      const list = index.routes.get(r.virtualRouterName) ?? [];
      list.push(r);
      index.routes.set(r.virtualRouterName, list);
    } else index.gatewayResources.push(r);
  }
  return index;
}

/** `kind:mesh/name` (routes: `route:mesh/router/name`), the resource column of the report. */
export function resourceId(r: MeshplaneResource): string {
  if (r.kind === 'route') return `route:${r.meshName}/${r.virtualRouterName}/${r.name}`;
  if (r.kind === 'gatewayRoute') return `gatewayRoute:${r.meshName}/${r.virtualGatewayName}/${r.name}`;
  return `${r.kind}:${r.meshName}/${r.name}`;
}

/**
 * A name the target accepts: lowercase letters, digits and hyphens, no leading/trailing or double
 * hyphen, at most `max` characters (VPC Lattice service and target group names: 3–40 and 3–128).
 */
export function targetName(raw: string, max: number): string {
  const cleaned = raw
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  const cut = cleaned.slice(0, max).replace(/-$/, '');
  return cut.length >= 3 ? cut : `${cut}-mp`.slice(0, Math.max(3, cut.length + 3));
}

/** A CloudFormation logical id (alphanumeric) built from parts. */
export function logicalId(...parts: string[]): string {
  return parts
    .map((p) =>
      p
        .split(/[^A-Za-z0-9]+/)
        .filter(Boolean)
        .map((w) => w[0]?.toUpperCase() + w.slice(1))
        .join(''),
    )
    .join('');
}
