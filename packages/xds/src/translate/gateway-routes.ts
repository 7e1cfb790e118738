import type { GrpcGatewayRouteMatch, HttpGatewayRouteMatch } from '@aws-sdk/client-app-mesh';
import {
  GATEWAY_ROUTE_TYPES,
  type GatewayRouteType,
  gatewayRouteTarget,
  type ListenerPort,
  type ResourceOfKind,
  ROUTE_PROTOCOL,
  routeBody,
} from '@meshplane/core';
import { compareRoutes, compileGrpcMatch, compileHttpMatch } from '@meshplane/core/router/internals';
import type { EgressPlan } from './egress-plan.js';
import { durationString, type Json } from './envoy-json.js';
import { grpcRouteMatch, hostnameMatcher, httpRouteMatch } from './match.js';
import { type IssueSink, resourcePath } from './mesh-index.js';
import { perRequestMs } from './timeouts.js';

type GatewayRoute = ResourceOfKind<'gatewayRoute'>;
type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : undefined;

/** The request header a gateway route names its virtual service in when it keeps the client's host name (App Mesh's). */
export const VIRTUAL_SERVICE_HEADER = 'x-app-mesh-virtual-service';

/** One gateway route placed on a gateway listener. */
interface Placed {
  route: GatewayRoute;
  type: GatewayRouteType;
  body: Rec;
  order: Parameters<typeof compareRoutes>[0];
}

/** The gateway routes that serve one gateway listener, in App Mesh's order (priority, then specificity). */
export function routesForListener(
  routes: readonly GatewayRoute[],
  listener: ListenerPort,
  listenerCount: number,
  sink: IssueSink,
): Placed[] {
  const placed: Placed[] = [];
  for (const route of routes) {
    const found = routeBody(route.spec, GATEWAY_ROUTE_TYPES);
    if (!found || ROUTE_PROTOCOL[found.type] !== listener.protocol) continue;
    const port = rec(found.body.match)?.port;
    if (listenerCount > 1 ? port !== listener.port : port !== undefined && port !== listener.port) continue;
    const path = `${resourcePath(route)}.spec.${found.type}.match`;
    let specificity = { pathKind: 0, pathLength: 0, conditions: 0 };
    try {
      const match = found.body.match ?? {};
      specificity =
        found.type === 'grpcRoute'
          ? compileGrpcMatch(match as never, path).specificity
          : compileHttpMatch(match as never, path).specificity;
    } catch (error) {
      sink.error('XDS_MATCH', path, (error as Error).message);
    }
    placed.push({
      route,
      type: found.type,
      body: found.body,
      order: { name: route.name, priority: route.spec.priority, specificity },
    });
  }
  return placed.sort((a, b) => compareRoutes(a.order, b.order));
}

/**
 * The gateway's own route timeout to its egress listener: the longest per-request timeout of the
 * target service's routes (0 when one of them disables it), so the gateway never cuts a request
 * the service's route still allows (App Mesh's 15 s default when none is set).
 */
function selfRedirectTimeout(plan: EgressPlan, service: string): string {
  let max = 0;
  let seen = false;
  for (const host of plan.hosts) {
    if (host.service !== service) continue;
    for (const r of host.routes) {
      const ms = perRequestMs(r.timeout);
      if (ms === 0) return '0s';
      seen = true;
      max = Math.max(max, ms);
    }
  }
  return durationString(seen ? max : perRequestMs(undefined));
}

/** The rewrite part of the route action, and whether the match needs App Mesh's trailing-slash twin route. */
function rewrites(
  body: Rec,
  match: Json,
  path: string,
  sink: IssueSink,
): { action: Json; twinPrefix?: string } {
  const rewrite = rec(rec(body.action)?.rewrite);
  const m = rec(body.match) ?? {};
  if (typeof m.prefix === 'string') {
    const prefix = rec(rewrite?.prefix);
    if (prefix?.defaultPrefix === 'DISABLED') return { action: {} };
    const value = typeof prefix?.value === 'string' ? prefix.value : '/';
    // App Mesh rewrites a matched prefix to "/" by default; "/p" also gets a "/p/" route first so
    // that "/p/x" becomes "/x", not "//x" (as App Mesh's own route tables show).
    const twin = value === '/' && !m.prefix.endsWith('/') ? `${m.prefix}/` : undefined;
    return twin
      ? { action: { prefix_rewrite: value }, twinPrefix: twin }
      : { action: { prefix_rewrite: value } };
  }
  const exact = rec(rewrite?.path)?.exact;
  if (typeof exact === 'string') {
    if (match.path !== undefined) return { action: { prefix_rewrite: exact } };
    if (match.safe_regex !== undefined)
      return { action: { regex_rewrite: { pattern: match.safe_regex, substitution: exact } } };
    sink.error(
      'XDS_REWRITE',
      `${path}.action.rewrite.path`,
      `rewrite.path.exact ${JSON.stringify(exact)} needs a path match (match.path.exact or match.path.regex)`,
    );
  }
  return { action: {} };
}

/**
 * One gateway route → its Envoy routes on the gateway's ingress route configuration: the match
 * (with `hostname` as an `:authority` matcher), sent to the self-redirect cluster (the gateway's
 * own egress listener) with the target virtual service as host (`host_rewrite_literal`), or, when
 * `rewrite.hostname.defaultTargetHostname` is `DISABLED`, the client's host kept and the service
 * named in the `x-app-mesh-virtual-service` header (App Mesh's). Prefix and path rewrites as App
 * Mesh does them.
 */
export function gatewayIngressRoutes(
  placed: Placed,
  selfCluster: string,
  plan: EgressPlan,
  sink: IssueSink,
): { routes: Json[]; headerRouted?: string } {
  const path = `${resourcePath(placed.route)}.spec.${placed.type}`;
  const target = gatewayRouteTarget(placed.route.spec);
  if (!target) {
    sink.error('XDS_GATEWAY_TARGET', `${path}.action.target`, 'the gateway route names no virtual service');
    return { routes: [] };
  }
  const service = target.virtualServiceName;
  const port = rec(rec(placed.body.action)?.target)?.port;
  const match =
    placed.type === 'grpcRoute'
      ? grpcRouteMatch(placed.body.match as GrpcGatewayRouteMatch as never)
      : httpRouteMatch(placed.body.match as HttpGatewayRouteMatch as never);
  const host = hostnameMatcher(rec(rec(placed.body.match)?.hostname) as never);
  if (host) match.headers = [...((match.headers as Json[] | undefined) ?? []), host];
  const { action, twinPrefix } = rewrites(placed.body, match, path, sink);
  const route: Json = { cluster: selfCluster, ...action };
  const keepHost = rec(rec(rec(placed.body.action)?.rewrite)?.hostname)?.defaultTargetHostname === 'DISABLED';
  const extra: Json = {};
  if (keepHost) {
    extra.request_headers_to_add = [
      {
        header: { key: VIRTUAL_SERVICE_HEADER, value: service },
        append_action: 'OVERWRITE_IF_EXISTS_OR_ADD',
      },
    ];
  } else {
    route.host_rewrite_literal = typeof port === 'number' ? `${service}:${port}` : service;
  }
  route.timeout = selfRedirectTimeout(plan, service);
  const routes = [{ match, route, ...extra }];
  if (twinPrefix) routes.unshift({ match: { ...match, prefix: twinPrefix }, route, ...extra });
  return keepHost ? { routes, headerRouted: service } : { routes };
}
