/** A write budget: `rate` writes per second with bursts of up to `burst`. */
export interface WriteRate {
  rate: number;
  burst: number;
}

/**
 * A client-side token bucket for write calls. It does not retry anything: it only delays a write
 * until the budget allows it, so an apply that knows the account's write quota sends at that
 * rate instead of learning it from throttling errors (the SDK's adaptive mode only slows down
 * after being throttled, and each throttle costs a backoff of up to seconds).
 *
 * @example
 * ```ts
 * import { createWritePacer } from '@meshplane/core/appmesh';
 * const pacer = createWritePacer({ rate: 8, burst: 5 });
 * await pacer.take(); // resolves at once while the burst lasts, then every 125 ms
 * ```
 */
export function createWritePacer(budget: WriteRate | undefined, now: () => number = () => performance.now()) {
  if (!budget) return { take: async () => {} };
  if (!(budget.rate > 0) || !(budget.burst >= 1)) {
    throw new RangeError(
      `writeRate: rate ${budget.rate} must be > 0 and burst ${budget.burst} must be >= 1 (writes per second, bucket size)`,
    );
  }
  let tokens = budget.burst;
  let last = now();
  // Reservations are handed out in call order so concurrent writers do not starve each other.
  let queue: Promise<void> = Promise.resolve();
  const take = (): Promise<void> => {
    const turn = queue.then(async () => {
      const t = now();
      tokens = Math.min(budget.burst, tokens + ((t - last) / 1000) * budget.rate);
      last = t;
      if (tokens < 1) {
        const waitMs = ((1 - tokens) / budget.rate) * 1000;
        await new Promise((resolve) => setTimeout(resolve, waitMs));
        const after = now();
        tokens = Math.min(budget.burst, tokens + ((after - last) / 1000) * budget.rate);
        last = after;
      }
      tokens -= 1;
    });
    queue = turn;
    return turn;
  };
  return { take };
}
