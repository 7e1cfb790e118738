import type { MeshplaneResource } from './resources.js';

/**
 * Read App Mesh specs the one way every package reads them. Accessors are total: a spec of the
 * wrong shape (imported, not yet validated) gives `undefined` or an empty list, never a throw, so
 * validation can report it once, in its own words.
 */

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : undefined;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The route spec members, in the API's order, with the listener protocol each one serves. */
export const ROUTE_TYPES = ['httpRoute', 'http2Route', 'grpcRoute', 'tcpRoute'] as const;
/** One of {@link ROUTE_TYPES}. */
export type RouteType = (typeof ROUTE_TYPES)[number];
/** Gateway routes have no TCP form (GatewayRouteSpec). */
export const GATEWAY_ROUTE_TYPES = ['httpRoute', 'http2Route', 'grpcRoute'] as const;
/** One of {@link GATEWAY_ROUTE_TYPES}. */
export type GatewayRouteType = (typeof GATEWAY_ROUTE_TYPES)[number];
/** The listener protocol (PortProtocol) a route type serves. */
export const ROUTE_PROTOCOL: Readonly<Record<RouteType, 'http' | 'http2' | 'grpc' | 'tcp'>> = {
  httpRoute: 'http',
  http2Route: 'http2',
  grpcRoute: 'grpc',
  tcpRoute: 'tcp',
};

/**
 * The route type that serves a listener protocol, the inverse of {@link ROUTE_PROTOCOL}
 * (`grpc` → `grpcRoute`): a listener of protocol P only takes routes of P's type (App Mesh
 * RouteSpec: "the protocol of the route must match the listener's"). `undefined` for a protocol
 * App Mesh does not have (PortProtocol: http, http2, grpc, tcp).
 *
 * @example
 * ```ts
 * import { routeTypeForProtocol } from '@meshplane/core';
 * console.log(routeTypeForProtocol('http2'), routeTypeForProtocol('udp')); // 'http2Route' undefined
 * ```
 */
export function routeTypeForProtocol(protocol: string): RouteType | undefined {
  return ROUTE_TYPES.find((type) => ROUTE_PROTOCOL[type] === protocol);
}

/** A route body found in a spec: which member, and its value. */
export interface RouteBody<T extends string = RouteType> {
  type: T;
  body: Rec;
}

/**
 * Every route body a (gateway) route spec sets. App Mesh requires exactly one; validation reports
 * zero or several, everything else reads `routeBodies(spec)[0]`.
 *
 * @example
 * ```ts
 * import { routeBodies } from '@meshplane/core';
 * routeBodies({ httpRoute: { match: { prefix: '/' }, action: { weightedTargets: [] } } })[0]?.type; // 'httpRoute'
 * ```
 */
export function routeBodies<T extends string = RouteType>(
  spec: unknown,
  types: readonly T[] = ROUTE_TYPES as unknown as readonly T[],
): RouteBody<T>[] {
  const s = rec(spec);
  const out: RouteBody<T>[] = [];
  for (const type of types) {
    const body = rec(s?.[type]);
    if (body) out.push({ type, body });
  }
  return out;
}

/**
 * The route members a (gateway) route spec sets to anything but `undefined` or `null`, bodies of
 * the wrong type included: what App Mesh's "exactly one of httpRoute, http2Route, grpcRoute,
 * tcpRoute" counts (RouteSpec, GatewayRouteSpec).
 * `{ httpRoute: {}, tcpRoute: 5 }` sets both. Internal to core (not exported by the package).
 */
export function routeTypesSet<T extends string = RouteType>(
  spec: unknown,
  types: readonly T[] = ROUTE_TYPES as unknown as readonly T[],
): T[] {
  const s = rec(spec);
  return types.filter((type) => s?.[type] !== undefined && s[type] !== null);
}

/** The one route body of a route or gateway route spec (the first, if several are set). */
export function routeBody<T extends string = RouteType>(
  spec: unknown,
  types: readonly T[] = ROUTE_TYPES as unknown as readonly T[],
): RouteBody<T> | undefined {
  return routeBodies(spec, types)[0];
}

/** A weighted target as the API shapes it, with its index in `action.weightedTargets`. */
export interface WeightedTargetRef {
  virtualNode: string;
  weight: number;
  port?: number;
  index: number;
}

/**
 * The weighted targets of a route spec, whatever its type. Targets whose node is not a string are
 * skipped (validation reports them).
 *
 * @example
 * ```ts
 * import { weightedTargets } from '@meshplane/core';
 * weightedTargets({ httpRoute: { match: { prefix: '/' }, action: { weightedTargets: [{ virtualNode: 'a', weight: 1 }] } } });
 * // [{ virtualNode: 'a', weight: 1, index: 0 }]
 * ```
 */
