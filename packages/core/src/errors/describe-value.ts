/**
 * A value as an error message shows it: JSON for data, but NaN, Infinity, -0, bigints, symbols,
 * functions and cycles (which JSON.stringify turns into null or throws on) as they are, and a
 * value whose own `toJSON`, getter or proxy throws as what it is, so a message never hides or
 * loses the bad value and printing it never throws. Long values are cut at `max` characters.
 *
 * @example
 * ```ts
 * import { describeValue } from '@meshplane/core';
 * console.log(describeValue(Number.NaN), describeValue({ port: 8080 }), describeValue(10n)); // NaN {"port":8080} 10n
 * ```
 */
export function describeValue(value: unknown, max = 200): string {
  const text = describeWhole(value);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function describeWhole(value: unknown): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'symbol') return safeString(() => value.toString(), 'a symbol');
  if (typeof value === 'undefined') return 'undefined';
  if (typeof value === 'function') return 'a function';
  try {
    return (
      JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)) ?? String(value)
    );
  } catch (error) {
    if (error instanceof TypeError && /circular/i.test(error.message)) {
      return Array.isArray(value) ? 'a list that refers to itself' : 'an object that refers to itself';
    }
    return Array.isArray(value) ? 'a list that cannot be read' : 'an object that cannot be read';
  }
}

function safeString(print: () => string, fallback: string): string {
  try {
    return print();
  } catch {
    return fallback;
  }
}
