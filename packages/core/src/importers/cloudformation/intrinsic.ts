import type { PathSegment } from '../json-with-positions.js';
import { isRecord } from '../source-document.js';
import type { TemplateEvaluator } from './template-evaluator.js';

/** A value that could not be resolved; the reason was already reported where it arose. */
export const UNRESOLVED: unique symbol = Symbol('unresolved');

/** `!Ref AWS::NoValue`: the property that holds it is removed (CloudFormation's rule). */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

/**
 * Why an intrinsic function has no static value. `unknowable` failures depend on the deployment
 * (another stack's export, a physical ID, an unset pseudo parameter); the others are mistakes in
 * the template (wrong arity, undeclared names, cycles) that CloudFormation itself would refuse.
 */
export class Failure {
  constructor(
    readonly reason: string,
    readonly unknowable = false,
  ) {}
}

/** A mistake in the template that CloudFormation itself would refuse. */
export function invalid(reason: string): Failure {
  return new Failure(reason, false);
}

/** A value known only once the stack (or another one) is deployed. */
export function unknowable(reason: string): Failure {
  return new Failure(reason, true);
}

/** What an intrinsic function evaluates to: a value, {@link UNRESOLVED}, {@link NO_VALUE} or a {@link Failure}. */
export type Outcome = unknown;

/**
 * One intrinsic function: takes its (unevaluated) argument and the path of that argument
 * (`[..., 'Fn::Join']`), and evaluates what it needs through the evaluator.
 */
export type Intrinsic = (argument: unknown, path: PathSegment[], evaluator: TemplateEvaluator) => Outcome;

/** The function an object stands for: its only member `Ref` or `Fn::*`, else undefined (plain data). */
export function intrinsicName(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const key = keys[0]!;
  return key === 'Ref' || key.startsWith('Fn::') ? key : undefined;
}

/** True for outcomes that are not a usable value (already reported, or to be reported by the caller). */
export function isProblem(outcome: Outcome): outcome is Failure | typeof UNRESOLVED {
  return outcome === UNRESOLVED || outcome instanceof Failure;
}

/**
 * A string argument after evaluation: numbers become their text (CloudFormation passes numbers
 * where strings are expected as their text); anything else is a {@link Failure} naming `what`.
 */
export function asString(outcome: Outcome, what: string): string | Failure | typeof UNRESOLVED {
  if (isProblem(outcome)) return outcome;
  if (typeof outcome === 'string') return outcome;
  if (typeof outcome === 'number' || typeof outcome === 'boolean') return String(outcome);
  return invalid(`${what} must be a string, got ${describeOutcome(outcome)}`);
}

/** A list argument after evaluation. */
export function asList(outcome: Outcome, what: string): unknown[] | Failure | typeof UNRESOLVED {
  if (isProblem(outcome)) return outcome;
  if (Array.isArray(outcome)) return outcome;
  return invalid(`${what} must be a list, got ${describeOutcome(outcome)}`);
}

/** The argument list of a function that takes a fixed number of arguments, or a Failure. */
export function argumentList(
  argument: unknown,
  count: number | readonly [number, number],
  usage: string,
): unknown[] | Failure {
  const [min, max] = typeof count === 'number' ? [count, count] : count;
  if (!Array.isArray(argument) || argument.length < min || argument.length > max) {
    return invalid(`${usage}, got ${describeOutcome(argument)}`);
  }
  return argument;
}

export function describeOutcome(value: unknown): string {
  if (value === NO_VALUE) return 'AWS::NoValue';
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
