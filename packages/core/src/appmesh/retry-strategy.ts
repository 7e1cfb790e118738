import { DefaultRateLimiter } from '@smithy/core/retry';
import { ReconcileError } from './errors.js';

/** What the SDK tells a retry strategy about a failed attempt (`RetryErrorInfo` of `@smithy/types`). */
interface RetryErrorInfo {
  errorType: 'TRANSIENT' | 'THROTTLING' | 'SERVER_ERROR' | 'CLIENT_ERROR';
  retryAfterHint?: Date;
}

/** One call's retry state (`StandardRetryToken` of `@smithy/types`). */
interface ReconcileRetryToken {
  getRetryCount(): number;
  getRetryDelay(): number;
  getRetryCost(): number | undefined;
}

/** The SDK's `RetryStrategyV2`, as an App Mesh client's `retryStrategy` takes it. */
export interface ReconcileRetryStrategy {
  readonly mode: 'adaptive';
  acquireInitialRetryToken(scope: string): Promise<ReconcileRetryToken>;
  refreshRetryTokenForRetry(
    token: ReconcileRetryToken,
    errorInfo: RetryErrorInfo,
  ): Promise<ReconcileRetryToken>;
  recordSuccess(token: ReconcileRetryToken): void;
}

/** Options of {@link createReconcileRetryStrategy}. */
export interface ReconcileRetryOptions {
  /** Attempts per call, first one included: a whole number >= 1. */
  maxAttempts: number;
  /** Retry tokens the budget holds when full (default 500, the SDK's). */
  capacity?: number;
  /** Retry tokens the budget regains per second, whatever the calls do (default 70). */
  refillPerSecond?: number;
}

// The SDK's costs (`Retry.cost()`, `Retry.throttlingCost()` of @smithy/core 3.41) and delays.
const TRANSIENT_COST = 14;
const THROTTLING_COST = 5;
const BASE_DELAY_MS = 50;
const THROTTLING_BASE_DELAY_MS = 1_000;
const MAX_DELAY_MS = 20_000;

/**
 * The retry strategy of the App Mesh clients meshplane builds. It does what the SDK's adaptive
 * mode does: client-side rate limiting learned from throttling errors (the SDK's own
 * `DefaultRateLimiter`), exponential backoff with full jitter (base 50 ms, 1 s after a throttle,
 * at most 20 s), a `Retry-After` hint honoured, only throttling and transient errors retried, at
 * most `maxAttempts` attempts per call. One thing differs, the retry quota. The SDK's (500
 * tokens, 14 per transient retry, 5 per throttled one) is refilled only by successful calls: a
 * circuit breaker that, once a burst of failures empties it, fails every call at its first error.
 * At a 30 % failure rate the successes never refill it fast enough, so a reconciler that reads
 * 400 times before it writes failed in its read on every re-run (issue 13 item 4). Here the
 * budget also refills with time, and a retry that finds it empty waits for its share instead of
 * failing: during an outage, retries slow down to `refillPerSecond / 14` per second for the whole
 * client (no retry storm), and every call still gets all its attempts.
 *
 * @example
 * ```ts
 * import { AppMeshClient } from '@aws-sdk/client-app-mesh';
 * import { createReconcileRetryStrategy } from '@meshplane/core/appmesh';
 * const client = new AppMeshClient({
 *   region: 'us-east-1',
 *   retryStrategy: createReconcileRetryStrategy({ maxAttempts: 10 }),
 * });
 * console.log(client.config.retryStrategy !== undefined); // true
 * ```
 */
export function createReconcileRetryStrategy(options: ReconcileRetryOptions): ReconcileRetryStrategy {
  const { maxAttempts, capacity = 500, refillPerSecond = 70 } = options;
  for (const [name, value, min] of [
    ['maxAttempts', maxAttempts, 1],
    ['capacity', capacity, TRANSIENT_COST],
    ['refillPerSecond', refillPerSecond, Number.MIN_VALUE],
  ] as const) {
    if (
      typeof value !== 'number' ||
      !Number.isFinite(value) ||
      value < min ||
      (name === 'maxAttempts' && !Number.isInteger(value))
    ) {
      throw new ReconcileError(
        'INVALID_RETRY_OPTIONS',
        `${name}: ${String(value)} must be a ${name === 'maxAttempts' ? 'whole ' : ''}number >= ${min === Number.MIN_VALUE ? '> 0' : min}`,
      );
    }
  }
  const limiter = new DefaultRateLimiter();
  const budget = createRetryBudget(capacity, refillPerSecond);
  const token = (count: number, cost: number | undefined, delay: number): ReconcileRetryToken => ({
    getRetryCount: () => count,
    getRetryDelay: () => delay,
    getRetryCost: () => cost,
  });
  return {
    mode: 'adaptive',
    async acquireInitialRetryToken() {
      await limiter.getSendToken();
      return token(0, undefined, 0);
    },
    async refreshRetryTokenForRetry(previous, errorInfo) {
      limiter.updateClientSendingRate(errorInfo);
      const retryable = errorInfo.errorType === 'THROTTLING' || errorInfo.errorType === 'TRANSIENT';
      const count = previous.getRetryCount() + 1;
      // The SDK rethrows the call's own error when the strategy refuses.
      if (!retryable || count >= maxAttempts) throw new Error('No retry token available');
      const throttled = errorInfo.errorType === 'THROTTLING';
      const cost = throttled ? THROTTLING_COST : TRANSIENT_COST;
      const base = throttled ? THROTTLING_BASE_DELAY_MS : BASE_DELAY_MS;
      let delay = Math.floor(Math.random() * Math.min(base * 2 ** (count - 1), MAX_DELAY_MS));
      if (errorInfo.retryAfterHint instanceof Date) {
        const hinted = errorInfo.retryAfterHint.getTime() - Date.now();
        delay = Math.max(delay, Math.min(hinted, delay + 5_000));
      }
      delay = Math.max(delay, budget.reserve(cost));
      await limiter.getSendToken();
      // The SDK's retry middleware waits `getRetryDelay()` (racing the call's abort signal).
      return token(count, cost, delay);
    },
    recordSuccess(done) {
      limiter.updateClientSendingRate({});
      budget.refund(done.getRetryCost() ?? 1);
    },
  };
}

/**
 * A token bucket that never refuses: `reserve` takes the tokens now, running into debt if need
 * be, and answers how long to wait (ms) until the debt is paid by the time refill, which keeps
 * waiting retries in order. Successes refund tokens like the SDK's quota.
 */
function createRetryBudget(capacity: number, refillPerSecond: number) {
  let tokens = capacity;
  let at = Date.now();
  const refill = () => {
    const now = Date.now();
    tokens = Math.min(capacity, tokens + ((now - at) / 1000) * refillPerSecond);
    at = now;
  };
  return {
    reserve(cost: number): number {
      refill();
      tokens -= cost;
      return tokens >= 0 ? 0 : Math.ceil((-tokens / refillPerSecond) * 1000);
    },
    refund(amount: number): void {
      refill();
      tokens = Math.min(capacity, tokens + amount);
    },
  };
}
