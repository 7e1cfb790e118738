import { gatewayRouteTarget, type ListenerPort, listenerPorts, type ResourceOfKind } from '@meshplane/core';
import type { TranslateInput, XdsResource } from '../contract.js';
import { localCluster } from './clusters.js';
import type { Caller, EgressPlan } from './egress-plan.js';
import { planEgress } from './egress-plan.js';
import { egressResources } from './egress-resources.js';
import type { Json } from './envoy-json.js';
import { gatewayIngressRoutes, routesForListener, VIRTUAL_SERVICE_HEADER } from './gateway-routes.js';
import {
  accessLogs,
  httpConnectionManager,
  LISTENER_FILTERS,
  listenerResource,
  portChains,
} from './listeners.js';
import { type IssueSink, type MeshIndex, resourcePath } from './mesh-index.js';
import { listenerName, routeConfigName, selfRedirectClusterName } from './names.js';
import type { ListenerAddress } from './node-listeners.js';
import { egressRoute, egressRouteConfig, routeConfigResource } from './route-configs.js';
import { downstreamTls } from './tls.js';

type Gateway = ResourceOfKind<'virtualGateway'>;
type GatewayRouteResource = ResourceOfKind<'gatewayRoute'>;
type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : undefined;

/** The virtual services a gateway's routes send to (those not in the mesh are issues). */
export function gatewayServices(index: MeshIndex, gateway: Gateway, sink: IssueSink): string[] {
  const names = new Set<string>();
  for (const route of index.gatewayRoutes.get(gateway.name) ?? []) {
    const target = gatewayRouteTarget(route.spec);
    if (!target) continue;
    if (index.services.has(target.virtualServiceName)) names.add(target.virtualServiceName);
    else {
      sink.error(
        'XDS_UNKNOWN_SERVICE',
        `${resourcePath(route)}.spec.${target.type}.action.target.virtualService.virtualServiceName`,
        `virtual service "${target.virtualServiceName}" is not in mesh "${index.meshName}"`,
      );
    }
  }
  return [...names].sort();
}

/** `default_backend`: routes chosen by the `x-app-mesh-virtual-service` header, for gateway routes that keep the client's host. */
function defaultBackend(plan: EgressPlan, services: ReadonlySet<string>): Json[] {
  if (services.size === 0) return [];
  const routes: Json[] = [];
  for (const host of plan.hosts) {
    if (!services.has(host.service) || !host.domains.includes(host.service)) continue;
    const header = { name: VIRTUAL_SERVICE_HEADER, string_match: { exact: host.service } };
    for (const r of host.routes)
      routes.push({
        ...egressRoute(r, host.service, [header]),
        response_headers_to_remove: [VIRTUAL_SERVICE_HEADER],
      });
  }
  return [{ name: 'default_backend', domains: ['*'], routes }];
}

/** What the per-listener part of a gateway's translation reads. */
interface GatewayContext {
  meshName: string;
  gateway: Gateway;
  where: ListenerAddress;
  plan: EgressPlan;
  logs: Json[];
  listenerCount: number;
  sink: IssueSink;
  /** Services routed by the x-app-mesh-virtual-service header (filled in). */
  headerRouted: Set<string>;
}

