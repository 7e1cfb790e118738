import { createHash } from 'node:crypto';
import type { MeshModel } from '@meshplane/core';

/** JSON with object keys sorted, so that key order never changes a version. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stable(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The version of a model: 16 hex digits of the SHA-256 of its resources (kind, mesh, names,
 * spec, tags) in a key-order-independent JSON. Where a resource came from (`source`) does not
 * count: the same mesh read from a file or from an endpoint has the same version.
 *
 * @example
 * ```ts
 * import { modelVersion } from '@meshplane/xds/internals';
 * const a = modelVersion({ resources: [{ kind: 'mesh', meshName: 'm', name: 'm', spec: { egressFilter: { type: 'DROP_ALL' } } }] });
 * const b = modelVersion({ resources: [{ name: 'm', meshName: 'm', kind: 'mesh', spec: { egressFilter: { type: 'DROP_ALL' } } }] });
 * console.log(a === b, a.length); // true 16
 * ```
 */
export function modelVersion(model: MeshModel): string {
  const resources = model.resources.map(({ source: _source, ...resource }) => resource);
  return createHash('sha256').update(stable(resources)).digest('hex').slice(0, 16);
}
