import { type Genre, versionOf } from './artists.js';
import { checkSplit, type TargetCheck } from './split-check.js';
import { type ChartOutput, drawSplit, progress } from './terminal-chart.js';

/**
 * One measured step of the canary.
 *
 * @example
 * ```ts
 * import { runDemo, type DemoStep } from './demo.js';
 * const [first]: DemoStep[] = (await runDemo()).steps;
 * console.log(first?.genre, first?.weights, first?.counts, first?.ok);
 * ```
 */
export interface DemoStep {
  genre: Genre;
  /** The weights the route had during the step. */
  weights: Record<string, number>;
  /** Answers per backend version (`jazz-v1`, …). */
  counts: Record<string, number>;
  /** Requests that failed or answered something unexpected. */
  errors: number;
  checks: TargetCheck[];
  ok: boolean;
}

/** One step of the seed's canary plan. */
export interface CanaryStep {
  genre: Genre;
  v1: number;
  v2: number;
  /** True when the step first shifts traffic to these weights. */
  shift: boolean;
}

/**
 * The seed's canary: jazz 100/0 → 90/10, metal 100/0 → 50/50 (v1/v2).
 *
 * @example
 * ```ts
 * import { CANARY } from './canary.js';
 * console.log(CANARY.map((s) => `${s.genre} ${s.v1}/${s.v2}`).join(', ')); // jazz 100/0, metal 100/0, jazz 90/10, metal 50/50
 * ```
 */
export const CANARY: readonly CanaryStep[] = [
  { genre: 'jazz', v1: 100, v2: 0, shift: false },
  { genre: 'metal', v1: 100, v2: 0, shift: false },
  { genre: 'jazz', v1: 90, v2: 10, shift: true },
  { genre: 'metal', v1: 50, v2: 50, shift: true },
];

/** What one request through `dj` answered (or why it failed). */
export interface DjAnswer {
  status: number;
  body: unknown;
}

/**
 * How {@link walkCanary} drives one way of running the app (proxyless or through Envoys).
 *
 * @example
 * ```ts
 * import type { CanaryDriver } from './canary.js';
 * const driver: CanaryDriver = {
 *   send: async (genre) => ({ status: 200, body: ['Astrud Gilberto', 'Miles Davis'] }),
 *   shift: async () => '100/0',
 * };
 * ```
 */
export interface CanaryDriver {
  /** One `GET /<genre>` through `dj`. */
  send(genre: Genre): Promise<DjAnswer>;
  /** Shifts the genre's route to `weights` and returns when the app routes by them; answers the old `v1/v2`. */
  shift(genre: Genre, weights: Record<string, number>): Promise<string>;
}

/**
 * Walks {@link CANARY}: before each step's traffic, the shift (if any) through `driver.shift`; then
 * `perStep` requests (`concurrency` in flight) through `driver.send`, each classified as v1 or v2
 * from the artist list itself; then the observed split drawn and checked against the weights.
 *
 * @example
 * ```ts
 * import { walkCanary } from './canary.js';
 * import { chartOutput } from './terminal-chart.js';
 * const steps = await walkCanary(driver, { out: chartOutput(process.stdout), perStep: 100, concurrency: 8 });
 * console.log(steps.every((s) => s.ok));
 * ```
 */
export async function walkCanary(
  driver: CanaryDriver,
  options: { out: ChartOutput; perStep: number; concurrency: number },
): Promise<DemoStep[]> {
  const { out, perStep, concurrency } = options;
  const say = (line = '') => out.write(`${line}\n`);
  const bold = (t: string) => (out.color ? `\x1b[1m${t}\x1b[0m` : t);
  const steps: DemoStep[] = [];
  for (const [index, step] of CANARY.entries()) {
    const weights = { [`${step.genre}-v1`]: step.v1, [`${step.genre}-v2`]: step.v2 };
    say();
    if (step.shift) {
      const from = await driver.shift(step.genre, weights);
      say(bold(`step ${index + 1}/${CANARY.length}  shift ${step.genre} ${from} → ${step.v1}/${step.v2}`));
    } else {
      say(bold(`step ${index + 1}/${CANARY.length}  ${step.genre} at ${step.v1}/${step.v2}`));
    }
    const counts: Record<string, number> = { [`${step.genre}-v1`]: 0, [`${step.genre}-v2`]: 0 };
    let errors = 0;
    let firstError: string | undefined;
    const bar = progress(out, step.genre, perStep);
    let sent = 0;
    let done = 0;
    const worker = async () => {
      while (sent < perStep) {
        sent++;
        try {
          const { status, body } = await driver.send(step.genre);
          const version = status === 200 ? versionOf(step.genre, body) : undefined;
          if (version) counts[`${step.genre}-${version}`]!++;
          else {
            errors++;
            firstError ??= `HTTP ${status}: ${JSON.stringify(body).slice(0, 200)}`;
          }
        } catch (error) {
          errors++;
          firstError ??= (error as Error).message;
        }
        bar.tick(++done);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, perStep) }, worker));
    bar.done();
    const checks = checkSplit(weights, counts);
    const ok = errors === 0 && checks.every((c) => c.ok);
    steps.push({ genre: step.genre, weights, counts, errors, checks, ok });
    say(drawSplit(checks, out));
    if (errors > 0) say(`    ${errors} request(s) failed; first: ${firstError}`);
  }
  return steps;
}

/**
 * True when the whole canary ran and every step's split was within tolerance with no failed request.
 *
 * @example
 * ```ts
 * import { canaryOk } from './canary.js';
 * console.log(canaryOk([])); // false
 * ```
 */
export function canaryOk(steps: readonly DemoStep[]): boolean {
  return steps.length === CANARY.length && steps.every((s) => s.ok);
}

/**
 * The closing line of a run: every step in tolerance, or how many were not.
 *
 * @example
 * ```ts
 * import { verdict } from './canary.js';
 * console.log(verdict([], 1234)); // 0 of 0 steps OUT OF TOLERANCE
 * ```
 */
export function verdict(steps: readonly DemoStep[], durationMs: number): string {
  return canaryOk(steps)
    ? `all ${steps.length} splits within tolerance (${(durationMs / 1000).toFixed(1)} s)`
    : `${steps.filter((s) => !s.ok).length} of ${steps.length} steps OUT OF TOLERANCE`;
}