export function weightedTargets(spec: unknown): WeightedTargetRef[] {
  const list = weightedTargetList(spec);
  if (list === undefined) return [];
  const out: WeightedTargetRef[] = [];
  list.forEach((t, index) => {
    const r = rec(t);
    const node = str(r?.virtualNode);
    if (node === undefined) return;
    const target: WeightedTargetRef = {
      virtualNode: node,
      weight: typeof r?.weight === 'number' ? r.weight : 0,
      index,
    };
    if (typeof r?.port === 'number') target.port = r.port;
    out.push(target);
  });
  return out;
}

/**
 * The route body's `action.weightedTargets` list itself (not a copy), or `undefined` when the
 * spec has none: for code that writes weights back into a (cloned) spec, such as a traffic shift.
 * Readers use {@link weightedTargets}.
 * Internal to core (not exported by the package).
 */
export function weightedTargetList(spec: unknown): unknown[] | undefined {
  const list = rec(routeBody(spec)?.body.action)?.weightedTargets;
  return Array.isArray(list) ? list : undefined;
}

/** The port a route's match selects (`match.port`), if any. */
export function routeMatchPort(spec: unknown): number | undefined {
  const port = rec(routeBody(spec)?.body.match)?.port;
  return typeof port === 'number' ? port : undefined;
}

/** A listener's port and protocol. */
export interface ListenerPort {
  port: number;
  protocol: string;
  index: number;
}

/**
 * The listeners' port mappings of a virtual node, router or gateway spec (all three use
 * `listeners[].portMapping`).
 *
 * @example
 * ```ts
 * import { listenerPorts } from '@meshplane/core';
 * listenerPorts({ listeners: [{ portMapping: { port: 9080, protocol: 'http' } }] }); // [{ port: 9080, protocol: 'http', index: 0 }]
 * ```
 */
export function listenerPorts(spec: unknown): ListenerPort[] {
  const listeners = rec(spec)?.listeners;
  if (!Array.isArray(listeners)) return [];
  const out: ListenerPort[] = [];
  listeners.forEach((l, index) => {
    const mapping = listenerPortMapping(l);
    if (mapping) out.push({ ...mapping, index });
  });
  return out;
}

/**
 * One listener's `portMapping` port and protocol, or `undefined` when either is missing or not
 * of its type: App Mesh PortMapping requires both, so there is no default protocol to assume.
 * Internal to core (not exported by the package).
 */
export function listenerPortMapping(listener: unknown): { port: number; protocol: string } | undefined {
  const pm = rec(rec(listener)?.portMapping);
  if (typeof pm?.port !== 'number' || typeof pm.protocol !== 'string') return undefined;
  return { port: pm.port, protocol: pm.protocol };
}

/** The provider of a virtual service spec. */
export type ServiceProvider = { kind: 'virtualNode' | 'virtualRouter'; name: string } | undefined;

/** Which node or router provides a virtual service (`spec.provider`), if any. */
export function serviceProvider(spec: unknown): ServiceProvider {
  const provider = rec(rec(spec)?.provider);
  const node = str(rec(provider?.virtualNode)?.virtualNodeName);
  if (node !== undefined) return { kind: 'virtualNode', name: node };
  const router = str(rec(provider?.virtualRouter)?.virtualRouterName);
  if (router !== undefined) return { kind: 'virtualRouter', name: router };
  return undefined;
}

/** The virtual service names a node's `backends` declare, with their index. */
export function nodeBackends(spec: unknown): { virtualServiceName: string; index: number }[] {
  const backends = rec(spec)?.backends;
  if (!Array.isArray(backends)) return [];
  const out: { virtualServiceName: string; index: number }[] = [];
  backends.forEach((b, index) => {
    const name = str(rec(rec(b)?.virtualService)?.virtualServiceName);
    if (name !== undefined) out.push({ virtualServiceName: name, index });
  });
  return out;
}

/** The virtual service a gateway route sends to (`<type>.action.target.virtualService`). */
export function gatewayRouteTarget(
  spec: unknown,
): { virtualServiceName: string; type: GatewayRouteType } | undefined {
  const found = routeBody(spec, GATEWAY_ROUTE_TYPES);
  const name = str(rec(rec(rec(found?.body.action)?.target)?.virtualService)?.virtualServiceName);
  return found && name !== undefined ? { virtualServiceName: name, type: found.type } : undefined;
}

/** The mesh's egress filter type (`spec.egressFilter.type`), App Mesh's default DROP_ALL when unset. */
export function egressFilterType(resource: MeshplaneResource | undefined): 'ALLOW_ALL' | 'DROP_ALL' {
  const type = rec(rec(resource?.spec)?.egressFilter)?.type;
  return type === 'ALLOW_ALL' ? 'ALLOW_ALL' : 'DROP_ALL';
}
