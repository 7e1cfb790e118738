import { didYouMean } from '../../errors/suggest-name.js';
import type { IssueSeverity } from '../../errors/validation-issue.js';
import type { PathSegment } from '../json-with-positions.js';
import { describeValue, formatPath, isRecord } from '../source-document.js';
import { showExpression } from './expression-text.js';
import type { Outcome } from './intrinsic.js';
import { Failure, intrinsicName, invalid, NO_VALUE, UNRESOLVED } from './intrinsic.js';
import { INTRINSIC_FUNCTIONS, KNOWN_FUNCTION_NAMES } from './intrinsic-functions.js';
import type { ParameterTable } from './template-parameters.js';
import type { TemplateReporter } from './template-reporter.js';
import type { TemplateSections } from './template-sections.js';

/**
 * Resolves a template's intrinsic functions statically. Values are evaluated where the App Mesh
 * resources need them (lazily: a condition, parameter or resource property is evaluated only when
 * something uses it, once), so a template whose other resources need deployment-time values still
 * imports. Every value that cannot be resolved is reported once, as `UNRESOLVED_EXPRESSION`
 * naming the innermost expression and its template path; the value becomes {@link UNRESOLVED}.
 */
export class TemplateEvaluator {
  /** The severity of values that depend on the deployment, in the value being evaluated. */
  severity: IssueSeverity = 'error';
  private readonly active: string[] = [];
  private readonly conditionValues = new Map<string, boolean | typeof UNRESOLVED>();
  private readonly propertyValues = new Map<string, unknown>();

  constructor(
    readonly sections: TemplateSections,
    readonly parameters: ParameterTable,
    /** Values given for parameters and pseudo parameters. */
    readonly given: Readonly<Record<string, string>>,
    readonly reporter: TemplateReporter,
  ) {}

