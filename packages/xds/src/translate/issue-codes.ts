/**
 * Every code translation can report, with the rule it stands for. Codes are stable: the control
 * plane and scripts may switch on them. Errors mean "serve nothing"; the codes marked (warning)
 * leave the configuration right but say what in the model has no effect.
 *
 * @example
 * ```ts
 * import { TRANSLATE_CODES } from '@meshplane/xds';
 * console.log(TRANSLATE_CODES.XDS_ACM_CERTIFICATE);
 * // 'ACM certificates cannot be served outside App Mesh (only App Mesh could export them to Envoy)'
 * ```
 */
export const TRANSLATE_CODES = {
  XDS_RESOURCE_ID:
    'a node id is mesh/<mesh>/virtualNode/<name> or mesh/<mesh>/virtualGateway/<name> (or its ARN)',
  XDS_UNKNOWN_NODE: 'the virtual node of the node id is in the model',
  XDS_UNKNOWN_GATEWAY: 'the virtual gateway of the node id is in the model',
  XDS_UNKNOWN_TARGET: "a route's weighted target names a virtual node of the mesh",
  XDS_TARGET_LISTENER:
    'a target names a listener port of its node (a port is needed when the node has several)',
  XDS_ROUTE_LISTENER:
    'a route names a listener of its router of its own protocol (a match.port is needed when the router has several)',
  XDS_UNKNOWN_PROVIDER: "a virtual service's provider is in the mesh",
  XDS_PROVIDER_LISTENER: 'a virtual node provider has a listener',
  XDS_UNKNOWN_SERVICE: "a gateway route's target virtual service is in the mesh",
  XDS_GATEWAY_TARGET: 'a gateway route names its target virtual service',
  XDS_GATEWAY_TCP: 'gateway routes reach HTTP, HTTP/2 and gRPC services only',
  XDS_NO_DISCOVERY: 'a virtual node that traffic is sent to has service discovery',
  XDS_MATCH: 'a route match compiles (regular expressions)',
  XDS_REWRITE: 'a gateway route path rewrite goes with a path match',
  XDS_ACM_CERTIFICATE:
    'ACM certificates cannot be served outside App Mesh (only App Mesh could export them to Envoy)',
  XDS_ACM_TRUST: 'ACM Private CA trust cannot be served outside App Mesh',
  XDS_CLIENT_POLICY_CONFLICT:
    'a target node port is reached under one client policy TLS (Envoy has one cluster per target)',
  XDS_TCP_PORT_SHARED: 'a TCP virtual service has its port to itself on the egress listener',
  XDS_NAME_COLLISION: 'two different resources of one type never share a name',
  XDS_UNKNOWN_BACKEND: 'a backend names a virtual service of the mesh (warning)',
  XDS_NO_PROVIDER: 'a virtual service has a provider (warning: its host answers 404)',
  XDS_TCP_ROUTES: 'a TCP listener of a router has one route (warning: the first by priority is used)',
  XDS_GATEWAY_HEALTH_CHECK: "a gateway listener's health check has no Envoy resource (warning)",
  XDS_GRPC_CLIENT_TLS: 'a proxyless gRPC client takes no file or SDS TLS from xDS',
  XDS_GRPC_STRICT_DNS: 'a proxyless gRPC client supports EDS and LOGICAL_DNS clusters only',
  XDS_GRPC_QUERY_MATCH: 'a gRPC client skips routes that match query parameters (warning)',
  XDS_GRPC_RETRY_EVENTS: 'a gRPC client retries on gRPC status codes only (warning)',
  XDS_GRPC_PER_RETRY_TIMEOUT: 'a gRPC client has no per-retry timeout (warning)',
} as const;

/** A stable translation code. */
export type TranslateCode = keyof typeof TRANSLATE_CODES;
