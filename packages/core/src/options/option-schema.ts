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
  /**
   * A secret, or an object holding one (a private key, client credentials): its problems print
   * `<hidden>` instead of the value. Members declare their own (`tls.cert` shown, `tls.key` hidden).
   */
  readonly sensitive?: boolean;
  /**
   * The schema of an object option's own members (`admin.port`), checked once the option passes
   * `test`; their problems are named `field.member` and stand at the option's place.
   */
  readonly members?: OptionsSchema<object>;
  /**
   * The rule of every entry of an object map option (`attributes: { version: '1' }`, JSON Schema's
   * `additionalProperties`), checked once the option passes `test`; problems named `field.key`.
   */
  readonly entries?: OptionRule;
  /** The code a caller files this rule's problems under (`PORT_RANGE`), when its errors have codes. */
  readonly code?: string;
}

/** An options object's declared schema: one rule per option name. */
export type OptionsSchema<T extends object = Record<string, unknown>> = {
  readonly [K in keyof T & string]-?: OptionRule;
};

/**
 * A rule across options: one option is valid only with (or without) another. JSON Schema says
 * these with `dependentRequired` and `dependentSchemas`; here a dependency names the option its
 * problem is reported on (`field`, whose value the message shows), the options whose own rules
 * must pass before it applies (`on`), its words and its test over the options as read.
 */
export interface OptionDependency {
  /** The option the problem names; it stands at this option's place in the report. */
  readonly field: string;
  /**
   * Options that (with `field`) must pass their own rules for this one to apply, usually every
   * option the test reads: a bad value is then reported once, by its own rule, not again by
   * every rule that reads it.
   */
  readonly on: readonly string[];
  /** What must hold, as the message says it after the value of `field`. */
  readonly rule: string;
  /** True when the options are fine; gets every declared option, each read once. */
  readonly test: (options: Readonly<Record<string, unknown>>) => boolean;
  /** The code a caller files this rule's problems under (`CONFLICT`), when its errors have codes. */
  readonly code?: string;
}

/** One problem of an options object: the field, the value found and the rule it breaks. */
export interface OptionProblem {
  readonly field: string;
  readonly value: unknown;
  readonly rule: string;
  /** The value as a message prints it: {@link showValue}, or `<hidden>` for a sensitive option. */
  readonly shown: string;
  /** `field: <shown> rule`. */
  readonly message: string;
  /** The rule's `code`, when it has one. */
  readonly code?: string;
}

// A registered symbol, the same in every copy of this module: a schema declared by one copy (the
// Lambda middleware bundles this checker) is checked with its dependencies by any other copy.
const DEPENDENCIES = Symbol.for('meshplane.option-dependencies');

// A problem shows a value up to 1,000 characters: an App Mesh name one past its 255-character
// limit shows whole, a runaway value stays bounded.
const SHOWN_MAX = 1000;

type StoredSchema = Record<string, OptionRule> & { [DEPENDENCIES]?: readonly OptionDependency[] };

/**
 * Declares the schema of a factory's options (middy's `validateOptions` idea): one rule per
 * option, and the rules across options (`dependencies`, see {@link requires}, {@link excludes},
 * {@link requiredWithout}, {@link optionDependency}), all checked by {@link checkOptions}. The
 * schema is frozen; a rule without words or a test, or a dependency on an option the schema
 * does not declare, is refused here, when the module loads, not when a caller passes a bad option.
 * The dependencies live with the schema object itself: to build a schema from another, spread
 * its rules into a new `defineOptions` call and pass the dependencies again.
 *
 * @example
 * ```ts
 * import { defineOptions, optionRule, requires } from '@meshplane/core';
 * const schema = defineOptions<{ port?: number; tls?: object }>(
 *   {
 *     port: optionRule('must be an integer from 0 to 65535', (v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 65535),
 *     tls: optionRule('must be an object', (v) => typeof v === 'object' && v !== null),
 *   },
 *   [requires('tls', 'port', 'needs port (TLS is served on a TCP port)')],
 * );
 * console.log(Object.keys(schema)); // [ 'port', 'tls' ]
 * ```
 */
