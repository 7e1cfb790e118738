/**
 * How long a wait of the router may last: until the call's deadline (the route's per-request
 * timeout, `performance.now()` milliseconds; `Infinity` when the timeout is disabled) and until
 * the caller's `AbortSignal` aborts, whichever comes first.
 *
 * @example
 * ```ts
 * const bounds: WaitBounds = { deadline: performance.now() + 200, signal: AbortSignal.timeout(1000), onDeadline: () => new Error('late') };
 * ```
 */
export interface WaitBounds {
  deadline: number;
  signal: AbortSignal | undefined;
  /** The error the wait rejects with when the deadline passes first. */
  onDeadline(): Error;
}

/**
 * Waits for `promise` within `bounds`: it settles as the promise does, or rejects with
 * `bounds.onDeadline()` when the deadline passes first, or with the signal's reason when the
 * caller aborts first (what `fetch` does with an aborted signal). Every wait of a routed call
 * goes through here, so that nothing (a Cloud Map lookup that never answers, a backoff) outlives
 * the route timeout or the caller's signal. The timer is unref'd and both listeners are removed
 * once the wait settles.
 *
 * @example
 * ```ts
 * import { boundedWait } from './bounded-wait.js';
 * const never = new Promise<string>(() => undefined);
 * const error = await boundedWait(never, { deadline: performance.now() + 10, signal: undefined, onDeadline: () => new Error('timed out') }).catch((e) => e.message);
 * console.log(error); // timed out
 * ```
 */
export function boundedWait<T>(promise: Promise<T>, bounds: WaitBounds): Promise<T> {
  const { signal } = bounds;
  if (signal?.aborted) return Promise.reject(signal.reason);
  const ms = bounds.deadline - performance.now();
  if (ms <= 0) return Promise.reject(bounds.onDeadline());
  const finite = ms !== Number.POSITIVE_INFINITY;
  if (!finite && signal === undefined) return promise;
  return new Promise<T>((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onAbort = () => settle(() => reject(signal!.reason));
    const settle = (action: () => void) => {
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      action();
    };
    if (finite) {
      timer = setTimeout(() => settle(() => reject(bounds.onDeadline())), ms);
      timer.unref();
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => settle(() => resolve(value)),
      (error: unknown) => settle(() => reject(error)),
    );
  });
}

/**
 * Sleeps `ms` milliseconds within `bounds` (a retry backoff): resolves early when the deadline
 * comes first (the next attempt then reports the timeout), rejects with the signal's reason when
 * the caller aborts.
 *
 * @example
 * ```ts
 * import { boundedSleep } from './bounded-wait.js';
 * await boundedSleep(5, { deadline: Number.POSITIVE_INFINITY, signal: undefined, onDeadline: () => new Error('late') });
 * console.log('slept'); // slept
 * ```
 */
export function boundedSleep(ms: number, bounds: WaitBounds): Promise<void> {
  const delay = Math.min(ms, Math.max(0, bounds.deadline - performance.now()));
  const timeout = new Promise<void>((resolve) => setTimeout(resolve, delay));
  return boundedWait(timeout, { ...bounds, deadline: Number.POSITIVE_INFINITY });
}
