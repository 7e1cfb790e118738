import { describeValue } from '../source-document.js';
import type { Intrinsic } from './intrinsic.js';
import { argumentList, Failure, invalid, NO_VALUE, UNRESOLVED } from './intrinsic.js';

/**
 * `Fn::If [condition, valueIfTrue, valueIfFalse]`: only the chosen branch is evaluated (the other
 * may well need deployment-time values); `!Ref AWS::NoValue` in it removes the property.
 */
export const fnIf: Intrinsic = (argument, path, evaluator) => {
  const args = argumentList(argument, 3, 'Fn::If takes [conditionName, valueIfTrue, valueIfFalse]');
  if (args instanceof Failure) return args;
  const name = args[0];
  if (typeof name !== 'string') {
    return invalid(`the first argument of Fn::If is the name of a condition, got ${describeValue(name)}`);
  }
  const condition = evaluator.condition(name);
  if (condition === UNRESOLVED || condition instanceof Failure) return condition;
  const branch = condition ? 1 : 2;
  return evaluator.value(args[branch], [...path, branch]);
};

/** `Fn::Equals [a, b]`: compares the two values (numbers and strings by their text). */
export const equals: Intrinsic = (argument, path, evaluator) => {
  const args = argumentList(argument, 2, 'Fn::Equals takes [value, value]');
  if (args instanceof Failure) return args;
  const [a, b] = [evaluator.value(args[0], [...path, 0]), evaluator.value(args[1], [...path, 1])];
  if (a === UNRESOLVED || b === UNRESOLVED) return UNRESOLVED;
  if (a === NO_VALUE || b === NO_VALUE) return invalid('AWS::NoValue cannot be compared');
  return comparable(a) === comparable(b);
};

function comparable(value: unknown): string {
  if (typeof value === 'string') return value;
  return typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : `\u0000${JSON.stringify(value)}`;
}

/** `Fn::Not [condition]`. */
export const not: Intrinsic = (argument, path, evaluator) => {
  const args = argumentList(argument, 1, 'Fn::Not takes [condition]');
  if (args instanceof Failure) return args;
  const value = evaluator.conditionValue(args[0], [...path, 0]);
  return value === UNRESOLVED ? value : !value;
};

/** `Fn::And` and `Fn::Or` take 2 to 10 conditions ("Condition functions"). */
function logical(name: 'And' | 'Or'): Intrinsic {
  return (argument, path, evaluator) => {
    const args = argumentList(argument, [2, 10], `Fn::${name} takes a list of 2 to 10 conditions`);
    if (args instanceof Failure) return args;
    const values = args.map((item, index) => evaluator.conditionValue(item, [...path, index]));
    if (values.includes(UNRESOLVED)) return UNRESOLVED;
    return name === 'And' ? values.every((v) => v === true) : values.some((v) => v === true);
  };
}

export const and = logical('And');
export const or = logical('Or');
