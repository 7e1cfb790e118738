import { RE2JS, RE2JSSyntaxException } from 're2js';
import {
  compileRegexWith,
  type FullMatchRegex,
  type RegexEngine,
  type RegexRefusal,
  regexLengthProblem,
} from './app-mesh-regex.js';

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

export {
  APP_MESH_REGEX_LENGTH,
  type FullMatchRegex,
  type RegexRefusal,
  regexLengthProblem,
  regexMessage,
} from './app-mesh-regex.js';

/** RE2's `kMaxRepeat`: a counted repetition, or a product of nested ones, is at most 1000. */
export const RE2_MAX_REPEAT = 1000;

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
  return compileRegexWith(pattern, re2RegexEngine);
}

/**
 * RE2 (re2js) as the router's regex engine: `@meshplane/core/re2`'s `register()` registers it.
 */
export const re2RegexEngine: RegexEngine = {
  name: 're2js',
  syntaxProblem: re2SyntaxProblem,
  compile(pattern: string): FullMatchRegex {
    const re = RE2JS.compile(pattern);
    return { source: pattern, test: (value) => re.matches(value) };
  },
};
