import type { GrpcRetryPolicy, HttpRetryPolicy } from '@aws-sdk/client-app-mesh';
import { durationToMs } from './duration.js';

/**
 * How an attempt failed without an HTTP response.
 *
 * @example
 * ```ts
 * const failure: AttemptFailure = 'connect-failure';
 * console.log(compileRetryPolicy({ maxRetries: 1, perRetryTimeout: { value: 1, unit: 's' }, tcpRetryEvents: ['connection-error'] }).retryFailures.has(failure)); // true
 * ```
 */
export type AttemptFailure =
  /** The TCP connection could not be established (refused, unreachable, connect timeout). */
  | 'connect-failure'
  /** The connection was reset or closed before a complete response header. */
  | 'reset'
  /** The per-retry timeout fired. */
  | 'per-try-timeout';

/**
 * A compiled retry policy: which outcomes are retried, how many times, and the timeout of each
 * attempt. `source` says where it came from so that it is visible in decisions and docs.
 *
 * @example
 * ```ts
 * const policy = router.decide('http://jazz.prod.svc.cluster.local/').retryPolicy;
 * console.log(policy?.source, policy?.maxRetries); // 'app-mesh-default' 2
 * ```
 */
export interface CompiledRetryPolicy {
  maxRetries: number;
  /** Per-attempt timeout in ms (the first attempt included, as Envoy's `per_try_timeout`). */
  perRetryTimeoutMs: number | undefined;
  /** HTTP status codes that trigger a retry. */
  retryStatuses: ReadonlySet<number>;
  /** gRPC status codes (the `grpc-status` header) that trigger a retry. */
  retryGrpcStatuses: ReadonlySet<number>;
  /** Failures without a response that trigger a retry. */
  retryFailures: ReadonlySet<AttemptFailure>;
  /**
   * Retry a `reset` only for idempotent methods (GET, HEAD, OPTIONS, TRACE, PUT, DELETE). Set for
   * App Mesh's default policy, whose `refused-stream` means "the server did not process it": over
   * HTTP/1.1 a closed connection cannot promise that, so a POST is not replayed.
   */
  resetIdempotentOnly?: boolean;
  /**
   * Send each retry to an endpoint this call has not tried yet, when the node has one (Envoy's
   * `retry_host_predicate: previous_hosts`, which App Mesh's Envoy configuration sets). Without it a
   * retry of a refused connection can land on the very host that refused it.
   */
  retryOtherHosts: boolean;
  source: 'route' | 'app-mesh-default';
}

// App Mesh API reference, HttpRetryPolicy.httpRetryEvents:
// server-error = 500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511; gateway-error = 502, 503,
// 504; client-error = 409; stream-error = refused stream. "Both server-error and gateway-error
// include the Envoy reset policy" (CloudFormation AWS::AppMesh::Route HttpRetryPolicy), i.e. a
// disconnect, reset or read timeout before the response is retried too.
const SERVER_ERRORS = [500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511];
const GATEWAY_ERRORS = [502, 503, 504];

// gRPC status codes of App Mesh's grpcRetryEvents (https://grpc.github.io/grpc/core/md_doc_statuscodes.html).
const GRPC_CODES: Record<string, number> = {
  cancelled: 1,
  'deadline-exceeded': 4,
  'resource-exhausted': 8,
  internal: 13,
  unavailable: 14,
};

/**
 * Compiles an App Mesh route retry policy. `connection-error` (tcpRetryEvents) retries a failed
 * connect; `server-error` and `gateway-error` also retry resets and per-try timeouts (the Envoy
 * `reset` policy they include) and connect failures (Envoy's `5xx` includes `connect-failure`);
 * `stream-error` retries a request whose connection closed before any response (HTTP/1.1 has no
 * REFUSED_STREAM; a keep-alive connection closed under the request is the equivalent).
 *
 * @example
 * ```ts
 * import { compileRetryPolicy } from '@meshplane/core/router/internals';
 * const policy = compileRetryPolicy({ maxRetries: 2, perRetryTimeout: { value: 1, unit: 's' }, httpRetryEvents: ['gateway-error'] });
 * console.log(policy.retryStatuses.has(503), policy.perRetryTimeoutMs); // true 1000
 * ```
 */
