import type { GrpcRouteMatch, HttpRouteMatch } from '@aws-sdk/client-app-mesh';
import { durationToMs } from '@meshplane/core/router/internals';
import { type TranslateInput, type TranslateResult, TYPE_URLS, type XdsResource } from '../contract.js';
import type { EgressPlan, PlannedHost, PlannedRoute } from './egress-plan.js';
import { planEgress } from './egress-plan.js';
import { egressResources } from './egress-resources.js';
import { ADS_SOURCE, durationString, EXT, type Json, typed } from './envoy-json.js';
import { grpcRouteMatch, httpRouteMatch } from './match.js';
import { IssueSink, meshIndex } from './mesh-index.js';
import { parseResourceId } from './names.js';
import { defaultRetryPolicy, retryPolicy } from './retry.js';
import { routeConfigResource } from './route-configs.js';
import { sortResources } from './sort.js';
import { perRequestMs } from './timeouts.js';
import { nodeCaller, reachableServices } from './translate-node.js';

/** The status codes a gRPC client retries on (gRFC A44): Envoy's gRPC retry conditions. */
const GRPC_RETRY_ON = new Set([
  'cancelled',
  'deadline-exceeded',
  'internal',
  'resource-exhausted',
  'unavailable',
]);

/**
 * A route's retry policy for a gRPC client (gRFC A44): only the gRPC status conditions and the
 * number of retries apply; a policy left with no gRPC condition (or no retry) is omitted, and
 * what the client cannot honour is a warning naming it.
 */
function grpcRetry(route: PlannedRoute, sink: IssueSink): Json | undefined {
  const envoy = route.retryPolicy ? retryPolicy(route.retryPolicy as never) : defaultRetryPolicy(true);
  const conditions = String(envoy.retry_on).split(',');
  const kept = conditions.filter((c) => GRPC_RETRY_ON.has(c));
  const dropped = conditions.filter((c) => !GRPC_RETRY_ON.has(c));
  if (route.retryPolicy && dropped.length > 0) {
    sink.warning(
      'XDS_GRPC_RETRY_EVENTS',
      `${route.path}.spec.${route.type}.retryPolicy`,
      `a proxyless gRPC client retries on gRPC status codes only: ${dropped.join(', ')} do not apply`,
    );
  }
  if (
    route.retryPolicy &&
    durationToMs((route.retryPolicy as { perRetryTimeout?: never }).perRetryTimeout) !== undefined
  ) {
    sink.warning(
      'XDS_GRPC_PER_RETRY_TIMEOUT',
      `${route.path}.spec.${route.type}.retryPolicy.perRetryTimeout`,
      'a proxyless gRPC client has no per-retry timeout: each attempt may use the whole deadline',
    );
  }
  const retries = Number(envoy.num_retries);
  if (kept.length === 0 || retries < 1) return undefined;
  return { retry_on: kept.join(','), num_retries: retries };
}

/** One planned route as a gRPC client reads it (gRFC A28, A31). */
function grpcRoute(route: PlannedRoute, sink: IssueSink): Json | undefined {
  if (route.targets.length === 0) return undefined;
  const match =
    route.type === 'grpcRoute'
      ? grpcRouteMatch(route.match as GrpcRouteMatch | undefined)
      : httpRouteMatch(route.match as HttpRouteMatch | undefined);
  // `grpc: {}` is Envoy's content-type check; every request of a gRPC client is gRPC.
  delete match.grpc;
  if (match.query_parameters) {
    sink.warning(
      'XDS_GRPC_QUERY_MATCH',
      `${route.path}.spec.${route.type}.match.queryParameters`,
      'gRPC requests have no query string: a gRPC client skips this route',
    );
    return undefined;
  }
  const action: Json =
    !route.viaRouter && route.targets.length === 1
      ? { cluster: route.targets[0]!.cluster }
      : {
          weighted_clusters: { clusters: route.targets.map((t) => ({ name: t.cluster, weight: t.weight })) },
        };
  // gRFC A31: the deadline comes from max_stream_duration; 0 keeps the application's deadline.
  const ms = perRequestMs(route.timeout);
  if (ms > 0) action.max_stream_duration = { max_stream_duration: durationString(ms) };
  const retry = grpcRetry(route, sink);
  if (retry) action.retry_policy = retry;
  return { match, route: action };
}

/** The listener a gRPC target `xds:///<name>` reads: an `api_listener` whose HTTP connection manager reads `routeConfig` over ADS. */
function apiListener(name: string, routeConfig: string): XdsResource {
  const hcm = {
    '@type': EXT.hcm,
    stat_prefix: 'egress',
    rds: { config_source: ADS_SOURCE, route_config_name: routeConfig },
    http_filters: [typed('envoy.filters.http.router', EXT.router)],
  };
  return {
    name,
    typeUrl: TYPE_URLS.listener,
    resource: { '@type': TYPE_URLS.listener, name, api_listener: { api_listener: hcm } },
  };
}

/** A host's listeners (`<service>:<port>`, and `<service>` on the host that has the bare name) and route configuration. */
function hostResources(host: PlannedHost, sink: IssueSink): XdsResource[] {
  const routeName = `rds_grpc_${host.service}_${host.port}`;
  const routes = host.routes.flatMap((r) => grpcRoute(r, sink) ?? []);
  const out = [routeConfigResource(routeName, [{ name: host.name, domains: host.domains, routes }])];
  for (const domain of host.domains) out.push(apiListener(domain, routeName));
  return out;
}

