// Text forms of the proto3 JSON mapping for the well-known types (protobuf "ProtoJSON Format"):
// Duration as "<seconds>[.<up to 9 digits>]s", Timestamp as RFC 3339 in UTC, FieldMask as
// comma-separated lowerCamel paths. protobufjs's fromObject/toObject do not implement these.

const MAX_DURATION_SECONDS = 315_576_000_000;

/** `"15s"`, `"0.250s"`, `"-1.5s"` → seconds and nanos, or a message saying why not. */
export function parseDuration(text: string): { seconds: number; nanos: number } | string {
  const m = /^(-)?(\d+)(?:\.(\d{1,9}))?s$/.exec(text);
  if (!m)
    return `a Duration is a string such as "15s" or "0.250s" (seconds, up to 9 fraction digits, then "s")`;
  const sign = m[1] ? -1 : 1;
  const seconds = Number(m[2]);
  if (seconds > MAX_DURATION_SECONDS) return `a Duration is at most ${MAX_DURATION_SECONDS}s`;
  const nanos = m[3] ? Number(m[3].padEnd(9, '0')) : 0;
  return { seconds: sign * seconds, nanos: sign * nanos };
}

/** Seconds and nanos → `"15s"` / `"0.250s"` (3, 6 or 9 fraction digits, as protobuf prints). */
export function formatDuration(seconds: number, nanos: number): string {
  const negative = seconds < 0 || nanos < 0;
  const s = Math.abs(seconds);
  const n = Math.abs(nanos);
  if (n === 0) return `${negative ? '-' : ''}${s}s`;
  let frac = String(n).padStart(9, '0');
  if (frac.endsWith('000000')) frac = frac.slice(0, 3);
  else if (frac.endsWith('000')) frac = frac.slice(0, 6);
  return `${negative ? '-' : ''}${s}.${frac}s`;
}

/** RFC 3339 (`2026-09-30T00:00:00Z`, fraction and offset allowed) → seconds and nanos. */
export function parseTimestamp(text: string): { seconds: number; nanos: number } | string {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  const ms = m ? Date.parse(`${m[1]}${m[3]}`) : Number.NaN;
  if (!m || Number.isNaN(ms)) return 'a Timestamp is an RFC 3339 string such as "2026-09-30T00:00:00Z"';
  return { seconds: Math.floor(ms / 1000), nanos: m[2] ? Number(m[2].padEnd(9, '0')) : 0 };
}

/** Seconds and nanos → RFC 3339 in UTC. */
export function formatTimestamp(seconds: number, nanos: number): string {
  const base = new Date(seconds * 1000).toISOString().slice(0, 19);
  return nanos === 0 ? `${base}Z` : `${base}.${String(nanos).padStart(9, '0').replace(/0+$/, '')}Z`;
}

/** `"fooBar,baz.quxQuux"` → `["foo_bar", "baz.qux_quux"]`. */
export function parseFieldMask(text: string): string[] {
  return text === '' ? [] : text.split(',').map((p) => p.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));
}

/** `["foo_bar"]` → `"fooBar"`. */
export function formatFieldMask(paths: readonly string[]): string {
  return paths.map(lowerCamel).join(',');
}

/** The proto3 JSON name of a field: `connect_timeout` → `connectTimeout`. */
export function lowerCamel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** The wrapper types whose JSON form is their plain `value`. */
export const WRAPPER_TYPES = new Set([
  'google.protobuf.DoubleValue',
  'google.protobuf.FloatValue',
  'google.protobuf.Int64Value',
  'google.protobuf.UInt64Value',
  'google.protobuf.Int32Value',
  'google.protobuf.UInt32Value',
  'google.protobuf.BoolValue',
  'google.protobuf.StringValue',
  'google.protobuf.BytesValue',
]);
