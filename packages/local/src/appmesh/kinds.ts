import { MESH_QUOTAS, KINDS as MODEL_KINDS, type ResourceKind } from '@meshplane/core';

/** The seven App Mesh resource kinds the local service stores (core's `ResourceKind`). */
export type AppMeshKind = ResourceKind;

/**
 * How one kind appears on the wire, derived from core's kind table (`KINDS`) and quotas
 * (`MESH_QUOTAS`): the emulator keeps no table of its own.
 */
export interface WireKind {
  kind: AppMeshKind;
  /** Operation suffix: `CreateVirtualNode`, `DescribeVirtualNode`, … */
  opName: string;
  listOp: string;
  /** Input/output member that names the resource (`virtualNodeName`). */
  nameMember: string;
  /** Output member of the single-resource operations (`virtualNode`). */
  dataMember: string;
  /** Output member of the list operation (`virtualNodes`). */
  listMember: string;
  /** The kind a route or gateway route lives under. */
  parent?: 'virtualRouter' | 'virtualGateway';
  /** Quota per scope (account for meshes, mesh, or parent for routes). */
  quota: number;
}

/** Which of core's quotas bounds each kind in its scope. */
const QUOTA_OF: Record<AppMeshKind, keyof typeof MESH_QUOTAS> = {
  mesh: 'meshes',
  virtualNode: 'virtualNodesPerMesh',
  virtualRouter: 'virtualRoutersPerMesh',
  virtualGateway: 'virtualGatewaysPerMesh',
  virtualService: 'virtualServicesPerMesh',
  route: 'routesPerRouter',
  gatewayRoute: 'gatewayRoutesPerGateway',
};

/** AWS tagging limit (50 user tags per resource); App Mesh's TagList model allows 0-50. */
export const TAGS_PER_RESOURCE = 50;

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

function wireKind(kind: AppMeshKind): WireKind {
  const info = MODEL_KINDS[kind];
  return {
    kind,
    opName: info.noun,
    listOp: info.operations.list,
    nameMember: info.nameMember,
    dataMember: kind,
    // `ListVirtualNodes` answers `virtualNodes`, `ListMeshes` answers `meshes`.
    listMember: lowerFirst(info.operations.list.slice('List'.length)),
    ...(info.parent ? { parent: info.parent } : {}),
    quota: MESH_QUOTAS[QUOTA_OF[kind]],
  };
}

/** The wire view of every kind, keyed by kind. */
export const KINDS: Readonly<Record<AppMeshKind, WireKind>> = Object.fromEntries(
  Object.keys(MODEL_KINDS).map((kind) => [kind, wireKind(kind as AppMeshKind)]),
) as Record<AppMeshKind, WireKind>;

/** Plain words for messages: `virtual node`, `gateway route`. */
export function kindWords(kind: AppMeshKind): string {
  return kind.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);
}
