import { createHash } from 'node:crypto';

/**
 * A stable digest of a JSON request (keys sorted, undefined members dropped, `ignored` top-level
 * members left out), so a retried request is recognised whatever its key order: App Mesh's
 * `clientToken` and Cloud Map's `CreatorRequestId` idempotency both compare requests with it.
 */
export function requestDigest(value: unknown, ignored: readonly string[] = []): string {
  const top =
    ignored.length > 0 && typeof value === 'object' && value !== null && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).filter(([key]) => !ignored.includes(key)))
      : value;
  return createHash('sha256').update(stableJson(top)).digest('hex');
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
