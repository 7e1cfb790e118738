import { TYPE_URLS, type XdsResource } from '../contract.js';
import { ADS_SOURCE, aggregateStats, EXT, type Json, socketAddress, typed } from './envoy-json.js';

/**
 * Listener builders. The HTTP connection manager is App Mesh's (its `/config_dump`):
 * `stat_prefix` `ingress`/`egress` (so `http.ingress.*` / `http.egress.*` stats keep their
 * names), RDS over ADS, the router filter, websocket upgrades, `normalize_path`,
 * `merge_slashes`, escaped slashes kept unchanged; listeners carry App Mesh's
 * `aws.appmesh.aggregate_stats` metadata and their traffic direction.
 */

/** An HTTP connection manager filter reading route configuration `routeConfig` over ADS. */
export function httpConnectionManager(statPrefix: string, routeConfig: string, accessLog: Json[]): Json {
  const config: Json = {
    stat_prefix: statPrefix,
    rds: { config_source: ADS_SOURCE, route_config_name: routeConfig },
    http_filters: [typed('envoy.filters.http.router', EXT.router)],
  };
  if (accessLog.length > 0) config.access_log = accessLog;
  config.upgrade_configs = [{ upgrade_type: 'websocket', enabled: true }];
  config.normalize_path = true;
  config.merge_slashes = true;
  config.path_with_escaped_slashes_action = 'KEEP_UNCHANGED';
  return typed('envoy.filters.network.http_connection_manager', EXT.hcm, config);
}

/** A TCP proxy filter to one cluster or weighted clusters. */
export function tcpProxy(
  statPrefix: string,
  targets: readonly { cluster: string; weight: number }[],
  idleTimeout: string | undefined,
  accessLog: Json[],
): Json {
  const config: Json = { stat_prefix: statPrefix };
  if (targets.length === 1) config.cluster = targets[0]!.cluster;
  else config.weighted_clusters = { clusters: targets.map((t) => ({ name: t.cluster, weight: t.weight })) };
  if (idleTimeout !== undefined) config.idle_timeout = idleTimeout;
  if (accessLog.length > 0) config.access_log = accessLog;
  return typed('envoy.filters.network.tcp_proxy', EXT.tcpProxy, config);
}

/** Listener filters by name, each with its typed config (Envoy ≥ 1.22 requires them). */
export const LISTENER_FILTERS = {
  originalDst: typed('envoy.filters.listener.original_dst', EXT.originalDst),
  tlsInspector: typed('envoy.filters.listener.tls_inspector', EXT.tlsInspector),
  httpInspector: typed('envoy.filters.listener.http_inspector', EXT.httpInspector),
} as const;

/** What a listener resource is made of. */
export interface ListenerParts {
  name: string;
  address: string;
  port: number;
  direction: 'INBOUND' | 'OUTBOUND';
  filterChains: Json[];
  defaultFilterChain?: Json;
  listenerFilters: Json[];
}

/** Assembles a listener resource. */
export function listenerResource(parts: ListenerParts): XdsResource {
  const listener: Json = {
    '@type': TYPE_URLS.listener,
    name: parts.name,
    address: socketAddress(parts.address, parts.port),
    filter_chains: parts.filterChains,
  };
  if (parts.defaultFilterChain) listener.default_filter_chain = parts.defaultFilterChain;
  listener.metadata = aggregateStats([]);
  if (parts.listenerFilters.length > 0) listener.listener_filters = parts.listenerFilters;
  listener.traffic_direction = parts.direction;
  return { name: parts.name, typeUrl: TYPE_URLS.listener, resource: listener };
}

/**
 * The filter chains of one listener port under a listener TLS: `STRICT` puts TLS on the chain;
 * `PERMISSIVE` adds a TLS chain (selected by the TLS inspector) beside the plain one; none or
 * `DISABLED` is plain.
 */
export function portChains(
  port: number,
  filters: Json[],
  tls: Json | undefined,
  permissive: boolean,
): Json[] {
  const match = { destination_port: port };
  if (!tls) return [{ filter_chain_match: match, filters }];
  if (!permissive) return [{ filter_chain_match: match, filters, transport_socket: tls }];
  return [
    { filter_chain_match: { ...match, transport_protocol: 'tls' }, filters, transport_socket: tls },
    { filter_chain_match: match, filters },
  ];
}

/** The access log App Mesh configures from `spec.logging.accessLog.file` (path, text or JSON format). */
export function accessLogs(logging: unknown): Json[] {
  const file = (
    logging as { accessLog?: { file?: { path?: string; format?: Record<string, unknown> } } } | undefined
  )?.accessLog?.file;
  if (!file?.path) return [];
  const config: Json = { path: file.path };
  const format = file.format;
  if (typeof format?.text === 'string')
    config.log_format = { text_format_source: { inline_string: format.text } };
  else if (Array.isArray(format?.json)) {
    const json: Json = {};
    for (const entry of format.json as { key?: string; value?: string }[])
      json[entry.key ?? ''] = entry.value ?? '';
    config.log_format = { json_format: json };
  }
  return [typed('envoy.access_loggers.file', EXT.fileAccessLog, config)];
}
