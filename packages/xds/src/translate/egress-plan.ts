import type { GrpcRouteMatch, HttpRouteMatch } from '@aws-sdk/client-app-mesh';
import {
  type ListenerPort,
  listenerPorts,
  type ResourceOfKind,
  ROUTE_PROTOCOL,
  type RouteType,
  routeBody,
  routeTypeForProtocol,
  serviceProvider,
  weightedTargets,
} from '@meshplane/core';
import {
  checkRouteAgainstListeners,
  checkTargetListener,
  compareRoutes,
  compileGrpcMatch,
  compileHttpMatch,
  type MatchSpecificity,
  type OrderableRoute,
} from '@meshplane/core/router/internals';
import type { IssueSink, MeshIndex } from './mesh-index.js';
import { resourcePath } from './mesh-index.js';
import { clusterName } from './names.js';
import type { TimeoutSpec } from './timeouts.js';

type Node = ResourceOfKind<'virtualNode'>;
type Rec = Record<string, unknown>;

/** A weighted target of an egress route: a `cds_egress_…` cluster and its weight. */
export interface TargetRef {
  cluster: string;
  weight: number;
}

/** One Envoy route of the egress route configuration, before rendering. */
export interface PlannedRoute {
  /** The model path of the route (`routers.r.routes.x`) or of the provider node. */
  path: string;
  type: RouteType;
  /** The App Mesh match (http/http2 `HttpRouteMatch`, gRPC `GrpcRouteMatch`). */
  match: HttpRouteMatch | GrpcRouteMatch | undefined;
  targets: TargetRef[];
  /** A route of a router (weighted clusters) or the one route of a virtual node provider. */
  viaRouter: boolean;
  timeout: TimeoutSpec | undefined;
  /** The route's retry policy; undefined means App Mesh's default policy. */
  retryPolicy: Rec | undefined;
}

/** One virtual host of the egress route configuration: a virtual service on one port. */
export interface PlannedHost {
  service: string;
  port: number;
  protocol: string;
  name: string;
  domains: string[];
  routes: PlannedRoute[];
}

/** A TCP virtual service: a filter chain on its port on the egress listener. */
export interface PlannedTcp {
  service: string;
  port: number;
  path: string;
  targets: TargetRef[];
  idle: TimeoutSpec['idle'];
}

/** An egress cluster: one listener of one target virtual node. */
export interface EgressCluster {
  name: string;
  node: Node;
  port: number;
  protocol: string;
  listenerIndex: number;
  /** The client policy TLS that applies (the backend's, else backendDefaults), and its model path. */
  tls?: { spec: unknown; path: string };
}

/** Everything the egress side of one node or gateway needs. */
export interface EgressPlan {
  hosts: PlannedHost[];
  tcp: PlannedTcp[];
  clusters: Map<string, EgressCluster>;
}

/** The caller: which client policy applies to calls to a service. */
export interface Caller {
  /** Client policy TLS for a service (backend's clientPolicy, else backendDefaults'), with its path. */
  clientTls(service: string): { spec: unknown; path: string } | undefined;
}

const rec = (v: unknown): Rec | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : undefined;

function specificity(type: RouteType, match: unknown, path: string, sink: IssueSink): MatchSpecificity {
  try {
    return type === 'grpcRoute'
      ? compileGrpcMatch((match ?? {}) as GrpcRouteMatch, path).specificity
      : compileHttpMatch((match ?? {}) as HttpRouteMatch, path).specificity;
  } catch (error) {
    sink.error('XDS_MATCH', `${path}.match`, (error as Error).message);
    return { pathKind: 0, pathLength: 0, conditions: 0 };
  }
}

/**
 * Resolves a target node and listener to its egress cluster, registering it once. The listener is
 * the one validation's rule (`checkTargetListener`, which the router compiler runs too) lets a
 * `protocol` route send to: the target's port, or the node's one listener.
 */
