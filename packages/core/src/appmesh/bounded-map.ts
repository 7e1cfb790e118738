/**
 * Maps `items` through an async function with at most `limit` calls in flight, keeping the
 * input order in the result. Rejects with the first error once in-flight calls settle.
 *
 * @example
 * ```ts
 * import { mapBounded } from '@meshplane/core/appmesh';
 * const doubled = await mapBounded([1, 2, 3], 2, async (n) => n * 2); // [2, 4, 6]
 * ```
 */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
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
