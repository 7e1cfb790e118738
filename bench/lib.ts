import { performance } from 'node:perf_hooks';

/** One line of `bench/results.json`. */
export interface BenchResult {
  suite: string;
  name: string;
  unit: string;
  /** The measured figure. */
  value: number;
  /** The figure it is compared to, measured in the same run (null when the target is absolute). */
  baseline: number | null;
  /** value / baseline, or null when there is no baseline. */
  ratio: number | null;
  /** The goal, human readable, e.g. "<= 20 ms and <= 3x structuredClone". */
  target: string;
  pass: boolean;
}

/** A benchmark suite: `bench/<area>.bench.ts` default-exports one of these. */
export interface BenchSuite {
  suite: string;
  run(): Promise<BenchResult[]>;
}

/** Percentile (0-100) of an unsorted sample, nearest-rank. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** Median of an unsorted sample. */
export const median = (samples: readonly number[]): number => percentile(samples, 50);

/**
 * Times `fn` `iterations` times after `warmup` untimed runs and returns the samples in
 * milliseconds.
 */
export async function sample(
  fn: () => unknown | Promise<unknown>,
  { iterations = 50, warmup = 5 }: { iterations?: number; warmup?: number } = {},
): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return samples;
}

/** Builds a result line, computing ratio and pass. `pass` is decided by the caller's rule. */
export function result(fields: Omit<BenchResult, 'ratio'> & { ratio?: number | null }): BenchResult {
  const ratio =
    fields.ratio !== undefined ? fields.ratio : fields.baseline ? fields.value / fields.baseline : null;
  return { ...fields, ratio: ratio === null ? null : Math.round(ratio * 1000) / 1000 };
}
