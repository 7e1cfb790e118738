import type { MeshModel } from '../model/resources.js';
import type { RouterDiscovery } from './discovery-types.js';
import type { EndpointPool } from './endpoint-pool.js';
import type { MatchSpecificity, RequestTest } from './http-match.js';
import type { CompiledRetryPolicy, RetryBudget, RetryBudgetOptions } from './retry-policy.js';
import type { RouteIndex } from './route-index.js';
import type { WeightedPicker } from './weighted-pick.js';

// The lookup tables compileMesh builds and the router reads: virtual service → provider →
// router listener → routes in matching order → weighted targets → virtual node → endpoint pool.

/**
 * App Mesh's per-request timeout when a route (or listener) sets none: "The default value is 15
 * seconds" (API reference, `HttpTimeout.perRequest` / `GrpcTimeout.perRequest`).
 *
 * @example
 * ```ts
 * import { APP_MESH_DEFAULT_PER_REQUEST_TIMEOUT_MS } from '@meshplane/core/router';
 * console.log(APP_MESH_DEFAULT_PER_REQUEST_TIMEOUT_MS); // 15000
 * ```
 */
export const APP_MESH_DEFAULT_PER_REQUEST_TIMEOUT_MS = 15_000;

/**
 * Where an effective timeout came from.
 *
 * @example
 * ```ts
 * const source: TimeoutSource = router.decide('http://jazz.prod.svc.cluster.local/').timeouts.perRequestSource; // 'default'
 * ```
 */
export type TimeoutSource = 'route' | 'listener' | 'default' | 'option';

/**
 * The timeouts that apply to a request. `perRequestMs` 0 means disabled (App Mesh: value 0).
 *
 * @example
 * ```ts
 * const { perRequestMs, perRequestSource } = router.decide('http://jazz.prod.svc.cluster.local/').timeouts;
 * console.log(`${perRequestMs} ms from ${perRequestSource}`); // 15000 ms from default
 * ```
 */
export interface EffectiveTimeouts {
  perRequestMs: number;
  perRequestSource: TimeoutSource;
  idleMs: number | undefined;
}

/**
 * A listener of a virtual node, compiled.
 *
 * @example
 * ```ts
 * const listener = router.decide('http://jazz.prod.svc.cluster.local/').target?.listener;
 * console.log(listener?.port, listener?.timeouts.perRequestMs);
 * ```
 */
export interface CompiledNodeListener {
  port: number;
  protocol: string;
  scheme: 'http' | 'https';
  timeouts: EffectiveTimeouts;
}

/**
 * A virtual node that traffic can be sent to.
 *
 * @example
 * ```ts
 * const node = router.tables.nodes.get('jazz-v1');
 * console.log(node?.listeners.map((l) => l.port));
 * ```
 */
export interface CompiledNode {
  name: string;
  listeners: CompiledNodeListener[];
  pool: EndpointPool;
  budget: RetryBudget;
}

/**
 * One weighted target of a route.
 *
 * @example
 * ```ts
 * const target = router.decide('http://jazz.prod.svc.cluster.local/').target;
 * console.log(target?.node.name, target?.weight);
 * ```
 */
export interface CompiledTarget {
  node: CompiledNode;
  weight: number;
  /** The `port` of the weighted target, when the model sets one. */
  port: number | undefined;
  /** The target node's listener the traffic goes to (undefined when the node has none). */
  listener: CompiledNodeListener | undefined;
}

/**
 * A route of a virtual router, compiled.
 *
 * @example
 * ```ts
 * const provider = router.tables.services.get('jazz.prod.svc.cluster.local')?.provider;
 * if (provider?.kind === 'router') console.log(provider.only?.routes.map((r) => r.name));
 * ```
 */
export interface CompiledRoute {
  name: string;
  virtualRouterName: string;
  type: 'http' | 'http2' | 'grpc' | 'tcp';
  priority: number | undefined;
  specificity: MatchSpecificity;
  /** The literal every request path this route matches starts with (see `RouteIndex`). */
  pathLiteral: string | undefined;
  test: RequestTest;
  targets: CompiledTarget[];
  picker: WeightedPicker;
  timeouts: EffectiveTimeouts;
  retry: CompiledRetryPolicy | undefined;
}

