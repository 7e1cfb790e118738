import type { HeaderMatchMethod } from '@aws-sdk/client-app-mesh';
import { compileRegexWith, type FullMatchRegex } from '../model/app-mesh-regex.js';
import { RouterConfigError } from './errors.js';

/**
 * A compiled header (or gRPC metadata) condition.
 *
 * @example
 * ```ts
 * import { compileHeaderTest, type ValueTest } from '@meshplane/core/router/internals';
 * const test: ValueTest = compileHeaderTest({ exact: 'v2' }, false, 'headers[0]');
 * console.log(test('v2')); // true
 * ```
 */
export type ValueTest = (value: string | undefined) => boolean;

/**
 * Compiles an App Mesh regex to a test that the WHOLE value matches: App Mesh hands path and
 * header regexes to Envoy's `safe_regex` (RE2), which is a full match, not a search (Envoy
 * route_components.proto, `StringMatcher.safe_regex`: "The entire value must match"). The regex
 * is compiled with RE2's rules by the registered engine (`register()` of `@meshplane/core/re2`,
 * model/re2-regex.ts), never JavaScript's: a pattern Envoy refuses (lookarounds, backreferences,
 * repetition counts past 1000) is refused here too, with the reason, and matching time is linear
 * in the value. With no engine registered the pattern is refused (`ROUTE_MATCH`, naming the import).
 *
 * @example
 * ```ts
 * import { fullMatchRegex } from '@meshplane/core/router/internals';
 * console.log(fullMatchRegex('/users/[0-9]+', 'path.regex').test('/users/42/x')); // false: the whole path must match
 * ```
 */
export function fullMatchRegex(pattern: string, field: string): FullMatchRegex {
  const compiled = compileRegexWith(pattern);
  if ('test' in compiled) return compiled;
  const { code, message } = compiled;
  throw new RouterConfigError(`${field}: ${message}`, {
    issues: [{ code, path: field, message, severity: 'error' }],
  });
}

const INTEGER = /^-?\d+$/;

/**
 * Compiles an App Mesh header match (`HttpRouteHeader` / `GrpcRouteMetadata`) to a test of the
 * header's value. The semantics follow Envoy's header matcher, which App Mesh configures:
 * - no `match`: the header must be present (a presence match);
 * - `exact`, `prefix`, `suffix`: string comparisons, case-sensitive on the value;
 * - `regex`: full match (see {@link fullMatchRegex});
 * - `range`: the value parses as an integer and `start <= value < end` (the App Mesh API
 *   reference for `MatchRange`: "the first character of the range is included … the last is not");
 * - `invert`: negates the result, but a header that is ABSENT never satisfies a value match,
 *   inverted or not; only a presence match is satisfied by an absent header when inverted
 *   (Envoy `HeaderUtility::matchHeaders` without `treat_missing_header_as_empty`).
 *
 * @example
 * ```ts
 * import { compileHeaderTest } from '@meshplane/core/router/internals';
 * const test = compileHeaderTest({ prefix: 'v2' }, false, 'headers[0]');
 * console.log(test('v2-beta'), test(undefined)); // true false
 * ```
 */
export function compileHeaderTest(
  match: HeaderMatchMethod | undefined,
  invert: boolean,
  field: string,
): ValueTest {
  if (!match || Object.keys(match).length === 0) {
    return invert ? (v) => v === undefined : (v) => v !== undefined;
  }
  const test = valueTest(match, field);
  return invert ? (v) => v !== undefined && !test(v) : (v) => v !== undefined && test(v);
}

function valueTest(match: HeaderMatchMethod, field: string): (value: string) => boolean {
  if (match.exact !== undefined) {
    const expected = match.exact;
    return (v) => v === expected;
  }
  if (match.prefix !== undefined) {
    const expected = match.prefix;
    return (v) => v.startsWith(expected);
  }
  if (match.suffix !== undefined) {
    const expected = match.suffix;
    return (v) => v.endsWith(expected);
  }
  if (match.regex !== undefined) {
    const re = fullMatchRegex(match.regex, `${field}.match.regex`);
    return (v) => re.test(v);
  }
  if (match.range !== undefined) {
    const start = Number(match.range.start);
    const end = Number(match.range.end);
    if (!Number.isFinite(start) || !Number.isFinite(end)) {
      throw new RouterConfigError(
        `${field}.match.range: start and end must be integers, got ${start}..${end}`,
      );
    }
    return (v) => {
      if (!INTEGER.test(v)) return false;
      const n = Number(v);
      return n >= start && n < end;
    };
  }
  throw new RouterConfigError(
    `${field}.match: expected one of exact, prefix, suffix, regex, range; got ${JSON.stringify(match)}`,
  );
}
