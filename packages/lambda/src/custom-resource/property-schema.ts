import {
  checkOptions,
  defineOptions,
  type OptionDependency,
  type OptionRule,
  type OptionsSchema,
  optionRule,
} from '@meshplane/core/options';
import { appMeshModel, validateShape } from '@meshplane/core/smithy';
import { isPlainRecord, shown } from '../value-text.js';
import { coerceCloudFormationScalars } from './coerce-scalars.js';

/**
 * A rule of one custom-resource property. `explain`, when given, words the problems of a value
 * that fails the rule (`undefined` included, for a required property), when one sentence cannot
 * say which part of it is wrong: a function URL that is http, on another host and has a path gets
 * the three problems, an App Mesh shape gets the Smithy model's own issues.
 */
export interface PropertyRule extends OptionRule {
  readonly explain?: (value: unknown, field: string) => string[];
}

/** A rule across properties; `explain` as for {@link PropertyRule}, given the value of `field`. */
export interface PropertyDependency extends OptionDependency {
  readonly explain?: (value: unknown, field: string) => string[];
}

/** A custom resource type's declared properties: core's option schema plus the words of its problems. */
export interface PropertiesSchema<T extends object> {
  readonly options: OptionsSchema<T>;
  /** `field\0rule` → the explainer of that rule's problems. */
  readonly explainers: ReadonlyMap<string, (value: unknown, field: string) => string[]>;
  /** The property before whose problems the unknown properties are reported (last when absent). */
  readonly unknownBefore?: string;
}

const keyOf = (field: string, rule: string) => `${field}\u0000${rule}`;

/**
 * Declares the properties of one custom resource type with core's `defineOptions` (one rule per
 * property, rules across properties as dependencies). CloudFormation sends every scalar as a
 * string, so the rules accept the strings it sends wherever a number or boolean is meant.
 *
 * @example
 * ```ts
 * import { optionRule } from '@meshplane/core/options';
 * // internal: not exported from the package
 * const schema = defineProperties<{ Size?: string }>({ Size: optionRule('must be a whole number', (v) => /^\d+$/.test(String(v))) });
 * console.log(checkProperties(schema, { Size: 'big', Colour: 'red' }));
 * // [ 'Size must be a whole number, got "big"', 'unknown properties: Colour (allowed: Size, NoEcho)' ]
 * ```
 */
export function defineProperties<T extends object>(
  rules: { readonly [K in keyof T & string]-?: PropertyRule },
  dependencies: readonly PropertyDependency[] = [],
  unknownBefore?: keyof T & string,
): PropertiesSchema<T> {
  const explainers = new Map<string, (value: unknown, field: string) => string[]>();
  for (const [field, rule] of Object.entries<PropertyRule>(rules)) {
    if (rule.explain) explainers.set(keyOf(field, rule.rule), rule.explain);
  }
  for (const dependency of dependencies) {
    if (dependency.explain) explainers.set(keyOf(dependency.field, dependency.rule), dependency.explain);
  }
  const options = defineOptions<T>(rules as OptionsSchema<T>, dependencies);
  return { options, explainers, ...(unknownBefore ? { unknownBefore } : {}) };
}

/**
 * Every problem of `properties` against `schema` at once, in the schema's order, each naming the
 * property, the value and the rule (`Weights.a must be a whole number 0-100, got "101"`), with
 * the properties the schema does not declare named in one problem (CloudFormation passes any
 * property through, so a typo would otherwise be ignored silently).
 *
 * @example
 * ```ts
 * import { optionRule } from '@meshplane/core/options';
 * // internal: not exported from the package
 * const schema = defineProperties<{ Name: string }>({ Name: optionRule('is required (a non-empty string)', (v) => typeof v === 'string' && v !== '', true) });
 * console.log(checkProperties(schema, {}), checkProperties(schema, { Name: 'n' }));
 * // [ 'Name is required (a non-empty string), got undefined' ] []
 * ```
 */
export function checkProperties<T extends object>(
  schema: PropertiesSchema<T>,
  properties: unknown,
): string[] {
  if (!isPlainRecord(properties)) return [`the properties must be an object, got ${shown(properties)}`];
  const declared = Object.keys(schema.options);
  const problems: string[] = [];
  let unknownAt = -1;
  for (const p of checkOptions(schema.options, properties)) {
    const field = p.field.split('.')[0]!;
    if (unknownAt < 0 && field === schema.unknownBefore) unknownAt = problems.length;
    const explain = schema.explainers.get(keyOf(p.field, p.rule));
    problems.push(...(explain ? explain(p.value, p.field) : [`${p.field} ${p.rule}, got ${p.shown}`]));
  }
  const unknown = Object.keys(properties).filter((key) => !declared.includes(key));
  if (unknown.length > 0) {
    const problem = `unknown properties: ${unknown.sort().join(', ')} (allowed: ${[...declared, 'NoEcho'].join(', ')})`;
    problems.splice(unknownAt < 0 ? problems.length : unknownAt, 0, problem);
  }
  return problems;
}

/** The Smithy model's issues of `value` as App Mesh shape `shape`, each naming its path once. */
export function shapeProblems(shape: string, value: unknown, field: string): string[] {
  return validateShape(appMeshModel, shape, value, field).map((issue) =>
    issue.message.includes(issue.path) ? issue.message : `${issue.path}: ${issue.message}`,
  );
}

/**
 * A property whose value is an App Mesh shape (`ResourceName`, `Backends`), checked by the
 * Smithy model, after CloudFormation's strings are turned back into the numbers and booleans the
 * model declares (`"443"` → `443` where it says integer).
 *
 * @example
 * ```ts
 * // internal: not exported from the package
 * const rule = appMeshShapeRule('ResourceName', 'is required: a name of 1-255 characters', true);
 * console.log(rule.test('dj-app'), rule.explain?.('', 'MeshName'));
 * // true [ 'MeshName must have 1 to 255 characters (ResourceName), got 0: ""' ]
 * ```
 */
export function appMeshShapeRule(shape: string, rule: string, required = false): PropertyRule {
  const coerced = (value: unknown) => coerceCloudFormationScalars(appMeshModel, shape, value);
  return {
    ...optionRule(
      rule,
      (value) => validateShape(appMeshModel, shape, coerced(value), 'value').length === 0,
      required,
    ),
    explain: (value, field) =>
      value === undefined ? [`${field} ${rule}`] : shapeProblems(shape, coerced(value), field),
  };
}

/**
 * A rule whose problems come from a checker that collects them (`checkFunctionUrl(value,
 * problems, field)`): the value passes when the checker finds nothing.
 *
 * @example
 * ```ts
 * // internal: not exported from the package
 * const rule = collectingRule('must be even', (v, problems, field) => { if (Number(v) % 2) problems.push(`${field} must be even, got ${String(v)}`); });
 * console.log(rule.test(2), rule.explain?.(3, 'N')); // true [ 'N must be even, got 3' ]
 * ```
 */
export function collectingRule(
  rule: string,
  check: (value: unknown, problems: string[], field: string) => unknown,
  required = false,
): PropertyRule {
  const problemsOf = (value: unknown, field: string) => {
    const problems: string[] = [];
    check(value, problems, field);
    return problems;
  };
  return {
    ...optionRule(rule, (value) => problemsOf(value, 'value').length === 0, required),
    explain: problemsOf,
  };
}
