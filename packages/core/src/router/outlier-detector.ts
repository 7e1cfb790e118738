import type { OutlierDetection } from '@aws-sdk/client-app-mesh';
import { durationToMs } from './duration.js';

/**
 * The outlier detection settings of a virtual node listener, in milliseconds.
 *
 * @example
 * ```ts
 * const settings: OutlierSettings = { maxServerErrors: 5, intervalMs: 10_000, baseEjectionMs: 30_000, maxEjectionPercent: 50 };
 * ```
 */
export interface OutlierSettings {
  maxServerErrors: number;
  intervalMs: number;
  baseEjectionMs: number;
  maxEjectionPercent: number;
}

/**
 * Reads a listener's `outlierDetection` (all four members are required by the API).
 *
 * @example
 * ```ts
 * import { compileOutlierDetection } from '@meshplane/core/router/internals';
 * const s = compileOutlierDetection({ maxServerErrors: 5, interval: { value: 10, unit: 's' }, baseEjectionDuration: { value: 30, unit: 's' }, maxEjectionPercent: 50 });
 * console.log(s?.baseEjectionMs); // 30000
 * ```
 */
export function compileOutlierDetection(spec: OutlierDetection | undefined): OutlierSettings | undefined {
  if (!spec) return undefined;
  return {
    maxServerErrors: Math.max(1, Number(spec.maxServerErrors ?? 1)),
    intervalMs: durationToMs(spec.interval) ?? 10_000,
    baseEjectionMs: durationToMs(spec.baseEjectionDuration) ?? 30_000,
    maxEjectionPercent: Math.min(100, Math.max(0, Number(spec.maxEjectionPercent ?? 10))),
  };
}

interface HostState {
  consecutiveErrors: number;
  timesEjected: number;
  ejectedUntil: number;
  lastEjectionEnd: number;
}

/**
 * Outlier detection for the endpoints of one virtual node, following App Mesh's listener
 * `outlierDetection` (Envoy's consecutive-5xx detector):
 * - `maxServerErrors` consecutive server errors (5xx responses, or failures to get a response at
 *   all, which Envoy counts as 5xx) eject the endpoint; a response below 500 resets the count;
 * - the ejection lasts `baseEjectionDuration × times ejected`;
 * - at most `maxEjectionPercent` of the endpoints are ejected at once, but at least one
 *   ("Will eject at least one host regardless of the value", API reference);
 * - every `interval` an endpoint spends healthy after an ejection takes one off its ejection
 *   count (Envoy decrements the multiplier at each sweep).
 * Evaluated lazily on use instead of by a sweep timer, so an ejection ends at its exact time
 * rather than at the next sweep.
 *
 * @example
 * ```ts
 * import { OutlierDetector } from '@meshplane/core/router/internals';
 * let now = 0;
 * const d = new OutlierDetector({ maxServerErrors: 2, intervalMs: 1000, baseEjectionMs: 5000, maxEjectionPercent: 100 }, () => now);
 * d.record('a', 500, 2); d.record('a', 503, 2);
 * console.log(d.isEjected('a')); // true
 * now = 5000;
 * console.log(d.isEjected('a')); // false
 * ```
 */
export class OutlierDetector {
  private readonly hosts = new Map<string, HostState>();
  private ejectedCount = 0;

  constructor(
    readonly settings: OutlierSettings,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether the endpoint is ejected now (ends expired ejections). */
  isEjected(key: string): boolean {
    const state = this.hosts.get(key);
    if (!state || state.ejectedUntil === 0) return false;
    const now = this.now();
    if (now < state.ejectedUntil) return true;
    // Healthy intervals count from when the ejection ended, not from when we noticed.
    state.lastEjectionEnd = state.ejectedUntil;
    state.ejectedUntil = 0;
    this.ejectedCount--;
    return false;
  }

  /**
   * Records the outcome of a request to an endpoint: an HTTP status, or 0 for a failure without a
   * response. `poolSize` is the number of endpoints the node has now. Returns true when this
   * outcome ejected the endpoint.
   */
  record(key: string, status: number, poolSize: number): boolean {
    let state = this.hosts.get(key);
    if (status !== 0 && status < 500) {
      if (state) {
        state.consecutiveErrors = 0;
        // A host with nothing to remember is forgotten, so that endpoints that come and go (task
        // churn) do not pile up here.
        if (state.timesEjected === 0 && state.ejectedUntil === 0) this.hosts.delete(key);
      }
      return false;
    }
    if (!state) {
      state = { consecutiveErrors: 0, timesEjected: 0, ejectedUntil: 0, lastEjectionEnd: 0 };
      this.hosts.set(key, state);
    }
    if (this.isEjected(key)) return false;
    state.consecutiveErrors++;
    if (state.consecutiveErrors < this.settings.maxServerErrors) return false;
    const maxEjected = Math.max(1, Math.floor((this.settings.maxEjectionPercent / 100) * poolSize));
    // Ejections that ended for endpoints nobody asked about since (gone from discovery, say) must
    // not hold the count up.
    if (this.ejectedCount >= maxEjected) this.endExpiredEjections();
    if (this.ejectedCount >= maxEjected) return false;
    const now = this.now();
    if (state.timesEjected > 0 && state.lastEjectionEnd > 0) {
      const healthyIntervals = Math.floor((now - state.lastEjectionEnd) / this.settings.intervalMs);
      state.timesEjected = Math.max(0, state.timesEjected - healthyIntervals);
    }
    state.timesEjected++;
    state.consecutiveErrors = 0;
    state.ejectedUntil = now + this.settings.baseEjectionMs * state.timesEjected;
    this.ejectedCount++;
    return true;
  }

  private endExpiredEjections(): void {
    for (const key of this.hosts.keys()) this.isEjected(key);
  }

  /** The endpoints ejected now, with the time their ejection ends (epoch ms). */
  ejected(): { key: string; until: number; timesEjected: number }[] {
    const out: { key: string; until: number; timesEjected: number }[] = [];
    for (const [key, state] of this.hosts) {
      if (this.isEjected(key)) out.push({ key, until: state.ejectedUntil, timesEjected: state.timesEjected });
    }
    return out;
  }
}
