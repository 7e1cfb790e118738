import type { TagRef } from '@aws-sdk/client-app-mesh';
import type { MeshplaneResource } from '../model/resources.js';

/**
 * A JSON value after normalization: no `undefined`/`null`, no empty lists or objects, arrays
 * sorted by their canonical JSON, and values equal to an App Mesh default removed.
 */
export type NormalizedValue =
  | string
  | number
  | boolean
  | NormalizedValue[]
  | { [key: string]: NormalizedValue };

// Members whose absence the App Mesh API treats exactly like this value (Smithy model docs):
// removing them on both sides makes "explicit default" and "absent" compare equal.
const DEFAULT_MEMBER_VALUES: Readonly<Record<string, unknown>> = {
  // ClientPolicyTls / VirtualGatewayClientPolicyTls: "The default is True".
  enforce: true,
  // Http/Grpc route and gateway route header/metadata matches: "The default value is False".
  invert: false,
  // Gateway route rewrites: the hostname and prefix rewrites are ENABLED by default.
  defaultTargetHostname: 'ENABLED',
  defaultPrefix: 'ENABLED',
};

/**
 * Normalizes any JSON-like value the way the planner compares specs. Every App Mesh list is a
 * set as far as Envoy's behaviour goes (listeners, backends, weighted targets, header matches,
 * retry events, SANs, ports), so arrays are sorted; empty lists and objects are dropped because
 * the API returns `[]` for lists that were never sent.
 *
 * @example
 * ```ts
 * import { normalizeValue } from '@meshplane/core/appmesh/internals';
 * normalizeValue({ backends: [], listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] });
 * // { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] }
 * ```
 */
export function normalizeValue(value: unknown): NormalizedValue | undefined {
  return normalizeWithKey(value)?.value;
}

/** A normalized value with its canonical JSON, built in the same pass. */
export interface KeyedValue {
  value: NormalizedValue;
  key: string;
}

const byKey = (a: KeyedValue, b: KeyedValue) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * {@link normalizeValue} that also returns the canonical JSON of the result (equal values ⇔ equal
 * keys). Building both at once keeps sorting and comparing linear: no value is serialized twice.
 *
 * @example
 * ```ts
 * import { normalizeWithKey } from '@meshplane/core/appmesh/internals';
 * normalizeWithKey({ b: [2, 1], a: [] })?.key; // '{"b":[1,2]}'
 * ```
 */
export function normalizeWithKey(value: unknown): KeyedValue | undefined {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) {
    const items: KeyedValue[] = [];
    for (const element of value) {
      const item = normalizeWithKey(element);
      if (item !== undefined) items.push(item);
    }
    if (items.length === 0) return undefined;
    items.sort(byKey);
    return { value: items.map((i) => i.value), key: `[${items.map((i) => i.key).join(',')}]` };
  }
  if (value instanceof Date) {
    const iso = value.toISOString();
    return { value: iso, key: JSON.stringify(iso) };
  }
  if (typeof value === 'object') {
    const out: { [key: string]: NormalizedValue } = {};
    const parts: string[] = [];
    for (const key of Object.keys(value).sort()) {
      const raw = (value as Record<string, unknown>)[key];
      if (key in DEFAULT_MEMBER_VALUES && DEFAULT_MEMBER_VALUES[key] === raw) continue;
      const item = normalizeWithKey(raw);
      if (item === undefined) continue;
      out[key] = item.value;
      parts.push(`${JSON.stringify(key)}:${item.key}`);
    }
    return parts.length === 0 ? undefined : { value: out, key: `{${parts.join(',')}}` };
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return { value, key: JSON.stringify(value) };
  }
  const text = String(value);
  return { value: text, key: JSON.stringify(text) };
}

const quoteKey = (key: string): string => `${JSON.stringify(key)}:`;

/**
 * The canonical JSON of `normalizeValue(value)` without building the normalized value: the
 * planner's fast path, since most resources of a read-back are unchanged and only need an
 * equality check. Returns undefined when the value normalizes to nothing.
 *
 * @example
 * ```ts
 * import { normalizedKey } from '@meshplane/core/appmesh/internals';
 * normalizedKey({ b: [2, 1], a: [], enforce: true }); // '{"b":[1,2]}'
 * ```
 */
export function normalizedKey(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    const keys: string[] = [];
    for (const element of value) {
      const key = normalizedKey(element);
      if (key !== undefined) keys.push(key);
    }
    if (keys.length === 0) return undefined;
    if (keys.length > 1) keys.sort();
    let out = '[';
    for (let i = 0; i < keys.length; i++) out += i === 0 ? keys[i] : `,${keys[i]}`;
    return `${out}]`;
  }
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const names = Object.keys(record);
    if (names.length > 1) names.sort();
    let out = '';
    for (const name of names) {
      const raw = record[name];
      if (raw === undefined || raw === null) continue;
      if (name in DEFAULT_MEMBER_VALUES && DEFAULT_MEMBER_VALUES[name] === raw) continue;
      const key = normalizedKey(raw);
      if (key === undefined) continue;
      out += out === '' ? quoteKey(name) + key : `,${quoteKey(name)}${key}`;
    }
    return out === '' ? undefined : `{${out}}`;
  }
  return JSON.stringify(String(value));
}

const isDefaultMember = (name: string, value: unknown): boolean =>
  name in DEFAULT_MEMBER_VALUES && DEFAULT_MEMBER_VALUES[name] === value;

