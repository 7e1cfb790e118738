/**
 * A small deterministic pseudo-random generator (mulberry32): the same seed always gives the
 * same sequence, so a fault pattern seen in one test run can be replayed exactly.
 *
 * @example
 * ```ts
 * import { createSeededRandom } from '@meshplane/local/internals';
 * const random = createSeededRandom(42);
 * const a = random();
 * console.log(a >= 0 && a < 1); // true
 * ```
 */
export function createSeededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
