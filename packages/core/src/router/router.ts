import type { MeshModel } from '../model/resources.js';
import type { CallPlan } from './attempt.js';
import {
  APP_MESH_DEFAULT_PER_REQUEST_TIMEOUT_MS,
  type CompiledMesh,
  compileMesh,
  type EffectiveTimeouts,
} from './compile.js';
import { decideRequest, endpointFor } from './decide.js';
import type { RouterDiscoveryQuery } from './discovery-types.js';
import { RouterConfigError } from './errors.js';
import { createHttpTransport } from './http-transport.js';
import { latticeCredentials } from './lattice-credentials.js';
import {
  compileLatticeTargets,
  type LatticeTable,
  type LatticeTarget,
  latticeDecision,
  NO_DISCOVERY_BEHIND_LATTICE,
} from './lattice-target.js';
import { createLatticeTransport } from './lattice-transport.js';
import type { MeshResponse } from './mesh-response.js';
import { checkInit, headerPairs } from './request-init.js';
import { createView, type HeadersInput, type RequestView } from './request-view.js';
import { type CallDeps, type CallState, retryingCall } from './retrying-call.js';
import { checkRouterOptions } from './router-options.js';
import type {
  CreateRouterOptions,
  MeshCallInfo,
  MeshFetchInit,
  MeshRouter,
  Resolution,
  RouteDecision,
} from './router-types.js';
import { createLatticeSigner } from './sigv4-signer.js';
import type { Transport } from './transport.js';

export type {
  CreateRouterOptions,
  DispatcherLike,
  MeshAttemptEndEvent,
  MeshAttemptEvent,
  MeshCallInfo,
  MeshFetchInit,
  MeshRouter,
  Resolution,
  RouteDecision,
  RouterHooks,
} from './router-types.js';

function isView(x: unknown): x is RequestView {
  return typeof x === 'object' && x !== null && typeof (x as RequestView).header === 'function';
}

/**
 * What one call of `router.fetch` shares across its attempts (see {@link CallPlan}): the request
 * as the transport takes it, the retry policy (none for a body that cannot be replayed), the
 * deadline and the bounds of every wait.
 */
function planCall(
  decision: RouteDecision,
  view: RequestView,
  init: MeshFetchInit,
  startedAt: number,
  lattice: LatticeTarget | undefined,
): CallPlan {
  const body = init.body ?? undefined;
  const replayable = body === undefined || typeof body === 'string' || body instanceof Uint8Array;
  const policy = decision.retryPolicy;
  const perRequestMs = decision.timeouts.perRequestMs;
  // Envoy forwards the virtual service name as the authority; keep it unless the caller set one.
  // A Lattice service is addressed by its own domain name (and the signature covers it).
  const authority =
    lattice?.url.host ?? (view.explicitPort === undefined ? view.host : `${view.host}:${view.explicitPort}`);
  return {
    decision,
    method: view.method,
    path: view.query === '' ? view.path : `${view.path}?${view.query}`,
    headerList: headerPairs(init.headers, authority),
    body,
    policy,
    maxRetries: policy !== undefined && replayable ? policy.maxRetries : 0,
    perRequestMs,
    deadline: perRequestMs > 0 ? startedAt + perRequestMs : Number.POSITIVE_INFINITY,
    idleMs: decision.timeouts.idleMs ?? 0,
    signal: init.signal ?? undefined,
    ...(lattice ? { lattice } : {}),
  };
}

/** The model as compiled when `lattice` is set: Cloud Map nodes behind Lattice need no discovery. */
function compileOptions(options: CreateRouterOptions): CreateRouterOptions {
  return options.lattice && !options.discovery
    ? { ...options, discovery: NO_DISCOVERY_BEHIND_LATTICE }
    : options;
}

/**
 * With the `lattice` option, the transport wrapped to sign requests to Lattice services, and the
 * credentials resolved now, at init (a failure surfaces on the first request to Lattice, and
 * from `warm()`).
 */
function withLattice(
  options: CreateRouterOptions,
  transport: Transport,
): { transport: Transport; signerReady: Promise<void> | undefined } {
  if (!options.lattice) return { transport, signerReady: undefined };
  const signer = createLatticeSigner(latticeCredentials(options.lattice.credentials));
  const signerReady = signer.ready();
  signerReady.catch(() => undefined);
  return { transport: createLatticeTransport(transport, signer), signerReady };
}