/** True when a value normalizes to nothing (absent, empty, or only defaults and empties inside). */
function isAbsent(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (Array.isArray(value)) return value.every(isAbsent);
  if (typeof value !== 'object' || value instanceof Date) return false;
  const record = value as Record<string, unknown>;
  for (const name in record) {
    const member = record[name];
    if (!isDefaultMember(name, member) && !isAbsent(member)) return false;
  }
  return true;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

function membersEqual(name: string, a: unknown, b: unknown): boolean {
  const aGone = isDefaultMember(name, a);
  const bGone = isDefaultMember(name, b);
  if (aGone || bGone) return (aGone || isAbsent(a)) && (bGone || isAbsent(b));
  return normalizedEqual(a, b);
}

/**
 * True when two values are equal after normalization ({@link normalizeValue}), without building
 * either: objects are walked member by member, lists compared in order first and as sets (by
 * canonical key) only when the order differs. This is the planner's hot path: on a read-back most
 * resources are unchanged and in the same order.
 *
 * @example
 * ```ts
 * import { normalizedEqual } from '@meshplane/core/appmesh/internals';
 * normalizedEqual({ backends: [], ports: [2, 1] }, { ports: [1, 2], tls: { enforce: true } }); // true
 * ```
 */
export function normalizedEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || a === undefined || b === null || b === undefined) return isAbsent(a) && isAbsent(b);
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length === b.length) {
      let inOrder = true;
      for (let i = 0; i < a.length && inOrder; i++) inOrder = normalizedEqual(a[i], b[i]);
      if (inOrder) return true;
    }
    return normalizedKey(a) === normalizedKey(b);
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    for (const name in a) if (!membersEqual(name, a[name], b[name])) return false;
    for (const name in b) if (!(name in a) && !membersEqual(name, undefined, b[name])) return false;
    return true;
  }
  return normalizedKey(a) === normalizedKey(b);
}

/**
 * True when two specs of the same kind are equal as the planner compares them (kind defaults
 * included, e.g. a mesh's `DROP_ALL` egress filter).
 *
 * @example
 * ```ts
 * import { specsEquivalent } from '@meshplane/core/appmesh';
 * specsEquivalent('mesh', {}, { egressFilter: { type: 'DROP_ALL' } }); // true
 * ```
 */
export function specsEquivalent(kind: MeshplaneResource['kind'], a: unknown, b: unknown): boolean {
  return normalizedEqual(
    comparableSpec({ kind, spec: a } as Pick<MeshplaneResource, 'kind' | 'spec'>),
    comparableSpec({ kind, spec: b } as Pick<MeshplaneResource, 'kind' | 'spec'>),
  );
}

/**
 * Normalizes a resource's spec: {@link normalizeValue} plus the kind-specific defaults the API
 * fills in (a mesh without an egress filter is `DROP_ALL`). Always returns an object.
 *
 * @example
 * ```ts
 * import { normalizeSpec } from '@meshplane/core/appmesh';
 * normalizeSpec({ kind: 'mesh', meshName: 'm', name: 'm', spec: { egressFilter: { type: 'DROP_ALL' } } }); // {}
 * ```
 */
export function normalizeSpec(resource: Pick<MeshplaneResource, 'kind' | 'spec'>): {
  [key: string]: NormalizedValue;
} {
  return normalizeSpecWithKey(resource).value;
}

/** The spec a resource is compared on: its spec without the defaults that are kind-specific. */
function comparableSpec(resource: Pick<MeshplaneResource, 'kind' | 'spec'>): unknown {
  const spec = resource.spec as unknown;
  if (resource.kind !== 'mesh') return spec;
  const filter = (spec as { egressFilter?: Record<string, unknown> } | undefined)?.egressFilter;
  // EgressFilter.type: "By default, the type is DROP_ALL".
  if (
    filter &&
    filter.type === 'DROP_ALL' &&
    Object.keys(filter).every((k) => k === 'type' || filter[k] === undefined)
  ) {
    const { egressFilter: _dropped, ...rest } = spec as Record<string, unknown>;
    return rest;
  }
  return spec;
}

/**
 * The canonical JSON of {@link normalizeSpec}, computed without building it.
 *
 * @example
 * ```ts
 * import { normalizedSpecKey } from '@meshplane/core/appmesh/internals';
 * normalizedSpecKey({ kind: 'mesh', spec: { egressFilter: { type: 'DROP_ALL' } } }); // '{}'
 * ```
 */
export function normalizedSpecKey(resource: Pick<MeshplaneResource, 'kind' | 'spec'>): string {
  return normalizedKey(comparableSpec(resource)) ?? '{}';
}

/**
 * {@link normalizeSpec} with the canonical JSON of the result, for cheap equality checks.
 *
 * @example
 * ```ts
 * import { normalizeSpecWithKey } from '@meshplane/core/appmesh/internals';
 * normalizeSpecWithKey({ kind: 'mesh', spec: {} }).key; // '{}'
 * ```
 */
export function normalizeSpecWithKey(resource: Pick<MeshplaneResource, 'kind' | 'spec'>): {
  value: { [key: string]: NormalizedValue };
  key: string;
} {
  const spec = comparableSpec(resource);
  const keyed = normalizeWithKey(spec);
  return keyed
    ? { value: keyed.value as { [key: string]: NormalizedValue }, key: keyed.key }
    : { value: {}, key: '{}' };
}

/**
 * Normalizes tags to a list sorted by key, with a missing value read as the empty string.
 * Absent tags and an empty list are the same thing.
 *
 * @example
 * ```ts
 * import { normalizeTags } from '@meshplane/core/appmesh/internals';
 * normalizeTags([{ key: 'team', value: 'b' }, { key: 'app', value: 'a' }]); // app first
 * ```
 */
export function normalizeTags(tags: readonly TagRef[] | undefined): { key: string; value: string }[] {
  if (!tags) return [];
  return tags
    .filter((t) => t?.key !== undefined)
    .map((t) => ({ key: t.key as string, value: t.value ?? '' }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
