import { errorReason, showValue } from './show-value.js';

/**
 * One rule of an option: the words a message uses (`must be an integer from 0 to 65535`) and the
 * test that decides. An absent option (`undefined`) passes unless the rule is `required`.
 */
export interface OptionRule {
  /** What a good value is, as the message says it after the value. */
  readonly rule: string;
  /** True for a good value (never called with `undefined`). */
  readonly test: (value: unknown) => boolean;
  /** When true, `undefined` is a problem too (`rule` says what is missing). */
  readonly required?: boolean;
}

/** An options object's declared schema: one rule per option name. */
export type OptionsSchema<T extends object = Record<string, unknown>> = {
  readonly [K in keyof T & string]-?: OptionRule;
};

/** One problem of an options object: the field, the value found and the rule it breaks. */
export interface OptionProblem {
  readonly field: string;
  readonly value: unknown;
  readonly rule: string;
  /** `field: <value> rule`, the value printed by {@link showValue}. */
  readonly message: string;
}

/**
 * Declares the schema of a factory's options (middy's `validateOptions` idea): one rule per
 * option, checked by {@link checkOptions}. The schema is frozen, and a rule without words or a
 * test is refused here, when the module loads, not when a caller passes a bad option.
 *
 * @example
 * ```ts
 * import { defineOptions, optionRule } from '@meshplane/core';
 * const schema = defineOptions<{ port?: number }>({
 *   port: optionRule('must be an integer from 0 to 65535', (v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 65535),
 * });
 * console.log(Object.keys(schema)); // [ 'port' ]
 * ```
 */
export function defineOptions<T extends object>(schema: OptionsSchema<T>): OptionsSchema<T> {
  for (const [field, rule] of Object.entries(schema as Record<string, OptionRule>)) {
    if (typeof rule?.rule !== 'string' || rule.rule === '' || typeof rule.test !== 'function')
      throw new TypeError(`option schema: ${field} needs { rule: string, test: function }`);
  }
  return Object.freeze({ ...schema });
}

/**
 * A rule from its words and its test; `required` makes `undefined` a problem.
 *
 * @example
 * ```ts
 * import { optionRule } from '@meshplane/core';
 * const positive = optionRule('must be a positive integer', (v) => Number.isInteger(v) && (v as number) > 0);
 * console.log(positive.test(3), positive.test(0)); // true false
 * ```
 */
export function optionRule(rule: string, test: (value: unknown) => boolean, required = false): OptionRule {
  return required ? { rule, test, required } : { rule, test };
}

/**
 * Every problem of `value` against `schema` at once, in the schema's order (empty when valid).
 * `where` names the options in the one problem of a value that is not an object at all
 * (default `options`). Members are read once each; a getter or proxy that throws is a problem
 * of that member (`cannot be read: …`), never an exception of the caller's object; a test that
 * throws counts as a failed test. Options the schema does not declare are not reported.
 *
 * @example
 * ```ts
 * import { checkOptions, defineOptions, optionRule } from '@meshplane/core';
 * const schema = defineOptions<{ port?: number; host?: string }>({
 *   port: optionRule('must be an integer from 0 to 65535', (v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 65535),
 *   host: optionRule('must be a non-empty string', (v) => typeof v === 'string' && v !== ''),
 * });
 * console.log(checkOptions(schema, { port: -1, host: '' }).map((p) => p.message));
 * // [ 'port: -1 must be an integer from 0 to 65535', 'host: "" must be a non-empty string' ]
 * console.log(checkOptions(schema, null)[0]?.message); // 'options: null must be an object'
 * ```
 */
export function checkOptions<T extends object>(
  schema: OptionsSchema<T>,
  value: unknown,
  where = 'options',
): OptionProblem[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return [problem(where, value, 'must be an object')];
  const problems: OptionProblem[] = [];
  for (const [field, rule] of Object.entries(schema as Record<string, OptionRule>)) {
    let member: unknown;
    try {
      member = (value as Record<string, unknown>)[field];
    } catch (error) {
      problems.push({
        field,
        value: undefined,
        rule: `cannot be read: ${errorReason(error)}`,
        message: `${field} cannot be read: ${errorReason(error)}`,
      });
      continue;
    }
    if (member === undefined ? rule.required === true : !passes(rule, member))
      problems.push(problem(field, member, rule.rule));
  }
  return problems;
}

function passes(rule: OptionRule, value: unknown): boolean {
  try {
    return rule.test(value) === true;
  } catch {
    return false;
  }
}

function problem(field: string, value: unknown, rule: string): OptionProblem {
  return { field, value, rule, message: `${field}: ${showValue(value)} ${rule}` };
}
