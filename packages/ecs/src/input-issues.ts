import type { ValidationIssue } from '@meshplane/core';
import { showValue } from '@meshplane/core';
import { EcsInputError } from './errors.js';

/**
 * Collects the problems of one input so that they are all reported at once, then throws an
 * {@link EcsInputError} carrying every one of them.
 *
 * @example
 * ```ts
 * import { InputIssues } from './input-issues.js'; // inside packages/ecs/src
 * const issues = new InputIssues();
 * issues.add('REQUIRED', 'app.image', 'app.image is required');
 * console.log(issues.count); // 1
 * ```
 */
export class InputIssues {
  readonly list: ValidationIssue[] = [];

  add(code: string, path: string, message: string): void {
    this.list.push({ code, path, message, severity: 'error' });
  }

  get count(): number {
    return this.list.length;
  }

  /** Throws an {@link EcsInputError} when at least one problem was recorded. */
  throwIfAny(): void {
    if (this.list.length > 0) throw new EcsInputError(this.list);
  }
}

/**
 * Shows a value in a message: core's one value printer, `showValue` (JSON-like, bounded, never
 * calls the value's own code).
 *
 * @example
 * ```ts
 * import { show } from './input-issues.js'; // inside packages/ecs/src
 * console.log(show('x'), show(undefined), show([1])); // '"x"' 'undefined' '[1]'
 * ```
 */
export const show = (value: unknown): string => showValue(value);

/**
 * A value as text, for output that is discarded when the input has issues: strings and numbers as
 * they are, anything else in its {@link show} form (never throws, even for objects without a prototype).
 *
 * @example
 * ```ts
 * import { text } from './input-issues.js'; // inside packages/ecs/src
 * console.log(text(9080), text('x'), text({ a: 1 })); // '9080' 'x' '{"a":1}'
 * ```
 */
export const text = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : show(value);

/**
 * True for an integer in [min, max].
 *
 * @example
 * ```ts
 * import { isIntegerIn } from './input-issues.js'; // inside packages/ecs/src
 * console.log(isIntegerIn(80, 1, 65535), isIntegerIn(1.5, 1, 65535)); // true false
 * ```
 */
export const isIntegerIn = (value: unknown, min: number, max: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;

/**
 * Checks a TCP/UDP port number and records an issue when it is not an integer in 1-65535.
 *
 * @example
 * ```ts
 * import { checkPort, InputIssues } from './input-issues.js'; // inside packages/ecs/src
 * const issues = new InputIssues();
 * console.log(checkPort(issues, 'xray.port', 70000), issues.list[0]?.code); // false 'PORT_RANGE'
 * ```
 */
export function checkPort(issues: InputIssues, path: string, value: unknown): value is number {
  if (isIntegerIn(value, 1, 65535)) return true;
  issues.add('PORT_RANGE', path, `${path} must be an integer port in 1-65535, got ${show(value)}`);
  return false;
}
