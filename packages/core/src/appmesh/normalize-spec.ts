import type { TagRef } from '@aws-sdk/client-app-mesh';
import type { MeshplaneResource } from '../model/resources.js';
import { canonicalJson } from './canonical-json.js';

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
 * import { normalizeValue } from '@meshplane/core/appmesh';
 * normalizeValue({ backends: [], listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] });
 * // { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] }
 * ```
 */
export function normalizeValue(value: unknown): NormalizedValue | undefined {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) {
    const items: { key: string; item: NormalizedValue }[] = [];
    for (const element of value) {
      const item = normalizeValue(element);
      if (item !== undefined) items.push({ key: canonicalJson(item), item });
    }
    if (items.length === 0) return undefined;
    items.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return items.map((i) => i.item);
  }
  if (typeof value === 'object') {
    const out: { [key: string]: NormalizedValue } = {};
    let empty = true;
    for (const key of Object.keys(value).sort()) {
      const raw = (value as Record<string, unknown>)[key];
      if (key in DEFAULT_MEMBER_VALUES && DEFAULT_MEMBER_VALUES[key] === raw) continue;
      const item = normalizeValue(raw);
      if (item === undefined) continue;
      out[key] = item;
      empty = false;
    }
    return empty ? undefined : out;
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return String(value);
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
  const spec = (normalizeValue(resource.spec) ?? {}) as { [key: string]: NormalizedValue };
  if (resource.kind === 'mesh') {
    const filter = spec.egressFilter as { type?: NormalizedValue } | undefined;
    // EgressFilter.type: "By default, the type is DROP_ALL".
    if (filter && filter.type === 'DROP_ALL' && Object.keys(filter).length === 1) {
      const { egressFilter: _dropped, ...rest } = spec;
      return rest;
    }
  }
  return spec;
}

/**
 * Normalizes tags to a list sorted by key, with a missing value read as the empty string.
 * Absent tags and an empty list are the same thing.
 *
 * @example
 * ```ts
 * import { normalizeTags } from '@meshplane/core/appmesh';
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
