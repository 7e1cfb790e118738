import { errorReason, showValue } from '@meshplane/core';

/**
 * The way `@meshplane/ecs` prints a value in a message: core's one printer (`showValue`),
 * JSON-like, bounded, and safe on any input. It never calls the value's own code (`toString`,
 * `valueOf`, `toJSON`, `Symbol.toPrimitive`): an option object with a hostile member prints as
 * its members, never as `[object Object]` and never as a TypeError. Getters and proxy traps that
 * throw print as `<unreadable: …>`; cycles as `<cycle>`; BigInts as `10n`; symbols and functions
 * by name.
 *
 * @example
 * ```ts
 * import { printValue } from './print-value.js'; // inside packages/ecs/src
 * const cyclic: Record<string, unknown> = { a: 1 };
 * cyclic.self = cyclic;
 * console.log(printValue('x'), printValue({ toString: 1 }), printValue(cyclic), printValue(10n));
 * // '"x"' '{"toString":1}' '{"a":1,"self":<cycle>}' '10n'
 * ```
 */
export function printValue(value: unknown, maxLength = 200): string {
  return showValue(value, maxLength);
}

/**
 * The message of a thrown value, without calling its own code when it is not an `Error`
 * (core's `errorReason`).
 *
 * @example
 * ```ts
 * import { reason } from './print-value.js'; // inside packages/ecs/src
 * console.log(reason(new Error('boom')), reason(Object.create(null))); // 'boom' '{}'
 * ```
 */
export function reason(error: unknown): string {
  return errorReason(error);
}
