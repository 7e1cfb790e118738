import type {
  HealthCheckPolicy,
  OutlierDetection,
  VirtualGatewayConnectionPool,
  VirtualNodeConnectionPool,
} from '@aws-sdk/client-app-mesh';
import { durationToMs } from '@meshplane/core/router/internals';
import { durationString, type Json } from './envoy-json.js';

/** Envoy's "no limit" for circuit-breaker thresholds, which App Mesh writes out explicitly. */
export const UNLIMITED = 2147483647;

/**
 * A listener's `connectionPool` → the cluster's `circuit_breakers`. Thresholds the pool does not
 * set stay at App Mesh's explicit "unlimited" (2147483647 each, as its `/config_dump` shows):
 * - http: `maxConnections` → `max_connections`, `maxPendingRequests` → `max_pending_requests`;
 * - http2, grpc: `maxRequests` → `max_requests`;
 * - tcp: `maxConnections` → `max_connections`.
 */
export function circuitBreakers(
  pool: VirtualNodeConnectionPool | VirtualGatewayConnectionPool | undefined,
): Json {
  const t = {
    max_connections: UNLIMITED,
    max_pending_requests: UNLIMITED,
    max_requests: UNLIMITED,
    max_retries: UNLIMITED,
  };
  const p = (pool ?? {}) as Record<string, Record<string, number | undefined> | undefined>;
  if (p.http) {
    t.max_connections = p.http.maxConnections ?? UNLIMITED;
    t.max_pending_requests = p.http.maxPendingRequests ?? UNLIMITED;
  }
  if (p.http2) t.max_requests = p.http2.maxRequests ?? UNLIMITED;
  if (p.grpc) t.max_requests = p.grpc.maxRequests ?? UNLIMITED;
  if (p.tcp) t.max_connections = p.tcp.maxConnections ?? UNLIMITED;
  return { thresholds: [t] };
}

/**
 * A listener's `outlierDetection` → the callers' cluster `outlier_detection`: `maxServerErrors`
 * → `consecutive_5xx`, `interval`, `baseEjectionDuration` → `base_ejection_time`,
 * `maxEjectionPercent`. App Mesh ejects on server errors only, so Envoy's success-rate and
 * gateway-failure ejection (on by default in Envoy) are turned off.
 */
export function outlierDetection(od: OutlierDetection): Json {
  const interval = durationToMs(od.interval);
  const base = durationToMs(od.baseEjectionDuration);
  const out: Json = { consecutive_5xx: od.maxServerErrors ?? 0 };
  if (interval !== undefined) out.interval = durationString(interval);
  if (base !== undefined) out.base_ejection_time = durationString(base);
  out.max_ejection_percent = od.maxEjectionPercent ?? 10;
  out.enforcing_success_rate = 0;
  out.enforcing_consecutive_gateway_failure = 0;
  return out;
}

/**
 * A listener's `healthCheck` → an Envoy active `HealthCheck` in the callers' cluster (App Mesh:
 * "downstream (client) Envoys will perform active health checking", aws-app-mesh-roadmap#105;
 * "a health_check_config update on an Envoy cluster at the client", #192):
 * `intervalMillis`, `timeoutMillis`, `healthyThreshold`, `unhealthyThreshold`; `http`/`http2`
 * protocols probe `path` (HTTP/2 with the HTTP2 codec), `grpc` uses the gRPC health protocol,
 * `tcp` a connect. A `port` other than the listener's is set on each endpoint
 * (`health_check_config.port_value`), see endpoints.ts.
 */
export function healthCheck(hc: HealthCheckPolicy): Json {
  const out: Json = {
    timeout: durationString(hc.timeoutMillis ?? 2000),
    interval: durationString(hc.intervalMillis ?? 5000),
    unhealthy_threshold: hc.unhealthyThreshold ?? 2,
    healthy_threshold: hc.healthyThreshold ?? 2,
  };
  if (hc.protocol === 'grpc') out.grpc_health_check = {};
  else if (hc.protocol === 'tcp') out.tcp_health_check = {};
  else {
    const http: Json = { path: hc.path ?? '/' };
    if (hc.protocol === 'http2') http.codec_client_type = 'HTTP2';
    out.http_health_check = http;
  }
  return out;
}
