import { ReconcileError } from './errors.js';

/**
 * Maps `items` through an async function with at most `limit` calls in flight, keeping the
 * input order in the result. Rejects with the first error once in-flight calls settle. `limit`
 * must be a whole number >= 1 (see {@link checkConcurrency}).
 *
 * @example
 * ```ts
 * import { mapBounded } from '@meshplane/core/appmesh/internals';
 * const doubled = await mapBounded([1, 2, 3], 2, async (n) => n * 2); // [2, 4, 6]
 * ```
 */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  checkConcurrency('limit', limit);
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && next < items.length) {
      const i = next++;
      try {
        results[i] = await fn(items[i] as T, i);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure) throw failure.error;
  return results;
}

/**
 * Throws `ReconcileError('INVALID_CONCURRENCY')` naming the option and its value unless it is a
 * whole number >= 1. A NaN limit used to start no worker at all (apply waited forever, readMesh
 * returned holes), and 0 was silently read as 1.
 *
 * @example
 * ```ts
 * import { checkConcurrency } from '@meshplane/core/appmesh/internals';
 * checkConcurrency('concurrency', 8); // 8
 * try {
 *   checkConcurrency('concurrency', 0);
 * } catch (error) {
 *   console.log((error as Error).message); // 'concurrency: 0 must be a whole number >= 1 (calls in flight at once)'
 * }
 * ```
 */
export function checkConcurrency(option: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    const shown = typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value));
    throw new ReconcileError(
      'INVALID_CONCURRENCY',
      `${option}: ${shown} must be a whole number >= 1 (calls in flight at once)`,
    );
  }
  return value;
}
