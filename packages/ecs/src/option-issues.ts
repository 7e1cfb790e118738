import { checkOptions, type OptionRule, type OptionsSchema, optionRule } from '@meshplane/core';
import type { InputIssues } from './input-issues.js';

/**
 * A rule of an ECS factory's option schema, filed under an issue code (`PORT_RANGE`, `XDS_MODEL`):
 * core's `optionRule` with the code the package's `EcsInputError` issues carry.
 *
 * @example
 * ```ts
 * import { ecsRule } from './option-issues.js'; // inside packages/ecs/src
 * const port = ecsRule('PORT_RANGE', 'must be an integer in 1-65535', (v) => Number.isInteger(v));
 * console.log(port.code, port.test(80)); // 'PORT_RANGE' true
 * ```
 */
export function ecsRule(
  code: string,
  rule: string,
  test: (value: unknown) => boolean,
  required = false,
): OptionRule {
  return { ...optionRule(rule, test, required), code };
}

/**
 * Checks `value` against a declared schema and records every problem as an issue, in the
 * package's words: `<field> <rule>, got <value>`, filed under the rule's code (`TYPE` when it has
 * none). Options that are not an object at all throw at once (`REQUIRED`, named `where`): there
 * is nothing more to check or to derive.
 *
 * @example
 * ```ts
 * import { defineOptions } from '@meshplane/core';
 * import { InputIssues } from './input-issues.js'; // inside packages/ecs/src
 * import { addOptionIssues, ecsRule } from './option-issues.js';
 * const schema = defineOptions<{ port?: number }>({ port: ecsRule('PORT_RANGE', 'must be an integer in 1-65535', (v) => Number.isInteger(v)) });
 * const issues = new InputIssues();
 * addOptionIssues(issues, schema, { port: 'x' }, 'options');
 * console.log(issues.list[0]?.message); // 'port must be an integer in 1-65535, got "x"'
 * ```
 */
export function addOptionIssues<T extends object>(
  issues: InputIssues,
  schema: OptionsSchema<T>,
  value: unknown,
  where: string,
): void {
  for (const p of checkOptions(schema, value, where)) {
    if (p.field === where) {
      // Nothing else can be read from options that are not an object: stop here.
      issues.add('REQUIRED', '', `${where} ${p.rule}, got ${p.shown}`);
      issues.throwIfAny();
    }
    issues.add(p.code ?? 'TYPE', p.field, `${p.field} ${p.rule}, got ${p.shown}`);
  }
}
