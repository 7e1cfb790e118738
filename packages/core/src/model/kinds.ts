import type { ResourceKind } from './resources.js';

/**
 * Everything App Mesh says about one resource kind, in one table: every package (validation, the
 * planner, the router compiler, the local emulator, the CLI graph, the Envoy translation, the
 * exporters) reads kinds from here instead of keeping its own switch.
 *
 * Names follow the App Mesh API reference (2019-01-25): `virtualNodeName`, `CreateVirtualNode`, …
 */
export interface KindInfo {
  kind: ResourceKind;
  /** The API's noun: `VirtualNode` (operation names are `Create${noun}`, …). */
  noun: string;
  /** The noun in messages: `virtual node`, `gateway route`. */
  label: string;
  /** The request/response member that carries the name: `virtualNodeName`. */
  nameMember: string;
  /** The kind this one lives in (besides its mesh): routes in routers, gateway routes in gateways. */
  parent?: 'virtualRouter' | 'virtualGateway';
  /** The resource member naming that parent (`virtualRouterName`, `virtualGatewayName`). */
  parentMember?: 'virtualRouterName' | 'virtualGatewayName';
  /** The friendly collection (`defineMesh` keys, validation paths): `nodes`, `routers`, … */
  collection: string;
  /** The REST collection segment in the ARN and URI: `virtualNode`, `virtualRouter`, … */
  arnSegment: string;
  /** The API operations for this kind. */
  operations: { create: string; describe: string; update: string; delete: string; list: string };
  /** Create order: a kind is created after every kind with a lower rank (deleted in reverse). */
  rank: number;
}

const ops = (noun: string, plural = `${noun}s`) => ({
  create: `Create${noun}`,
  describe: `Describe${noun}`,
  update: `Update${noun}`,
  delete: `Delete${noun}`,
  list: `List${plural}`,
});

/**
 * The seven kinds (App Mesh API reference, "Actions"). Ranks give the create order AWS requires:
 * mesh → nodes, routers, gateways → routes, services, gateway routes.
 *
 * @example
 * ```ts
 * import { KINDS } from '@meshplane/core';
 * console.log(KINDS.route.parent, KINDS.route.operations.create); // 'virtualRouter' 'CreateRoute'
 * ```
 */
export const KINDS: Readonly<Record<ResourceKind, KindInfo>> = {
  mesh: {
    kind: 'mesh',
    noun: 'Mesh',
    label: 'mesh',
    nameMember: 'meshName',
    collection: 'mesh',
    arnSegment: 'mesh',
    operations: ops('Mesh', 'Meshes'),
    rank: 0,
  },
  virtualNode: {
    kind: 'virtualNode',
    noun: 'VirtualNode',
    label: 'virtual node',
    nameMember: 'virtualNodeName',
    collection: 'nodes',
    arnSegment: 'virtualNode',
    operations: ops('VirtualNode'),
    rank: 1,
  },
  virtualRouter: {
    kind: 'virtualRouter',
    noun: 'VirtualRouter',
    label: 'virtual router',
    nameMember: 'virtualRouterName',
    collection: 'routers',
    arnSegment: 'virtualRouter',
    operations: ops('VirtualRouter'),
    rank: 1,
  },
  virtualGateway: {
    kind: 'virtualGateway',
    noun: 'VirtualGateway',
    label: 'virtual gateway',
    nameMember: 'virtualGatewayName',
    collection: 'gateways',
    arnSegment: 'virtualGateway',
    operations: ops('VirtualGateway'),
    rank: 1,
  },
  route: {
    kind: 'route',
    noun: 'Route',
    label: 'route',
    nameMember: 'routeName',
    parent: 'virtualRouter',
    parentMember: 'virtualRouterName',
    collection: 'routes',
    arnSegment: 'route',
    operations: ops('Route'),
    rank: 2,
  },
  virtualService: {
    kind: 'virtualService',
    noun: 'VirtualService',
    label: 'virtual service',
    nameMember: 'virtualServiceName',
    collection: 'services',
    arnSegment: 'virtualService',
    operations: ops('VirtualService'),
    rank: 2,
  },
  gatewayRoute: {
    kind: 'gatewayRoute',
    noun: 'GatewayRoute',
    label: 'gateway route',
    nameMember: 'gatewayRouteName',
    parent: 'virtualGateway',
    parentMember: 'virtualGatewayName',
    collection: 'gatewayRoutes',
    arnSegment: 'gatewayRoute',
    operations: ops('GatewayRoute'),
    rank: 2,
  },
};

/**
 * App Mesh service quotas (AWS documentation, "App Mesh service quotas"; DESIGN.md). Validation
 * enforces them before any API call; the local emulator enforces the same numbers.
 *
 * @example
 * ```ts
 * import { MESH_QUOTAS } from '@meshplane/core';
 * console.log(MESH_QUOTAS.routesPerRouter); // 50
 * ```
 */
export const MESH_QUOTAS = {
  meshes: 15,
  virtualNodesPerMesh: 200,
  virtualRoutersPerMesh: 200,
  virtualServicesPerMesh: 200,
  virtualGatewaysPerMesh: 200,
  routesPerRouter: 50,
  gatewayRoutesPerGateway: 50,
  backendsPerNode: 50,
  weightedTargetsPerRoute: 10,
  maxTotalWeight: 100,
} as const;
