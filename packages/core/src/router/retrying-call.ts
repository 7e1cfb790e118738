import { type ArmedAttempt, type AttemptOutcome, type CallPlan, sendAttempt, waitBounds } from './attempt.js';
import { boundedSleep, boundedWait } from './bounded-wait.js';
import type { CompiledNode } from './compile.js';
import { endpointFor } from './decide.js';
import type { Endpoint } from './endpoint-pool.js';
import { RetriesExhaustedError } from './errors.js';
import { MeshResponse } from './mesh-response.js';
import { headerRecord } from './request-init.js';
import type { MeshCallInfo, RouterHooks } from './router-types.js';
import type { Transport, TransportResponse } from './transport.js';

// RFC 9110 section 9.2.2.
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);

/**
 * What a retrying call needs besides its plan: the transport, the observer (the router's hooks)
 * and the backoff.
 *
 * @example
 * ```ts
 * const deps: CallDeps = { transport, hooks, backoff: { baseMs: 25, maxMs: 250 }, random: Math.random };
 * ```
 */
export interface CallDeps {
  transport: Transport;
  hooks: RouterHooks | undefined;
  /** Fully jittered exponential backoff (Envoy's: base 25 ms, cap 250 ms). */
  backoff: { baseMs: number; maxMs: number };
  random: () => number;
}

/**
 * The state of one call the router reports on: its hook identity and the attempts made so far.
 *
 * @example
 * ```ts
 * const state: CallState = { call: undefined, attempts: 0 };
 * ```
 */
export interface CallState {
  call: MeshCallInfo | undefined;
  attempts: number;
}

/**
 * Runs a call to the end, attempt after attempt: picks an endpoint (another one on a retry when
 * the policy says so: Envoy's previous_hosts), sends the attempt, records the outcome for outlier
 * detection, and retries what the policy retries while retries, the node's retry budget and the
 * deadline allow, with backoff. Reports each attempt and the response to the observer.
 *
 * @example
 * ```ts
 * import { retryingCall } from './retrying-call.js';
 * const response = await retryingCall(plan, { call: undefined, attempts: 0 }, deps);
 * console.log(response.status, response.mesh.attempts);
 * ```
 */
export async function retryingCall(plan: CallPlan, state: CallState, deps: CallDeps): Promise<MeshResponse> {
  const node = plan.decision.target?.node;
  node?.budget.requestStarted();
  let inRetry = false;
  let tried: string[] | undefined;
  try {
    for (;;) {
      const attempt = ++state.attempts;
      const picked = plan.lattice?.endpoint ?? endpointFor(plan.decision, tried);
      const endpoint = picked instanceof Promise ? await boundedWait(picked, waitBounds(plan)) : picked;
      const attemptStart = performance.now();
      const headers = observeAttempt(deps.hooks, state.call, plan, attempt, endpoint);
      const outcome = await sendAttempt(plan, endpoint, headers, deps.transport);
      recordOutcome(plan, endpoint, outcome);
      if (outcome.kind === 'fatal') throw outcome.error;
      const retryable = isRetryable(plan, outcome);
      const withinMax = attempt <= plan.maxRetries;
      // A request holds at most one slot of the node's budget, from its first retry to its end.
      const willRetry = retryable && withinMax && (inRetry || !node || node.budget.tryStartRetry());
      deps.hooks?.onAttemptEnd?.({
        call: state.call!,
        attempt,
        endpoint: endpoint.origin,
        statusCode: outcome.kind === 'response' ? outcome.response.statusCode : undefined,
        error: outcome.kind === 'failure' ? outcome.error : undefined,
        durationMs: performance.now() - attemptStart,
        willRetry,
      });
      if (outcome.kind === 'response' && !willRetry) return respond(plan, state, deps, endpoint, outcome);
      if (!willRetry) {
        throw exhausted(plan, outcome as Extract<AttemptOutcome, { kind: 'failure' }>, {
          attempt,
          retryable,
          withinMax,
          node,
        });
      }
      if (outcome.kind === 'response') {
        outcome.attempt.release();
        await drain(outcome.response);
      }
      inRetry = true;
      if (plan.policy!.retryOtherHosts) tried = tried ? [...tried, endpoint.origin] : [endpoint.origin];
      await backoff(deps, attempt, plan);
    }
  } finally {
    if (inRetry) node?.budget.retryEnded();
    node?.budget.requestEnded();
  }
}

