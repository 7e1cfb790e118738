/**
 * How far an observed share may be from the configured weight, in percentage points: 4 standard
 * deviations of a binomial proportion (`sqrt(p(1-p)/n)`), but at least `minPoints` (3). Four
 * standard deviations make a false alarm rarer than 1 in 15,000 per step (P(|Z| > 4) = 6.3e-5);
 * the demo has two steps with a random split (90/10, 50/50), so about 1 run in 7,900. The floor
 * keeps the check meaningful for weights of 0 and 100, where the deviation is 0.
 *
 * @example
 * ```ts
 * import { tolerancePoints } from './split-check.js';
 * console.log(tolerancePoints(0.1, 1000).toFixed(1)); // '3.8'
 * console.log(tolerancePoints(0.5, 1000).toFixed(1)); // '6.3'
 * ```
 */
export function tolerancePoints(expectedShare: number, samples: number, minPoints = 3): number {
  if (samples <= 0) return 100;
  const sd = Math.sqrt((expectedShare * (1 - expectedShare)) / samples);
  return Math.max(minPoints, 4 * sd * 100);
}

/**
 * The check of one target of one step.
 *
 * @example
 * ```ts
 * import { checkSplit, type TargetCheck } from './split-check.js';
 * const [v1]: TargetCheck[] = checkSplit({ 'jazz-v1': 90, 'jazz-v2': 10 }, { 'jazz-v1': 905, 'jazz-v2': 95 });
 * console.log(v1?.observedPercent, v1?.ok); // 90.5 true
 * ```
 */
export interface TargetCheck {
  target: string;
  expectedPercent: number;
  observedPercent: number;
  count: number;
  tolerancePoints: number;
  ok: boolean;
}

/**
 * Compares observed counts with the configured weights (relative weights, as App Mesh reads them).
 *
 * @example
 * ```ts
 * import { checkSplit } from './split-check.js';
 * const [v1, v2] = checkSplit({ 'jazz-v1': 90, 'jazz-v2': 10 }, { 'jazz-v1': 897, 'jazz-v2': 103 });
 * console.log(v1?.ok, v2?.observedPercent); // true 10.3
 * ```
 */
export function checkSplit(weights: Record<string, number>, counts: Record<string, number>): TargetCheck[] {
  const totalWeight = Object.values(weights).reduce((a, b) => a + b, 0);
  const samples = Object.values(counts).reduce((a, b) => a + b, 0);
  return Object.entries(weights).map(([target, weight]) => {
    const share = totalWeight === 0 ? 0 : weight / totalWeight;
    const count = counts[target] ?? 0;
    const observedPercent = samples === 0 ? 0 : Math.round((count / samples) * 1000) / 10;
    const tolerance = tolerancePoints(share, samples);
    return {
      target,
      expectedPercent: share * 100,
      observedPercent,
      count,
      tolerancePoints: Math.round(tolerance * 10) / 10,
      ok: samples > 0 && Math.abs(observedPercent - share * 100) <= tolerance,
    };
  });
}