/** One gateway listener: its self-redirect cluster, its route configuration of gateway routes, its listener. */
function gatewayListener(
  ctx: GatewayContext,
  l: ListenerPort,
  routes: readonly GatewayRouteResource[],
): XdsResource[] {
  const { gateway, where, sink } = ctx;
  const spec = rec((gateway.spec.listeners ?? [])[l.index]);
  const path = `gateways.${gateway.name}.spec.listeners[${l.index}]`;
  if (spec?.healthCheck) {
    sink.warning(
      'XDS_GATEWAY_HEALTH_CHECK',
      `${path}.healthCheck`,
      "no Envoy resource expresses a gateway listener's health check: check the gateway's health from its load balancer or ECS",
    );
  }
  const multi = ctx.listenerCount > 1 ? l.port : undefined;
  const self = selfRedirectClusterName(ctx.meshName, gateway.name, l.protocol, where.egressPort, multi);
  const loopback = where.address === '0.0.0.0' || where.address === '::' ? '127.0.0.1' : where.address;
  const envoyRoutes: Json[] = [];
  for (const placed of routesForListener(routes, l, ctx.listenerCount, sink)) {
    const built = gatewayIngressRoutes(placed, self, ctx.plan, sink);
    envoyRoutes.push(...built.routes);
    if (built.headerRouted) ctx.headerRouted.add(built.headerRouted);
  }
  const rds = routeConfigName('ingress', l.protocol, l.port);
  const tls = downstreamTls(spec?.tls, `${path}.tls`, sink);
  const filters = [httpConnectionManager('ingress', rds, ctx.logs)];
  return [
    localCluster(self, loopback, where.egressPort, l.protocol, spec?.connectionPool),
    routeConfigResource(rds, [{ name: 'self_redirect', domains: ['*'], routes: envoyRoutes }]),
    listenerResource({
      name: listenerName('ingress', where.address, l.port),
      address: where.address,
      port: l.port,
      direction: 'INBOUND',
      filterChains: portChains(l.port, filters, tls, rec(spec?.tls)?.mode === 'PERMISSIVE'),
      listenerFilters: [LISTENER_FILTERS.tlsInspector],
    }),
  ];
}

/**
 * A virtual gateway's resources, as App Mesh built them: per gateway listener, an ingress
 * listener on the listener's own port (`lds_ingress_0.0.0.0_<port>`) whose route configuration
 * (`rds_ingress_<proto>_<port>`, one `self_redirect` virtual host) sends each gateway route to the
 * self-redirect cluster (the gateway's own egress listener on loopback, with the target service
 * as host); the egress listener and route configuration then route by virtual service exactly as
 * a node's do, to `cds_egress_…` clusters.
 */
export function translateGateway(
  input: TranslateInput,
  index: MeshIndex,
  gateway: Gateway,
  where: ListenerAddress,
  sink: IssueSink,
): XdsResource[] {
  const defaults = rec(rec(gateway.spec.backendDefaults?.clientPolicy)?.tls);
  const tlsPath = `gateways.${gateway.name}.spec.backendDefaults.clientPolicy.tls`;
  const caller: Caller = { clientTls: () => (defaults ? { spec: defaults, path: tlsPath } : undefined) };
  const plan = planEgress(index, gatewayServices(index, gateway, sink), caller, sink);
  for (const t of plan.tcp) {
    sink.error(
      'XDS_GATEWAY_TCP',
      t.path,
      `virtual service "${t.service}" is TCP on port ${t.port}: gateway routes are HTTP, HTTP/2 or gRPC`,
    );
  }
  const listeners = listenerPorts(gateway.spec);
  const ctx: GatewayContext = {
    meshName: index.meshName,
    gateway,
    where,
    plan,
    logs: accessLogs(gateway.spec.logging),
    listenerCount: listeners.length,
    sink,
    headerRouted: new Set(),
  };
  const routes = index.gatewayRoutes.get(gateway.name) ?? [];
  const out = listeners.flatMap((l) => gatewayListener(ctx, l, routes));
  const egressRds = routeConfigName('egress', 'http', where.egressPort);
  out.push(
    listenerResource({
      name: listenerName('egress', where.address, where.egressPort),
      address: where.address,
      port: where.egressPort,
      direction: 'OUTBOUND',
      filterChains: [
        {
          filter_chain_match: { destination_port: where.egressPort },
          filters: [httpConnectionManager('egress', egressRds, ctx.logs)],
        },
      ],
      listenerFilters: [LISTENER_FILTERS.tlsInspector],
    }),
  );
  out.push(egressRouteConfig(egressRds, plan, defaultBackend(plan, ctx.headerRouted)));
  out.push(...egressResources(index, plan, input, sink));
  return out;
}
