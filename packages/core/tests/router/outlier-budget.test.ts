import { describe, expect, it } from 'vitest';
import {
  APP_MESH_DEFAULT_RETRY_POLICY,
  compileOutlierDetection,
  compileRetryPolicy,
  OutlierDetector,
  RetryBudget,
} from '../../src/router/internals.js';

const settings = (over: Partial<{ maxServerErrors: number; maxEjectionPercent: number }> = {}) => ({
  maxServerErrors: 2,
  intervalMs: 10_000,
  baseEjectionMs: 30_000,
  maxEjectionPercent: 100,
  ...over,
});

describe('OutlierDetector', () => {
  it('ejects after maxServerErrors consecutive errors only; a success resets the count', () => {
    // Prepare
    let now = 0;
    const d = new OutlierDetector(settings({ maxServerErrors: 3 }), () => now);
    // Act
    d.record('a', 500, 4);
    d.record('a', 0, 4);
    d.record('a', 200, 4);
    d.record('a', 503, 4);
    const afterReset = d.isEjected('a');
    d.record('a', 502, 4);
    const third = d.record('a', 504, 4);
    // Assess
    expect(afterReset).toBe(false);
    expect(third).toBe(true);
    expect(d.isEjected('a')).toBe(true);
    now = 29_999;
    expect(d.isEjected('a')).toBe(true);
    now = 30_000;
    expect(d.isEjected('a')).toBe(false);
  });

  it('ejects at least one endpoint even at maxEjectionPercent 0, and no more than the percentage', () => {
    // Prepare
    const zero = new OutlierDetector(settings({ maxEjectionPercent: 0 }), () => 0);
    const half = new OutlierDetector(settings({ maxEjectionPercent: 50 }), () => 0);
    // Act
    for (const host of ['a', 'b']) for (let i = 0; i < 2; i++) zero.record(host, 500, 10);
    for (const host of ['a', 'b', 'c']) for (let i = 0; i < 2; i++) half.record(host, 500, 4);
    // Assess
    expect(zero.ejected().map((e) => e.key)).toEqual(['a']);
    expect(half.ejected().map((e) => e.key)).toEqual(['a', 'b']);
  });

  it('frees the ejection slot of an endpoint whose ejection ended unobserved, and forgets healthy hosts', () => {
    // Prepare: at most one of two endpoints may be ejected; "a" is, then leaves discovery.
    let now = 0;
    const d = new OutlierDetector(settings({ maxEjectionPercent: 50 }), () => now);
    d.record('a', 500, 2);
    d.record('a', 500, 2);
    now = 30_000;
    // Act: "b" fails twice after a's ejection ended; nothing looked "a" up since.
    d.record('b', 500, 2);
    const ejectedB = d.record('b', 500, 2);
    d.record('c', 500, 3);
    d.record('c', 200, 3);
    // Assess
    expect(ejectedB).toBe(true);
    expect(d.ejected().map((e) => e.key)).toEqual(['b']);
    // "c" has nothing left to remember: it is not kept (endpoints churn in long-lived processes).
    expect([...(d as unknown as { hosts: Map<string, unknown> }).hosts.keys()].sort()).toEqual(['a', 'b']);
  });

  it('lengthens each new ejection by the base duration, and forgets one per healthy interval', () => {
    // Prepare
    let now = 0;
    const d = new OutlierDetector(settings(), () => now);
    const eject = () => {
      d.record('a', 500, 2);
      d.record('a', 500, 2);
    };
    // Act
    eject();
    now = 30_000;
    d.isEjected('a');
    eject();
    const second = d.ejected()[0];
    now = 30_000 + 60_000 + 25_000; // ejection over at 90 000, then 2.5 healthy intervals
    d.isEjected('a');
    eject();
    const third = d.ejected()[0];
    // Assess
    expect(second).toEqual({ key: 'a', until: 90_000, timesEjected: 2 });
    expect(third).toEqual({ key: 'a', until: 115_000 + 30_000, timesEjected: 1 });
  });

  it('reads the listener spec, durations in s or ms', () => {
    // Act
    const s = compileOutlierDetection({
      maxServerErrors: 5,
      interval: { value: 500, unit: 'ms' },
      baseEjectionDuration: { value: 2, unit: 's' },
      maxEjectionPercent: 20,
    });
    // Assess
    expect(s).toEqual({ maxServerErrors: 5, intervalMs: 500, baseEjectionMs: 2000, maxEjectionPercent: 20 });
    expect(compileOutlierDetection(undefined)).toBeUndefined();
  });
});

describe('RetryBudget', () => {
  it('allows min(3) concurrent retries, then 20% of the requests in flight', () => {
    // Prepare
    const budget = new RetryBudget();
    for (let i = 0; i < 20; i++) budget.requestStarted();
    // Act
    const granted: boolean[] = [];
    for (let i = 0; i < 5; i++) granted.push(budget.tryStartRetry());
    budget.retryEnded();
    const afterOneEnds = budget.tryStartRetry();
    // Assess
    expect(granted).toEqual([true, true, true, true, false]);
    expect(afterOneEnds).toBe(true);
  });

  it('honours a custom percentage and floor', () => {
    // Prepare
    const budget = new RetryBudget({ percent: 50, minRetryConcurrency: 0 });
    budget.requestStarted();
    budget.requestStarted();
    // Act / Assess
    expect(budget.tryStartRetry()).toBe(true);
    expect(budget.tryStartRetry()).toBe(false);
  });
});

describe('retry policies', () => {
  it('maps App Mesh retry events to statuses and failures', () => {
    // Act
    const server = compileRetryPolicy({
      maxRetries: 1,
      perRetryTimeout: { value: 1, unit: 's' },
      httpRetryEvents: ['server-error'],
    });
    const client = compileRetryPolicy({
      maxRetries: 1,
      perRetryTimeout: { value: 1, unit: 's' },
      httpRetryEvents: ['client-error'],
    });
    const stream = compileRetryPolicy({
      maxRetries: 1,
      perRetryTimeout: { value: 1, unit: 's' },
      httpRetryEvents: ['stream-error'],
    });
    const grpc = compileRetryPolicy({
      maxRetries: 1,
      perRetryTimeout: { value: 1, unit: 's' },
      grpcRetryEvents: ['unavailable', 'deadline-exceeded'],
    });
    // Assess
    expect([...server.retryStatuses].sort((a, b) => a - b)).toEqual([
      500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511,
    ]);
    expect(server.retryStatuses.has(509)).toBe(false);
    expect([...server.retryFailures].sort()).toEqual(['connect-failure', 'per-try-timeout', 'reset']);
    expect([...client.retryStatuses]).toEqual([409]);
    expect(client.retryFailures.size).toBe(0);
    expect([...stream.retryFailures]).toEqual(['reset']);
    expect([...grpc.retryGrpcStatuses].sort()).toEqual([14, 4].sort());
    expect(APP_MESH_DEFAULT_RETRY_POLICY).toMatchObject({ maxRetries: 2, source: 'app-mesh-default' });
    expect([...APP_MESH_DEFAULT_RETRY_POLICY.retryStatuses]).toEqual([503]);
  });
});
