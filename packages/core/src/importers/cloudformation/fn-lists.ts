import { describeValue } from '../source-document.js';
import type { Intrinsic } from './intrinsic.js';
import {
  argumentList,
  asList,
  asString,
  describeOutcome,
  Failure,
  invalid,
  UNRESOLVED,
} from './intrinsic.js';

/** `Fn::Join [delimiter, [values]]`: the values (strings) joined by the delimiter. */
export const join: Intrinsic = (argument, path, evaluator) => {
  const args = argumentList(argument, 2, 'Fn::Join takes [delimiter, [value, ...]]');
  if (args instanceof Failure) return args;
  const delimiter = asString(evaluator.value(args[0], [...path, 0]), 'the delimiter of Fn::Join');
  const values = asList(evaluator.value(args[1], [...path, 1]), 'the values of Fn::Join');
  if (delimiter instanceof Failure) return delimiter;
  if (values instanceof Failure) return values;
  if (delimiter === UNRESOLVED || values === UNRESOLVED) return UNRESOLVED;
  const texts: string[] = [];
  for (const value of values) {
    const text = asString(value, 'each value of Fn::Join');
    if (text instanceof Failure || text === UNRESOLVED) return text;
    texts.push(text);
  }
  return texts.join(delimiter);
};

/** `Fn::Select [index, [values]]`: the value at a 0-based index. */
export const select: Intrinsic = (argument, path, evaluator) => {
  const args = argumentList(argument, 2, 'Fn::Select takes [index, [value, ...]]');
  if (args instanceof Failure) return args;
  const index = asString(evaluator.value(args[0], [...path, 0]), 'the index of Fn::Select');
  const values = asList(evaluator.value(args[1], [...path, 1]), 'the list of Fn::Select');
  if (index instanceof Failure) return index;
  if (values instanceof Failure) return values;
  if (index === UNRESOLVED || values === UNRESOLVED) return UNRESOLVED;
  if (!/^\d+$/.test(index))
    return invalid(`the index of Fn::Select must be a whole number, got ${describeValue(index)}`);
  const at = Number(index);
  if (at >= values.length) {
    return invalid(
      `index ${at} is out of range: the list has ${values.length} value(s) (${describeOutcome(values)})`,
    );
  }
  return values[at];
};

/** `Fn::Split [delimiter, string]`: the list of the parts. */
export const split: Intrinsic = (argument, path, evaluator) => {
  const args = argumentList(argument, 2, 'Fn::Split takes [delimiter, string]');
  if (args instanceof Failure) return args;
  const delimiter = asString(evaluator.value(args[0], [...path, 0]), 'the delimiter of Fn::Split');
  const source = asString(evaluator.value(args[1], [...path, 1]), 'the string of Fn::Split');
  if (delimiter instanceof Failure) return delimiter;
  if (source instanceof Failure) return source;
  if (delimiter === UNRESOLVED || source === UNRESOLVED) return UNRESOLVED;
  if (delimiter === '') return invalid('the delimiter of Fn::Split must not be empty');
  return source.split(delimiter);
};
