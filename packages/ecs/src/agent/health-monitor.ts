/** The health a custom Cloud Map health check reports. */
export type HealthStatus = 'HEALTHY' | 'UNHEALTHY';

/** Options of {@link HealthMonitor}. */
export interface HealthMonitorOptions {
  /** A local URL: 2xx or 3xx is healthy; anything else, a timeout or a refused connection is not. */
  url: string;
  /** Time between checks in ms. Default 5000. */
  intervalMs?: number;
  /** Per-check timeout in ms. Default 2000. */
  timeoutMs?: number;
  /** Consecutive results needed to flip the status (both ways). Default 2. */
  threshold?: number;
}

/**
 * One health probe of `url`: true for a 2xx/3xx answer within `timeoutMs`.
 *
 * @example
 * ```ts
 * import { probe } from './health-monitor.js'; // inside packages/ecs/src/agent
 * console.log(await probe('http://127.0.0.1:9080/ping', 2000));
 * ```
 */
export async function probe(url: string, timeoutMs: number): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    await response.body?.cancel();
    return response.status >= 200 && response.status < 400;
  } catch {
    return false;
  }
}

/**
 * Polls a local health URL and calls `onChange` when the status has been different from the
 * reported one for `threshold` consecutive checks. `onChange` failing (Cloud Map throttling, say)
 * keeps the old status, so the change is retried on the next check.
 *
 * @example
 * ```ts
 * import { HealthMonitor } from './health-monitor.js'; // inside packages/ecs/src/agent
 * const monitor = new HealthMonitor({ url: 'http://127.0.0.1:9080/health' }, 'HEALTHY', async (status) => {
 *   console.log('now', status);
 * });
 * monitor.start();
 * monitor.stop();
 * ```
 */
export class HealthMonitor {
  readonly #url: string;
  readonly #intervalMs: number;
  readonly #timeoutMs: number;
  readonly #threshold: number;
  readonly #onChange: (status: HealthStatus) => Promise<void>;
  #status: HealthStatus;
  #streak = 0;
  #timer: NodeJS.Timeout | undefined;
  #running = false;
  #inFlight: Promise<void> | undefined;

  constructor(
    options: HealthMonitorOptions,
    initial: HealthStatus,
    onChange: (status: HealthStatus) => Promise<void>,
  ) {
    this.#url = options.url;
    this.#intervalMs = options.intervalMs ?? 5000;
    this.#timeoutMs = options.timeoutMs ?? 2000;
    this.#threshold = options.threshold ?? 2;
    this.#status = initial;
    this.#onChange = onChange;
  }

  /** The last status reported through `onChange` (or the initial one). */
  get status(): HealthStatus {
    return this.#status;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#schedule();
  }

  /** Stops polling and waits for a check in flight. */
  async stop(): Promise<void> {
    this.#running = false;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#inFlight;
  }

  /** Runs one check now (also used by the schedule). */
  async check(): Promise<void> {
    const observed: HealthStatus = (await probe(this.#url, this.#timeoutMs)) ? 'HEALTHY' : 'UNHEALTHY';
    if (observed === this.#status) {
      this.#streak = 0;
      return;
    }
    this.#streak++;
    if (this.#streak < this.#threshold || !this.#running) return;
    try {
      await this.#onChange(observed);
      this.#status = observed;
      this.#streak = 0;
    } catch {
      // Keep the old status: the next check retries the change.
    }
  }

  #schedule(): void {
    if (!this.#running) return;
    this.#timer = setTimeout(() => {
      this.#inFlight = this.check().finally(() => {
        this.#inFlight = undefined;
        this.#schedule();
      });
    }, this.#intervalMs);
  }
}
