import type { WaitBounds } from './bounded-wait.js';
import type { Endpoint } from './endpoint-pool.js';
import { MeshRouterError, MeshTimeoutError, UpstreamConnectionError } from './errors.js';
import type { LatticeTarget } from './lattice-target.js';
import { rejectedRequest } from './request-init.js';
import type { AttemptFailure, CompiledRetryPolicy } from './retry-policy.js';
import type { MeshFetchInit, RouteDecision } from './router-types.js';
import {
  AttemptSignal,
  failureOf,
  INVALID_REQUEST_CODE,
  type Transport,
  type TransportResponse,
} from './transport.js';

/**
 * Everything about one call that its attempts share, fixed before the first one: the decision,
 * the request as the transport takes it, the policy and the deadline.
 *
 * @example
 * ```ts
 * const plan: CallPlan = planCall(decision, view, init, startedAt); // see router.ts
 * ```
 */
export interface CallPlan {
  decision: RouteDecision;
  method: string;
  /** Path and query. */
  path: string;
  /** The request headers, flat, with `host` (the virtual service authority). */
  headerList: string[];
  body: MeshFetchInit['body'] | undefined;
  /** The retry policy, undefined when the body cannot be replayed or none applies. */
  policy: CompiledRetryPolicy | undefined;
  maxRetries: number;
  perRequestMs: number;
  /** `performance.now()` ms when the per-request timeout ends (Infinity: disabled). */
  deadline: number;
  idleMs: number;
  /** The caller's signal. */
  signal: AbortSignal | undefined;
  /** The VPC Lattice service every attempt goes to (and is signed for), instead of the target node's endpoints. */
  lattice?: LatticeTarget;
}

/**
 * The call's target as errors name it: `jazz.local route "r" -> jazz-v1`, plus ` at <origin>`
 * once an endpoint is known.
 *
 * @example
 * ```ts
 * import { describeTarget } from './attempt.js';
 * console.log(describeTarget(plan, endpoint)); // e.g. jazz.local route "r" -> jazz-v1 at http://10.0.0.5:9080
 * ```
 */
export function describeTarget(plan: CallPlan, endpoint?: Endpoint): string {
  const d = plan.decision;
  const route = d.routeName ? ` route "${d.routeName}"` : '';
  const node = d.target ? ` -> ${d.target.node.name}` : '';
  return `${d.virtualServiceName}${route}${node}${endpoint ? ` at ${endpoint.origin}` : ''}`;
}

/**
 * The bounds of the call's waits (discovery on a cold cache, backoff): its deadline and the
 * caller's signal. Built only when the call has to wait.
 *
 * @example
 * ```ts
 * import { waitBounds } from './attempt.js';
 * await boundedWait(discovery.discover(query), waitBounds(plan));
 * ```
 */
export function waitBounds(plan: CallPlan): WaitBounds {
  return {
    deadline: plan.deadline,
    signal: plan.signal,
    onDeadline() {
      const node = plan.decision.target?.node;
      return new MeshTimeoutError({
        timeout: 'perRequest',
        timeoutMs: plan.perRequestMs,
        target: `${describeTarget(plan)}${node ? ` (waiting for ${node.pool.discovery.label})` : ''}`,
        source: plan.decision.timeouts.perRequestSource,
      });
    },
  };
}

/**
 * How one attempt ended:
 * - `response`: the upstream answered; `attempt.release()` disarms the attempt's timer and abort
 *   listener (call it once the body is read, or before a retry);
 * - `failure`: no response, for a reason a retry policy may retry;
 * - `fatal`: the route's per-request timeout fired: never retried (Envoy), held against the host.
 *
 * @example
 * ```ts
 * const outcome = await sendAttempt(plan, endpoint, plan.headerList, transport);
 * if (outcome.kind === 'response') console.log(outcome.response.statusCode);
 * ```
 */
export type AttemptOutcome =
  | { kind: 'response'; response: TransportResponse; attempt: ArmedAttempt }
  | { kind: 'failure'; failure: AttemptFailure; error: Error }
  | { kind: 'fatal'; error: Error };

/**
 * Sends one attempt of a call through the transport: arms the attempt's timer (the per-retry
 * timeout, or what is left of the per-request one) and the caller's abort, and classifies a
 * failure. Throws what is nobody's retry: the caller's abort (its reason), the caller's malformed
 * request (`InvalidRequestError`), a deadline already passed.
 *
 * @example
 * ```ts
 * import { sendAttempt } from './attempt.js';
 * const outcome = await sendAttempt(plan, { origin: 'http://127.0.0.1:9080', host: '127.0.0.1', port: 9080, instanceId: 'i-1' }, plan.headerList, transport);
 * ```
 */
