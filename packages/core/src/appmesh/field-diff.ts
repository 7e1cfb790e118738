import type { NormalizedValue } from './normalize-spec.js';

/**
 * One changed field of a resource: a JSON path (`spec.httpRoute.action.weightedTargets[1].weight`)
 * with the normalized value before (absent when added) and after (absent when removed).
 */
export interface FieldChange {
  path: string;
  before?: unknown;
  after?: unknown;
}

const isRecord = (v: unknown): v is Record<string, NormalizedValue> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const childPath = (path: string, key: string): string =>
  /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;

/**
 * Lists the fields that differ between two normalized values. Objects are compared member by
 * member; arrays (already sorted by normalization) element by element when their lengths match,
 * otherwise the whole array is reported once, which reads better than a cascade of shifted
 * elements.
 *
 * @example
 * ```ts
 * import { diffFields } from '@meshplane/core/appmesh';
 * diffFields('spec', { a: 1, b: [1] }, { a: 2, b: [1] }); // [{ path: 'spec.a', before: 1, after: 2 }]
 * ```
 */
export function diffFields(
  path: string,
  before: NormalizedValue | undefined,
  after: NormalizedValue | undefined,
  out: FieldChange[] = [],
): FieldChange[] {
  if (before === after) return out;
  if (isRecord(before) && isRecord(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    for (const key of [...keys].sort()) diffFields(childPath(path, key), before[key], after[key], out);
    return out;
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    for (let i = 0; i < before.length; i++) diffFields(`${path}[${i}]`, before[i], after[i], out);
    return out;
  }
  const change: FieldChange = { path };
  if (before !== undefined) change.before = before;
  if (after !== undefined) change.after = after;
  out.push(change);
  return out;
}
