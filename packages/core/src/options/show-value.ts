// node:util/types, not node:util: importing node:util as an ES module builds its whole namespace,
// which loads parse_args, mime and abort_controller (~0.5 ms of every cold start that shows a value).
import * as types from 'node:util/types';

/**
 * The one printer of a value inside an error message, shared by every meshplane package:
 * JSON-like, bounded, and safe on any input. It never calls the value's own code (`toString`,
 * `valueOf`, `toJSON`, `Symbol.toPrimitive`): an option object with a hostile member prints as
 * its members, never as `[object Object]` and never as a TypeError. Getters and proxy traps that
 * throw print as `<unreadable: …>`; cycles as `<cycle>`; BigInts as `10n`; symbols and functions
 * by name; dates, maps, sets and regular expressions as what they are (`<Date 2024-…Z>`,
 * `<Map of 2>`); instances of a class with their class (`<Client {"region":"x"}>`). Deep values stop at 6 levels, long lists and objects at 20 members, the text at
 * `maxLength` characters.
 *
 * @example
 * ```ts
 * import { showValue } from '@meshplane/core';
 * const cyclic: Record<string, unknown> = { a: 1 };
 * cyclic.self = cyclic;
 * console.log(showValue('x'), showValue({ toString: 1 }), showValue(cyclic), showValue(10n));
 * // '"x"' '{"toString":1}' '{"a":1,"self":<cycle>}' '10n'
 * ```
 */
export function showValue(value: unknown, maxLength = 200): string {
  const out = print(value, new Set(), 0);
  return out.length > maxLength ? `${out.slice(0, maxLength - 1)}…` : out;
}

const MAX_DEPTH = 6;
const MAX_ITEMS = 20;

function print(value: unknown, seen: Set<object>, depth: number): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value.toString(10)}n`;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
      return 'undefined';
    case 'symbol':
      return `Symbol(${value.description ?? ''})`;
    case 'function':
      return `<function ${safeName(value)}>`;
  }
  if (value === null) return 'null';
  const object = value as object;
  if (seen.has(object)) return '<cycle>';
  if (depth >= MAX_DEPTH) return Array.isArray(object) ? '[…]' : '{…}';
  seen.add(object);
  try {
    return Array.isArray(object) ? printArray(object, seen, depth) : printObject(object, seen, depth);
  } catch (error) {
    return `<unreadable: ${errorReason(error)}>`;
  } finally {
    seen.delete(object);
  }
}

function printArray(array: unknown[], seen: Set<object>, depth: number): string {
  const items: string[] = [];
  for (let i = 0; i < Math.min(array.length, MAX_ITEMS); i++) {
    items.push(i in array ? readAndPrint(array, i, seen, depth) : '<empty>');
  }
  if (array.length > MAX_ITEMS) items.push(`… ${array.length - MAX_ITEMS} more`);
  return `[${items.join(',')}]`;
}

function printObject(object: object, seen: Set<object>, depth: number): string {
  // Boxed primitives and URLs print as their value, read through the built-in prototypes'
  // accessors: a member named valueOf or href on the object itself is never used.
  for (const [Box, unbox] of BOXES) {
    if (object instanceof Box) return print(unbox.call(object), seen, depth);
  }
  const builtIn = printBuiltIn(object);
  if (builtIn !== undefined) return builtIn;
  const keys = Object.keys(object);
  const members = keys
    .slice(0, MAX_ITEMS)
    .map((key) => `${JSON.stringify(key)}:${readAndPrint(object, key, seen, depth)}`);
  if (keys.length > MAX_ITEMS) members.push(`… ${keys.length - MAX_ITEMS} more`);
  const className = classNameOf(object);
  return className === undefined ? `{${members.join(',')}}` : `<${className} {${members.join(',')}}>`;
}

/**
 * Dates, maps, sets, errors and regular expressions keep their state outside their members (they would
 * print as `{}`): they print as what they are, read through the built-in prototypes' methods
 * (a `toISOString` or `size` member on the object itself is never used).
 */
function printBuiltIn(object: object): string | undefined {
  if (types.isDate(object)) {
    const time = Date.prototype.getTime.call(object);
    return Number.isNaN(time) ? '<Date invalid>' : `<Date ${Date.prototype.toISOString.call(object)}>`;
  }
  if (types.isMap(object)) return `<Map of ${mapSize.call(object)}>`;
  if (types.isSet(object)) return `<Set of ${setSize.call(object)}>`;
  if (types.isNativeError(object)) {
    const message = Object.getOwnPropertyDescriptor(object, 'message')?.value;
    return `<${classNameOf(object) ?? 'Error'}${typeof message === 'string' ? `: ${message}` : ''}>`;
  }
  if (types.isRegExp(object)) return `<RegExp /${regExpSource.call(object)}/${regExpFlags.call(object)}>`;
  return undefined;
}

/** The class of an instance (`Foo` for `new Foo()`), or undefined for a plain object or a list. */
function classNameOf(object: object): string | undefined {
  const proto: unknown = Object.getPrototypeOf(object);
  if (proto === null || proto === Object.prototype) return undefined;
  const ctor = Object.getOwnPropertyDescriptor(proto, 'constructor')?.value;
  return typeof ctor === 'function' ? safeName(ctor) : 'object';
}

function readAndPrint(holder: object, key: string | number, seen: Set<object>, depth: number): string {
  let inner: unknown;
  try {
    inner = (holder as Record<string | number, unknown>)[key];
  } catch (error) {
    return `<unreadable: ${errorReason(error)}>`;
  }
  return print(inner, seen, depth + 1);
}

const getter = (proto: object, name: string) =>
  Object.getOwnPropertyDescriptor(proto, name)?.get as (this: object) => unknown;
const hrefGetter = getter(URL.prototype, 'href');
const mapSize = getter(Map.prototype, 'size');
const setSize = getter(Set.prototype, 'size');
const regExpSource = getter(RegExp.prototype, 'source');
const regExpFlags = getter(RegExp.prototype, 'flags');
const BOXES: [abstract new (...args: never[]) => object, (this: object) => unknown][] = [
  [String, String.prototype.valueOf as (this: object) => unknown],
  [Number, Number.prototype.valueOf as (this: object) => unknown],
  [Boolean, Boolean.prototype.valueOf as (this: object) => unknown],
  [URL, hrefGetter],
];

function safeName(fn: unknown): string {
  try {
    const name = (fn as { name?: unknown }).name;
    return typeof name === 'string' && name ? name : 'anonymous';
  } catch {
    return 'anonymous';
  }
}

/**
 * The message of a thrown value, without calling its own code when it is not an `Error`.
 *
 * @example
 * ```ts
 * import { errorReason } from '@meshplane/core';
 * console.log(errorReason(new Error('boom')), errorReason(Object.create(null))); // 'boom' '{}'
 * ```
 */
export function errorReason(error: unknown): string {
  try {
    if (error instanceof Error && typeof error.message === 'string') return error.message;
  } catch {
    // a proxy or a getter on message: fall through to the printer
  }
  return print(error, new Set(), MAX_DEPTH - 1);
}
