import { showValue } from '@meshplane/core/options';

/**
 * A value as it is shown in an error message: core's one printer (`showValue`), JSON-like
 * (`"dj-app"`, `9080`, `{"a":1}`) and a short text for what JSON cannot hold (`10n`, `Symbol(s)`,
 * `<function f>`, `<cycle>`), bounded at 1000 characters (a 255-character name still shows
 * whole). Never throws and never calls the value's own members: the one printer behind every
 * "got …" of the package, so that a hostile value becomes a clear error, not a TypeError.
 *
 * @example
 * ```ts
 * shown('dj-app'); // '"dj-app"'
 * shown(10n); // '10n'
 * shown({ toString: 1 }); // '{"toString":1}'
 * ```
 */
export function shown(value: unknown): string {
  return showValue(value, 1000);
}

/**
 * True for an object that is not an array (what JSON calls an object).
 *
 * @example
 * ```ts
 * isPlainRecord({ a: 1 }); // true
 * isPlainRecord([1]); // false
 * ```
 */
export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
