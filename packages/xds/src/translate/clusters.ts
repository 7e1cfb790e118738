import type { ResourceOfKind } from '@meshplane/core';
import { TYPE_URLS, type XdsResource } from '../contract.js';
import { circuitBreakers, healthCheck, outlierDetection } from './cluster-policies.js';
import type { EgressCluster } from './egress-plan.js';
import { ADS_SOURCE, aggregateStats, EXT, type Json, socketAddress } from './envoy-json.js';
import type { IssueSink } from './mesh-index.js';
import { clientTlsApplies, upstreamTls } from './tls.js';

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : undefined;

/** App Mesh's connect timeouts (`/config_dump`): 1 s to remote endpoints, 0.25 s to loopback. */
export const CONNECT_TIMEOUT = { remote: '1s', local: '0.250s' } as const;

/** Wraps a cluster as a resource. */
function clusterResource(cluster: Json): XdsResource {
  const name = String(cluster.name);
  return { name, typeUrl: TYPE_URLS.cluster, resource: { '@type': TYPE_URLS.cluster, ...cluster } };
}

/** HTTP/2 to the upstream for `http2` and `grpc` listeners (Envoy's `HttpProtocolOptions`). */
function protocolOptions(protocol: string): Json {
  if (protocol !== 'http2' && protocol !== 'grpc') return {};
  return {
    typed_extension_protocol_options: {
      'envoy.extensions.upstreams.http.v3.HttpProtocolOptions': {
        '@type': EXT.httpProtocolOptions,
        explicit_http_config: { http2_protocol_options: {} },
      },
    },
  };
}

const staticLoadAssignment = (name: string, address: string, port: number): Json => ({
  cluster_name: name,
  endpoints: [{ lb_endpoints: [{ endpoint: { address: socketAddress(address, port) } }] }],
});

/**
 * A STATIC cluster to a loopback port: a node's local app (`cds_ingress_…`, the listener's
 * connection pool as circuit breakers) or a gateway's self-redirect to its egress listener.
 */
export function localCluster(
  name: string,
  address: string,
  port: number,
  protocol: string,
  pool: unknown,
): XdsResource {
  return clusterResource({
    name,
    type: 'STATIC',
    connect_timeout: CONNECT_TIMEOUT.local,
    ...protocolOptions(protocol),
    circuit_breakers: circuitBreakers(pool as never),
    load_assignment: staticLoadAssignment(name, address, port),
  });
}

/** An ORIGINAL_DST cluster (`amazonaws`, ALLOW_ALL pass-through): connect where the app meant to. */
export function originalDstCluster(name: string): XdsResource {
  return clusterResource({
    name,
    type: 'ORIGINAL_DST',
    connect_timeout: CONNECT_TIMEOUT.remote,
    lb_policy: 'CLUSTER_PROVIDED',
  });
}

const DNS_FAMILY: Readonly<Record<string, string>> = {
  IPv4_ONLY: 'V4_ONLY',
  IPv6_ONLY: 'V6_ONLY',
  IPv4_PREFERRED: 'V4_PREFERRED',
  IPv6_PREFERRED: 'AUTO',
};

/**
 * DNS discovery (`serviceDiscovery.dns`): `responseType` `LOADBALANCER` (App Mesh's default) →
 * LOGICAL_DNS (one address at a time, for a load balancer's name), `ENDPOINTS` → STRICT_DNS (every
 * address is an endpoint); `ipPreference` (node, else mesh) → `dns_lookup_family`. The host name is
 * made absolute with a trailing dot, as App Mesh did, so the resolver's search domains do not
 * apply (a single-label name such as `localhost` is kept as is).
 */
function dnsDiscovery(name: string, dns: Rec, port: number, meshIpPreference: unknown): Json {
  const hostname = String(dns.hostname ?? '');
  const absolute =
    hostname.includes('.') && !hostname.endsWith('.') && !/^[0-9.]+$/.test(hostname)
      ? `${hostname}.`
      : hostname;
  const out: Json = { type: dns.responseType === 'ENDPOINTS' ? 'STRICT_DNS' : 'LOGICAL_DNS' };
  const family = DNS_FAMILY[String(dns.ipPreference ?? meshIpPreference ?? '')];
  if (family) out.dns_lookup_family = family;
  out.load_assignment = staticLoadAssignment(name, absolute, port);
  return out;
}

/**
 * `cds_egress_<mesh>_<node>_<proto>_<port>`: a target node's listener as seen by a caller. Cloud
 * Map nodes are EDS clusters (endpoints in the ClusterLoadAssignment of the same name), DNS nodes
 * LOGICAL_DNS/STRICT_DNS; the target listener's outlier detection and health check apply here
 * (the callers' Envoys eject and probe), the caller's client policy TLS when it covers the port.
 */
export function egressCluster(
  target: EgressCluster,
  meshIpPreference: unknown,
  sink: IssueSink,
): XdsResource | undefined {
  const spec = target.node.spec;
  const path = `nodes.${target.node.name}.spec`;
  const sd = rec(spec.serviceDiscovery);
  const dns = rec(sd?.dns);
  let discovery: Json;
  if (rec(sd?.awsCloudMap)) discovery = { type: 'EDS', eds_cluster_config: { eds_config: ADS_SOURCE } };
  else if (dns) discovery = dnsDiscovery(target.name, dns, target.port, meshIpPreference);
  else {
    sink.error(
      'XDS_NO_DISCOVERY',
      `${path}.serviceDiscovery`,
      `virtual node "${target.node.name}" is a route or provider target but has no serviceDiscovery: Envoy has no address to send to`,
    );
    return undefined;
  }
  const listener = rec((spec.listeners ?? [])[target.listenerIndex]);
  const cluster: Json = { name: target.name, ...discovery, connect_timeout: CONNECT_TIMEOUT.remote };
  Object.assign(cluster, protocolOptions(target.protocol));
  cluster.circuit_breakers = circuitBreakers(undefined);
  const od = rec(listener?.outlierDetection);
  if (od) cluster.outlier_detection = outlierDetection(od as never);
  const hc = rec(listener?.healthCheck);
  if (hc) cluster.health_checks = [healthCheck(hc as never)];
  if (target.tls && clientTlsApplies(target.tls.spec, target.port)) {
    cluster.transport_socket = upstreamTls(
      target.tls.spec,
      target.tls.path,
      sink,
      dns ? String(dns.hostname) : undefined,
    );
  }
  cluster.metadata = aggregateStats([{ key: 'TargetVirtualNode', value: target.node.name }]);
  return clusterResource(cluster);
}

/** The local app clusters of a node: one per listener. */
export function ingressClusters(
  node: ResourceOfKind<'virtualNode'>,
  names: (proto: string, port: number) => string,
): XdsResource[] {
  return (node.spec.listeners ?? []).flatMap((l) => {
    const pm = l.portMapping;
    if (typeof pm?.port !== 'number' || typeof pm.protocol !== 'string') return [];
    return [localCluster(names(pm.protocol, pm.port), '127.0.0.1', pm.port, pm.protocol, l.connectionPool)];
  });
}
