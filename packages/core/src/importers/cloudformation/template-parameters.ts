import { RE2JS } from 're2js';
import { didYouMean } from '../../errors/suggest-name.js';
import { re2SyntaxProblem } from '../../model/re2-regex.js';
import type { PathSegment } from '../json-with-positions.js';
import { describeValue, formatPath, isRecord } from '../source-document.js';
import type { Failure } from './intrinsic.js';
import { UNRESOLVED, unknowable } from './intrinsic.js';
import { isPseudoParameter, PSEUDO_PARAMETER_RULES } from './pseudo-parameters.js';
import type { TemplateReporter } from './template-reporter.js';

/** A declared parameter: its value as `Ref` returns it (a string, or a list for list types). */
type ParameterValue = string | string[];

/**
 * The template's parameters and the values given for them (ParameterKey → value, as
 * `aws cloudformation deploy --parameter-overrides` takes them). A given value overrides the
 * `Default`; list types (`List<…>`, `CommaDelimitedList`) split the text at commas and trim each
 * member ("Parameters" in the CloudFormation User Guide). `Ref` to a `Number` parameter returns
 * its text, as CloudFormation's does.
 */
export class ParameterTable {
  private readonly firstUse = new Map<string, PathSegment[]>();
  private readonly reportedMissing = new Set<string>();

  constructor(
    readonly declarations: Record<string, unknown>,
    private readonly given: Readonly<Record<string, string>>,
    private readonly reporter: TemplateReporter,
  ) {}

  /** Names a `Ref` can take among the parameters. */
  names(): string[] {
    return Object.keys(this.declarations);
  }

  has(name: string): boolean {
    return Object.hasOwn(this.declarations, name);
  }

  /**
   * Checks every given value against the template: undeclared names (`UNKNOWN_PARAMETER`), values
   * that break the declared type or constraints (`INVALID_PARAMETER`), and declarations without a
   * `Type`.
   */
  checkGiven(): void {
    for (const [name, declaration] of Object.entries(this.declarations)) {
      if (!isRecord(declaration) || typeof declaration.Type !== 'string') {
        this.reporter.error(
          'INVALID_TYPE',
          ['Parameters', name],
          `parameter ${name} must be a map with a Type (String, Number, CommaDelimitedList, List<Number>, an AWS-specific type), got ${describeValue(declaration)}`,
        );
      }
    }
    for (const [name, value] of Object.entries(this.given)) {
      if (isPseudoParameter(name)) {
        const rule = PSEUDO_PARAMETER_RULES[name];
        if (rule && !rule.pattern.test(value)) {
          this.reporter.error(
            'INVALID_PARAMETER',
            ['Parameters'],
            `the value ${JSON.stringify(value)} given for pseudo parameter ${name} is not valid: ${rule.rule}`,
          );
        }
        continue;
      }
      const declaration = this.declarations[name];
      if (declaration === undefined || !this.has(name)) {
        const declared = this.names();
        this.reporter.error(
          'UNKNOWN_PARAMETER',
          ['Parameters'],
          `a value was given for parameter ${name}, which the template does not declare${didYouMean(name, declared)}; ${declared.length === 0 ? 'the template declares no parameters' : `declared: ${declared.join(', ')}`}`,
        );
        continue;
      }
      if (!isRecord(declaration) || typeof declaration.Type !== 'string') continue;
      const uncheckable = (message: string) =>
        this.reporter.warn('INVALID_PARAMETER', ['Parameters', name, 'AllowedPattern'], message);
      for (const problem of constraintProblems(name, declaration, value, uncheckable)) {
        this.reporter.error(
          'INVALID_PARAMETER',
          ['Parameters', name],
          `the value ${JSON.stringify(value)} given for parameter ${name} ${problem}`,
        );
      }
    }
  }

  /** The value of a declared parameter, used at `usePath`. */
  value(name: string, usePath: readonly PathSegment[]): ParameterValue | Failure | typeof UNRESOLVED {
    if (!this.firstUse.has(name)) this.firstUse.set(name, propertyPath(usePath));
    const declaration = this.declarations[name];
    if (!isRecord(declaration) || typeof declaration.Type !== 'string') return UNRESOLVED;
    const type = declaration.Type;
    const given = Object.hasOwn(this.given, name) ? this.given[name] : undefined;
    const text =
      given ??
      (declaration.Default === undefined || declaration.Default === null ? undefined : declaration.Default);
    if (text === undefined) {
      if (this.reportedMissing.has(name)) return UNRESOLVED;
      this.reportedMissing.add(name);
      this.reporter.error(
        'MISSING_PARAMETER',
        ['Parameters', name],
        `parameter ${name} has no Default and no value was given, and ${formatPath(this.firstUse.get(name) ?? usePath)} needs it: give one with --parameter ${name}=<value> (the parameters option)`,
      );
      return UNRESOLVED;
    }
    if (type.startsWith('AWS::SSM::Parameter::Value<')) {
      return unknowable(
        `parameter ${name} is of type ${type}: its value is read from the Systems Manager parameter ${JSON.stringify(String(text))} when the stack is created`,
      );
    }
    const textValue = Array.isArray(text) ? text.map(String).join(',') : String(text);
    return isListType(type) ? textValue.split(',').map((item) => item.trim()) : textValue;
  }