/** The tables of a model and, with the `lattice` option, its Lattice services: both or neither. */
function compileAll(options: CreateRouterOptions): {
  tables: CompiledMesh;
  lattice: LatticeTable | undefined;
} {
  const tables = compileMesh(compileOptions(options));
  const lattice = options.lattice
    ? compileLatticeTargets(tables, options.lattice, options.discovery !== undefined)
    : undefined;
  return { tables, lattice };
}

/**
 * Creates the proxyless router of one virtual node: the model is compiled into lookup tables once
 * (see `compileMesh`), then each request is routed the way App Mesh's Envoy would route it
 * (documented in `packages/core/docs/router.md`) and sent over node:http keep-alive agents
 * (`createHttpTransport`), or the `dispatcher` given; with the `lattice` option, requests to the
 * virtual services it maps go to their VPC Lattice services, signed with SigV4. The router is
 * layers wired together: {@link decideRequest} (pure, over the tables), then a retrying call
 * (policy, budget, backoff, outlier recording) of attempts (one request each: timer, transport,
 * failure class), reporting to the hooks.
 *
 * @example
 * ```ts
 * import { createRouter } from '@meshplane/core/router';
 * import { createDiscovery } from '@meshplane/core/cloudmap';
 * import { djAppMesh } from './examples/dj-app/src/mesh.js';
 *
 * // Against meshplane local (AWS_ENDPOINT_URL_SERVICEDISCOVERY set), DiscoverInstances' data- host prefix cannot resolve.
 * const local = process.env.AWS_ENDPOINT_URL_SERVICEDISCOVERY !== undefined;
 * const discovery = createDiscovery({ clientConfig: { region: 'us-east-1', disableHostPrefix: local } });
 * const router = createRouter({ model: djAppMesh(), sourceNode: 'dj', discovery });
 * const response = await router.fetch('http://jazz.prod.svc.cluster.local:9080/');
 * console.log(response.status, response.mesh.targetNode, await response.json());
 * await router.close();
 * ```
 */
