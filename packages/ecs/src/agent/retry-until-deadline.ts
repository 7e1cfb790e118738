import { CloudMapError, CloudMapOperationFailedError } from '@meshplane/core/cloudmap';
import {
  isServerError,
  isThrottlingError,
  isTransientError,
  MAXIMUM_RETRY_DELAY,
  StandardRetryStrategy,
} from '@smithy/core/retry';
import { MeshplaneEcsError } from '../errors.js';

/** The SDK's error classes for retries (THROTTLING, TRANSIENT, SERVER_ERROR, CLIENT_ERROR). */
export type RetryErrorType = Parameters<StandardRetryStrategy['refreshRetryTokenForRetry']>[1]['errorType'];

/** One failed attempt that will be retried after `delayMs`. */
export interface RetryNotice {
  attempt: number;
  delayMs: number;
  error: unknown;
}

/** Why {@link retryUntilDeadline} gave up, with the last error and the number of attempts made. */
export class RetryGaveUp extends MeshplaneEcsError {
  override name = 'RetryGaveUp';
  constructor(
    readonly reason: 'deadline' | 'not-retryable',
    readonly attempts: number,
    readonly lastError: unknown,
  ) {
    super('RETRY_GAVE_UP', `${reason} after ${attempts} attempt(s)`, { cause: lastError });
  }
}

/**
 * How the SDK's retry strategy classes an error of `@meshplane/core/cloudmap`: the SDK error it
 * wraps decides (throttling, transient network error, 5xx), and a Cloud Map operation that ended
 * in FAIL is a server-side failure that a new request may not repeat. Anything else (access
 * denied, invalid input) is a client error: retrying cannot fix it.
 *
 * @example
 * ```ts
 * import { cloudMapErrorType } from './retry-until-deadline.js'; // inside packages/ecs/src/agent
 * const throttled = Object.assign(new Error('slow down'), { name: 'ThrottlingException', $metadata: {} });
 * console.log(cloudMapErrorType(throttled)); // 'THROTTLING'
 * ```
 */
export function cloudMapErrorType(error: unknown): RetryErrorType {
  if (error instanceof CloudMapOperationFailedError) return 'SERVER_ERROR';
  const sdk = (
    error instanceof CloudMapError && error.cause !== undefined ? error.cause : error
  ) as Parameters<typeof isServerError>[0];
  if (sdk === null || typeof sdk !== 'object') return 'CLIENT_ERROR';
  if (isThrottlingError(sdk)) return 'THROTTLING';
  if (isTransientError(sdk)) return 'TRANSIENT';
  if (isServerError(sdk)) return 'SERVER_ERROR';
  return 'CLIENT_ERROR';
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` until it succeeds, an error that retrying cannot fix, or `deadline` (epoch ms).
 * Between attempts it waits as the SDK's standard retry strategy says (exponential backoff with
 * full jitter, a larger base after throttling, capped at the SDK's 20 s maximum): the same
 * schedule the client uses inside one call, continued for as long as the deadline allows instead
 * of stopping after the client's `maxAttempts`. When the strategy's retry quota runs out, it keeps
 * the SDK's slowest pace (the maximum delay) rather than giving up before the deadline.
 *
 * @example
 * ```ts
 * import { retryUntilDeadline } from './retry-until-deadline.js'; // inside packages/ecs/src/agent
 * let calls = 0;
 * const busy = () => Object.assign(new Error('busy'), { name: 'ServiceUnavailable', $metadata: { httpStatusCode: 503 } });
 * const value = await retryUntilDeadline(
 *   async () => (++calls < 3 ? Promise.reject(busy()) : 'done'),
 *   { deadline: Date.now() + 30_000, classify: () => 'SERVER_ERROR' },
 * );
 * console.log(value, calls); // 'done' 3
 * ```
 */
export async function retryUntilDeadline<T>(
  attempt: () => Promise<T>,
  options: {
    deadline: number;
    classify: (error: unknown) => RetryErrorType;
    onRetry?: (notice: RetryNotice) => void;
  },
): Promise<T> {
  const strategy = new StandardRetryStrategy(Number.MAX_SAFE_INTEGER);
  let token = await strategy.acquireInitialRetryToken('meshplane-ecs-agent');
  for (let attempts = 1; ; attempts++) {
    try {
      const value = await attempt();
      strategy.recordSuccess(token);
      return value;
    } catch (error) {
      const errorType = options.classify(error);
      if (errorType === 'CLIENT_ERROR') throw new RetryGaveUp('not-retryable', attempts, error);
      let delayMs: number;
      try {
        token = await strategy.refreshRetryTokenForRetry(token, { errorType });
        delayMs = token.getRetryDelay();
      } catch {
        delayMs = MAXIMUM_RETRY_DELAY;
      }
      const remaining = options.deadline - Date.now();
      if (remaining <= 0) throw new RetryGaveUp('deadline', attempts, error);
      options.onRetry?.({ attempt: attempts, delayMs: Math.min(delayMs, remaining), error });
      await sleep(Math.min(delayMs, remaining));
      if (Date.now() >= options.deadline) throw new RetryGaveUp('deadline', attempts, error);
    }
  }
}