export async function sendAttempt(
  plan: CallPlan,
  endpoint: Endpoint,
  headers: string[] | Record<string, string>,
  transport: Transport,
): Promise<AttemptOutcome> {
  const remaining = plan.deadline - performance.now();
  if (remaining <= 0) throw perRequestTimeout(plan, endpoint);
  const perTry = plan.policy?.perRetryTimeoutMs;
  const byPerTry = perTry !== undefined && perTry < remaining;
  const attempt = new ArmedAttempt(plan, endpoint, byPerTry ? perTry : remaining, byPerTry);
  try {
    const response = await transport.request({
      origin: endpoint.origin,
      path: plan.path,
      method: plan.method,
      headers,
      body: plan.body,
      signal: attempt.signal,
      headersTimeout: plan.idleMs,
      bodyTimeout: plan.idleMs,
    });
    return { kind: 'response', response, attempt };
  } catch (error) {
    attempt.release();
    return failedAttempt(plan, endpoint, {
      error,
      signal: attempt.signal,
      byPerTry,
      attemptMs: attempt.ms,
      headers,
    });
  }
}

/**
 * One attempt in flight, and its own abort signal, armed by its timer (the per-retry timeout, or what is
 * left of the per-request one) and by the caller's signal. A class with a module-level timer
 * callback rather than closures: the request path allocates as little as it can.
 *
 * @example
 * ```ts
 * const attempt = new ArmedAttempt(plan, endpoint, 1000, true);
 * attempt.release();
 * ```
 */
export class ArmedAttempt extends AttemptSignal {
  private readonly timer: ReturnType<typeof setTimeout> | undefined;
  private readonly onUserAbort: (() => void) | undefined;

  constructor(
    readonly plan: CallPlan,
    readonly endpoint: Endpoint,
    readonly ms: number,
    readonly byPerTry: boolean,
  ) {
    super();
    if (ms !== Number.POSITIVE_INFINITY) {
      this.timer = setTimeout(fireAttempt, ms, this);
      this.timer.unref();
    }
    const userSignal = plan.signal;
    if (userSignal) {
      this.onUserAbort = () => this.abort(userSignal.reason);
      userSignal.addEventListener('abort', this.onUserAbort, { once: true });
    }
  }

  /** The attempt is its own abort signal (one object per attempt, not two). */
  get signal(): AttemptSignal {
    return this;
  }

  /** Disarms the timer and the caller's abort (idempotent). */
  release(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.onUserAbort) this.plan.signal!.removeEventListener('abort', this.onUserAbort);
  }
}

function fireAttempt(attempt: ArmedAttempt): void {
  attempt.signal.fired = true;
  // The reason reaches whoever reads the body after the headers arrived.
  attempt.signal.abort(
    attempt.byPerTry
      ? new MeshTimeoutError({
          timeout: 'perRetry',
          timeoutMs: attempt.ms,
          target: describeTarget(attempt.plan, attempt.endpoint),
          source: 'route',
        })
      : perRequestTimeout(attempt.plan, attempt.endpoint),
  );
}

function failedAttempt(
  plan: CallPlan,
  endpoint: Endpoint,
  a: {
    error: unknown;
    signal: AttemptSignal;
    byPerTry: boolean;
    attemptMs: number;
    headers: string[] | Record<string, string>;
  },
): AttemptOutcome {
  const { error, signal } = a;
  const userSignal = plan.signal;
  if (userSignal?.aborted) throw userSignal.reason;
  if (error instanceof MeshRouterError && !signal.fired) throw error;
  // The transport refused the request itself (a header or the body): the caller's mistake, not
  // the upstream's, so it is neither retried nor held against the endpoint.
  if ((error as { code?: string } | null)?.code === INVALID_REQUEST_CODE) {
    throw rejectedRequest(a.headers, plan.body, error);
  }
  const options = { cause: error };
  if (signal.fired && !a.byPerTry) {
    // The route's per-request timeout bounds the call as a whole: Envoy does not retry it.
    return { kind: 'fatal', error: perRequestTimeout(plan, endpoint, options) };
  }
  const target = describeTarget(plan, endpoint);
  if (signal.fired) {
    const timeout = {
      timeout: 'perRetry' as const,
      timeoutMs: a.attemptMs,
      target,
      source: 'route' as const,
    };
    return { kind: 'failure', failure: 'per-try-timeout', error: new MeshTimeoutError(timeout, options) };
  }
  const failure = failureOf(error);
  if (failure === 'idle') {
    const source = plan.decision.kind === 'node' ? 'listener' : 'route';
    const timeout = { timeout: 'idle' as const, timeoutMs: plan.idleMs, target, source } as const;
    return { kind: 'failure', failure: 'reset', error: new MeshTimeoutError(timeout, options) };
  }
  return { kind: 'failure', failure, error: new UpstreamConnectionError({ target }, options) };
}

function perRequestTimeout(
  plan: CallPlan,
  endpoint: Endpoint,
  options?: { cause?: unknown },
): MeshTimeoutError {
  return new MeshTimeoutError(
    {
      timeout: 'perRequest',
      timeoutMs: plan.perRequestMs,
      target: describeTarget(plan, endpoint),
      source: plan.decision.timeouts.perRequestSource,
    },
    options,
  );
}