  /** Reports, as warnings, the parameters without value that no App Mesh resource needed. */
  reportUnusedMissing(): void {
    for (const [name, declaration] of Object.entries(this.declarations)) {
      if (this.firstUse.has(name) || Object.hasOwn(this.given, name)) continue;
      if (!isRecord(declaration) || declaration.Default !== undefined) continue;
      this.reporter.warn(
        'MISSING_PARAMETER',
        ['Parameters', name],
        `parameter ${name} has no Default and no value was given; the App Mesh resources do not use it, so the import goes on (CloudFormation would ask for it)`,
      );
    }
  }
}

/** The path of the property holding an expression: `...MeshName`, not `...MeshName.Fn::Sub`. */
function propertyPath(path: readonly PathSegment[]): PathSegment[] {
  const at = path.findIndex(
    (segment) => segment === 'Ref' || (typeof segment === 'string' && segment.startsWith('Fn::')),
  );
  return at === -1 ? [...path] : path.slice(0, at);
}

function isListType(type: string): boolean {
  return (
    type === 'CommaDelimitedList' ||
    type.startsWith('List<') ||
    type === 'AWS::SSM::Parameter::Value<CommaDelimitedList>' ||
    type.startsWith('AWS::SSM::Parameter::Value<List<')
  );
}

/**
 * What is wrong with a given value, one sentence ending per broken rule; a rule that cannot be
 * checked goes to `uncheckable` (a warning) instead.
 */
function constraintProblems(
  name: string,
  declaration: Record<string, unknown>,
  value: string,
  uncheckable: (message: string) => void,
): string[] {
  const type = declaration.Type as string;
  const items = isListType(type) ? value.split(',').map((item) => item.trim()) : [value];
  const problems: string[] = [];
  const numeric = type === 'Number' || type === 'List<Number>';
  if (numeric) {
    const bad = items.filter((item) => item === '' || !Number.isFinite(Number(item)));
    if (bad.length > 0)
      problems.push(`is not ${type === 'Number' ? 'a number' : 'a list of numbers'} (${type})`);
  }
  if (Array.isArray(declaration.AllowedValues)) {
    const allowed = declaration.AllowedValues.map(String);
    const bad = items.filter((item) => !allowed.includes(item));
    if (bad.length > 0) {
      problems.push(`is not one of its AllowedValues (${allowed.join(', ')})${didYouMean(bad[0]!, allowed)}`);
    }
  }
  if (typeof declaration.AllowedPattern === 'string') {
    const problem = allowedPatternProblem(name, declaration.AllowedPattern, items, uncheckable);
    if (problem) problems.push(problem);
  }
  const bound = (member: string, test: (limit: number) => boolean, rule: string) => {
    const limit = Number(declaration[member]);
    if (declaration[member] !== undefined && Number.isFinite(limit) && test(limit)) {
      problems.push(`${rule} ${member} ${limit}`);
    }
  };
  if (type === 'String') {
    bound('MinLength', (limit) => value.length < limit, `is ${value.length} characters long, under its`);
    bound('MaxLength', (limit) => value.length > limit, `is ${value.length} characters long, over its`);
  }
  if (type === 'Number' && Number.isFinite(Number(value)) && value !== '') {
    bound('MinValue', (limit) => Number(value) < limit, 'is under its');
    bound('MaxValue', (limit) => Number(value) > limit, 'is over its');
  }
  return problems;
}

/**
 * Why `items` break an `AllowedPattern`, or undefined. CloudFormation matches the whole value
 * (Java's `Pattern.matches`: `[a-z]+` refuses "ab1", with or without `^`/`$`), so the pattern is
 * run as a full match. It is run with RE2 (re2js), not JavaScript's backtracking `RegExp`, so that
 * a template's pattern such as `^(a+)+$` cannot hang the import: RE2 matches in linear time.
 * CloudFormation's patterns are Java regexes; the constructs of Java that RE2 lacks (lookaround,
 * backreferences, possessive quantifiers, `\Z`, `\p{Alpha}`) leave this one check undone, with a
 * warning naming the parameter and the pattern, and the other constraints still checked.
 */
function allowedPatternProblem(
  name: string,
  pattern: string,
  items: readonly string[],
  uncheckable: (message: string) => void,
): string | undefined {
  const refusal = re2SyntaxProblem(pattern);
  if (refusal !== undefined) {
    uncheckable(
      `the AllowedPattern ${JSON.stringify(pattern)} of parameter ${name} is not checked: meshplane checks it with RE2, and ${refusal}; CloudFormation (Java regex) may accept it, so check the value yourself (the other constraints are checked)`,
    );
    return undefined;
  }
  const regex = RE2JS.compile(pattern);
  return items.some((item) => !regex.matches(item))
    ? `does not match its AllowedPattern ${JSON.stringify(pattern)}`
    : undefined;
}