/**
 * Cluster features a gRPC client's xDS cannot take from this control plane are issues; load
 * assignments get the locality and locality weight gRPC requires (gRFC A27: a locality without
 * a weight is ignored), one locality per assignment as the Envoy form has.
 */
function forGrpc(resources: XdsResource[], sink: IssueSink): XdsResource[] {
  return resources.flatMap((r) => {
    if (r.typeUrl === TYPE_URLS.clusterLoadAssignment) {
      const cla = r.resource as { endpoints: Json[] };
      const endpoints = cla.endpoints.map((e) => ({ locality: {}, ...e, load_balancing_weight: 1 }));
      return [{ ...r, resource: { ...r.resource, endpoints } }];
    }
    return keepCluster(r, sink) ? [r] : [];
  });
}

function keepCluster(r: XdsResource, sink: IssueSink): boolean {
  if (r.typeUrl !== TYPE_URLS.cluster) return true;
  const c = r.resource as Json;
  if (c.transport_socket) {
    sink.error(
      'XDS_GRPC_CLIENT_TLS',
      r.name,
      `cluster "${r.name}" uses a client policy TLS: a proxyless gRPC client takes certificates only from its own bootstrap's certificate providers, not from files or SDS`,
    );
    return false;
  }
  if (c.type === 'STRICT_DNS') {
    sink.error(
      'XDS_GRPC_STRICT_DNS',
      r.name,
      `cluster "${r.name}" is DNS with responseType ENDPOINTS (STRICT_DNS): gRPC clients support LOGICAL_DNS (LOADBALANCER) and EDS only`,
    );
    return false;
  }
  return true;
}

/**
 * The xDS resources a proxyless gRPC client (`@grpc/grpc-js-xds`, gRFC A27/A28) of virtual node
 * `resourceId` reads: for each HTTP/2 or gRPC virtual service it may call (its backends, or every
 * service under ALLOW_ALL), an `api_listener` named as the target `xds:///<service>:<port>` (and
 * `xds:///<service>` for the service's first port) expects, a route configuration
 * `rds_grpc_<service>_<port>` with the routes in App Mesh's order (timeouts as
 * `max_stream_duration`, retries on gRPC status codes), and the same `cds_egress_…` clusters and
 * EDS assignments an Envoy of that node gets. HTTP/1.1 services are left out (gRPC speaks
 * HTTP/2); what a gRPC client cannot honour is an issue.
 *
 * @example
 * ```ts
 * import { cloudMap, defineMesh, grpc, weights } from '@meshplane/core';
 * import { translateForGrpcClients } from '@meshplane/xds';
 * const model = defineMesh({
 *   name: 'm',
 *   nodes: {
 *     client: { backends: ['cart.ns'] },
 *     'cart-v1': { listeners: [grpc(50051)], discovery: cloudMap('ns', 'cart') },
 *   },
 *   routers: { cart: { listeners: [grpc(50051)], routes: { all: { grpc: { match: {}, action: weights({ 'cart-v1': 100 }) } } } } },
 *   services: { 'cart.ns': { provider: { router: 'cart' } } },
 * });
 * const { resources } = translateForGrpcClients({ model, endpoints: new Map() }, 'mesh/m/virtualNode/client');
 * console.log(resources.filter((r) => r.typeUrl.endsWith('Listener')).map((r) => r.name).join(' ')); // 'cart.ns cart.ns:50051'
 * ```
 */
export function translateForGrpcClients(input: TranslateInput, resourceId: string): TranslateResult {
  const sink = new IssueSink();
  const id = parseResourceId(resourceId);
  if (id?.kind !== 'virtualNode') {
    sink.error(
      'XDS_RESOURCE_ID',
      'resourceId',
      `"${resourceId}" is not mesh/<mesh>/virtualNode/<name> (or its ARN): gRPC clients call as a virtual node`,
    );
    return { resourceId, resources: [], issues: sink.issues };
  }
  const index = meshIndex(input.model, id.meshName);
  const node = index.nodes.get(id.name);
  if (!node) {
    sink.error(
      'XDS_UNKNOWN_NODE',
      'resourceId',
      `virtual node "${id.name}" is not in mesh "${id.meshName}" (virtual nodes: ${[...index.nodes.keys()].sort().join(', ') || 'none'})`,
    );
    return { resourceId, resources: [], issues: sink.issues };
  }
  const full = planEgress(index, reachableServices(index, node, sink), nodeCaller(node), sink);
  const hosts = full.hosts.filter((h) => h.protocol === 'grpc' || h.protocol === 'http2');
  const used = new Set(hosts.flatMap((h) => h.routes.flatMap((r) => r.targets.map((t) => t.cluster))));
  const plan: EgressPlan = {
    hosts,
    tcp: [],
    clusters: new Map([...full.clusters].filter(([name]) => used.has(name))),
  };
  const resources = [
    ...hosts.flatMap((h) => hostResources(h, sink)),
    ...forGrpc(egressResources(index, plan, input, sink), sink),
  ];
  return { resourceId, resources: sortResources(resources, sink), issues: sink.issues };
}
