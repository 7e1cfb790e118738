import type { GrpcRouteMatch, HttpRouteMatch } from '@aws-sdk/client-app-mesh';
import { TYPE_URLS, type XdsResource } from '../contract.js';
import type { EgressPlan, PlannedHost, PlannedRoute } from './egress-plan.js';
import { aggregateStats, type Json } from './envoy-json.js';
import { grpcRouteMatch, httpRouteMatch } from './match.js';
import { defaultRetryPolicy, retryPolicy } from './retry.js';
import { routeTimeouts, type TimeoutSpec } from './timeouts.js';

/** Wraps a route configuration as a resource. */
export function routeConfigResource(name: string, virtualHosts: Json[]): XdsResource {
  return {
    name,
    typeUrl: TYPE_URLS.routeConfiguration,
    resource: { '@type': TYPE_URLS.routeConfiguration, name, virtual_hosts: virtualHosts },
  };
}

/** The Envoy `RouteAction` target of a planned route: weighted clusters for router routes, one cluster for a node provider. */
function routeTarget(route: PlannedRoute): Json {
  if (route.targets.length === 0) return {};
  if (!route.viaRouter && route.targets.length === 1) return { cluster: route.targets[0]!.cluster };
  // App Mesh wrote `total_weight` (the sum); Envoy 1.40 deprecates it and uses the sum itself.
  return {
    weighted_clusters: { clusters: route.targets.map((t) => ({ name: t.cluster, weight: t.weight })) },
  };
}

/**
 * One planned egress route → an Envoy `Route`: the match, weighted clusters, the timeout (App
 * Mesh's 15 s default written out) and the retry policy (the route's own, else App Mesh's
 * default policy, written out), with App Mesh's `TargetVirtualService` stats metadata.
 */
export function egressRoute(route: PlannedRoute, service: string, extraHeaders: Json[] = []): Json {
  const grpc = route.type === 'grpcRoute';
  const match = grpc
    ? grpcRouteMatch(route.match as GrpcRouteMatch | undefined)
    : httpRouteMatch(route.match as HttpRouteMatch | undefined);
  if (extraHeaders.length > 0)
    match.headers = [...((match.headers as Json[] | undefined) ?? []), ...extraHeaders];
  const metadata = aggregateStats([{ key: 'TargetVirtualService', value: service }]);
  if (route.targets.length === 0) {
    // Every target failed to resolve (an issue says why): answer 503 rather than route elsewhere.
    return { match, direct_response: { status: 503 }, metadata };
  }
  const action: Json = {
    ...routeTarget(route),
    ...routeTimeouts(route.timeout as TimeoutSpec | undefined),
    retry_policy: route.retryPolicy ? retryPolicy(route.retryPolicy as never) : defaultRetryPolicy(grpc),
  };
  return { match, route: action, metadata };
}

/** A planned host → an Envoy `VirtualHost`. */
function virtualHost(host: PlannedHost): Json {
  const vh: Json = { name: host.name, domains: host.domains };
  if (host.routes.length > 0) vh.routes = host.routes.map((r) => egressRoute(r, host.service));
  return vh;
}

const byName = (a: Json, b: Json) => {
  const x = String(a.name);
  const y = String(b.name);
  return x < y ? -1 : x > y ? 1 : 0;
};

/**
 * `rds_egress_http_<egressPort>`: one virtual host per virtual service (and port) the caller may
 * reach, sorted by name; `extraHosts` adds the catch-all hosts (ALLOW_ALL pass-through, a
 * gateway's `default_backend`).
 */
export function egressRouteConfig(name: string, plan: EgressPlan, extraHosts: Json[]): XdsResource {
  const hosts = plan.hosts.filter((h) => h.protocol !== 'tcp').map(virtualHost);
  return routeConfigResource(name, [...hosts, ...extraHosts].sort(byName));
}

/**
 * `rds_ingress_<proto>_<port>` of a virtual node listener: every request to the local app, with
 * the listener's timeouts (App Mesh's 15 s default written out).
 */
export function ingressRouteConfig(
  name: string,
  cluster: string,
  timeout: TimeoutSpec | undefined,
): XdsResource {
  return routeConfigResource(name, [
    {
      name: 'ingress',
      domains: ['*'],
      routes: [{ match: { prefix: '/' }, route: { cluster, ...routeTimeouts(timeout) } }],
    },
  ]);
}
