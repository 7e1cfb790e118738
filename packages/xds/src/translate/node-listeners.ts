import { listenerPorts, type ResourceOfKind } from '@meshplane/core';
import type { XdsResource } from '../contract.js';
import type { EgressPlan } from './egress-plan.js';
import type { Json } from './envoy-json.js';
import {
  accessLogs,
  httpConnectionManager,
  LISTENER_FILTERS,
  listenerResource,
  portChains,
  tcpProxy,
} from './listeners.js';
import type { IssueSink } from './mesh-index.js';
import {
  allowAllClusterName,
  amazonawsClusterName,
  clusterName,
  listenerName,
  routeConfigName,
} from './names.js';
import { tcpIdleTimeout } from './timeouts.js';
import { downstreamTls } from './tls.js';

type Node = ResourceOfKind<'virtualNode'>;
type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : undefined;

/** Where the node's Envoy listens. */
export interface ListenerAddress {
  address: string;
  ingressPort: number;
  egressPort: number;
}

/** The filter that serves one node listener: an HTTP connection manager, or a TCP proxy to the local app. */
function ingressFilter(
  meshName: string,
  node: Node,
  port: number,
  protocol: string,
  index: number,
  logs: Json[],
): Json {
  const cluster = clusterName('ingress', meshName, node.name, protocol, port);
  if (protocol === 'tcp') {
    const timeout = rec(rec(rec((node.spec.listeners ?? [])[index])?.timeout)?.tcp);
    return tcpProxy('ingress', [{ cluster, weight: 1 }], tcpIdleTimeout(timeout), logs);
  }
  return httpConnectionManager('ingress', routeConfigName('ingress', protocol, port), logs);
}

/**
 * `lds_ingress_<addr>_<ingressPort>`: one filter chain per node listener, matched on the
 * connection's original destination port (the app port the task's iptables rule redirected;
 * the `original_dst` listener filter restores it), each serving `rds_ingress_<proto>_<port>` (or
 * a TCP proxy). Listener TLS: `STRICT` puts TLS on the chain; `PERMISSIVE` adds a TLS chain
 * (selected by the TLS inspector) beside the plain one. A node with one listener also gets it as
 * the default chain, so a connection made straight to the ingress port (no iptables, e.g. a local
 * run) reaches the app too. No listener, no ingress listener (as App Mesh).
 */
export function nodeIngressListener(
  meshName: string,
  node: Node,
  where: ListenerAddress,
  sink: IssueSink,
): XdsResource | undefined {
  const listeners = listenerPorts(node.spec);
  if (listeners.length === 0) return undefined;
  const logs = accessLogs(node.spec.logging);
  const chains: Json[] = [];
  let inspectTls = false;
  let defaultChain: Json | undefined;
  for (const l of [...listeners].sort((a, b) => a.port - b.port)) {
    const filters = [ingressFilter(meshName, node, l.port, l.protocol, l.index, logs)];
    const tlsSpec = rec((node.spec.listeners ?? [])[l.index])?.tls;
    const tls = downstreamTls(tlsSpec, `nodes.${node.name}.spec.listeners[${l.index}].tls`, sink);
    const permissive = rec(tlsSpec)?.mode === 'PERMISSIVE';
    if (tls && permissive) inspectTls = true;
    chains.push(...portChains(l.port, filters, tls, permissive));
    if (listeners.length === 1)
      defaultChain = tls && !permissive ? { filters, transport_socket: tls } : { filters };
  }
  const listenerFilters = [LISTENER_FILTERS.originalDst];
  if (inspectTls) listenerFilters.push(LISTENER_FILTERS.tlsInspector);
  return listenerResource({
    name: listenerName('ingress', where.address, where.ingressPort),
    address: where.address,
    port: where.ingressPort,
    direction: 'INBOUND',
    filterChains: chains,
    ...(defaultChain ? { defaultFilterChain: defaultChain } : {}),
    listenerFilters,
  });
}

