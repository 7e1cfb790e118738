import { TYPE_URLS, type TypeUrl } from '../contract.js';

/**
 * The order in which an ADS stream pushes a change across types: Envoy "xDS REST and gRPC
 * protocol", "Eventual consistency considerations": CDS first, EDS after the clusters it serves,
 * LDS after CDS/EDS, RDS after LDS (make before break). Secrets go first: clusters and listeners
 * reference them by name.
 */
export const PUSH_ORDER: readonly TypeUrl[] = [
  TYPE_URLS.secret,
  TYPE_URLS.cluster,
  TYPE_URLS.clusterLoadAssignment,
  TYPE_URLS.listener,
  TYPE_URLS.routeConfiguration,
];

const SERVED = new Set<string>(PUSH_ORDER);

/** True for a type URL this server serves. */
export const isServedType = (typeUrl: string): typeUrl is TypeUrl => SERVED.has(typeUrl);

/**
 * Listeners and clusters are requested in wildcard mode (all resources of the type); routes,
 * endpoints and secrets by name (Envoy "xDS REST and gRPC protocol", "How the client specifies
 * what resources to return": an empty name list on the first LDS/CDS request means wildcard).
 */
export const isWildcardByDefault = (typeUrl: string): boolean =>
  typeUrl === TYPE_URLS.listener || typeUrl === TYPE_URLS.cluster;

/** The explicit wildcard name. */
export const WILDCARD = '*';

/** "not served" text for a clear INVALID_ARGUMENT. */
export function unservedTypeMessage(typeUrl: string): string {
  return `type_url ${JSON.stringify(typeUrl)} is not served by this ADS server; served: ${PUSH_ORDER.join(', ')}`;
}
