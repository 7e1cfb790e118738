/** Rate (tokens per second) and burst (bucket size) of one token bucket. */
export interface TokenBucketConfig {
  rate: number;
  burst: number;
}

/**
 * A token bucket as AWS's own clients and services use for throttling: it starts full,
 * refills continuously at `rate` tokens per second up to `burst`, and each call takes one token.
 *
 * @example
 * ```ts
 * import { TokenBucket } from '@meshplane/local/internals';
 * let now = 0;
 * const bucket = new TokenBucket({ rate: 1, burst: 2 }, () => now);
 * console.log(bucket.tryTake(), bucket.tryTake(), bucket.tryTake()); // true true false
 * now = 1000;
 * console.log(bucket.tryTake()); // true
 * ```
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly config: TokenBucketConfig,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.tokens = config.burst;
    this.last = clock();
  }

  /** Takes one token if there is one; returns false when the caller must be throttled. */
  tryTake(): boolean {
    const now = this.clock();
    const elapsedSeconds = Math.max(0, now - this.last) / 1000;
    this.last = now;
    this.tokens = Math.min(this.config.burst, this.tokens + elapsedSeconds * this.config.rate);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    return false;
  }
}