function targetCluster(
  index: MeshIndex,
  plan: EgressPlan,
  caller: Caller,
  service: string,
  target: { nodeName: string; port: number | undefined; protocol: string },
  path: string,
  sink: IssueSink,
): string | undefined {
  const { nodeName, port } = target;
  const node = index.nodes.get(nodeName);
  if (!node) {
    sink.error('XDS_UNKNOWN_TARGET', path, `virtual node "${nodeName}" is not in mesh "${index.meshName}"`);
    return undefined;
  }
  const listeners = listenerPorts(node.spec);
  let ruleOk = true;
  checkTargetListener(path, target.protocol, nodeName, port, port, listeners, (_code, at, message) => {
    ruleOk = false;
    sink.error('XDS_TARGET_LISTENER', at, message);
  });
  const listener = port === undefined ? listeners[0] : listeners.find((l) => l.port === port);
  if (!ruleOk || !listener) return undefined;
  const name = clusterName('egress', index.meshName, nodeName, listener.protocol, listener.port);
  const tls = caller.clientTls(service);
  const existing = plan.clusters.get(name);
  if (existing) {
    if (JSON.stringify(existing.tls?.spec) !== JSON.stringify(tls?.spec)) {
      sink.error(
        'XDS_CLIENT_POLICY_CONFLICT',
        tls?.path ?? existing.tls?.path ?? path,
        `virtual node "${nodeName}" port ${listener.port} is reached through services with different client policies; Envoy has one cluster per target, so one TLS setting`,
      );
    }
    return name;
  }
  const cluster: EgressCluster = {
    name,
    node,
    port: listener.port,
    protocol: listener.protocol,
    listenerIndex: listener.index,
  };
  if (tls) cluster.tls = tls;
  plan.clusters.set(name, cluster);
  return name;
}

function listenerTimeout(node: Node, index: number, protocol: string): TimeoutSpec | undefined {
  const l = rec((node.spec.listeners ?? [])[index]);
  return rec(rec(l?.timeout)?.[protocol]) as TimeoutSpec | undefined;
}

/** The hosts (or TCP services) a virtual node provider gives a service. */
function planNodeProvider(
  index: MeshIndex,
  plan: EgressPlan,
  caller: Caller,
  service: string,
  nodeName: string,
  sink: IssueSink,
): void {
  const path = `services.${service}.spec.provider.virtualNode.virtualNodeName`;
  const node = index.nodes.get(nodeName);
  if (!node) {
    sink.error('XDS_UNKNOWN_PROVIDER', path, `virtual node "${nodeName}" is not in mesh "${index.meshName}"`);
    return;
  }
  const listeners = listenerPorts(node.spec);
  if (listeners.length === 0)
    sink.error('XDS_PROVIDER_LISTENER', path, `provider virtual node "${nodeName}" has no listener`);
  for (const l of listeners) {
    const target = { nodeName, port: l.port, protocol: l.protocol };
    const cluster = targetCluster(index, plan, caller, service, target, path, sink);
    if (!cluster) continue;
    const targets = [{ cluster, weight: 100 }];
    if (l.protocol === 'tcp') {
      const tcpTimeout = listenerTimeout(node, l.index, 'tcp');
      plan.tcp.push({ service, port: l.port, path, targets, idle: tcpTimeout?.idle });
      continue;
    }
    // A protocol App Mesh does not have is served as HTTP here; validation reports it.
    const type: RouteType = routeTypeForProtocol(l.protocol) ?? 'httpRoute';
    const route: PlannedRoute = {
      path: `nodes.${nodeName}`,
      type,
      match: undefined,
      targets,
      viaRouter: false,
      timeout: listenerTimeout(node, l.index, l.protocol),
      retryPolicy: undefined,
    };
    addHost(plan, service, l.port, l.protocol, listeners.length, [route]);
  }
}

function addHost(
  plan: EgressPlan,
  service: string,
  port: number,
  protocol: string,
  listenerCount: number,
  routes: PlannedRoute[],
): void {
  const first = !plan.hosts.some((h) => h.service === service);
  const domains = first ? [service, `${service}:${port}`] : [`${service}:${port}`];
  const name = listenerCount === 1 ? service : `${service}_${port}`;
  plan.hosts.push({ service, port, protocol, name, domains, routes });
}

/** A router route placed on one listener, with what orders it. */
interface OrderedRoute {
  route: PlannedRoute;
  order: OrderableRoute;
}

/** One route of a router as an egress route: its targets resolved to egress clusters. */
function planRoute(
  index: MeshIndex,
  plan: EgressPlan,
  caller: Caller,
  service: string,
  r: ResourceOfKind<'route'>,
  found: { type: RouteType; body: Rec },
  sink: IssueSink,
): OrderedRoute {
  const path = resourcePath(r);
  const targets: TargetRef[] = [];
  for (const t of weightedTargets(r.spec)) {
    const where = `${path}.spec.${found.type}.action.weightedTargets[${t.index}]`;
    const target = { nodeName: t.virtualNode, port: t.port, protocol: ROUTE_PROTOCOL[found.type] };
    const cluster = targetCluster(index, plan, caller, service, target, where, sink);
    if (cluster) targets.push({ cluster, weight: t.weight });
  }
  const specificityOf = specificity(found.type, found.body.match, `${path}.spec.${found.type}`, sink);
  return {
    order: { name: r.name, priority: r.spec.priority, specificity: specificityOf },
    route: {
      path,
      type: found.type,
      match: found.body.match as PlannedRoute['match'],
      targets,
      viaRouter: true,
      timeout: rec(found.body.timeout) as TimeoutSpec | undefined,
      retryPolicy: rec(found.body.retryPolicy),
    },
  };
}

