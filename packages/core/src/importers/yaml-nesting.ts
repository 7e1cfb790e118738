import type { CST } from 'yaml';

/**
 * Deepest nesting of collections (mappings and sequences, block or flow) a YAML document may
 * have. App Mesh, Kubernetes and CloudFormation documents nest about ten to twenty levels.
 *
 * Why a bound at all: the yaml library composes documents recursively (CVE-2026-33532). It
 * catches the resulting stack overflow and reports it, but that is not enough in Node: when the
 * overflow lands while V8 compiles a regular expression (the library compiles one per plain
 * scalar, and V8 compiles lazily and again after a GC flushed the code), V8 does not throw a
 * RangeError, it aborts the whole process with "FATAL ERROR: RegExpCompiler Allocation failed -
 * process out of memory", which no `catch` sees. `'- '.repeat(1000) + 'x'` (2 KB) does that in a
 * fresh process. So the nesting is measured on the library's concrete syntax tree, which its
 * Parser builds without recursion, and a deeper document is refused before it is composed.
 *
 * Why 256: composing one level takes about 1.2 KB of stack (measured with yaml 2.9.1 on Node 20:
 * 785 flow levels and 453 block `- a:` lines, i.e. 906 levels, fill the default 984 KB stack), so
 * 256 levels leave about two thirds of the stack to the caller and to the walks over the value.
 */
export const MAX_YAML_NESTING = 256;

/** A collection token of the concrete syntax tree. */
type CollectionToken = CST.BlockMap | CST.BlockSequence | CST.FlowCollection;

function isCollection(token: CST.Token): token is CollectionToken {
  return token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection';
}

/**
 * The first collection (in document order) that sits deeper than `limit` levels, as its source
 * offset and its level (1 = a top-level collection), or undefined when the stream is within the
 * limit. Walks with an explicit stack, so the depth of the input cannot overflow the call stack.
 *
 * @example
 * ```ts
 * import { Parser } from 'yaml';
 * import { collectionBeyond } from './yaml-nesting.js';
 * const tokens = Array.from(new Parser().parse('a: [[[1]]]\n'));
 * console.log(collectionBeyond(tokens, 3)); // { offset: 5, level: 4 }
 * ```
 */
export function collectionBeyond(
  tokens: Iterable<CST.Token>,
  limit: number = MAX_YAML_NESTING,
): { offset: number; level: number } | undefined {
  const pending: Array<{ token: CST.Token; level: number }> = [];
  for (const token of tokens) {
    pending.push({ token, level: 0 });
    while (pending.length > 0) {
      const { token: current, level: outer } = pending.pop()!;
      const level = isCollection(current) ? outer + 1 : outer;
      if (level > limit) return { offset: current.offset, level };
      const children: Array<CST.Token | null | undefined> = [];
      if (isCollection(current)) {
        for (const item of current.items) children.push(item.key, item.value);
      } else if (current.type === 'document') {
        children.push(current.value);
      } else if (current.type === 'block-scalar') {
        children.push(...current.props);
      }
      // Reversed, so that the first child is visited first and the first offending collection is
      // the one reported.
      for (let i = children.length - 1; i >= 0; i--) {
        const child = children[i];
        if (child) pending.push({ token: child, level });
      }
    }
  }
  return undefined;
}

/**
 * The path of the first member of a parsed value that nests deeper than `limit` levels of
 * objects and arrays, or undefined. Aliases can make a value deeper than its text (an alias to a
 * deep anchor inside a deep collection), and every reader after the parser walks the value.
 * Walks with an explicit stack; a value that contains itself must be ruled out first.
 *
 * @example
 * ```ts
 * import { valueBeyond } from './yaml-nesting.js';
 * console.log(valueBeyond({ a: [[1]] }, 2)); // ['a', 0]
 * ```
 */
export function valueBeyond(
  value: unknown,
  limit: number = MAX_YAML_NESTING,
): (string | number)[] | undefined {
  const pending: Array<{ value: unknown; path: (string | number)[] }> = [{ value, path: [] }];
  while (pending.length > 0) {
    const { value: current, path } = pending.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (path.length + 1 > limit) return path;
    const entries: [string | number, unknown][] = Array.isArray(current)
      ? current.map((item, i) => [i, item])
      : Object.entries(current as Record<string, unknown>);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, item] = entries[i]!;
      pending.push({ value: item, path: [...path, key] });
    }
  }
  return undefined;
}
