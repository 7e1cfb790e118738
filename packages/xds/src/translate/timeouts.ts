import type { Duration } from '@aws-sdk/client-app-mesh';
import { APP_MESH_DEFAULT_PER_REQUEST_TIMEOUT_MS, durationToMs } from '@meshplane/core/router/internals';
import { durationString, type Json } from './envoy-json.js';

/** An App Mesh `HttpTimeout` / `GrpcTimeout` (`perRequest`, `idle`). */
export interface TimeoutSpec {
  perRequest?: Duration;
  idle?: Duration;
}

/**
 * Route timeouts for an Envoy `RouteAction`: `timeout` is the model's `perRequest`, else App
 * Mesh's 15 s default written out (API reference, `HttpTimeout.perRequest`: "The default value is
 * 15 seconds"), so nobody has to know an invisible default; a `perRequest` of 0 disables it
 * (`"0s"`, Envoy: no timeout). `idle` → `idle_timeout`.
 */
export function routeTimeouts(spec: TimeoutSpec | undefined): Json {
  const perRequest = durationToMs(spec?.perRequest) ?? APP_MESH_DEFAULT_PER_REQUEST_TIMEOUT_MS;
  const out: Json = { timeout: durationString(perRequest) };
  const idle = durationToMs(spec?.idle);
  if (idle !== undefined) out.idle_timeout = durationString(idle);
  return out;
}

/** The effective per-request timeout in ms (the 15 s default when unset). */
export function perRequestMs(spec: TimeoutSpec | undefined): number {
  return durationToMs(spec?.perRequest) ?? APP_MESH_DEFAULT_PER_REQUEST_TIMEOUT_MS;
}

/** A TCP idle timeout (`TcpTimeout.idle`) for `TcpProxy.idle_timeout`, if set. */
export function tcpIdleTimeout(spec: { idle?: Duration } | undefined): string | undefined {
  const idle = durationToMs(spec?.idle);
  return idle === undefined ? undefined : durationString(idle);
}
