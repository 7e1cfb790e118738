import type { AppMeshKind } from './kinds.js';

type Json = Record<string, unknown>;

/** A name another resource of the same mesh must have, and where the spec says it. */
export interface SpecReference {
  kind: AppMeshKind;
  name: string;
  path: string;
}

const asObject = (value: unknown): Json | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;

const ROUTE_TYPES = ['httpRoute', 'http2Route', 'grpcRoute', 'tcpRoute'] as const;
const GATEWAY_ROUTE_TYPES = ['httpRoute', 'http2Route', 'grpcRoute'] as const;

/**
 * Rules the service applies beyond the shape constraints, returned all at once as messages:
 * a route or gateway route names exactly one route type, and a route's weights add up to 1–100.
 */
export function specProblems(kind: AppMeshKind, spec: Json): string[] {
  const problems: string[] = [];
  if (kind === 'route' || kind === 'gatewayRoute') {
    const types = kind === 'route' ? ROUTE_TYPES : GATEWAY_ROUTE_TYPES;
    const present = types.filter((t) => spec[t] !== undefined);
    if (present.length !== 1)
      problems.push(
        `spec must set exactly one of ${types.join(', ')}, got ${present.length === 0 ? 'none' : present.join(', ')}`,
      );
  }
  if (kind === 'route') {
    for (const type of ROUTE_TYPES) {
      const targets = asObject(asObject(spec[type])?.action)?.weightedTargets;
      if (!Array.isArray(targets) || targets.length === 0) continue;
      const total = targets.reduce((sum: number, t) => sum + (Number(asObject(t)?.weight) || 0), 0);
      if (total < 1 || total > 100)
        problems.push(`spec.${type}.action.weightedTargets: the weights must add up to 1-100, got ${total}`);
    }
  }
  return problems;
}

/**
 * The resources a spec points at that the real service checks exist: a route's weighted target
 * nodes, a virtual service's provider and a gateway route's target virtual service. A virtual
 * node's backends are not checked (they may not exist yet: cycles are legal).
 */
export function specReferences(kind: AppMeshKind, spec: Json): SpecReference[] {
  const refs: SpecReference[] = [];
  if (kind === 'route') {
    for (const type of ROUTE_TYPES) {
      const targets = asObject(asObject(spec[type])?.action)?.weightedTargets;
      if (!Array.isArray(targets)) continue;
      targets.forEach((target, i) => {
        const name = asObject(target)?.virtualNode;
        if (typeof name === 'string')
          refs.push({
            kind: 'virtualNode',
            name,
            path: `spec.${type}.action.weightedTargets[${i}].virtualNode`,
          });
      });
    }
  }
  if (kind === 'virtualService') {
    const provider = asObject(spec.provider);
    const node = asObject(provider?.virtualNode)?.virtualNodeName;
    if (typeof node === 'string')
      refs.push({ kind: 'virtualNode', name: node, path: 'spec.provider.virtualNode.virtualNodeName' });
    const router = asObject(provider?.virtualRouter)?.virtualRouterName;
    if (typeof router === 'string')
      refs.push({
        kind: 'virtualRouter',
        name: router,
        path: 'spec.provider.virtualRouter.virtualRouterName',
      });
  }
  if (kind === 'gatewayRoute') {
    for (const type of GATEWAY_ROUTE_TYPES) {
      const target = asObject(asObject(asObject(asObject(spec[type])?.action)?.target)?.virtualService);
      const name = target?.virtualServiceName;
      if (typeof name === 'string')
        refs.push({
          kind: 'virtualService',
          name,
          path: `spec.${type}.action.target.virtualService.virtualServiceName`,
        });
    }
  }
  return refs;
}

/** The number of backends of a virtual node spec (quota: 50). */
export function backendCount(spec: Json): number {
  return Array.isArray(spec.backends) ? spec.backends.length : 0;
}

/** The API's defaults: a mesh without an egress filter gets `DROP_ALL` (App Mesh API reference, EgressFilter). */
export function withDefaults(kind: AppMeshKind, spec: Json | undefined): Json {
  const copy: Json = structuredClone(spec ?? {});
  if (kind === 'mesh' && copy.egressFilter === undefined) copy.egressFilter = { type: 'DROP_ALL' };
  return copy;
}

/** The listener ports of a virtual router or virtual gateway spec. */
export function listenerPorts(spec: Json): number[] {
  const listeners = Array.isArray(spec.listeners) ? spec.listeners : [];
  return listeners
    .map((l) => asObject(asObject(l)?.portMapping)?.port)
    .filter((port): port is number => typeof port === 'number');
}

/** The `match.port` of a route spec, whatever its route type (undefined when absent). */
export function routeMatchPort(spec: Json): number | undefined {
  for (const type of ROUTE_TYPES) {
    const port = asObject(asObject(spec[type])?.match)?.port;
    if (typeof port === 'number') return port;
  }
  return undefined;
}

/**
 * A route's (or gateway route's) port agreement with its router (or gateway), as App Mesh
 * enforces it since multiple listeners (2022): with several listeners the route must match on a
 * port, and a matched port must be a listener's. The messages are AWS's own: "Route must define a
 * port match criteria if the Virtual Router has multiple listeners" and "Gateway route must define
 * a match port if the parent Virtual Gateway has multiple listeners".
 */
export function routePortProblems(
  routeSpec: Json,
  parentSpec: Json,
  parentName: string,
  parentKind: 'virtualRouter' | 'virtualGateway' = 'virtualRouter',
): string[] {
  const ports = listenerPorts(parentSpec);
  const port = routeMatchPort(routeSpec);
  const parentWords = parentKind === 'virtualRouter' ? 'virtual router' : 'virtual gateway';
  if (port === undefined) {
    if (ports.length <= 1) return [];
    const rule =
      parentKind === 'virtualRouter'
        ? 'Route must define a port match criteria if the Virtual Router has multiple listeners'
        : 'Gateway route must define a match port if the parent Virtual Gateway has multiple listeners';
    return [`${rule} (${parentWords} "${parentName}" listens on ${ports.join(', ')})`];
  }
  return ports.includes(port)
    ? []
    : [
        `the route matches port ${port}, which is not a listener port of ${parentWords} "${parentName}" (${ports.join(', ')})`,
      ];
}

/** Each target of a gateway route spec: the virtual service name and the target port, if any. */
export function gatewayRouteTargets(
  spec: Json,
): Array<{ virtualServiceName: string; port?: number; path: string }> {
  const targets: Array<{ virtualServiceName: string; port?: number; path: string }> = [];
  for (const type of GATEWAY_ROUTE_TYPES) {
    const target = asObject(asObject(asObject(spec[type])?.action)?.target);
    const name = asObject(target?.virtualService)?.virtualServiceName;
    if (typeof name !== 'string') continue;
    const port = target?.port;
    targets.push({
      virtualServiceName: name,
      ...(typeof port === 'number' ? { port } : {}),
      path: `spec.${type}.action.target`,
    });
  }
  return targets;
}
