import type { KeyValuePair } from '@aws-sdk/client-ecs';

// Builders that keep the rendered JSON byte-stable: sorted names and keys, no undefined members.

/**
 * Environment variables as ECS `{ name, value }` pairs, sorted by name; `undefined` when empty.
 *
 * @example
 * ```ts
 * import { environmentList } from './stable-json.js'; // inside packages/ecs/src/task-definition
 * console.log(environmentList({ B: '2', A: '1' })); // [{ name: 'A', value: '1' }, { name: 'B', value: '2' }]
 * ```
 */
export function environmentList(env: Record<string, string> | undefined): KeyValuePair[] | undefined {
  if (!env || typeof env !== 'object') return undefined;
  const names = Object.keys(env).sort();
  return names.length ? names.map((name) => ({ name, value: env[name] })) : undefined;
}

/**
 * A copy of `record` with its keys in sorted order.
 *
 * @example
 * ```ts
 * import { sortedRecord } from './stable-json.js'; // inside packages/ecs/src/task-definition
 * console.log(Object.keys(sortedRecord({ b: '2', a: '1' }))); // ['a', 'b']
 * ```
 */
export function sortedRecord(record: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(record).sort()) out[key] = record[key] as string;
  return out;
}

/**
 * Drops undefined members so that the output has only what is set, in a fixed order.
 *
 * @example
 * ```ts
 * import { compact } from './stable-json.js'; // inside packages/ecs/src/task-definition
 * console.log(compact({ name: 'app', cpu: undefined })); // { name: 'app' }
 * ```
 */
export function compact<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) if (inner !== undefined) out[key] = inner;
  return out as T;
}
