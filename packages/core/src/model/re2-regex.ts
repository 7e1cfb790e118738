import { RE2JS, RE2JSSyntaxException } from 're2js';
import type { ValidationCode } from '../errors/issue-codes.js';

/**
 * App Mesh regexes (route and gateway route `match.path.regex`, header `match.regex`, gRPC
 * metadata `match.regex`) go to Envoy as `safe_regex`, which Google RE2 compiles and runs as a
 * full match. meshplane checks and runs them with re2js, a port of RE2, so that a model is refused
 * where Envoy would refuse it, the proxyless router matches what Envoy matches, and matching time
 * stays linear in the input (no backtracking, so no catastrophic pattern).
 *
 * Checked against Envoy 1.40 (`envoy --mode validate`): it refuses `a{1001}` and `(a{100}){100}`
 * ("invalid repetition size"), `(?=a)b` ("invalid perl operator"), `(a)\1` ("invalid escape
 * sequence") and `a**` ("bad repetition operator"), and accepts `[[:alpha:]]`, `\pL`, `(?P<x>a)`
 * and `((a{10}){10}){10}`; re2js agrees on every one. The one difference: RE2's `\C` (any single
 * byte) is accepted by Envoy and refused here, since a JavaScript string holds text, not bytes.
 * Not checked: Envoy also refuses a program larger than `re2.max_program_size.error_level` (1000
 * in the App Mesh bootstrap, 100 in Envoy's default), a size that only RE2's C++ compiler gives.
 */

/** Length bounds of `HttpPathRegex` and `HeaderMatch` in the App Mesh model (`@length(min: 1, max: 255)`). */
export const APP_MESH_REGEX_LENGTH = { min: 1, max: 255 } as const;

/** RE2's `kMaxRepeat`: a counted repetition, or a product of nested ones, is at most 1000. */
export const RE2_MAX_REPEAT = 1000;

/** A compiled App Mesh regex: `test` is true when the WHOLE value matches, as Envoy's `safe_regex`. */
export interface FullMatchRegex {
  readonly source: string;
  test(value: string): boolean;
}

// Hints for RE2's own error texts, which name the construct but not the rule behind it.
const HINTS: Array<[RegExp, string]> = [
  [
    /invalid repeat count/,
    `a counted repetition is at most {${RE2_MAX_REPEAT}}, and nested counts multiply: (a{100}){100} counts 10000`,
  ],
  [/(unsupported Perl syntax|invalid named capture): `\(\?<?[=!]/, 'RE2 has no lookahead or lookbehind'],
  [/invalid escape sequence: `\\[1-9]/, 'RE2 has no backreferences'],
  [/invalid escape sequence: `\\C`/, 'RE2 accepts \\C (any byte), but meshplane matches text, not bytes'],
  [
    /nested repetition operator/,
    'RE2 does not stack repetition operators (a**, a++, x{2}{3}), and has no possessive ones',
  ],
];

function hint(description: string): string {
  for (const [pattern, text] of HINTS) if (pattern.test(description)) return ` (${text})`;
  return '';
}

function codePoints(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

/**
 * Why RE2 refuses `pattern`, or undefined when it compiles: the RE2 error text and the rule
 * behind it. Only the syntax: the App Mesh length bounds are {@link appMeshRegexProblem}'s.
 *
 * @example
 * ```ts
 * import { re2SyntaxProblem } from '@meshplane/core/router/internals';
 * console.log(re2SyntaxProblem('/users/[0-9]{1,1000}')); // undefined
 * console.log(re2SyntaxProblem('(?=a)b')); // 'RE2 refuses it: invalid or unsupported Perl syntax: `(?=` (RE2 has no lookahead or lookbehind)'
 * ```
 */
export function re2SyntaxProblem(pattern: string): string | undefined {
  try {
    RE2JS.compile(pattern);
    return undefined;
  } catch (error) {
    if (!(error instanceof RE2JSSyntaxException)) throw error;
    const description = error.message.replace(/^error parsing regexp: /, '');
    return `RE2 refuses it: ${description}${hint(description)}`;
  }
}

/**
 * Why `pattern` is outside the App Mesh model's length bounds (counted in code points, as Smithy
 * counts), or undefined when it is within them.
 *
 * @example
 * ```ts
 * import { regexLengthProblem } from '@meshplane/core/router/internals';
 * console.log(regexLengthProblem('')); // 'it must be 1 to 255 characters long, got 0 (App Mesh HttpPathRegex and HeaderMatch)'
 * ```
 */
export function regexLengthProblem(pattern: string): string | undefined {
  const length = codePoints(pattern);
  const { min, max } = APP_MESH_REGEX_LENGTH;
  if (length >= min && length <= max) return undefined;
  return `it must be ${min} to ${max} characters long, got ${length} (App Mesh HttpPathRegex and HeaderMatch)`;
}

/**
 * Every reason an App Mesh regex member is refused: {@link regexLengthProblem}, then
 * {@link re2SyntaxProblem}. Undefined when it is fine.
 *
 * @example
 * ```ts
 * import { appMeshRegexProblem } from '@meshplane/core/router/internals';
 * console.log(appMeshRegexProblem('a{1001}')); // 'RE2 refuses it: invalid repeat count: `{1001}` (a counted repetition is at most {1000}, …)'
 * ```
 */
export function appMeshRegexProblem(pattern: string): string | undefined {
  return regexLengthProblem(pattern) ?? re2SyntaxProblem(pattern);
}

/** Why {@link compileAppMeshRegex} refused a pattern, with the validation code of the rule. */
export interface RegexRefusal {
  code: Extract<ValidationCode, 'SHAPE_LENGTH' | 'REGEX_SYNTAX'>;
  /** `regex "(?=a)b": RE2 refuses it: …`, as validation words it. */
  message: string;
}

/**
 * Compiles an App Mesh regex with RE2 semantics as a full match, or answers why it cannot be
 * (see {@link appMeshRegexProblem}); compiling never throws and never reaches V8's RegExp
 * compiler.
 *
 * @example
 * ```ts
 * import { compileAppMeshRegex } from '@meshplane/core/router/internals';
 * const compiled = compileAppMeshRegex('/users/[0-9]+');
 * if ('test' in compiled) console.log(compiled.test('/users/42'), compiled.test('/users/42/x')); // true false
 * ```
 */
export function compileAppMeshRegex(pattern: string): FullMatchRegex | RegexRefusal {
  const length = regexLengthProblem(pattern);
  if (length !== undefined) return { code: 'SHAPE_LENGTH', message: regexMessage(pattern, length) };
  const syntax = re2SyntaxProblem(pattern);
  if (syntax !== undefined) return { code: 'REGEX_SYNTAX', message: regexMessage(pattern, syntax) };
  const re = RE2JS.compile(pattern);
  return { source: pattern, test: (value) => re.matches(value) };
}

/**
 * An issue message about a regex: the pattern (cut at 80 characters) and the problem.
 *
 * @example
 * ```ts
 * import { regexMessage } from '@meshplane/core/router/internals';
 * console.log(regexMessage('(a', 'RE2 refuses it: missing closing ): `(a`')); // 'regex "(a": RE2 refuses it: missing closing ): `(a`'
 * ```
 */
export function regexMessage(pattern: string, problem: string): string {
  const shown = pattern.length > 80 ? `${pattern.slice(0, 80)}…` : pattern;
  return `regex ${JSON.stringify(shown)}: ${problem}`;
}