export function compileRetryPolicy(policy: HttpRetryPolicy | GrpcRetryPolicy): CompiledRetryPolicy {
  const statuses = new Set<number>();
  const failures = new Set<AttemptFailure>();
  const grpc = new Set<number>();
  for (const event of policy.httpRetryEvents ?? []) {
    if (event === 'server-error' || event === 'gateway-error') {
      for (const s of event === 'server-error' ? SERVER_ERRORS : GATEWAY_ERRORS) statuses.add(s);
      failures.add('reset');
      failures.add('per-try-timeout');
      failures.add('connect-failure');
    } else if (event === 'client-error') {
      statuses.add(409);
    } else if (event === 'stream-error') {
      failures.add('reset');
    }
  }
  for (const event of policy.tcpRetryEvents ?? []) {
    if (event === 'connection-error') failures.add('connect-failure');
  }
  for (const event of (policy as GrpcRetryPolicy).grpcRetryEvents ?? []) {
    const code = GRPC_CODES[event];
    if (code !== undefined) grpc.add(code);
  }
  return {
    maxRetries: Math.max(0, Number(policy.maxRetries ?? 0)),
    perRetryTimeoutMs: durationToMs(policy.perRetryTimeout) || undefined,
    retryStatuses: statuses,
    retryGrpcStatuses: grpc,
    retryFailures: failures,
    retryOtherHosts: true,
    source: 'route',
  };
}

/**
 * The retry policy App Mesh gives every HTTP, HTTP/2 and gRPC route (and virtual node provider)
 * that has none, invisible through the API: max retries 2, HTTP 503, gRPC UNAVAILABLE,
 * connect-failure and refused-stream ("Envoy defaults set by App Mesh", App Mesh user guide), each
 * retry on another host when there is one (`retry_host_predicate: previous_hosts` in App Mesh's
 * Envoy configuration).
 * Meshes created before 2020-07-29 did not get it; `defaultRetryPolicy: 'none'` turns it off.
 *
 * @example
 * ```ts
 * import { APP_MESH_DEFAULT_RETRY_POLICY } from '@meshplane/core/router';
 * console.log(APP_MESH_DEFAULT_RETRY_POLICY.maxRetries); // 2
 * ```
 */
export const APP_MESH_DEFAULT_RETRY_POLICY: CompiledRetryPolicy = Object.freeze({
  maxRetries: 2,
  perRetryTimeoutMs: undefined,
  retryStatuses: new Set([503]),
  retryGrpcStatuses: new Set([14]),
  retryFailures: new Set<AttemptFailure>(['connect-failure', 'reset']),
  resetIdempotentOnly: true,
  retryOtherHosts: true,
  source: 'app-mesh-default',
});

/**
 * Envoy's retry budget defaults (`RetryBudget`: budget_percent 20, min_retry_concurrency 3).
 *
 * @example
 * ```ts
 * const router = createRouter({ model, sourceNode: 'dj', discovery, retryBudget: { percent: 10, minRetryConcurrency: 1 } });
 * ```
 */
export interface RetryBudgetOptions {
  /** Active retries may be at most this percentage of active requests. Default 20. */
  percent?: number;
  /** Retries always allowed concurrently regardless of the percentage. Default 3. */
  minRetryConcurrency?: number;
}

/**
 * A retry budget as Envoy implements it (`cluster.CircuitBreakers.Thresholds.RetryBudget`): a
 * retry may start only while the number of retries in flight is below
 * `max(minRetryConcurrency, percent% × requests in flight)`. It bounds the extra load that
 * retries put on an upstream that is already failing, instead of multiplying it by maxRetries.
 * One budget per target virtual node (Envoy: per upstream cluster).
 *
 * @example
 * ```ts
 * import { RetryBudget } from '@meshplane/core/router/internals';
 * const budget = new RetryBudget({ percent: 20, minRetryConcurrency: 3 });
 * budget.requestStarted();
 * console.log(budget.tryStartRetry()); // true (3 retries are always allowed)
 * ```
 */
export class RetryBudget {
  private readonly percent: number;
  private readonly minRetryConcurrency: number;
  activeRequests = 0;
  activeRetries = 0;

  constructor(options: RetryBudgetOptions = {}) {
    this.percent = options.percent ?? 20;
    this.minRetryConcurrency = options.minRetryConcurrency ?? 3;
  }

  requestStarted(): void {
    this.activeRequests++;
  }

  requestEnded(): void {
    this.activeRequests--;
  }

  /** Reserves a retry slot; false when the budget is exhausted. Release with {@link retryEnded}. */
  tryStartRetry(): boolean {
    const allowed = Math.max(this.minRetryConcurrency, (this.percent / 100) * this.activeRequests);
    if (this.activeRetries >= allowed) return false;
    this.activeRetries++;
    return true;
  }

  retryEnded(): void {
    this.activeRetries--;
  }
}
