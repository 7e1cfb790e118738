/**
 * How deep custom-resource properties may nest. A mesh model in `Model` nests about a dozen
 * levels (resources → spec → listeners → … → match); CloudFormation itself puts no limit on it.
 * Deeper input is refused up front, by name, because every walker after it (scalar coercion,
 * shape validation, JSON encoding for the logs) is recursive and would overflow the stack: the
 * handler must still be able to answer.
 */
export const MAX_PROPERTY_DEPTH = 100;

/**
 * The path of the first value nested deeper than `limit` levels in `value`, or undefined. Walks
 * without recursion, so any depth can be measured; a value that cannot be read (a throwing
 * getter, a revoked proxy) counts as too deep to walk, at its path.
 *
 * @example
 * ```ts
 * tooDeepAt({ a: { b: { c: 1 } } }, 2, 'Props'); // 'Props.a.b'
 * tooDeepAt({ a: [1, 2] }, 5, 'Props'); // undefined
 * ```
 */
export function tooDeepAt(value: unknown, limit: number, root: string): string | undefined {
  const stack: [unknown, number, string][] = [[value, 0, root]];
  while (stack.length > 0) {
    const [current, depth, path] = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= limit) return path;
    try {
      if (Array.isArray(current)) {
        current.forEach((item, i) => {
          stack.push([item, depth + 1, `${path}[${i}]`]);
        });
      } else {
        for (const key of Object.keys(current)) {
          stack.push([(current as Record<string, unknown>)[key], depth + 1, `${path}.${key}`]);
        }
      }
    } catch {
      return path;
    }
  }
  return undefined;
}
