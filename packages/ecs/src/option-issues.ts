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
    const path = issuePath(p.field, value);
    issues.add(p.code ?? 'TYPE', path, `${path} ${p.rule}, got ${p.shown}`);
  }
}

/**
 * The path an issue names for a problem of core's checker: its `field.member` name, with list
 * items written `list[i]` (core names an entry of any collection `field.key`; ECS issues have
 * always named list items by index, `app.ports[0]`). `value` is the checked options, plain data.
 *
 * @example
 * ```ts
 * import { issuePath } from './option-issues.js'; // inside packages/ecs/src
 * console.log(issuePath('envoy.egressIgnoredIPs.1', { envoy: { egressIgnoredIPs: ['a', 'b'] } }));
 * // 'envoy.egressIgnoredIPs[1]'
 * ```
 */
export function issuePath(field: string, value: unknown): string {
  let at: unknown = value;
  let path = '';
  const parts = field.split('.');
  for (const [i, part] of parts.entries()) {
    if (Array.isArray(at) && /^\d+$/.test(part)) path += `[${part}]`;
    else if (at === undefined || at === null || typeof at !== 'object') {
      // A name with a dot (a tag key `a.b`) is past the values: the rest is written as it is.
      return `${path}${path ? '.' : ''}${parts.slice(i).join('.')}`;
    } else path += path ? `.${part}` : part;
    at = at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[part] : undefined;
  }
  return path;
}

/**
 * Checks an object option's members against their declared schema and records every problem as
 * an issue named `path.member` (list items `path.list[i]`). An absent option (`undefined`) has
 * nothing to check; one that is not an object is one `TYPE` issue named `path`.
 *
 * @example
 * ```ts
 * import { defineOptions } from '@meshplane/core';
 * import { InputIssues } from './input-issues.js'; // inside packages/ecs/src
 * import { addMemberIssues, ecsRule } from './option-issues.js';
 * const schema = defineOptions<{ tag?: string }>({ tag: ecsRule('ENVOY_TAG', 'must be a Docker tag', (v) => typeof v === 'string') });
 * const issues = new InputIssues();
 * addMemberIssues(issues, schema, { tag: 5 }, 'envoy');
 * console.log(issues.list[0]?.path, issues.list[0]?.message); // 'envoy.tag' 'envoy.tag must be a Docker tag, got 5'
 * ```
 */
export function addMemberIssues<T extends object>(
  issues: InputIssues,
  schema: OptionsSchema<T>,
  value: unknown,
  path: string,
): void {
  if (value === undefined) return;
  for (const p of checkOptions(schema, value, path)) {
    if (p.field === path) {
      issues.add('TYPE', path, `${path} ${p.rule}, got ${p.shown}`);
      continue;
    }
    const at = `${path}.${issuePath(p.field, value)}`;
    issues.add(p.code ?? 'TYPE', at, `${at} ${p.rule}, got ${p.shown}`);
  }
}
