import { errorReason } from '@meshplane/core';
import { InputIssues } from './input-issues.js';

/**
 * Reads an option object once, into plain data (objects, arrays, primitives), before anything is
 * checked or rendered. Getters and proxy traps run here and only here: one that throws, and a
 * cycle, become issues naming the path, so the checks and renderers that follow work on data
 * that cannot throw when read. A value's own `toString`, `valueOf`, `toJSON` are copied as the
 * members they are, never called. Functions and class instances other than plain objects and
 * arrays (an SDK client, say) are kept as they are, unread. Throws an `EcsInputError` with every
 * unreadable path at once.
 *
 * @example
 * ```ts
 * import { plainInput } from './plain-input.js'; // inside packages/ecs/src
 * const options = plainInput({ app: { image: 'jazz:v1', toString: 1 } }, 'options');
 * console.log(options); // { app: { image: 'jazz:v1', toString: 1 } }
 * ```
 */
export function plainInput<T>(value: T, name: string): T {
  const issues = new InputIssues();
  const copy = copyPlain(issues, '', value, new Set(), name);
  issues.throwIfAny();
  return copy as T;
}

function copyPlain(
  issues: InputIssues,
  path: string,
  value: unknown,
  seen: Set<object>,
  name: string,
): unknown {
  if (value === null || typeof value !== 'object') return value;
  const at = path || name;
  try {
    if (seen.has(value)) {
      issues.add('CYCLE', path, `${at} refers back to itself: the options must be plain data (a tree)`);
      return undefined;
    }
    const array = Array.isArray(value);
    const proto = Object.getPrototypeOf(value);
    if (!array && proto !== Object.prototype && proto !== null) {
      // Boxed values, dates, class instances: kept as they are (the checks report a wrong type).
      return value;
    }
    seen.add(value);
    try {
      if (array) {
        const items = value as unknown[];
        const out: unknown[] = new Array(items.length);
        for (let i = 0; i < items.length; i++) {
          if (!(i in items)) continue;
          const child = `${path}[${i}]`;
          out[i] = copyPlain(issues, child, read(issues, child, child, items, i), seen, name);
        }
        return out;
      }
      const out: Record<string, unknown> = proto === null ? Object.create(null) : {};
      for (const key of Object.keys(value)) {
        const child = path ? `${path}.${key}` : key;
        const copy = copyPlain(issues, child, read(issues, child, child, value, key), seen, name);
        // A key named __proto__ stays a member (as JSON.parse keeps it) instead of setting the prototype.
        if (key === '__proto__') {
          Object.defineProperty(out, key, {
            value: copy,
            enumerable: true,
            writable: true,
            configurable: true,
          });
        } else out[key] = copy;
      }
      return out;
    } finally {
      seen.delete(value);
    }
  } catch (error) {
    issues.add('UNREADABLE', path, `${at} could not be read: ${errorReason(error)}`);
    return undefined;
  }
}

function read(issues: InputIssues, path: string, at: string, holder: object, key: string | number): unknown {
  try {
    return (holder as Record<string | number, unknown>)[key];
  } catch (error) {
    issues.add('UNREADABLE', path, `${at} could not be read: ${errorReason(error)}`);
    return undefined;
  }
}