  /**
   * The value with every intrinsic function replaced by its value; `AWS::NoValue` members and
   * items are removed (CloudFormation's rule); {@link UNRESOLVED} when any part is (every part is
   * still evaluated, so that all problems are reported at once).
   */
  value(value: unknown, path: readonly PathSegment[]): unknown {
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      let failed = false;
      value.forEach((item, index) => {
        const resolved = this.value(item, [...path, index]);
        if (resolved === UNRESOLVED) failed = true;
        else if (resolved !== NO_VALUE) out.push(resolved);
      });
      return failed ? UNRESOLVED : out;
    }
    if (!isRecord(value)) return value;
    const name = intrinsicName(value);
    if (name !== undefined) return this.call(name, value, path);
    const out: Record<string, unknown> = {};
    let failed = false;
    for (const [key, member] of Object.entries(value)) {
      const resolved = this.value(member, [...path, key]);
      if (resolved === UNRESOLVED) failed = true;
      else if (resolved !== NO_VALUE)
        Object.defineProperty(out, key, {
          value: resolved,
          enumerable: true,
          writable: true,
          configurable: true,
        });
    }
    return failed ? UNRESOLVED : out;
  }

  /** Evaluates the intrinsic function `node` (`{ [name]: argument }`) at `path`. */
  call(name: string, node: Record<string, unknown>, path: readonly PathSegment[]): unknown {
    const fn = Object.hasOwn(INTRINSIC_FUNCTIONS, name) ? INTRINSIC_FUNCTIONS[name] : undefined;
    const outcome: Outcome = fn
      ? fn(node[name], [...path, name], this)
      : invalid(
          `${name} is not an intrinsic function${didYouMean(name, KNOWN_FUNCTION_NAMES)}; CloudFormation's are ${KNOWN_FUNCTION_NAMES.join(', ')}`,
        );
    if (outcome instanceof Failure) {
      this.fail(outcome, node, path);
      return UNRESOLVED;
    }
    return outcome;
  }

  /** Reports why `node` at `path` has no static value. */
  fail(failure: Failure, node: unknown, path: readonly PathSegment[]): void {
    this.reporter.report(
      'UNRESOLVED_EXPRESSION',
      path,
      `${showExpression(node)} at ${formatPath(path)} cannot be resolved${failure.unknowable ? ' statically' : ''}: ${failure.reason}`,
      failure.unknowable ? this.severity : 'error',
    );
  }

  /** Runs `run` with another severity for deployment-time values (Tags are only warned about). */
  withSeverity<T>(severity: IssueSeverity, run: () => T): T {
    const before = this.severity;
    this.severity = severity;
    try {
      return run();
    } finally {
      this.severity = before;
    }
  }

  /** Runs `run` unless `key` is already being evaluated (a cycle), which is a {@link Failure}. */
  guard(key: string, run: () => Outcome): Outcome {
    const at = this.active.indexOf(key);
    if (at !== -1) {
      return invalid(`circular reference: ${[...this.active.slice(at), key].join(' → ')}`);
    }
    this.active.push(key);
    try {
      return run();
    } finally {
      this.active.pop();
    }
  }

  /**
   * The evaluated property `property` of resource `logicalId` (undefined when the resource does
   * not set it), evaluated once, at its own path, as an error when it cannot be resolved.
   */
  property(logicalId: string, property: string): Outcome {
    const key = `${logicalId}\u0000${property}`;
    if (this.propertyValues.has(key)) return this.propertyValues.get(key);
    const resource = this.sections.resources[logicalId];
    const properties = isRecord(resource) ? resource.Properties : undefined;
    if (!isRecord(properties) || !Object.hasOwn(properties, property)) return undefined;
    const path = ['Resources', logicalId, 'Properties', property];
    const outcome = this.guard(formatPath(path), () =>
      this.withSeverity('error', () => this.value(properties[property], path)),
    );
    if (!(outcome instanceof Failure)) this.propertyValues.set(key, outcome);
    return outcome === NO_VALUE ? undefined : outcome;
  }

  /** The value of a declared condition, or a {@link Failure} when it is not declared or circular. */
  condition(name: string): boolean | typeof UNRESOLVED | Failure {
    const known = this.conditionValues.get(name);
    if (known !== undefined) return known;
    const conditions = this.sections.conditions;
    if (!Object.hasOwn(conditions, name)) {
      const declared = Object.keys(conditions);
      return invalid(
        `condition ${name} is not declared in Conditions${didYouMean(name, declared)}${declared.length === 0 ? ' (the template has no Conditions)' : `; declared: ${declared.join(', ')}`}`,
      );
    }
    const outcome = this.guard(`Conditions.${name}`, () =>
      this.withSeverity('error', () => this.conditionValue(conditions[name], ['Conditions', name])),
    );
    if (outcome instanceof Failure) return outcome;
    const value = outcome === true || outcome === false ? outcome : UNRESOLVED;
    this.conditionValues.set(name, value);
    return value;
  }

  /**
   * A condition expression (`Fn::Equals`, `Fn::And`, `Fn::Or`, `Fn::Not`, `{ Condition: name }`)
   * evaluated to a boolean; anything else is reported.
   */
  conditionValue(value: unknown, path: readonly PathSegment[]): boolean | typeof UNRESOLVED {
    if (isRecord(value) && Object.keys(value).length === 1 && 'Condition' in value) {
      const name = value.Condition;
      const outcome =
        typeof name === 'string'
          ? this.condition(name)
          : invalid(`Condition takes the name of a condition, got ${describeValue(name)}`);
      if (outcome instanceof Failure) {
        this.fail(outcome, value, path);
        return UNRESOLVED;
      }
      return outcome;
    }
    const outcome = this.value(value, path);
    if (outcome === UNRESOLVED || outcome === true || outcome === false) return outcome;
    this.fail(
      invalid(
        `a condition is Fn::Equals, Fn::And, Fn::Or, Fn::Not or { Condition: name }, which evaluate to true or false; this is ${describeValue(outcome === NO_VALUE ? 'AWS::NoValue' : outcome)}`,
      ),
      value,
      path,
    );
    return UNRESOLVED;
  }

  /** Whether a resource is created: its `Condition` (a condition name) is true or absent. */
  resourceIncluded(logicalId: string): boolean | typeof UNRESOLVED {
    const resource = this.sections.resources[logicalId];
    if (!isRecord(resource) || resource.Condition === undefined) return true;
    const path = ['Resources', logicalId, 'Condition'];
    const name = resource.Condition;
    const outcome =
      typeof name === 'string'
        ? this.condition(name)
        : invalid(`a resource's Condition is the name of a condition, got ${describeValue(name)}`);
    if (outcome instanceof Failure) {
      this.fail(outcome, { Condition: name }, path);
      return UNRESOLVED;
    }
    return outcome;
  }
}
