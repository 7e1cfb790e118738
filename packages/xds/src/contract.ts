/**
 * The interfaces where @meshplane/xds's parts meet (go-control-plane's split: state apart from
 * protocol). Translation (`translate/`) turns a model + endpoints into resources; the snapshot
 * cache (`cache/`) holds one snapshot per Envoy node id; the ADS server (`server/`) speaks xDS
 * over gRPC from the cache; the control plane (`control-plane/`) wires model sources and Cloud
 * Map polling to translation and the cache.
 */
import type { MeshModel, ValidationIssue } from '@meshplane/core';

/** Envoy v3 type URLs served (Envoy "xDS REST and gRPC protocol", "Resource types"). */
export const TYPE_URLS = {
  listener: 'type.googleapis.com/envoy.config.listener.v3.Listener',
  routeConfiguration: 'type.googleapis.com/envoy.config.route.v3.RouteConfiguration',
  cluster: 'type.googleapis.com/envoy.config.cluster.v3.Cluster',
  clusterLoadAssignment: 'type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment',
  secret: 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret',
} as const;
/** One of {@link TYPE_URLS}. */
export type TypeUrl = (typeof TYPE_URLS)[keyof typeof TYPE_URLS];

/**
 * One Envoy resource in proto3 JSON form (the form `/config_dump` shows): camelCase or
 * snake_case field names as protobuf's JSON mapping accepts, durations as strings (`"15s"`),
 * `google.protobuf.Any` values as objects with an `@type` member. The object itself carries
 * `@type` equal to its type URL.
 */
export interface XdsResource {
  name: string;
  typeUrl: TypeUrl;
  /** proto3 JSON, `@type` included. Treated as immutable once produced. */
  resource: Record<string, unknown>;
}

/** The endpoints of one Cloud Map service, as the control plane read them. */
export interface ServiceEndpoints {
  namespaceName: string;
  serviceName: string;
  instances: readonly {
    instanceId: string;
    address: string;
    port: number;
    /** Cloud Map's health: UNKNOWN when the service has no health check (treated as healthy). */
    health: 'HEALTHY' | 'UNHEALTHY' | 'UNKNOWN';
    attributes: Readonly<Record<string, string>>;
  }[];
}

/** A Cloud Map lookup a node's configuration depends on (what the control plane must poll). */
export interface EndpointQuery {
  namespaceName: string;
  serviceName: string;
  /** The node's `serviceDiscovery.awsCloudMap.attributes` as a filter (all must match). */
  attributes?: Readonly<Record<string, string>>;
}

/** `endpointKey(q)` = `${namespaceName}/${serviceName}` (attributes filter per cluster, not per poll). */
export const endpointKey = (q: Pick<EndpointQuery, 'namespaceName' | 'serviceName'>): string =>
  `${q.namespaceName}/${q.serviceName}`;

/** What translation reads. */
export interface TranslateInput {
  model: MeshModel;
  /** Cloud Map endpoints by {@link endpointKey}; a missing key means "not discovered yet". */
  endpoints: ReadonlyMap<string, ServiceEndpoints>;
}

/** What translation returns for one node or gateway. */
export interface TranslateResult {
  /** `mesh/<mesh>/virtualNode/<node>` or `mesh/<mesh>/virtualGateway/<gateway>`. */
  resourceId: string;
  /** Every resource, sorted by type URL then name: same input, same array. */
  resources: XdsResource[];
  /** What Envoy cannot express from the model (severity error: nothing should be served). */
  issues: ValidationIssue[];
}

/** One resource of a {@link Snapshot}. */
export interface SnapshotEntry {
  resource: XdsResource;
  /** Derived from the resource's content only. */
  version: string;
  /** The encoded message (the `value` of its `google.protobuf.Any`), when the cache encoded it already. */
  bytes?: Uint8Array;
}

/** One immutable set of resources for one node id, with deterministic versions. */
export interface Snapshot {
  /** Per type URL: a version derived from the content only (same resources, same version). */
  versions: Readonly<Record<TypeUrl, string>>;
  /** Per type URL: resources by name, each with its own content version (for delta xDS). */
  resources: Readonly<Record<TypeUrl, ReadonlyMap<string, SnapshotEntry>>>;
}

/** Where the server reads snapshots (state); the server never builds them (protocol). */
export interface SnapshotCache {
  /** The current snapshot for an Envoy `node.id`, or undefined when the node is unknown. */
  get(nodeId: string): Snapshot | undefined;
  /** Called with the node id whenever its snapshot changes; returns an unsubscribe. */
  watch(nodeId: string, onChange: (snapshot: Snapshot) => void): () => void;
  /** Why a node id is unknown, for the error the server sends (e.g. "not in model; known: …"). */
  explainUnknown(nodeId: string): string;
}

/**
 * Where the Envoy listeners bind. App Mesh's are fixed (ingress 15000, egress 15001 on 0.0.0.0,
 * reached through the task's iptables redirect); tests and a local run on one machine pick free
 * ports instead. Resource names follow the ports actually used (`lds_egress_0.0.0.0_15001`), as
 * App Mesh's do.
 */
export interface TranslateOptions {
  /** Default 15000 (App Mesh's ProxyIngressPort). */
  ingressPort?: number;
  /** Default 15001 (App Mesh's ProxyEgressPort). */
  egressPort?: number;
  /** Default `0.0.0.0`. */
  listenerAddress?: string;
}