export function createRouter(options: CreateRouterOptions): MeshRouter {
  checkRouterOptions(options);
  let { tables, lattice } = compileAll(options);
  const random = options.random ?? Math.random;
  const hooks = options.hooks;
  const ownTransport = options.dispatcher === undefined;
  const { transport, signerReady } = withLattice(
    options,
    (options.dispatcher as Transport | undefined) ??
      createHttpTransport({ connections: options.connections ?? 128, keepAliveTimeoutMs: 4_000 }),
  );
  const baseMs = options.retryBackoff?.baseMs ?? 25;
  const deps: CallDeps = {
    transport,
    hooks,
    backoff: { baseMs, maxMs: options.retryBackoff?.maxMs ?? Math.max(baseMs * 10, baseMs) },
    random,
  };
  const defaultTimeouts: EffectiveTimeouts = {
    perRequestMs: options.defaultPerRequestTimeoutMs ?? APP_MESH_DEFAULT_PER_REQUEST_TIMEOUT_MS,
    perRequestSource: options.defaultPerRequestTimeoutMs === undefined ? 'default' : 'option',
    idleMs: undefined,
  };

  function decide(url: string | URL | RequestView, init?: { method?: string; headers?: HeadersInput }) {
    const view = isView(url) ? url : createView(url, init?.method, init?.headers);
    const decision = decideRequest(tables, view, random, defaultTimeouts);
    return latticeOf(decision) ? latticeDecision(decision) : decision;
  }

  /** The Lattice service a decision's virtual service is reached through, if any. */
  function latticeOf(decision: RouteDecision): LatticeTarget | undefined {
    return lattice?.services.get(decision.virtualServiceName.toLowerCase());
  }

  // Not an async function: one promise and frame fewer per call on the request path.
  function fetch(url: string | URL, init: MeshFetchInit = {}): Promise<MeshResponse> {
    const startedAt = performance.now();
    const state: CallState = { call: undefined, attempts: 0 };
    let response: Promise<MeshResponse>;
    try {
      checkInit(init);
      const view = createView(url, init.method, init.headers);
      let decision = decideRequest(tables, view, random, defaultTimeouts);
      const target = lattice && decision.kind !== 'passthrough' ? latticeOf(decision) : undefined;
      if (target) decision = latticeDecision(decision);
      if (hooks) {
        state.call = callInfo(decision, url, startedAt);
        hooks.onRequestStart?.({ call: state.call });
      }
      if (init.signal?.aborted) throw init.signal.reason;
      response = retryingCall(planCall(decision, view, init, startedAt, target), state, deps);
    } catch (error) {
      // A throwing onError hook fails the call with its own error, still as a rejection.
      try {
        return Promise.reject(reportError(error, state, startedAt));
      } catch (hookError) {
        return Promise.reject(hookError);
      }
    }
    if (!hooks?.onError) return response;
    return response.catch((error: unknown) => {
      throw reportError(error, state, startedAt);
    });
  }

  /** Tells the `onError` hook how a call failed; returns the error to rethrow. */
  function reportError(error: unknown, state: CallState, startedAt: number): unknown {
    hooks?.onError?.({
      call: state.call,
      error: error as Error,
      attempts: state.attempts,
      durationMs: performance.now() - startedAt,
    });
    return error;
  }

  return {
    get meshName() {
      return tables.meshName;
    },
    get sourceNode() {
      return tables.sourceNode;
    },
    get tables(): CompiledMesh {
      return tables;
    },
    reload(model: MeshModel) {
      if (!model || !Array.isArray((model as { resources?: unknown }).resources)) {
        const shown = JSON.stringify(model) ?? String(model);
        throw new RouterConfigError(
          `reload: model ${shown.length > 80 ? `${shown.slice(0, 77)}...` : shown} must be a MeshModel ({ resources: [...] }); the current tables stay`,
        );
      }
      ({ tables, lattice } = compileAll({ ...options, model }));
    },
    discoveryQueries: () => discoveryQueries(tables, lattice),
    async warm() {
      const discovery = options.discovery;
      await Promise.all([
        signerReady,
        ...(discovery ? discoveryQueries(tables, lattice).map((q) => discovery.discover(q)) : []),
      ]);
    },
    decide,
    async resolve(url, init): Promise<Resolution> {
      const decision = decide(url, init);
      const endpoint = latticeOf(decision)?.endpoint ?? (await endpointFor(decision));
      const v = decision.request;
      return { ...decision, endpoint, url: `${endpoint.origin}${v.path}${v.query ? `?${v.query}` : ''}` };
    },
    fetch,
    ejectedEndpoints: () => ejectedEndpoints(tables),
    async close() {
      if (ownTransport) await transport.close();
    },
  };
}

function callInfo(decision: RouteDecision, url: string | URL, startedAt: number): MeshCallInfo {
  return {
    method: decision.request.method,
    url: String(url),
    virtualServiceName: decision.virtualServiceName,
    virtualRouterName: decision.virtualRouterName,
    routeName: decision.routeName,
    targetNode: decision.targetNode,
    startedAt,
  };
}

/** The Cloud Map queries of every node the source node can reach (not through VPC Lattice). */
function discoveryQueries(tables: CompiledMesh, lattice: LatticeTable | undefined): RouterDiscoveryQuery[] {
  const out: RouterDiscoveryQuery[] = [];
  for (const node of tables.nodes.values()) {
    if (lattice && !lattice.directNodes.has(node.name)) continue;
    const d = node.pool.discovery;
    if (d.kind === 'cloudMap') out.push(d.query);
  }
  return out;
}

function ejectedEndpoints(tables: CompiledMesh): ReturnType<MeshRouter['ejectedEndpoints']> {
  const out: ReturnType<MeshRouter['ejectedEndpoints']> = [];
  for (const node of tables.nodes.values()) {
    for (const l of node.listeners) {
      for (const e of node.pool.detector(l.port)?.ejected() ?? []) {
        out.push({
          virtualNode: node.name,
          port: l.port,
          endpoint: e.key,
          until: e.until,
          timesEjected: e.timesEjected,
        });
      }
    }
  }
  return out;
}