/**
 * A virtual router listener with its routes in matching order.
 *
 * @example
 * ```ts
 * const provider = router.tables.services.get('jazz.prod.svc.cluster.local')?.provider;
 * if (provider?.kind === 'router') console.log([...provider.listeners.keys()]); // [9080]
 * ```
 */
export interface CompiledRouterListener {
  port: number;
  protocol: string;
  routes: CompiledRoute[];
  /** Narrows `routes` by request path when the listener has many path routes (same answers). */
  index: RouteIndex<CompiledRoute> | undefined;
  /** Routes of the router that can never match on this listener (other protocol or port). */
  skipped: number;
}

/**
 * The provider of a virtual service.
 *
 * @example
 * ```ts
 * const provider = router.tables.services.get('jazz.prod.svc.cluster.local')?.provider;
 * console.log(provider?.kind); // 'router'
 * ```
 */
export type CompiledProvider =
  | {
      kind: 'router';
      virtualRouterName: string;
      listeners: Map<number, CompiledRouterListener>;
      only?: CompiledRouterListener;
    }
  | { kind: 'node'; target: CompiledTarget; node: CompiledNode; retry: CompiledRetryPolicy | undefined }
  | { kind: 'none' };

/**
 * A virtual service the source node may call.
 *
 * @example
 * ```ts
 * const service = router.tables.services.get('jazz.prod.svc.cluster.local');
 * console.log(service?.name, service?.provider.kind);
 * ```
 */
export interface CompiledService {
  name: string;
  provider: CompiledProvider;
}

/**
 * The lookup tables of one source virtual node.
 *
 * @example
 * ```ts
 * const tables = router.tables;
 * console.log(tables.egress, tables.declaredBackends, [...tables.nodes.keys()]);
 * ```
 */
export interface CompiledMesh {
  meshName: string;
  sourceNode: string;
  egress: 'DROP_ALL' | 'ALLOW_ALL';
  /** Virtual service name → compiled service, for the source node's backends only. */
  services: Map<string, CompiledService>;
  declaredBackends: string[];
  /** Every virtual service name of the mesh (to tell "undeclared" from "unknown"). */
  allServices: Set<string>;
  nodes: Map<string, CompiledNode>;
}

/**
 * Options of {@link compileMesh}.
 *
 * @example
 * ```ts
 * import { compileMesh } from '@meshplane/core/router/internals';
 * const tables = compileMesh({ model, sourceNode: 'dj', discovery, defaultRetryPolicy: 'none' });
 * ```
 */
export interface CompileOptions {
  /** The normalized mesh model (a snapshot: later changes need a new router). */
  model: MeshModel;
  /** The virtual node this process is: its backends and the mesh egress filter apply. */
  sourceNode: string;
  /** The mesh of `sourceNode`, needed only when the model holds several meshes with that node. */
  meshName?: string;
  /** Cloud Map discovery (`createDiscovery` of `@meshplane/core/cloudmap`); required when a reachable node uses Cloud Map. */
  discovery?: RouterDiscovery;
  /** Which Cloud Map instances to use. Default `HEALTHY`. */
  healthStatus?: 'HEALTHY' | 'HEALTHY_OR_ELSE_ALL' | 'ALL' | 'UNHEALTHY';
  /**
   * The retry policy of routes (and virtual node providers) without one: `app-mesh` (default) is
   * the hidden policy App Mesh gives every HTTP, HTTP/2 and gRPC route in accounts without meshes
   * before 2020-07-29 (2 retries on HTTP 503, gRPC UNAVAILABLE, connect failure and refused
   * stream); `none` disables it.
   */
  defaultRetryPolicy?: 'app-mesh' | 'none';
  /** Per-request timeout when the route sets none. Default the App Mesh default, 15 000 ms. */
  defaultPerRequestTimeoutMs?: number;
  /** Envoy-style retry budget per target node. Default 20 % of active requests, at least 3. */
  retryBudget?: RetryBudgetOptions;
  /** Clock for outlier detection (epoch ms). Default `Date.now`. */
  now?: () => number;
}