export function defineOptions<T extends object>(
  schema: OptionsSchema<T>,
  dependencies: readonly OptionDependency[] = [],
): OptionsSchema<T> {
  const rules = schema as Record<string, OptionRule>;
  for (const [field, rule] of Object.entries(rules)) {
    if (typeof rule?.rule !== 'string' || rule.rule === '' || typeof rule.test !== 'function')
      throw new TypeError(`option schema: ${field} needs { rule: string, test: function }`);
  }
  for (const dependency of dependencies) {
    const unknown = [dependency.field, ...dependency.on].filter((name) => !Object.hasOwn(rules, name));
    if (unknown.length > 0 || typeof dependency.test !== 'function' || !dependency.rule)
      throw new TypeError(
        `option schema: the dependency "${dependency.field} ${dependency.rule}" needs a rule, a test and declared options${unknown.length > 0 ? ` (not declared: ${unknown.join(', ')})` : ''}`,
      );
  }
  const stored: StoredSchema = { ...rules };
  Object.defineProperty(stored, DEPENDENCIES, { value: Object.freeze([...dependencies]), enumerable: false });
  return Object.freeze(stored) as unknown as OptionsSchema<T>;
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
 * Every problem of `value` against `schema` at once, in the schema's order (empty when valid):
 * each option's own rule, then its members' (`members`) or entries' (`entries`), then the
 * dependencies reported on it.
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
    return [problem(where, value, { rule: 'must be an object' })];
  const rules = schema as StoredSchema;
  const read: Record<string, unknown> = {};
  const byField = new Map<string, OptionProblem[]>(Object.keys(rules).map((field) => [field, []]));
  const failed = new Set<string>();
  for (const [field, rule] of Object.entries(rules)) {
    const found = byField.get(field)!;
    let member: unknown;
    try {
      member = (value as Record<string, unknown>)[field];
    } catch (error) {
      failed.add(field);
      found.push(unreadable(field, error));
      continue;
    }
    read[field] = member;
    if (member === undefined ? rule.required === true : !passes(rule.test, member)) {
      failed.add(field);
      found.push(problem(field, member, rule));
    } else if (member !== undefined) {
      found.push(...innerProblems(field, rule, member));
    }
  }
  for (const dependency of rules[DEPENDENCIES] ?? []) {
    if ([dependency.field, ...dependency.on].some((name) => failed.has(name))) continue;
    if (passes(dependency.test, read)) continue;
    const { field } = dependency;
    const sensitive = rules[field]?.sensitive;
    byField
      .get(field)!
      .push(problem(field, read[field], { ...dependency, ...(sensitive ? { sensitive } : {}) }));
  }
  return [...byField.values()].flat();
}

function passes<V>(test: (value: V) => boolean, value: V): boolean {
  try {
    return test(value) === true;
  } catch {
    return false;
  }
}

function problem(
  field: string,
  value: unknown,
  { rule, code, sensitive }: Pick<OptionRule, 'rule' | 'code' | 'sensitive'>,
): OptionProblem {
  const shown = sensitive && value !== undefined ? '<hidden>' : showValue(value, SHOWN_MAX);
  return { field, value, rule, shown, message: `${field}: ${shown} ${rule}`, ...(code ? { code } : {}) };
}

/** The problems of an option's members (`members`) or entries (`entries`), named `field.member`. */
function innerProblems(field: string, rule: OptionRule, member: unknown): OptionProblem[] {
  const found: OptionProblem[] = [];
  if (rule.members !== undefined)
    found.push(...checkOptions(rule.members, member, field).map((p) => nested(field, p)));
  if (rule.entries !== undefined && typeof member === 'object' && member !== null) {
    const entry = rule.entries;
    try {
      for (const [key, value] of Object.entries(member)) {
        if (value === undefined ? entry.required === true : !passes(entry.test, value))
          found.push(problem(`${field}.${key}`, value, entry));
      }
    } catch (error) {
      found.push(unreadable(field, error));
    }
  }
  return found;
}

function unreadable(field: string, error: unknown): OptionProblem {
  const rule = `cannot be read: ${errorReason(error)}`;
  return { field, value: undefined, rule, shown: 'undefined', message: `${field} ${rule}` };
}

/** A member's problem, named `field.member` (a member hides its value when its own rule is sensitive). */
function nested(field: string, p: OptionProblem): OptionProblem {
  const name = `${field}.${p.field}`;
  return { ...p, field: name, message: `${name}${p.message.slice(p.field.length)}` };
}
