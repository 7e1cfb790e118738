import type { Readable } from 'node:stream';
import type { MeshModel } from '../model/resources.js';
import type { CompiledMesh, CompiledTarget, CompileOptions, EffectiveTimeouts } from './compile.js';
import type { RouterDiscoveryQuery } from './discovery-types.js';
import type { Endpoint } from './endpoint-pool.js';
import type { LatticeOptions } from './lattice-options.js';
import type { MeshResponse } from './mesh-response.js';
import type { HeadersInput, RequestView } from './request-view.js';
import type { CompiledRetryPolicy } from './retry-policy.js';
import type { Transport } from './transport.js';

// The public types of the router: its options, hooks, decisions and the router itself.

/**
 * An undici `Dispatcher` (an `Agent`, a `Pool`, a wrapper), typed loosely so that any undici
 * version's overloads fit: the router calls its promise form of `request()` (the
 * {@link Transport} shape) and `close()`.
 *
 * @example
 * ```ts
 * import { Agent } from 'undici';
 * const dispatcher: DispatcherLike = new Agent();
 * ```
 */
export interface DispatcherLike {
  request(options: never): Promise<unknown>;
  close(): unknown;
  dispatch?: unknown;
}

/**
 * Identifies one call through the router, shared by every hook event of that call.
 *
 * @example
 * ```ts
 * const hooks: RouterHooks = { onRequestStart: ({ call }) => console.log(call.virtualServiceName, call.routeName, call.targetNode) };
 * ```
 */
export interface MeshCallInfo {
  method: string;
  url: string;
  virtualServiceName: string;
  virtualRouterName: string | undefined;
  routeName: string | undefined;
  /** The chosen virtual node (undefined for egress passthrough). */
  targetNode: string | undefined;
  /** When the call started (`performance.now()` milliseconds). */
  startedAt: number;
}

/**
 * Passed to `onAttempt` before each attempt.
 *
 * @example
 * ```ts
 * const hooks: RouterHooks = { onAttempt: (e) => { e.headers['x-attempt'] = String(e.attempt); } };
 * ```
 */
export interface MeshAttemptEvent {
  call: MeshCallInfo;
  /** 1 for the first attempt, 2 for the first retry, … */
  attempt: number;
  endpoint: string;
  instanceId: string | undefined;
  /**
   * The headers this attempt sends (lower-case names). Mutate it to add per-attempt headers, e.g.
   * a new X-Ray trace header with a subsegment id per attempt.
   */
  headers: Record<string, string>;
}

/**
 * Passed to `onAttemptEnd` after each attempt.
 *
 * @example
 * ```ts
 * const hooks: RouterHooks = { onAttemptEnd: (e) => console.log(e.attempt, e.statusCode ?? e.error?.message, e.willRetry) };
 * ```
 */
export interface MeshAttemptEndEvent {
  call: MeshCallInfo;
  attempt: number;
  endpoint: string;
  /** The HTTP status, when the attempt got a response. */
  statusCode: number | undefined;
  /** The error, when it did not. */
  error: Error | undefined;
  durationMs: number;
  /** Whether the router retries after this attempt. */
  willRetry: boolean;
}

/**
 * Tracing and metrics hooks. Core imports no tracer: the lambda package plugs X-Ray in here.
 * Hooks run synchronously on the request path; keep them cheap and do not throw (an exception in
 * a hook fails the call).
 *
 * @example
 * ```ts
 * const hooks: RouterHooks = {
 *   onAttempt: (e) => { e.headers['x-amzn-trace-id'] = `Root=${rootId};Parent=${newSegmentId()};Sampled=1`; },
 *   onResponse: (e) => metrics.timing('mesh.call', e.durationMs, { route: e.call.routeName ?? '-' }),
 * };
 * ```
 */
export interface RouterHooks {
  onRequestStart?(event: { call: MeshCallInfo }): void;
  onAttempt?(event: MeshAttemptEvent): void;
  onAttemptEnd?(event: MeshAttemptEndEvent): void;
  onResponse?(event: { call: MeshCallInfo; statusCode: number; attempts: number; durationMs: number }): void;
  onError?(event: {
    call: MeshCallInfo | undefined;
    error: Error;
    attempts: number;
    durationMs: number;
  }): void;
}

/**
 * Options of {@link createRouter}.
 *
 * @example
 * ```ts
 * const options: CreateRouterOptions = { model, sourceNode: 'dj', discovery, defaultRetryPolicy: 'none', retryBackoff: { baseMs: 10 } };
 * const router = createRouter(options);
 * ```
 */
