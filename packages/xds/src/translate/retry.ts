import type { GrpcRetryPolicy, HttpRetryPolicy } from '@aws-sdk/client-app-mesh';
import {
  APP_MESH_DEFAULT_RETRY_POLICY,
  compileRetryPolicy,
  durationToMs,
} from '@meshplane/core/router/internals';
import { durationString, EXT, type Json } from './envoy-json.js';

/**
 * App Mesh retry events → Envoy `retry_on` conditions, as App Mesh's own Envoy configuration
 * spells them (a v3 `/config_dump` of a route with `gateway-error`, `client-error`,
 * `stream-error`: `retry_on: reset,refused-stream,retriable-status-codes`,
 * `retriable_status_codes: [502, 503, 504, 409]`):
 * - `server-error`, `gateway-error`: `reset` ("both include the Envoy reset policy", API
 *   reference) + their status codes as `retriable-status-codes`;
 * - `client-error`: status 409; `stream-error`: `refused-stream`;
 * - `tcpRetryEvents: connection-error`: `connect-failure`;
 * - `grpcRetryEvents`: Envoy's gRPC conditions of the same names.
 * The status codes of each event come from core's retry rules (compileRetryPolicy), never a copy.
 */
const CONDITION_ORDER = [
  'connect-failure',
  'reset',
  'refused-stream',
  'retriable-status-codes',
  'cancelled',
  'deadline-exceeded',
  'internal',
  'resource-exhausted',
  'unavailable',
] as const;

const GRPC_STATUS_NAMES: Readonly<Record<number, string>> = {
  1: 'cancelled',
  4: 'deadline-exceeded',
  8: 'resource-exhausted',
  13: 'internal',
  14: 'unavailable',
};

function policyJson(
  conditions: Set<string>,
  statuses: number[],
  numRetries: number,
  perTryMs: number | undefined,
): Json {
  if (statuses.length > 0) conditions.add('retriable-status-codes');
  const out: Json = {
    retry_on: CONDITION_ORDER.filter((c) => conditions.has(c)).join(','),
    num_retries: numRetries,
  };
  if (perTryMs !== undefined) out.per_try_timeout = durationString(perTryMs);
  // App Mesh retries on another host when there is one (config_dump: previous_hosts, 5 attempts).
  out.retry_host_predicate = [
    { name: 'envoy.retry_host_predicates.previous_hosts', typed_config: { '@type': EXT.previousHosts } },
  ];
  out.host_selection_retry_max_attempts = '5';
  if (statuses.length > 0) out.retriable_status_codes = statuses;
  return out;
}

/** A route's App Mesh retry policy → an Envoy `RetryPolicy`. */
export function retryPolicy(policy: HttpRetryPolicy | GrpcRetryPolicy): Json {
  const conditions = new Set<string>();
  const statuses: number[] = [];
  const addStatuses = (list: Iterable<number>) => {
    for (const s of list) if (!statuses.includes(s)) statuses.push(s);
  };
  for (const event of policy.httpRetryEvents ?? []) {
    if (event === 'stream-error') conditions.add('refused-stream');
    else {
      if (event === 'server-error' || event === 'gateway-error') conditions.add('reset');
      addStatuses(
        [...compileRetryPolicy({ ...policy, httpRetryEvents: [event] }).retryStatuses].sort((a, b) => a - b),
      );
    }
  }
  if ((policy.tcpRetryEvents ?? []).includes('connection-error')) conditions.add('connect-failure');
  for (const code of compileRetryPolicy(policy).retryGrpcStatuses) {
    const name = GRPC_STATUS_NAMES[code];
    if (name) conditions.add(name);
  }
  const perTry = durationToMs(policy.perRetryTimeout);
  return policyJson(conditions, statuses, Math.max(0, Number(policy.maxRetries ?? 0)), perTry);
}

/**
 * The retry policy App Mesh gives every HTTP, HTTP/2 and gRPC Envoy route that has none (user
 * guide, "Envoy defaults set by App Mesh": max retries 2, HTTP 503, gRPC UNAVAILABLE,
 * connect-failure and refused-stream), visible here instead of hidden. Values from core's
 * APP_MESH_DEFAULT_RETRY_POLICY.
 */
export function defaultRetryPolicy(grpc: boolean): Json {
  const d = APP_MESH_DEFAULT_RETRY_POLICY;
  const conditions = new Set<string>(['connect-failure', 'refused-stream']);
  if (grpc) for (const code of d.retryGrpcStatuses) conditions.add(GRPC_STATUS_NAMES[code] ?? '');
  return policyJson(conditions, [...d.retryStatuses], d.maxRetries, d.perRetryTimeoutMs);
}