/** Runs the `onAttempt` hook, which may add headers: it gets (and the attempt sends) a record. */
function observeAttempt(
  hooks: RouterHooks | undefined,
  call: MeshCallInfo | undefined,
  plan: CallPlan,
  attempt: number,
  endpoint: Endpoint,
): string[] | Record<string, string> {
  if (!hooks?.onAttempt) return plan.headerList;
  const headers = headerRecord(plan.headerList);
  hooks.onAttempt({
    call: call!,
    attempt,
    endpoint: endpoint.origin,
    instanceId: endpoint.instanceId,
    headers,
  });
  return headers;
}

/** Outlier detection counts answers by status, and every attempt without one as a server error. */
function recordOutcome(plan: CallPlan, endpoint: Endpoint, outcome: AttemptOutcome): void {
  const target = plan.decision.target;
  const listener = target?.listener;
  if (!target || !listener) return;
  const detector = target.node.pool.detector(listener.port);
  if (!detector) return;
  const status = outcome.kind === 'response' ? outcome.response.statusCode : 0;
  detector.record(endpoint.origin, status, target.node.pool.size(listener.port));
}

function isRetryable(plan: CallPlan, outcome: Exclude<AttemptOutcome, { kind: 'fatal' }>): boolean {
  const policy = plan.policy;
  if (policy === undefined) return false;
  if (outcome.kind === 'response') {
    const status = outcome.response.statusCode;
    return (
      policy.retryStatuses.has(status) ||
      (policy.retryGrpcStatuses.size > 0 &&
        policy.retryGrpcStatuses.has(Number(outcome.response.headers['grpc-status'])))
    );
  }
  const failure = outcome.failure;
  return (
    policy.retryFailures.has(failure) &&
    !(failure === 'reset' && policy.resetIdempotentOnly === true && !IDEMPOTENT_METHODS.has(plan.method))
  );
}

/** The error a call ends with when an attempt failed without a response and is not retried. */
function exhausted(
  plan: CallPlan,
  outcome: Extract<AttemptOutcome, { kind: 'failure' }>,
  why: { attempt: number; retryable: boolean; withinMax: boolean; node: CompiledNode | undefined },
): Error {
  if (!why.retryable || plan.maxRetries === 0) return outcome.error;
  return new RetriesExhaustedError(
    {
      target: `${plan.decision.virtualServiceName}${why.node ? ` -> ${why.node.name}` : ''}`,
      attempts: why.attempt,
      maxRetries: plan.maxRetries,
      budgetExhausted: why.withinMax,
    },
    { cause: outcome.error },
  );
}

function respond(
  plan: CallPlan,
  state: CallState,
  deps: CallDeps,
  endpoint: Endpoint,
  outcome: Extract<AttemptOutcome, { kind: 'response' }>,
): MeshResponse {
  const { response } = outcome;
  // The per-request timeout covers the whole response, body included (Envoy's route timeout):
  // the timer stays armed until the body is consumed or destroyed.
  (response.body as { [ATTEMPT]?: ArmedAttempt })[ATTEMPT] = outcome.attempt;
  response.body.on('close', releaseOnClose);
  const d = plan.decision;
  const meshResponse = new MeshResponse(response, endpoint.origin + plan.path, {
    virtualServiceName: d.virtualServiceName,
    virtualRouterName: d.virtualRouterName,
    routeName: d.routeName,
    targetNode: d.targetNode,
    endpoint: endpoint.origin,
    instanceId: endpoint.instanceId,
    attempts: state.attempts,
  });
  deps.hooks?.onResponse?.({
    call: state.call!,
    statusCode: response.statusCode,
    attempts: state.attempts,
    durationMs: performance.now() - (state.call?.startedAt ?? 0),
  });
  return meshResponse;
}

const ATTEMPT = Symbol('meshplane.attempt');

/** A body's 'close' listener: disarms the attempt that produced it (found on the body). */
function releaseOnClose(this: { [ATTEMPT]?: ArmedAttempt }): void {
  this[ATTEMPT]?.release();
}

/** Reads and discards a body that will not be returned, so that its connection is reused. */
async function drain(response: TransportResponse): Promise<void> {
  const body = response.body;
  if (typeof body.dump === 'function') {
    await body.dump().catch(() => undefined);
    return;
  }
  await new Promise<void>((resolve) => {
    body.once('close', resolve).once('error', resolve).resume();
  });
}

function backoff(deps: CallDeps, attempt: number, plan: CallPlan): Promise<void> {
  const { baseMs, maxMs } = deps.backoff;
  if (baseMs <= 0) return Promise.resolve();
  const ceiling = Math.min(maxMs, baseMs * 2 ** (attempt - 1));
  return boundedSleep(deps.random() * ceiling, waitBounds(plan));
}