export interface CreateRouterOptions extends CompileOptions {
  /** Backoff between retries: fully jittered exponential (Envoy: base 25 ms, max 250 ms). */
  retryBackoff?: { baseMs?: number; maxMs?: number };
  /** Tracing / metrics hooks. */
  hooks?: RouterHooks;
  /**
   * What sends each request: an undici `Agent` (or any object with undici's `request()` and
   * `dispatch()`); by default the router owns a keep-alive transport.
   */
  dispatcher?: Transport | DispatcherLike;
  /** Connections per origin of the router's own transport. Default 128. */
  connections?: number;
  /**
   * Virtual services reached through their Amazon VPC Lattice service after the migration: each
   * request to one is sent to its Lattice URL and signed with SigV4 (service `vpc-lattice-svcs`),
   * on every attempt; the model's routes, retries and timeouts still apply in the router.
   */
  lattice?: LatticeOptions;
  /** Source of randomness for weighted choice and jitter (inject a seeded one in tests). */
  random?: () => number;
}

/**
 * Where the router decided a request goes, before an endpoint is picked.
 *
 * @example
 * ```ts
 * const d = router.decide('http://jazz.prod.svc.cluster.local:9080/');
 * console.log(d.kind, d.virtualRouterName, d.routeName, d.targetNode, d.timeouts, d.retryPolicy?.source);
 * ```
 */
export interface RouteDecision {
  /** `route` (virtual router), `node` (virtual node provider) or `passthrough` (egress ALLOW_ALL). */
  kind: 'route' | 'node' | 'passthrough';
  virtualServiceName: string;
  virtualRouterName: string | undefined;
  routeName: string | undefined;
  /** The router or node listener port the request was matched on. */
  listenerPort: number | undefined;
  targetNode: string | undefined;
  /** The target node's listener port. */
  targetPort: number | undefined;
  timeouts: EffectiveTimeouts;
  retryPolicy: CompiledRetryPolicy | undefined;
  request: RequestView;
  /** The compiled target (internal tables; read-only). */
  target: CompiledTarget | undefined;
}

/**
 * A decision with its endpoint: what {@link MeshRouter.resolve} returns.
 *
 * @example
 * ```ts
 * const r = await router.resolve('http://jazz.prod.svc.cluster.local:9080/artists');
 * console.log(r.url.endsWith('/artists')); // true: http://<an instance's AWS_INSTANCE_IPV4>:<port>/artists
 * ```
 */
export interface Resolution extends RouteDecision {
  endpoint: Endpoint;
  /** The URL the request is sent to, e.g. `http://127.0.0.1:41234/artists?x=1`. */
  url: string;
}

/**
 * The request options of `router.fetch` (the fetch `RequestInit` subset that makes sense here).
 *
 * @example
 * ```ts
 * const response = await router.fetch('http://jazz.prod.svc.cluster.local:9080/', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}', signal: AbortSignal.timeout(2000) });
 * ```
 */
export interface MeshFetchInit {
  method?: string;
  headers?: HeadersInput;
  /** Strings and bytes are replayed on retries; a stream body disables retries. */
  body?: string | Uint8Array | Readable | null;
  signal?: AbortSignal;
}

/**
 * The proxyless router of one source virtual node (see {@link createRouter}).
 *
 * @example
 * ```ts
 * const decision = router.decide('http://jazz.prod.svc.cluster.local:9080/', { headers: { 'x-canary': '1' } });
 * console.log(decision.routeName, decision.targetNode, decision.timeouts.perRequestMs);
 * await router.warm(); // fill the discovery cache before the first request
 * const response = await router.fetch('http://jazz.prod.svc.cluster.local:9080/');
 * router.reload(model); // after a traffic shift: the new model
 * ```
 */
export interface MeshRouter {
  readonly meshName: string;
  readonly sourceNode: string;
  /** The compiled lookup tables of the current model (read-only). */
  readonly tables: CompiledMesh;
  /**
   * Compiles a new model snapshot and switches to it atomically; requests in flight finish on the
   * old tables. Throws (keeping the current tables) when the model cannot be compiled. Outlier and
   * retry-budget state start afresh for the new tables.
   */
  reload(model: MeshModel): void;
  /** The Cloud Map queries of every node the source node can reach (for `discovery.warm`). */
  discoveryQueries(): RouterDiscoveryQuery[];
  /** Looks up every reachable Cloud Map service once, filling the discovery cache (call at init). */
  warm(): Promise<void>;
  /** Decides service, route and target node synchronously (no endpoint, no I/O). */
  decide(url: string | URL | RequestView, init?: { method?: string; headers?: HeadersInput }): RouteDecision;
  /** Decides and picks an endpoint from service discovery. */
  resolve(url: string | URL, init?: { method?: string; headers?: HeadersInput }): Promise<Resolution>;
  /** Sends a request through the mesh: routing, retries, timeouts, outlier detection. */
  fetch(url: string | URL, init?: MeshFetchInit): Promise<MeshResponse>;
  /** Endpoints currently ejected by outlier detection. */
  ejectedEndpoints(): {
    virtualNode: string;
    port: number;
    endpoint: string;
    until: number;
    timesEjected: number;
  }[];
  /** Closes the router's own connection pool (not an injected dispatcher). */
  close(): Promise<void>;
}
