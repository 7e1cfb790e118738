import type { OptionDependency } from './option-schema.js';

/**
 * A rule across options, in the words a message uses after the value of `field`: `test` gets
 * every declared option (read once) and applies only when `field` and each option of `on` pass
 * their own rules (the schema must declare them all).
 *
 * @example
 * ```ts
 * import { optionDependency } from '@meshplane/core';
 * const atLeast = optionDependency('max', ['min'], 'must be at least min', (o) => o.max === undefined || (o.max as number) >= ((o.min as number | undefined) ?? 0));
 * console.log(atLeast.test({ min: 5, max: 3 })); // false
 * ```
 */
export function optionDependency(
  field: string,
  on: readonly string[],
  rule: string,
  test: (options: Readonly<Record<string, unknown>>) => boolean,
): OptionDependency {
  return { field, on: [...on], rule, test };
}

/**
 * `field` is valid only with `other` given (JSON Schema's `dependentRequired`): reported on
 * `field` when it is given and `other` is not.
 *
 * @example
 * ```ts
 * import { requires } from '@meshplane/core';
 * const rule = requires('tls', 'listen', 'needs listen (Unix sockets are always plain)');
 * console.log(rule.test({ tls: {} }), rule.test({ tls: {}, listen: ':0' }), rule.test({})); // false true true
 * ```
 */
export function requires(field: string, other: string, rule: string): OptionDependency {
  return optionDependency(field, [other], rule, (o) => o[field] === undefined || o[other] !== undefined);
}

/**
 * `field` and `other` cannot be given together (JSON Schema's `not: { required: [a, b] }`):
 * reported on `field`, once both pass their own rules (a bad value is reported by its rule).
 *
 * @example
 * ```ts
 * import { excludes } from '@meshplane/core';
 * const rule = excludes('cloudMap', 'endpoints', 'cannot be used together with endpoints: pick one');
 * console.log(rule.test({ cloudMap: {}, endpoints: new Map() }), rule.test({ endpoints: new Map() })); // false true
 * ```
 */
export function excludes(field: string, other: string, rule: string): OptionDependency {
  return optionDependency(field, [other], rule, (o) => o[field] === undefined || o[other] === undefined);
}

/**
 * `field` must be given when `other` is not (JSON Schema's `anyOf` of two `required`): at least
 * one of the two; reported on `field`.
 *
 * @example
 * ```ts
 * import { requiredWithout } from '@meshplane/core';
 * const rule = requiredWithout('socket', 'listen', 'must be given when listen is not');
 * console.log(rule.test({}), rule.test({ listen: ':0' })); // false true
 * ```
 */
export function requiredWithout(field: string, other: string, rule: string): OptionDependency {
  return optionDependency(field, [other], rule, (o) => o[field] !== undefined || o[other] !== undefined);
}
