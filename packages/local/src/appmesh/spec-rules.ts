import {
  GATEWAY_ROUTE_TYPES,
  gatewayRouteTarget,
  listenerPorts,
  routeBody,
  routeMatchPort,
} from '@meshplane/core';
import type { AppMeshKind } from './kinds.js';

type Json = Record<string, unknown>;

/** The API's defaults: a mesh without an egress filter gets `DROP_ALL` (App Mesh API reference, EgressFilter). */
export function withDefaults(kind: AppMeshKind, spec: Json | undefined): Json {
  const copy: Json = structuredClone(spec ?? {});
  if (kind === 'mesh' && copy.egressFilter === undefined) copy.egressFilter = { type: 'DROP_ALL' };
  return copy;
}

/** The listener port numbers of a node, router or gateway spec (core's `listenerPorts`). */
export const portsOf = (spec: unknown): number[] => listenerPorts(spec).map((l) => l.port);

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
  const ports = portsOf(parentSpec);
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

/** The target of a gateway route spec: the virtual service (core's `gatewayRouteTarget`) and the target port, if any. */
export function gatewayTargetOf(
  spec: Json,
): { virtualServiceName: string; port?: number; path: string } | undefined {
  const target = gatewayRouteTarget(spec);
  if (!target) return undefined;
  const body = routeBody(spec, GATEWAY_ROUTE_TYPES)?.body;
  const port = ((body?.action as Json | undefined)?.target as Json | undefined)?.port;
  return {
    virtualServiceName: target.virtualServiceName,
    ...(typeof port === 'number' ? { port } : {}),
    path: `spec.${target.type}.action.target`,
  };
}