/** A TCP router listener: the first route by priority (a TCP connection has nothing to match on). */
function planTcpListener(
  plan: EgressPlan,
  service: string,
  routerName: string,
  port: number,
  routes: OrderedRoute[],
  sink: IssueSink,
): void {
  const first = routes[0];
  if (!first) return;
  plan.tcp.push({
    service,
    port,
    path: first.route.path,
    targets: first.route.targets,
    idle: first.route.timeout?.idle,
  });
  if (routes.length > 1) {
    sink.warning(
      'XDS_TCP_ROUTES',
      `routers.${routerName}`,
      `${routes.length} TCP routes on port ${port}: a TCP connection cannot be matched, only "${first.order.name}" (first by priority) is used`,
    );
  }
}

/**
 * The routes of a router that validation's listener rule (`checkRouteAgainstListeners`, which the
 * router compiler runs too) places on its listeners, with their bodies; the others are errors.
 * App Mesh: "Route must define a port match criteria if the Virtual Router has multiple
 * listeners", and the port and protocol must be a listener's.
 */
function placeableRoutes(
  routes: readonly ResourceOfKind<'route'>[],
  routerName: string,
  listeners: readonly ListenerPort[],
  sink: IssueSink,
): { r: ResourceOfKind<'route'>; found: { type: RouteType; body: Rec } }[] {
  const out: { r: ResourceOfKind<'route'>; found: { type: RouteType; body: Rec } }[] = [];
  for (const r of routes) {
    const found = routeBody(r.spec);
    if (!found) continue;
    let ok = true;
    const bodyPath = `${resourcePath(r)}.spec.${found.type}`;
    const owner = `virtual router "${routerName}"`;
    checkRouteAgainstListeners(
      bodyPath,
      found.body,
      ROUTE_PROTOCOL[found.type],
      owner,
      listeners,
      (_c, at, m) => {
        ok = false;
        sink.error('XDS_ROUTE_LISTENER', at, m);
      },
    );
    if (ok) out.push({ r, found });
  }
  return out;
}

/** The hosts (or TCP services) a virtual router provider gives a service: its routes by listener port. */
function planRouterProvider(
  index: MeshIndex,
  plan: EgressPlan,
  caller: Caller,
  service: string,
  routerName: string,
  sink: IssueSink,
): void {
  const router = index.routers.get(routerName);
  if (!router) {
    sink.error(
      'XDS_UNKNOWN_PROVIDER',
      `services.${service}.spec.provider.virtualRouter.virtualRouterName`,
      `virtual router "${routerName}" is not in mesh "${index.meshName}"`,
    );
    return;
  }
  const listeners = listenerPorts(router.spec);
  const routes = placeableRoutes(index.routes.get(routerName) ?? [], routerName, listeners, sink);
  for (const l of listeners) {
    const placed: OrderedRoute[] = [];
    for (const { r, found } of routes) {
      if (ROUTE_PROTOCOL[found.type] !== l.protocol) continue;
      // The listener rule passed: a route without match.port is on the router's one listener.
      const port = rec(found.body.match)?.port;
      if (port !== undefined && port !== l.port) continue;
      placed.push(planRoute(index, plan, caller, service, r, found, sink));
    }
    // App Mesh's order: priority (0 first), then the most specific match (core's compareRoutes).
    placed.sort((a, b) => compareRoutes(a.order, b.order));
    if (l.protocol === 'tcp') planTcpListener(plan, service, routerName, l.port, placed, sink);
    else
      addHost(
        plan,
        service,
        l.port,
        l.protocol,
        listeners.length,
        placed.map((p) => p.route),
      );
  }
}

/**
 * The egress plan of a caller reaching `services`: one virtual host per (service, HTTP-family
 * port), a TCP service per TCP port, and the egress clusters their routes target.
 */
export function planEgress(
  index: MeshIndex,
  services: readonly string[],
  caller: Caller,
  sink: IssueSink,
): EgressPlan {
  const plan: EgressPlan = { hosts: [], tcp: [], clusters: new Map() };
  for (const service of services) {
    const vs = index.services.get(service);
    if (!vs) continue;
    const provider = serviceProvider(vs.spec);
    if (!provider) {
      sink.warning(
        'XDS_NO_PROVIDER',
        `services.${service}.spec.provider`,
        `virtual service "${service}" has no provider: calls to it get 404`,
      );
      plan.hosts.push({ service, port: 0, protocol: 'http', name: service, domains: [service], routes: [] });
    } else if (provider.kind === 'virtualNode')
      planNodeProvider(index, plan, caller, service, provider.name, sink);
    else planRouterProvider(index, plan, caller, service, provider.name, sink);
  }
  return plan;
}
