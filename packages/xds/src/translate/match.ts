import type { GrpcRouteMatch, HttpRouteHeader, HttpRouteMatch } from '@aws-sdk/client-app-mesh';
import type { Json } from './envoy-json.js';

/**
 * App Mesh route matches → Envoy `RouteMatch` (config.route.v3). App Mesh ANDs every condition
 * of a match, as Envoy does; each form maps to one Envoy matcher:
 *
 * | App Mesh | Envoy |
 * | --- | --- |
 * | `prefix` | `prefix` |
 * | `path.exact` / `path.regex` | `path` / `safe_regex` (RE2, full match, as App Mesh) |
 * | `headers[].match.exact/prefix/suffix/regex` | `string_match` |
 * | `headers[].match.range {start, end}` | `range_match` (end exclusive in both) |
 * | `headers[]` without `match` | `present_match: true` (the header must be there) |
 * | `headers[].invert` | `invert_match: true` |
 * | `queryParameters[]` (`match.exact` or presence) | `query_parameters` |
 * | `method`, `scheme` | `:method`, `:scheme` header matchers |
 * | gRPC `serviceName` / `methodName` | `prefix: /<service>/` / `path: /<service>/<method>` |
 * | gRPC `metadata[]` | header matchers |
 *
 * `port` selects the virtual host (listener port), not a matcher: see egress-plan.ts.
 */

type HeaderMatchSpec = HttpRouteHeader['match'];

/** One App Mesh header (or gRPC metadata) match → an Envoy `HeaderMatcher`. */
export function headerMatcher(name: string, match: HeaderMatchSpec | undefined, invert: boolean): Json {
  const out: Json = { name: name.toLowerCase() };
  const m = (match ?? {}) as Record<string, unknown>;
  if (typeof m.exact === 'string') out.string_match = { exact: m.exact };
  else if (typeof m.prefix === 'string') out.string_match = { prefix: m.prefix };
  else if (typeof m.suffix === 'string') out.string_match = { suffix: m.suffix };
  else if (typeof m.regex === 'string') out.string_match = { safe_regex: { regex: m.regex } };
  else if (m.range && typeof m.range === 'object') {
    const range = m.range as { start?: number; end?: number };
    // int64 fields: proto3 JSON writes them as strings.
    out.range_match = { start: String(range.start ?? 0), end: String(range.end ?? 0) };
  } else {
    // No value match: App Mesh matches on the header's presence.
    out.present_match = true;
  }
  if (invert) out.invert_match = true;
  return out;
}

/** An App Mesh `HttpRouteMatch` (http, http2 and gateway routes) → an Envoy `RouteMatch`. */
export function httpRouteMatch(match: HttpRouteMatch | undefined): Json {
  const m = match ?? {};
  const out: Json = {};
  if (m.path?.exact !== undefined) out.path = m.path.exact;
  else if (m.path?.regex !== undefined) out.safe_regex = { regex: m.path.regex };
  else out.prefix = m.prefix ?? '/';
  const headers: Json[] = (m.headers ?? []).map((h) =>
    headerMatcher(h.name ?? '', h.match, h.invert === true),
  );
  if (m.method !== undefined)
    headers.push({ name: ':method', string_match: { exact: m.method.toUpperCase() } });
  if (m.scheme !== undefined)
    headers.push({ name: ':scheme', string_match: { exact: m.scheme.toLowerCase() } });
  if (headers.length > 0) out.headers = headers;
  const query = (m.queryParameters ?? []).map((q) =>
    q.match?.exact !== undefined
      ? { name: q.name ?? '', string_match: { exact: q.match.exact } }
      : { name: q.name ?? '', present_match: true },
  );
  if (query.length > 0) out.query_parameters = query;
  return out;
}

/**
 * An App Mesh `GrpcRouteMatch` → an Envoy `RouteMatch` restricted to gRPC requests
 * (`grpc: {}`: content-type `application/grpc`).
 */
export function grpcRouteMatch(match: GrpcRouteMatch | undefined): Json {
  const m = match ?? {};
  const out: Json = {};
  if (m.serviceName !== undefined && m.methodName !== undefined)
    out.path = `/${m.serviceName}/${m.methodName}`;
  else if (m.serviceName !== undefined) out.prefix = `/${m.serviceName}/`;
  else out.prefix = '/';
  const headers = (m.metadata ?? []).map((h) => headerMatcher(h.name ?? '', h.match, h.invert === true));
  if (headers.length > 0) out.headers = headers;
  out.grpc = {};
  return out;
}

/**
 * A gateway route's `hostname` match as an `:authority` matcher: `exact` or `suffix`, the port
 * (if the client sent one) ignored, as App Mesh compares host names.
 */
export function hostnameMatcher(hostname: { exact?: string; suffix?: string } | undefined): Json | undefined {
  if (!hostname) return undefined;
  const quote = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  if (hostname.exact !== undefined) {
    return {
      name: ':authority',
      string_match: { safe_regex: { regex: `${quote(hostname.exact)}(:[0-9]+)?` } },
    };
  }
  if (hostname.suffix !== undefined) {
    return {
      name: ':authority',
      string_match: { safe_regex: { regex: `.*${quote(hostname.suffix)}(:[0-9]+)?` } },
    };
  }
  return undefined;
}
