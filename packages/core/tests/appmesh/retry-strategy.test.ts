import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createReconcileRetryStrategy, ReconcileError } from '../../src/appmesh/index.js';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-12-04T00:00:00Z'));
});
afterEach(() => vi.useRealTimers());

describe('createReconcileRetryStrategy', () => {
  it('retries transient and throttling errors up to maxAttempts, never client errors', async () => {
    // Prepare: real time, as a throttle switches on the SDK's rate limiter, which waits on timers.
    vi.useRealTimers();
    const strategy = createReconcileRetryStrategy({ maxAttempts: 3 });
    const first = await strategy.acquireInitialRetryToken('appmesh');
    // Act
    const second = await strategy.refreshRetryTokenForRetry(first, { errorType: 'TRANSIENT' });
    const third = await strategy.refreshRetryTokenForRetry(second, { errorType: 'THROTTLING' });
    // Assess
    expect([first, second, third].map((t) => t.getRetryCount())).toEqual([0, 1, 2]);
    expect([second.getRetryCost(), third.getRetryCost()]).toEqual([14, 5]);
    await expect(strategy.refreshRetryTokenForRetry(third, { errorType: 'TRANSIENT' })).rejects.toThrow(
      'No retry token available',
    );
    await expect(strategy.refreshRetryTokenForRetry(first, { errorType: 'CLIENT_ERROR' })).rejects.toThrow(
      'No retry token available',
    );
  });

  it('keeps retrying when the budget is empty, waiting for the time refill instead of refusing', async () => {
    // Prepare: a 28-token budget refilled at 14 tokens/s pays for two transient retries at once.
    const strategy = createReconcileRetryStrategy({ maxAttempts: 10, capacity: 28, refillPerSecond: 14 });
    const first = await strategy.acquireInitialRetryToken('appmesh');
    // Act: five calls fail at once, with no time passing.
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      delays.push(
        (await strategy.refreshRetryTokenForRetry(first, { errorType: 'TRANSIENT' })).getRetryDelay(),
      );
    }
    // Assess: the first two within the backoff (< 50 ms), the next ones 1, 2 and 3 s later, in order.
    expect(delays[0]).toBeLessThan(50);
    expect(delays[1]).toBeLessThan(50);
    expect(delays.slice(2)).toEqual([1000, 2000, 3000]);
  });

  it('refills over time and from successes', async () => {
    // Prepare
    const strategy = createReconcileRetryStrategy({ maxAttempts: 10, capacity: 14, refillPerSecond: 14 });
    const first = await strategy.acquireInitialRetryToken('appmesh');
    const spent = await strategy.refreshRetryTokenForRetry(first, { errorType: 'TRANSIENT' });
    // Act + Assess: a success refunds the retry's cost, so the next retry waits no more than its backoff.
    strategy.recordSuccess(spent);
    expect(
      (await strategy.refreshRetryTokenForRetry(first, { errorType: 'TRANSIENT' })).getRetryDelay(),
    ).toBeLessThan(50);
    // Empty again; one second later the refill has paid for another retry.
    vi.setSystemTime(Date.now() + 1000);
    expect(
      (await strategy.refreshRetryTokenForRetry(first, { errorType: 'TRANSIENT' })).getRetryDelay(),
    ).toBeLessThan(50);
  });

  it('honours a Retry-After hint up to 5 s beyond its own backoff', async () => {
    const strategy = createReconcileRetryStrategy({ maxAttempts: 10 });
    const first = await strategy.acquireInitialRetryToken('appmesh');
    const hinted = await strategy.refreshRetryTokenForRetry(first, {
      errorType: 'TRANSIENT',
      retryAfterHint: new Date(Date.now() + 3000),
    });
    expect(hinted.getRetryDelay()).toBe(3000);
    const far = await strategy.refreshRetryTokenForRetry(first, {
      errorType: 'TRANSIENT',
      retryAfterHint: new Date(Date.now() + 60_000),
    });
    expect(far.getRetryDelay()).toBeLessThan(5050);
    expect(far.getRetryDelay()).toBeGreaterThanOrEqual(5000);
  });

  it('refuses options that are not numbers in range, naming each', () => {
    expect(() => createReconcileRetryStrategy({ maxAttempts: 0 })).toThrow(ReconcileError);
    expect(() => createReconcileRetryStrategy({ maxAttempts: 2.5 })).toThrow(
      'maxAttempts: 2.5 must be a whole number >= 1',
    );
    expect(() => createReconcileRetryStrategy({ maxAttempts: 3, capacity: 5 })).toThrow('capacity: 5');
    expect(() => createReconcileRetryStrategy({ maxAttempts: 3, refillPerSecond: 0 })).toThrow(
      'refillPerSecond: 0',
    );
  });
});
