/**
 * Precomputed cumulative weights for one route's weighted targets, so that a pick is one random
 * number and a scan of at most 10 integers (App Mesh allows 1–10 targets per route).
 *
 * App Mesh semantics: "Traffic is distributed across targets according to their relative weight"
 * (API reference, `WeightedTarget`); a target with weight 0 receives no traffic.
 *
 * @example
 * ```ts
 * import { WeightedPicker } from '@meshplane/core/router/internals';
 * const picker = new WeightedPicker([90, 10]);
 * console.log(picker.pick(0.5), picker.pick(0.95)); // 0 1
 * ```
 */
export class WeightedPicker {
  /** cumulative[i] = sum of weights[0..i]. */
  readonly cumulative: Int32Array;
  readonly total: number;

  constructor(weights: readonly number[]) {
    this.cumulative = new Int32Array(weights.length);
    let sum = 0;
    weights.forEach((w, i) => {
      sum += Math.max(0, Math.trunc(w));
      this.cumulative[i] = sum;
    });
    this.total = sum;
  }

  /**
   * Index of the chosen target for a uniform random number in [0, 1), or -1 when every weight is 0.
   */
  pick(random: number): number {
    if (this.total === 0) return -1;
    const point = random * this.total;
    const c = this.cumulative;
    for (let i = 0; i < c.length; i++) if (point < c[i]!) return i;
    return c.length - 1;
  }
}
