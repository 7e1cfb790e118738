import { format, inspect, isDeepStrictEqual } from 'node:util';

/**
 * What an example says it does, checked while it runs. The example is rewritten so that:
 * - `console.log(x); // expected` (or the comment alone on the next line; in a loop, the n-th print
 *   by the n-th comment line) prints `expected`: as
 *   `util.inspect` shows the arguments (whitespace aside), as the text `console.log` writes, or as
 *   the JS value the comment is (a comment that is no JS value and starts with `{` or `[` is an
 *   abbreviated value, read as prose; `…` elides part of it); `// printed: text` is the exact
 *   text written;
 * - `call(…); // value` evaluates to that JS value, when the comment is one (prose after `: ` or
 *   `; ` is allowed);
 * - `call(…); // throws 'text'` throws, with that text in the message.
 */
export interface DocChecks {
  log(line: number, comments: string[] | null, ...values: unknown[]): void;
  is(line: number, comment: string, value: unknown): void;
  throws(line: number, comment: string, run: () => unknown): void;
}

export interface Printed {
  line: number;
  /** What console.log would have written. */
  text: string;
  stated: boolean;
}

/** The JS value a comment states, or undefined when it is prose. */
export function statedValue(comment: string): { value: unknown } | undefined {
  for (const text of [comment, comment.split(/: |; /)[0]!]) {
    try {
      return { value: new Function(`return (${text});`)() };
    } catch {}
  }
  return undefined;
}

const squash = (text: string) => text.replace(/\s+/g, '');
const show = (values: unknown[], depth?: number) =>
  values
    .map((v) => inspect(v, { breakLength: Number.POSITIVE_INFINITY, ...(depth ? { depth } : {}) }))
    .join(' ');

/** `…` in a comment elides: the pieces around it appear in order in one of the texts. */
function elidedMatch(comment: string, texts: string[]): boolean {
  const pieces = comment.split('…').map(squash);
  return texts.some((text) => {
    const flat = squash(text);
    let from = 0;
    for (const [i, piece] of pieces.entries()) {
      const at = i === 0 ? (flat.startsWith(piece) ? 0 : -1) : flat.indexOf(piece, from);
      if (at === -1) return false;
      from = at + piece.length;
    }
    return pieces.at(-1) === '' || flat.endsWith(pieces.at(-1)!);
  });
}

/** Undefined when the printed values match the comment, else the problem. */
export function logProblem(values: unknown[], comment: string): string | undefined {
  const printed = format(...values);
  const printedText = /^printed: (.*)$/.exec(comment);
  if (printedText) {
    return printed === printedText[1]
      ? undefined
      : `printed ${JSON.stringify(printed)}, the comment says ${comment}`;
  }
  const shown = show(values);
  if ([shown, show(values, Number.POSITIVE_INFINITY), printed].some((s) => squash(s) === squash(comment))) {
    return undefined;
  }
  if (comment.includes('…') && elidedMatch(comment, [shown, printed])) return undefined;
  const stated = statedValue(comment);
  if (stated) {
    const value = values.length === 1 ? values[0] : values;
    return isDeepStrictEqual(value, stated.value)
      ? undefined
      : `printed ${shown}, the comment says ${comment}`;
  }
  if (/^[{[]/.test(comment.trim())) return undefined;
  return `printed ${shown}, the comment says ${comment}`;
}

export function docChecks(problems: string[], printed: Printed[]): DocChecks {
  const at = (line: number) => `line ${line + 1}`;
  return {
    log(line, comments, ...values) {
      // The n-th print of a line (in a loop) is stated by the n-th comment line after it.
      const nth = printed.filter((p) => p.line === line).length;
      const comment = comments === null ? null : comments[Math.min(nth, comments.length - 1)]!;
      printed.push({ line, text: format(...values), stated: comment !== null });
      if (comment === null) return;
      const problem = logProblem(values, comment);
      if (problem) problems.push(`${at(line)}: ${problem}`);
    },
    is(line, comment, value) {
      const problem = logProblem([value], comment);
      if (problem) problems.push(`${at(line)}: ${problem.replace(/^printed/, 'got')}`);
    },
    throws(line, comment, run) {
      try {
        run();
      } catch (error) {
        const text = /'([^']+)'/.exec(comment)?.[1];
        const message = String((error as Error)?.message ?? error);
        if (text && !message.includes(text)) {
          problems.push(`${at(line)}: threw ${message}, the comment says ${comment}`);
        }
        return;
      }
      problems.push(`${at(line)}: did not throw, the comment says ${comment}`);
    },
  };
}

const CALL_STATEMENT = /^([A-Za-z_$][\w$]*(?:\.[\w$]+)*\(.*\)(?:\??\.[\w$]+|\[[^\]]+\])*);\s*(?:\/\/ (.*))?$/;

/** Rewrites an example so that what it states is checked through `__doc` (a {@link DocChecks}). */
export function instrument(code: string): string {
  const lines = code.split('\n');
  return lines
    .map((line, i) => {
      const next = /^\s*\/\/ (.*)$/.exec(lines[i + 1] ?? '')?.[1];
      if (line.includes('console.log(')) {
        const same = /\);\s*\/\/ (.*)$/.exec(line)?.[1];
        const following: string[] = [];
        for (let j = i + 1; j < lines.length; j++) {
          const c = /^\s*\/\/ (.*)$/.exec(lines[j]!)?.[1];
          if (c === undefined) break;
          following.push(c);
        }
        const comments = same !== undefined ? [same] : following.length > 0 ? following : null;
        return line.replaceAll('console.log(', `__doc.log(${i}, ${JSON.stringify(comments)}, `);
      }
      const call = CALL_STATEMENT.exec(line.trim());
      const comment = call?.[2] ?? (call ? next : undefined);
      if (!call || comment === undefined) return line;
      const indent = /^\s*/.exec(line)![0];
      if (comment.startsWith('throws')) {
        return `${indent}__doc.throws(${i}, ${JSON.stringify(comment)}, () => ${call[1]});`;
      }
      if (!statedValue(comment)) return line;
      return `${indent}__doc.is(${i}, ${JSON.stringify(comment)}, ${call[1]});`;
    })
    .join('\n');
}
