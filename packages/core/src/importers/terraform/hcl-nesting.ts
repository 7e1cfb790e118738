/**
 * Deepest nesting of an HCL text meshplane reads: blocks (`spec {`), brackets (`[`, `{`, `(`)
 * and template interpolations (`"${`, `%{`) all count, as each is one level of recursion in
 * HashiCorp's parser and again in meshplane's walks over the result (the structure scanner, the
 * expression evaluator, the conversion to the API shape). App Mesh resources nest about fifteen
 * levels (`spec { http_route { match { header { match { range {`).
 *
 * Why a bound at all: a file nested about 1,000 levels deep overflows the call stack inside the
 * parser (`@cdktf/hcl2json`) or the walks after it, which surfaces as a misleading "HCL syntax
 * error: Maximum call stack size exceeded" or an unresolved expression. Measuring the depth first,
 * without recursion, turns that into an issue naming the file, the place and the limit.
 *
 * Why 256: the same bound as YAML documents (MAX_YAML_NESTING), far above real configurations;
 * 256 levels of blocks, brackets or interpolations import without overflow (tests).
 */
export const MAX_HCL_NESTING = 256;

/** What the scanner is inside of: code (a block body, brackets or an interpolation), a quoted template, or a heredoc. */
type Frame = { kind: 'code' } | { kind: 'string' } | { kind: 'heredoc'; marker: string };

const HEREDOC = /<<-?([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n/y;

/**
 * The offset and level of the first opening (block brace, bracket or interpolation) that sits
 * deeper than `limit` levels, or undefined. Walks the text once with an explicit stack, so the
 * depth of the input cannot overflow the call stack; it runs before the text is known to be valid
 * HCL, so anything unexpected only ends a frame or is skipped.
 *
 * @example
 * ```ts
 * import { hclNestingBeyond } from './hcl-nesting.js';
 * console.log(hclNestingBeyond('a = [[1]]\n', 1)); // { offset: 5, level: 2 }
 * ```
 */
export function hclNestingBeyond(
  text: string,
  limit: number = MAX_HCL_NESTING,
): { offset: number; level: number } | undefined {
  const stack: Frame[] = [];
  let levels = 0;
  const open = (frame: Frame, at: number) => {
    stack.push(frame);
    if (frame.kind === 'code') levels++;
    return levels > limit ? { offset: at, level: levels } : undefined;
  };
  const close = () => {
    if (stack.pop()?.kind === 'code') levels--;
  };
  let i = 0;
  while (i < text.length) {
    const top = stack.at(-1);
    const c = text[i]!;
    if (top?.kind === 'heredoc' && (i === 0 || text[i - 1] === '\n')) {
      const end = text.indexOf('\n', i);
      const lineEnd = end === -1 ? text.length : end;
      if (text.slice(i, lineEnd).trim() === top.marker) {
        close();
        i = lineEnd;
        continue;
      }
    }
    if (top?.kind === 'string' || top?.kind === 'heredoc') {
      if (c === '\\' && top.kind === 'string') i += 2;
      else if ((c === '$' || c === '%') && text[i + 1] === c && text[i + 2] === '{') i += 3;
      else if ((c === '$' || c === '%') && text[i + 1] === '{') {
        const deep = open({ kind: 'code' }, i);
        if (deep) return deep;
        i += 2;
      } else if (top.kind === 'string' && (c === '"' || c === '\n')) {
        close();
        i++;
      } else i++;
      continue;
    }
    if (c === '"') {
      stack.push({ kind: 'string' });
      i++;
    } else if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 2;
    } else if (c === '<' && text[i + 1] === '<' && heredocAt(text, i) !== undefined) {
      const { marker, bodyStart } = heredocAt(text, i)!;
      stack.push({ kind: 'heredoc', marker });
      i = bodyStart;
    } else if (c === '{' || c === '[' || c === '(') {
      const deep = open({ kind: 'code' }, i);
      if (deep) return deep;
      i++;
    } else if (c === '}' || c === ']' || c === ')') {
      if (top?.kind === 'code') close();
      i++;
    } else i++;
  }
  return undefined;
}

function heredocAt(text: string, at: number): { marker: string; bodyStart: number } | undefined {
  HEREDOC.lastIndex = at;
  const match = HEREDOC.exec(text);
  return match ? { marker: match[1]!, bodyStart: HEREDOC.lastIndex } : undefined;
}

/** The message for a text nested beyond {@link MAX_HCL_NESTING}. */
export function hclTooDeep(level: number): string {
  return `the text nests too deep: a block, bracket or interpolation at level ${level}, and nesting is limited to ${MAX_HCL_NESTING} levels (App Mesh resources nest about fifteen)`;
}
