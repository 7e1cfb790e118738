/** The seven App Mesh resource kinds the local service stores. */
export type AppMeshKind =
  | 'mesh'
  | 'virtualNode'
  | 'virtualRouter'
  | 'virtualGateway'
  | 'route'
  | 'virtualService'
  | 'gatewayRoute';

/** How one kind appears in operation names, inputs, outputs and ARNs. */
export interface KindInfo {
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
  /** Quota per scope (mesh, or parent for routes), from the App Mesh service quotas. */
  quota: number;
}

/** Service quotas (AWS App Mesh documentation, as listed in DESIGN.md). */
export const MESHES_PER_ACCOUNT = 15;
export const BACKENDS_PER_VIRTUAL_NODE = 50;
export const TAGS_PER_RESOURCE = 50;

export const KINDS: Record<AppMeshKind, KindInfo> = {
  mesh: {
    kind: 'mesh',
    opName: 'Mesh',
    listOp: 'ListMeshes',
    nameMember: 'meshName',
    dataMember: 'mesh',
    listMember: 'meshes',
    quota: MESHES_PER_ACCOUNT,
  },
  virtualNode: {
    kind: 'virtualNode',
    opName: 'VirtualNode',
    listOp: 'ListVirtualNodes',
    nameMember: 'virtualNodeName',
    dataMember: 'virtualNode',
    listMember: 'virtualNodes',
    quota: 200,
  },
  virtualRouter: {
    kind: 'virtualRouter',
    opName: 'VirtualRouter',
    listOp: 'ListVirtualRouters',
    nameMember: 'virtualRouterName',
    dataMember: 'virtualRouter',
    listMember: 'virtualRouters',
    quota: 200,
  },
  virtualGateway: {
    kind: 'virtualGateway',
    opName: 'VirtualGateway',
    listOp: 'ListVirtualGateways',
    nameMember: 'virtualGatewayName',
    dataMember: 'virtualGateway',
    listMember: 'virtualGateways',
    quota: 200,
  },
  route: {
    kind: 'route',
    opName: 'Route',
    listOp: 'ListRoutes',
    nameMember: 'routeName',
    dataMember: 'route',
    listMember: 'routes',
    parent: 'virtualRouter',
    quota: 50,
  },
  virtualService: {
    kind: 'virtualService',
    opName: 'VirtualService',
    listOp: 'ListVirtualServices',
    nameMember: 'virtualServiceName',
    dataMember: 'virtualService',
    listMember: 'virtualServices',
    quota: 200,
  },
  gatewayRoute: {
    kind: 'gatewayRoute',
    opName: 'GatewayRoute',
    listOp: 'ListGatewayRoutes',
    nameMember: 'gatewayRouteName',
    dataMember: 'gatewayRoute',
    listMember: 'gatewayRoutes',
    parent: 'virtualGateway',
    quota: 50,
  },
};

/** Plain words for messages: `virtual node`, `gateway route`. */
export function kindWords(kind: AppMeshKind): string {
  return kind.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);
}
