import { shown } from '../value-text.js';

/**
 * Text for anything a provider (or the AWS SDK, or a bug) throws, for a FAILED `Reason` and the
 * logs. It never throws itself: an object without a prototype, one whose `toString` throws or is
 * not a function, a revoked proxy or an Error whose `message` getter throws all get a text. The
 * handler builds its answer from this, and CloudFormation must get an answer on every path.
 *
 * @example
 * ```ts
 * thrownText(new RangeError('too far')); // 'RangeError: too far'
 * thrownText(Object.create(null)); // 'a non-Error value was thrown: {}'
 * thrownText({ toString: () => 'x' }); // 'a non-Error value was thrown: {"toString":<function toString>}'
 * ```
 */
export function thrownText(thrown: unknown): string {
  try {
    if (thrown instanceof Error) return errorText(thrown);
  } catch {
    // a revoked proxy throws on instanceof: shown below
  }
  return `a non-Error value was thrown: ${shown(thrown)}`;
}

function errorText(error: Error): string {
  const name = safely(() => String(error.name), 'Error');
  const message = safely(() => String(error.message), '[its message could not be read]');
  const code = safely(() => (error as { code?: unknown }).code, undefined);
  // AWS SDK and meshplane errors carry a stable code that the message may not repeat.
  const prefix = typeof code === 'string' && !message.includes(code) ? `${code}: ` : '';
  return `${name === 'Error' ? '' : `${name}: `}${prefix}${message}`;
}

function safely<T, F>(read: () => T, fallback: F): T | F {
  try {
    return read();
  } catch {
    return fallback;
  }
}
