import type { RouteResource } from '@meshplane/core';
import { routeBody } from '@meshplane/core';
import type { FidelityGap } from '../fidelity.js';
import { resourceId } from '../model-index.js';

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : undefined;

/** VPC Lattice's HttpMatch, in the API's camelCase (CreateRule `match.httpMatch`). */
export interface LatticeHttpMatch {
  method?: string;
  pathMatch?: { match: { exact: string } | { prefix: string }; caseSensitive: boolean };
  headerMatches?: {
    name: string;
    match: { exact: string } | { prefix: string } | { contains: string };
    caseSensitive: boolean;
  }[];
}

/** Lattice allows at most 5 header matches per rule (HttpMatch.headerMatches, "Quotas for VPC Lattice"). */
export const LATTICE_MAX_HEADER_MATCHES = 5;

const RETRY =
  'keep the retry policy in the callers: meshFetch (proxyless router) and the Lambda middleware apply the route retry policies of the model';
const NARROW = 'the rule matches more requests than the App Mesh route did (the condition is left out)';

/**
 * Translates one route's match into a Lattice HttpMatch and collects what Lattice cannot match on
 * (regex/suffix/range headers, inverted matches, query parameters, scheme, path regex) plus the
 * route-level features Lattice rules have no place for (retries, per-route timeouts).
 */
export function latticeMatch(route: RouteResource, gaps: FidelityGap[]): LatticeHttpMatch {
  const found = routeBody(route.spec);
  const id = resourceId(route);
  const out: LatticeHttpMatch = {};
  if (!found || found.type === 'tcpRoute') return out;
  const base = `spec.${found.type}`;
  const match = rec(found.body.match) ?? {};
  const gap = (
    path: string,
    feature: string,
    consequence = NARROW,
    workaround = 'express the condition as a path, method or exact/prefix/contains header match, or route it in the application',
  ) => gaps.push({ resource: id, path: `${base}.${path}`, feature, consequence, workaround });
  if (found.type === 'grpcRoute') grpcPath(match, out);
  else httpPath(match, out, gap);
  const headers = found.type === 'grpcRoute' ? match.metadata : match.headers;
  const headerKey = found.type === 'grpcRoute' ? 'metadata' : 'headers';
  if (Array.isArray(headers)) {
    headers.forEach((h, i) => {
      const header = rec(h) ?? {};
      const converted = headerMatch(header);
      if (header.invert === true) gap(`match.${headerKey}[${i}].invert`, 'inverted header match');
      else if (!converted)
        gap(
          `match.${headerKey}[${i}].match`,
          `header match by ${Object.keys(rec(header.match) ?? {})[0] ?? 'presence'}`,
        );
      else if ((out.headerMatches?.length ?? 0) >= LATTICE_MAX_HEADER_MATCHES)
        gap(`match.${headerKey}[${i}]`, `more than ${LATTICE_MAX_HEADER_MATCHES} header matches`);
      else out.headerMatches = [...(out.headerMatches ?? []), converted];
    });
  }
  if (found.type !== 'grpcRoute') {
    if (typeof match.method === 'string') out.method = match.method;
    if (Array.isArray(match.queryParameters)) gap('match.queryParameters', 'query parameter match');
    if (match.scheme !== undefined) gap('match.scheme', 'scheme match');
  }
  if (found.body.retryPolicy !== undefined)
    gap('retryPolicy', 'retry policy', 'Lattice does not retry: a failed request fails once', RETRY);
  if (found.body.timeout !== undefined)
    gap(
      'timeout',
      'per-route timeout',
      'Lattice applies its own fixed request timeouts, not the route timeout',
      'keep the timeout in the callers: meshFetch and the Lambda middleware apply the route timeout of the model',
    );
  return out;
}

function httpPath(match: Rec, out: LatticeHttpMatch, gap: (path: string, feature: string) => void): void {
  const path = rec(match.path);
  if (typeof path?.exact === 'string') out.pathMatch = { match: { exact: path.exact }, caseSensitive: true };
  else if (typeof path?.regex === 'string') gap('match.path.regex', 'regex path match');
  // App Mesh matches prefixes case-sensitively; '/' matches every path, which Lattice needs no rule for.
  if (typeof match.prefix === 'string' && match.prefix !== '/')
    out.pathMatch = { match: { prefix: match.prefix }, caseSensitive: true };
}

/** gRPC requests are HTTP/2 POSTs to `/<service>/<method>` (gRPC over HTTP/2, "Path"). */
function grpcPath(match: Rec, out: LatticeHttpMatch): void {
  if (typeof match.serviceName !== 'string') return;
  out.pathMatch =
    typeof match.methodName === 'string'
      ? { match: { exact: `/${match.serviceName}/${match.methodName}` }, caseSensitive: true }
      : { match: { prefix: `/${match.serviceName}/` }, caseSensitive: true };
}

function headerMatch(header: Rec): NonNullable<LatticeHttpMatch['headerMatches']>[number] | undefined {
  const m = rec(header.match);
  if (typeof header.name !== 'string' || !m) return undefined;
  if (typeof m.exact === 'string')
    return { name: header.name, match: { exact: m.exact }, caseSensitive: true };
  if (typeof m.prefix === 'string')
    return { name: header.name, match: { prefix: m.prefix }, caseSensitive: true };
  return undefined;
}

/** True when the match has no condition: the route is the listener's catch-all. */
export function isCatchAll(match: LatticeHttpMatch): boolean {
  return match.method === undefined && match.pathMatch === undefined && match.headerMatches === undefined;
}

/**
 * App Mesh evaluates routes by `priority` (0 first, unset last); among equals, longer path
 * prefixes first, then by name so the order is stable (Route "priority", App Mesh API reference).
 */
export function appMeshRouteOrder(routes: readonly RouteResource[]): RouteResource[] {
  const priority = (r: RouteResource) => {
    const p = (r.spec as Rec).priority;
    return typeof p === 'number' ? p : 1001;
  };
  const prefixLength = (r: RouteResource) => {
    const m = rec(routeBody(r.spec)?.body.match);
    return typeof m?.prefix === 'string' ? m.prefix.length : 0;
  };
  return [...routes].sort(
    (a, b) => priority(a) - priority(b) || prefixLength(b) - prefixLength(a) || a.name.localeCompare(b.name),
  );
}
