import type { PathSegment } from '../json-with-positions.js';
import { describeValue, isRecord } from '../source-document.js';
import { attributeValue } from './fn-get-att.js';
import { referenceValue } from './fn-ref.js';
import type { Intrinsic, Outcome } from './intrinsic.js';
import {
  asString,
  describeOutcome,
  Failure,
  invalid,
  NO_VALUE,
  UNRESOLVED,
  unknowable,
} from './intrinsic.js';
import type { TemplateEvaluator } from './template-evaluator.js';

const USAGE = 'Fn::Sub takes a string or [string, { Name: value, ... }]';

/**
 * `Fn::Sub`: `${Name}` is a variable of the map, else a parameter, pseudo parameter or resource
 * (`Ref`); `${Resource.Attribute}` is `Fn::GetAtt`; `${!Literal}` is the text `${Literal}`.
 * Variables of the map are evaluated only when the string uses them.
 */
export const sub: Intrinsic = (argument, path, evaluator) => {
  let template: unknown = argument;
  let variables: Record<string, unknown> = {};
  if (Array.isArray(argument)) {
    if (argument.length !== 2 || !isRecord(argument[1]))
      return invalid(`${USAGE}, got ${describeValue(argument)}`);
    [template, variables] = argument as [unknown, Record<string, unknown>];
  }
  if (typeof template !== 'string')
    return invalid(`${USAGE}; the string must be literal, got ${describeValue(template)}`);
  const stringPath = Array.isArray(argument) ? [...path, 0] : path;
  let out = '';
  let failed = false;
  const pattern = /\$\{([^}]*)\}/g;
  let last = 0;
  for (let match = pattern.exec(template); match !== null; match = pattern.exec(template)) {
    out += template.slice(last, match.index);
    last = match.index + match[0].length;
    const body = match[1]!;
    if (body.startsWith('!')) {
      out += `\${${body.slice(1)}}`;
      continue;
    }
    const value = variable(evaluator, body.trim(), variables, [...path, 1], stringPath);
    if (value instanceof Failure) {
      return value.unknowable
        ? unknowable(`\${${body}}: ${value.reason}`)
        : invalid(`\${${body}}: ${value.reason}`);
    }
    if (value === UNRESOLVED) failed = true;
    else out += value;
  }
  return failed ? UNRESOLVED : out + template.slice(last);
};

function variable(
  evaluator: TemplateEvaluator,
  name: string,
  variables: Record<string, unknown>,
  variablesPath: readonly PathSegment[],
  stringPath: readonly PathSegment[],
): string | Failure | typeof UNRESOLVED {
  let outcome: Outcome;
  if (Object.hasOwn(variables, name)) {
    outcome = evaluator.value(variables[name], [...variablesPath, name]);
  } else if (name.includes('.')) {
    const dot = name.indexOf('.');
    outcome = attributeValue(evaluator, name.slice(0, dot), name.slice(dot + 1));
  } else {
    outcome = referenceValue(evaluator, name, stringPath);
  }
  if (outcome === NO_VALUE) return invalid('AWS::NoValue cannot be substituted into a string');
  if (Array.isArray(outcome)) {
    return invalid(
      `the value is a list (${describeOutcome(outcome)}); Fn::Sub substitutes strings (join it first)`,
    );
  }
  return asString(outcome, 'a substituted value');
}
