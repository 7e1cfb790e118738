import { ReconcileError } from './errors.js';

/** A write budget: `rate` writes per second with bursts of up to `burst`. */
export interface WriteRate {
  rate: number;
  burst: number;
}

/**
 * A client-side token bucket for write calls. It does not retry anything: it only delays a write
 * until the budget allows it, so an apply that knows the account's write quota sends at that
 * rate instead of learning it from throttling errors (the SDK's adaptive mode only slows down
 * after being throttled, and each throttle costs a backoff of up to seconds). A bad budget throws
 * `ReconcileError('INVALID_WRITE_RATE')` naming each bad member.
 *
 * @example
 * ```ts
 * import { createWritePacer } from '@meshplane/core/appmesh/internals';
 * const pacer = createWritePacer({ rate: 8, burst: 5 });
 * await pacer.take(); // resolves at once while the burst lasts, then every 125 ms
 * ```
 */
export function createWritePacer(budget: WriteRate | undefined, now: () => number = () => performance.now()) {
  if (!budget) return { take: async () => {} };
  const problems: string[] = [];
  if (typeof budget.rate !== 'number' || !(budget.rate > 0) || budget.rate === Number.POSITIVE_INFINITY) {
    problems.push(`writeRate.rate: ${String(budget.rate)} must be a finite number > 0 (writes per second)`);
  }
  if (typeof budget.burst !== 'number' || !(budget.burst >= 1) || budget.burst === Number.POSITIVE_INFINITY) {
    problems.push(`writeRate.burst: ${String(budget.burst)} must be a finite number >= 1 (bucket size)`);
  }
  if (problems.length > 0) throw new ReconcileError('INVALID_WRITE_RATE', problems.join('; '));
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
