/**
 * What every App Mesh regex member shares, whichever engine runs it: the length bounds of the
 * model, the message shape, and the engine the router compiles with. The engine is registered,
 * not imported here: RE2 (re2js, model/re2-regex.ts) is 147 KB minified, which a bundled function
 * whose routes have no regex match (most Lambda functions) should not carry and parse at cold start.
 */

/** Length bounds of `HttpPathRegex` and `HeaderMatch` in the App Mesh model (`@length(min: 1, max: 255)`). */
export const APP_MESH_REGEX_LENGTH = { min: 1, max: 255 } as const;

/** A compiled App Mesh regex: `test` is true when the WHOLE value matches, as Envoy's `safe_regex`. */
export interface FullMatchRegex {
  readonly source: string;
  test(value: string): boolean;
}

/** Why a pattern was refused, with the validation code of the rule. */
export interface RegexRefusal {
  /** Validation's code for the rule (errors/issue-codes.ts; spelt out: model/ imports no higher folder). */
  code: 'SHAPE_LENGTH' | 'REGEX_SYNTAX' | 'ROUTE_MATCH';
  /** `regex "(?=a)b": RE2 refuses it: …`, as validation words it. */
  message: string;
}

/**
 * A regex engine with Envoy's `safe_regex` semantics (RE2 syntax, full match, linear time). The
 * one meshplane ships is `@meshplane/core/re2`'s; there is no JavaScript RegExp fallback, whose
 * syntax and backtracking differ from what Envoy runs.
 */
export interface RegexEngine {
  readonly name: string;
  /** Why the engine refuses `pattern` (its syntax only), or undefined when it compiles. */
  syntaxProblem(pattern: string): string | undefined;
  /** Compiles a pattern `syntaxProblem` accepted, as a full match. */
  compile(pattern: string): FullMatchRegex;
}

/** The import that registers RE2, named by the error that asks for it. */
export const RE2_REGISTRATION = "import { register } from '@meshplane/core/re2'; register();";

// Held on globalThis under a registered symbol, not in a module variable: a program that loads
// both builds of @meshplane/core (the ESM and the CommonJS one, or two copies in a bundle) has one
// registration, so `register()` from one copy is seen by the router of the other.
const ENGINE = Symbol.for('@meshplane/core:regex-engine');
const registry = globalThis as { [ENGINE]?: RegexEngine };

/**
 * Sets the engine the router compiles App Mesh regex matches with (`@meshplane/core/re2`'s
 * `register()` calls it); the last registration wins.
 */
export function registerRegexEngine(next: RegexEngine): void {
  registry[ENGINE] = next;
}

/** The registered engine, if any. */
export function registeredRegexEngine(): RegexEngine | undefined {
  return registry[ENGINE];
}

function codePoints(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
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

/**
 * Compiles an App Mesh regex with `regexEngine` (the registered one by default) as a full match,
 * or answers why it cannot be: outside the length bounds (`SHAPE_LENGTH`), no engine registered
 * (`ROUTE_MATCH`, naming the import to add: never a silent fallback), refused by the engine
 * (`REGEX_SYNTAX`). Never throws.
 */
export function compileRegexWith(
  pattern: string,
  regexEngine: RegexEngine | undefined = registry[ENGINE],
): FullMatchRegex | RegexRefusal {
  const length = regexLengthProblem(pattern);
  if (length !== undefined) return { code: 'SHAPE_LENGTH', message: regexMessage(pattern, length) };
  if (regexEngine === undefined) {
    const problem = `no regex engine is registered. App Mesh regexes run with RE2's rules, as Envoy's safe_regex: add \`${RE2_REGISTRATION}\` before createRouter (it is not loaded by @meshplane/core/router itself, so that code without regex routes does not carry it)`;
    return { code: 'ROUTE_MATCH', message: regexMessage(pattern, problem) };
  }
  const syntax = regexEngine.syntaxProblem(pattern);
  if (syntax !== undefined) return { code: 'REGEX_SYNTAX', message: regexMessage(pattern, syntax) };
  return regexEngine.compile(pattern);
}