/** TCP virtual services as filter chains on their port; one port cannot serve two TCP services, nor HTTP and TCP at once. */
function tcpChains(plan: EgressPlan, logs: Json[], sink: IssueSink): Json[] {
  const chains: Json[] = [];
  const byPort = new Map<number, string>();
  const httpPorts = new Set(plan.hosts.filter((h) => h.protocol !== 'tcp').map((h) => h.port));
  for (const t of [...plan.tcp].sort((a, b) => a.port - b.port || (a.service < b.service ? -1 : 1))) {
    const other = byPort.get(t.port);
    if (other !== undefined) {
      sink.error(
        'XDS_TCP_PORT_SHARED',
        t.path,
        `TCP virtual services "${other}" and "${t.service}" both use port ${t.port}: a redirected TCP connection carries no host name, Envoy cannot tell them apart`,
      );
      continue;
    }
    if (httpPorts.has(t.port)) {
      sink.error(
        'XDS_TCP_PORT_SHARED',
        t.path,
        `TCP virtual service "${t.service}" uses port ${t.port}, which HTTP virtual services of this node also use: Envoy would send that HTTP traffic to "${t.service}"`,
      );
    }
    byPort.set(t.port, t.service);
    if (t.targets.length === 0) continue;
    chains.push({
      filter_chain_match: { destination_port: t.port },
      filters: [tcpProxy(`egress_tcp_${t.port}`, t.targets, tcpIdleTimeout({ idle: t.idle }), logs)],
    });
  }
  return chains;
}

/**
 * `lds_egress_<addr>_<egressPort>`: HTTP to the mesh goes to `rds_egress_http_<egressPort>`
 * (virtual hosts by `Host`); TCP virtual services get a chain on their port (original
 * destination restored by `original_dst`); TLS to `*.amazonaws.com` passes through
 * `cds_egress_<mesh>_amazonaws` (App Mesh lets every mesh reach AWS services). Under `ALLOW_ALL`
 * any other traffic passes through to its original destination (HTTP detected by the HTTP
 * inspector goes through the route table first, whose `*` host passes it on); under `DROP_ALL`
 * everything else meets the route table, whose unknown hosts get 404.
 */
export function nodeEgressListener(
  meshName: string,
  node: Node,
  plan: EgressPlan,
  allowAll: boolean,
  where: ListenerAddress,
  sink: IssueSink,
): XdsResource {
  const logs = accessLogs(node.spec.logging);
  const hcm = httpConnectionManager('egress', routeConfigName('egress', 'http', where.egressPort), logs);
  const chains = tcpChains(plan, logs, sink);
  chains.push({
    filter_chain_match: { server_names: ['*.amazonaws.com'], transport_protocol: 'tls' },
    filters: [
      tcpProxy('egress_amazonaws', [{ cluster: amazonawsClusterName(meshName), weight: 1 }], undefined, logs),
    ],
  });
  const listenerFilters = [LISTENER_FILTERS.originalDst, LISTENER_FILTERS.tlsInspector];
  let defaultChain: Json;
  if (allowAll) {
    const passthrough = tcpProxy(
      'egress_allow_all',
      [{ cluster: allowAllClusterName(meshName), weight: 1 }],
      undefined,
      logs,
    );
    chains.push({ filter_chain_match: { transport_protocol: 'tls' }, filters: [passthrough] });
    chains.push({
      filter_chain_match: { application_protocols: ['http/1.0', 'http/1.1', 'h2c'] },
      filters: [hcm],
    });
    listenerFilters.push(LISTENER_FILTERS.httpInspector);
    defaultChain = { filters: [passthrough] };
  } else {
    defaultChain = { filters: [hcm] };
  }
  return listenerResource({
    name: listenerName('egress', where.address, where.egressPort),
    address: where.address,
    port: where.egressPort,
    direction: 'OUTBOUND',
    filterChains: chains,
    defaultFilterChain: defaultChain,
    listenerFilters,
  });
}
