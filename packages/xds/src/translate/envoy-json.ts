/**
 * Small builders for Envoy v3 proto3 JSON (the form `/config_dump` prints: snake_case fields,
 * durations as strings, `google.protobuf.Any` as an object with `@type`).
 */

/** A JSON object as the generators build it. */
export type Json = Record<string, unknown>;

/** Type URLs of the extensions the generators configure. */
export const EXT = {
  hcm: 'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager',
  tcpProxy: 'type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy',
  router: 'type.googleapis.com/envoy.extensions.filters.http.router.v3.Router',
  tlsInspector: 'type.googleapis.com/envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector',
  httpInspector: 'type.googleapis.com/envoy.extensions.filters.listener.http_inspector.v3.HttpInspector',
  originalDst: 'type.googleapis.com/envoy.extensions.filters.listener.original_dst.v3.OriginalDst',
  downstreamTls: 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext',
  upstreamTls: 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext',
  httpProtocolOptions: 'type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions',
  fileAccessLog: 'type.googleapis.com/envoy.extensions.access_loggers.file.v3.FileAccessLog',
  previousHosts: 'type.googleapis.com/envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate',
} as const;

/**
 * Milliseconds as a proto3 JSON Duration: whole seconds as `"15s"`, fractions with three
 * decimals as `/config_dump` prints them (`"0.250s"`).
 *
 * @example
 * ```ts
 * import { durationString } from '@meshplane/xds/internals';
 * console.log(durationString(15000), durationString(250)); // '15s' '0.250s'
 * ```
 */
export function durationString(ms: number): string {
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${(ms / 1000).toFixed(3)}s`;
}

/** An extension with a typed config: `{ name, typed_config: { '@type': typeUrl, ...config } }`. */
export const typed = (name: string, typeUrl: string, config: Json = {}): Json => ({
  name,
  typed_config: { '@type': typeUrl, ...config },
});

/** The ADS config source (`{ ads: {}, resource_api_version: V3 }`) used by RDS and EDS references. */
export const ADS_SOURCE: Json = Object.freeze({ ads: {}, resource_api_version: 'V3' });

/** A socket address. */
export const socketAddress = (address: string, port: number): Json => ({
  socket_address: { address, port_value: port },
});

/**
 * App Mesh's aggregate stats metadata (`aws.appmesh.aggregate_stats`), as App Mesh writes it on
 * listeners (no tags), routes (`TargetVirtualService`) and egress clusters (`TargetVirtualNode`).
 */
export function aggregateStats(tags: readonly { key: string; value: string }[]): Json {
  return {
    filter_metadata: {
      'aws.appmesh.aggregate_stats': { config: JSON.stringify({ tags }) },
    },
  };
}

/** Keeps only the members whose value is defined (so that absent model fields stay absent). */
export function defined(object: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(object)) if (v !== undefined) out[k] = v;
  return out;
}
