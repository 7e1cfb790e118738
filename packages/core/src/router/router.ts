import { EventEmitter } from 'node:events';
import type { Readable } from 'node:stream';
import { Agent, type Dispatcher } from 'undici';
import type { MeshModel } from '../model/resources.js';
import { boundedSleep, boundedWait, type WaitBounds } from './bounded-wait.js';
import {
  APP_MESH_DEFAULT_PER_REQUEST_TIMEOUT_MS,
  type CompiledMesh,
  type CompiledRoute,
  type CompiledTarget,
  type CompileOptions,
  compileMesh,
  type EffectiveTimeouts,
} from './compile.js';
import type { RouterDiscoveryQuery } from './discovery-types.js';
import type { Endpoint } from './endpoint-pool.js';
import {
  InvalidRequestError,
  MeshRouterError,
  MeshTimeoutError,
  NoRouteMatchedError,
  RetriesExhaustedError,
  RouterConfigError,
  UndeclaredBackendError,
  UpstreamConnectionError,
} from './errors.js';
import { MeshResponse } from './mesh-response.js';
import { badHeader, createView, type HeadersInput, type RequestView } from './request-view.js';
import type { AttemptFailure, CompiledRetryPolicy } from './retry-policy.js';

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
  /** The undici dispatcher to send with; by default the router owns a keep-alive `Agent`. */
  dispatcher?: Dispatcher;
  /** Connections per origin of the router's own Agent. Default 128. */
  connections?: number;
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
 * console.log(r.url); // e.g. http://10.0.0.12:9080/artists
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
 * router.reload(newModel); // after a traffic shift
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

const CONNECT_FAILURES = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const IDLE_TIMEOUTS = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
// RFC 9110 section 9.2.2.
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);

function isView(x: unknown): x is RequestView {
  return typeof x === 'object' && x !== null && typeof (x as RequestView).header === 'function';
}

const now = () => performance.now();

const HEALTH_FILTERS = ['HEALTHY', 'HEALTHY_OR_ELSE_ALL', 'ALL', 'UNHEALTHY'];
const HOOK_NAMES = ['onRequestStart', 'onAttempt', 'onAttemptEnd', 'onResponse', 'onError'];

/** Checks every option of {@link createRouter} and reports all problems at once. */
function checkRouterOptions(options: CreateRouterOptions): void {
  const problems: string[] = [];
  const o = (options ?? {}) as unknown as Record<string, unknown>;
  const show = (v: unknown) => {
    const text = typeof v === 'function' ? 'a function' : (JSON.stringify(v) ?? String(v));
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  };
  const number = (
    field: string,
    value: unknown,
    min: number,
    max = Number.POSITIVE_INFINITY,
    integer = false,
  ) => {
    if (value === undefined) return;
    if (
      typeof value !== 'number' ||
      Number.isNaN(value) ||
      value < min ||
      value > max ||
      (integer && !Number.isInteger(value))
    ) {
      problems.push(
        `${field}: ${show(value)} must be ${integer ? 'an integer' : 'a number'} ${max === Number.POSITIVE_INFINITY ? `>= ${min}` : `from ${min} to ${max}`}`,
      );
    }
  };
  const model = o.model as { resources?: unknown } | undefined;
  if (!model || !Array.isArray(model.resources))
    problems.push(`model: ${show(o.model)} must be a MeshModel ({ resources: [...] })`);
  if (typeof o.sourceNode !== 'string' || o.sourceNode === '') {
    problems.push(`sourceNode: ${show(o.sourceNode)} must be the name of a virtual node`);
  }
  if (o.meshName !== undefined && (typeof o.meshName !== 'string' || o.meshName === '')) {
    problems.push(`meshName: ${show(o.meshName)} must be a mesh name`);
  }
  const discovery = o.discovery as { discover?: unknown; peek?: unknown } | undefined;
  if (
    discovery !== undefined &&
    (typeof discovery?.discover !== 'function' ||
      (discovery.peek !== undefined && typeof discovery.peek !== 'function'))
  ) {
    problems.push(
      'discovery: must have a discover(query) function (and optionally peek(query)), like createDiscovery() of @meshplane/core/cloudmap',
    );
  }
  if (o.healthStatus !== undefined && !HEALTH_FILTERS.includes(o.healthStatus as string)) {
    problems.push(`healthStatus: ${show(o.healthStatus)} must be one of ${HEALTH_FILTERS.join(', ')}`);
  }
  if (
    o.defaultRetryPolicy !== undefined &&
    o.defaultRetryPolicy !== 'app-mesh' &&
    o.defaultRetryPolicy !== 'none'
  ) {
    problems.push(`defaultRetryPolicy: ${show(o.defaultRetryPolicy)} must be 'app-mesh' or 'none'`);
  }
  number('defaultPerRequestTimeoutMs', o.defaultPerRequestTimeoutMs, 0);
  // An option that must be an object: report it once and read no member of it.
  const record = (field: string, value: unknown, rule: string): Record<string, unknown> => {
    if (value === undefined) return {};
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      problems.push(`${field}: ${show(value)} must be ${rule}`);
      return {};
    }
    return value as Record<string, unknown>;
  };
  const budget = record('retryBudget', o.retryBudget, 'an object { percent?, minRetryConcurrency? }');
  number('retryBudget.percent', budget.percent, 0, 100);
  number('retryBudget.minRetryConcurrency', budget.minRetryConcurrency, 0, Number.POSITIVE_INFINITY, true);
  const backoff = record('retryBackoff', o.retryBackoff, 'an object { baseMs?, maxMs? }');
  number('retryBackoff.baseMs', backoff.baseMs, 0);
  number('retryBackoff.maxMs', backoff.maxMs, 0);
  number('connections', o.connections, 1, Number.POSITIVE_INFINITY, true);
  const dispatcher = o.dispatcher as { request?: unknown; dispatch?: unknown } | undefined;
  if (
    dispatcher !== undefined &&
    (dispatcher === null ||
      typeof dispatcher !== 'object' ||
      typeof dispatcher.request !== 'function' ||
      typeof dispatcher.dispatch !== 'function')
  ) {
    problems.push(`dispatcher: ${show(dispatcher)} must be an undici Dispatcher (an Agent, a Pool, …)`);
  }
  if (o.dispatcher !== undefined && o.connections !== undefined) {
    problems.push(
      "connections: applies to the router's own Agent; configure the injected dispatcher instead",
    );
  }
  for (const name of ['random', 'now'] as const) {
    if (o[name] !== undefined && typeof o[name] !== 'function')
      problems.push(`${name}: ${show(o[name])} must be a function`);
  }
  const hooks = record('hooks', o.hooks, `an object of hook functions (${HOOK_NAMES.join(', ')})`);
  for (const [name, hook] of Object.entries(hooks)) {
    if (!HOOK_NAMES.includes(name))
      problems.push(`hooks.${name}: unknown hook (hooks: ${HOOK_NAMES.join(', ')})`);
    else if (hook !== undefined && typeof hook !== 'function')
      problems.push(`hooks.${name}: ${show(hook)} must be a function`);
  }
  if (problems.length > 0) {
    throw new RouterConfigError(
      `invalid createRouter options: ${problems.length} problem(s):\n- ${problems.join('\n- ')}`,
      {
        problems,
      },
    );
  }
}

/** The abort signal of one attempt: undici accepts an EventEmitter with `aborted` and `reason`. */
class AttemptSignal extends EventEmitter {
  aborted = false;
  reason: unknown = undefined;
  /** Set when our own timer aborted the attempt. */
  fired = false;

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.emit('abort');
  }
}

const BODY_RULE =
  'must be a string, a Uint8Array (or Buffer), a Readable stream, an (async) iterable of chunks, null or undefined';

/** Checks the shape of `init` before any routing, so that a bad call fails without side effects. */
function checkInit(init: MeshFetchInit): void {
  if (init === null || typeof init !== 'object') {
    throw new InvalidRequestError(
      'init',
      init,
      'must be an object ({ method, headers, body, signal }) or undefined',
    );
  }
  const body = init.body as unknown;
  if (
    body !== undefined &&
    body !== null &&
    typeof body !== 'string' &&
    !(body instanceof Uint8Array) &&
    !(
      typeof body === 'object' &&
      (typeof (body as Readable).pipe === 'function' ||
        Symbol.asyncIterator in body ||
        Symbol.iterator in body)
    )
  ) {
    throw new InvalidRequestError('body', body, BODY_RULE);
  }
  const signal = init.signal as unknown;
  if (
    signal !== undefined &&
    signal !== null &&
    (typeof signal !== 'object' ||
      typeof (signal as AbortSignal).addEventListener !== 'function' ||
      typeof (signal as AbortSignal).aborted !== 'boolean')
  ) {
    throw new InvalidRequestError('signal', signal, 'must be an AbortSignal');
  }
}

// RFC 9110: a field name is a token; a field value has no CR, LF or NUL (undici's own rules).
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const HEADER_VALUE_FORBIDDEN = /[\0\r\n]/;

/**
 * Turns undici's refusal of a request (`InvalidArgumentError`) into an {@link InvalidRequestError}
 * naming the header or the body at fault. Runs only on that error path.
 */
function rejectedRequest(
  headers: string[] | Record<string, string>,
  body: unknown,
  error: unknown,
): InvalidRequestError {
  const pairs: [string, string][] = [];
  if (Array.isArray(headers))
    for (let i = 0; i < headers.length; i += 2) pairs.push([headers[i]!, headers[i + 1]!]);
  else for (const k of Object.keys(headers)) pairs.push([k, headers[k]!]);
  for (const [name, value] of pairs) {
    if (!HEADER_NAME.test(name)) {
      return new InvalidRequestError(
        'headers',
        name,
        'is not a valid header name: it must be an RFC 9110 token',
        {
          cause: error,
        },
      );
    }
    if (HEADER_VALUE_FORBIDDEN.test(value)) {
      return new InvalidRequestError(`headers.${name}`, value, 'must not contain CR, LF or NUL characters', {
        cause: error,
      });
    }
  }
  const reason = error instanceof Error ? error.message : String(error);
  if (/body/i.test(reason)) return new InvalidRequestError('body', body, BODY_RULE, { cause: error });
  return new InvalidRequestError('request', undefined, `was refused by the HTTP client: ${reason}`, {
    cause: error,
  });
}

/**
 * The request headers as undici's flat `[name, value, …]` list, plus `host` (the virtual service
 * authority) unless the caller set one. No lower-casing or copying into an object: undici takes
 * names in any case.
 */
function headerPairs(headers: HeadersInput | undefined, authority: string): string[] {
  const out: string[] = [];
  let hasHost = false;
  const add = (name: string, value: string) => {
    if (name.length === 4 && name.toLowerCase() === 'host') hasHost = true;
    out.push(name, value);
  };
  if (headers !== undefined) {
    if (typeof (headers as { forEach?: unknown }).forEach === 'function' && !Array.isArray(headers)) {
      (headers as { forEach(cb: (value: string, key: string) => void): void }).forEach((v, k) => {
        add(k, v);
      });
    } else if (Symbol.iterator in (headers as object)) {
      for (const [k, v] of headers as Iterable<readonly [string, string]>) {
        if (typeof k !== 'string' || typeof v !== 'string') throw badHeader(k, v);
        add(k, v);
      }
    } else {
      const record = headers as Record<string, string | string[] | undefined>;
      for (const k in record) {
        const v = record[k];
        if (v === undefined) continue;
        if (typeof v === 'string') add(k, v);
        else if (Array.isArray(v)) {
          for (const item of v) {
            if (typeof item !== 'string') throw badHeader(k, v);
            add(k, item);
          }
        } else throw badHeader(k, v);
      }
    }
  }
  if (!hasHost) out.push('host', authority);
  return out;
}

/**
 * Creates the proxyless router of one virtual node: the model is compiled into lookup tables once
 * (see `compileMesh`), then each request is routed the way App Mesh's Envoy would route it
 * (documented in `packages/core/docs/router.md`) and sent over an undici keep-alive pool.
 *
 * @example
 * ```ts
 * import { createRouter } from '@meshplane/core/router';
 * import { createDiscovery } from '@meshplane/core/cloudmap';
 * import { djAppMesh } from './mesh.js';
 *
 * const router = createRouter({ model: djAppMesh(), sourceNode: 'dj', discovery: createDiscovery({ clientConfig: { region: 'us-east-1' } }) });
 * const response = await router.fetch('http://jazz.prod.svc.cluster.local:9080/');
 * console.log(response.status, response.mesh.targetNode, await response.json());
 * await router.close();
 * ```
 */
export function createRouter(options: CreateRouterOptions): MeshRouter {
  checkRouterOptions(options);
  let tables = compileMesh(options);
  const random = options.random ?? Math.random;
  const hooks = options.hooks;
  const ownDispatcher = options.dispatcher === undefined;
  const dispatcher: Dispatcher =
    options.dispatcher ??
    new Agent({ connections: options.connections ?? 128, keepAliveTimeout: 4_000, pipelining: 1 });
  const backoffBase = options.retryBackoff?.baseMs ?? 25;
  const backoffMax = options.retryBackoff?.maxMs ?? Math.max(backoffBase * 10, backoffBase);
  const defaultTimeouts: EffectiveTimeouts = {
    perRequestMs: options.defaultPerRequestTimeoutMs ?? APP_MESH_DEFAULT_PER_REQUEST_TIMEOUT_MS,
    perRequestSource: options.defaultPerRequestTimeoutMs === undefined ? 'default' : 'option',
    idleMs: undefined,
  };

  function discoveryQueries(): RouterDiscoveryQuery[] {
    const out: RouterDiscoveryQuery[] = [];
    for (const node of tables.nodes.values()) {
      const d = node.pool.discovery;
      if (d.kind === 'cloudMap') out.push(d.query);
    }
    return out;
  }

  function decideView(view: RequestView): RouteDecision {
    const service = tables.services.get(view.host);
    if (service === undefined) {
      // App Mesh: with DROP_ALL "egress only from virtual nodes to other defined resources in the
      // service mesh (and any traffic to *.amazonaws.com for AWS API calls)" (EgressFilter docs).
      if (tables.egress === 'ALLOW_ALL' || view.host.endsWith('.amazonaws.com')) {
        return {
          kind: 'passthrough',
          virtualServiceName: view.host,
          virtualRouterName: undefined,
          routeName: undefined,
          listenerPort: undefined,
          targetNode: undefined,
          targetPort: view.port,
          timeouts: defaultTimeouts,
          retryPolicy: undefined,
          request: view,
          target: undefined,
        };
      }
      throw new UndeclaredBackendError({
        backend: view.host,
        sourceNode: tables.sourceNode,
        meshName: tables.meshName,
        declaredBackends: tables.declaredBackends,
      });
    }
    const provider = service.provider;
    if (provider.kind === 'node') {
      const listeners = provider.node.listeners;
      const listener =
        view.explicitPort === undefined ? listeners[0] : listeners.find((l) => l.port === view.explicitPort);
      if (!listener) {
        throw new NoRouteMatchedError({
          virtualServiceName: service.name,
          port: view.port,
          method: view.method,
          path: view.path,
          reason: `provider virtual node "${provider.node.name}" has no listener on port ${view.port} (listeners: ${listeners.map((l) => l.port).join(', ') || 'none'})`,
        });
      }
      view.port = listener.port;
      return {
        kind: 'node',
        virtualServiceName: service.name,
        virtualRouterName: undefined,
        routeName: undefined,
        listenerPort: listener.port,
        targetNode: provider.node.name,
        targetPort: listener.port,
        timeouts: listener.timeouts,
        retryPolicy: provider.retry,
        request: view,
        target: { node: provider.node, weight: 1, port: listener.port, listener },
      };
    }
    if (provider.kind === 'none') {
      throw new NoRouteMatchedError({
        virtualServiceName: service.name,
        method: view.method,
        path: view.path,
        reason: 'the virtual service has no provider (neither a virtual node nor a virtual router)',
      });
    }
    const listener =
      view.explicitPort === undefined
        ? (provider.only ?? provider.listeners.get(view.port))
        : provider.listeners.get(view.explicitPort);
    if (listener === undefined) {
      throw new NoRouteMatchedError({
        virtualServiceName: service.name,
        virtualRouterName: provider.virtualRouterName,
        port: view.port,
        method: view.method,
        path: view.path,
        reason: `the router has no listener on port ${view.port} (listeners: ${[...provider.listeners.keys()].join(', ') || 'none'})`,
      });
    }
    view.port = listener.port;
    const routes = listener.index === undefined ? listener.routes : listener.index.candidates(view.path);
    let route: CompiledRoute | undefined;
    for (let i = 0; i < routes.length; i++) {
      if (routes[i]!.test(view)) {
        route = routes[i];
        break;
      }
    }
    if (route === undefined) {
      const skipped = listener.skipped
        ? `; ${listener.skipped} other route(s) are for another protocol or port`
        : '';
      throw new NoRouteMatchedError({
        virtualServiceName: service.name,
        virtualRouterName: provider.virtualRouterName,
        port: listener.port,
        method: view.method,
        path: view.path,
        reason: `none of the ${listener.routes.length} ${listener.protocol} route(s) matched${skipped}`,
      });
    }
    const index = route.picker.pick(random());
    if (index < 0) {
      throw new NoRouteMatchedError({
        virtualServiceName: service.name,
        virtualRouterName: provider.virtualRouterName,
        port: listener.port,
        method: view.method,
        path: view.path,
        reason: `route "${route.name}" matched but all its weighted targets have weight 0`,
      });
    }
    const target = route.targets[index]!;
    return {
      kind: 'route',
      virtualServiceName: service.name,
      virtualRouterName: route.virtualRouterName,
      routeName: route.name,
      listenerPort: listener.port,
      targetNode: target.node.name,
      targetPort: target.listener?.port,
      timeouts: route.timeouts,
      retryPolicy: route.retry,
      request: view,
      target,
    };
  }

  function decide(url: string | URL | RequestView, init?: { method?: string; headers?: HeadersInput }) {
    return decideView(isView(url) ? url : createView(url, init?.method, init?.headers));
  }

  function noListener(decision: RouteDecision): never {
    throw new NoRouteMatchedError({
      virtualServiceName: decision.virtualServiceName,
      ...(decision.virtualRouterName ? { virtualRouterName: decision.virtualRouterName } : {}),
      method: decision.request.method,
      path: decision.request.path,
      reason: `target virtual node "${decision.targetNode}" has no listener${decision.targetPort === undefined ? '' : ` on port ${decision.targetPort}`}`,
    });
  }

  /** The endpoint synchronously when discovery's cache can answer, else a promise of it. */
  function endpointFor(decision: RouteDecision, avoid?: readonly string[]): Endpoint | Promise<Endpoint> {
    const target = decision.target;
    if (target === undefined) {
      const v = decision.request;
      return { origin: `${v.scheme}://${v.host}:${v.port}`, host: v.host, port: v.port, instanceId: v.host };
    }
    const listener = target.listener ?? noListener(decision);
    return (
      target.node.pool.pickSync(listener.port, listener.scheme, avoid) ??
      target.node.pool.pick(listener.port, listener.scheme, avoid)
    );
  }

  async function resolve(
    url: string | URL,
    init?: { method?: string; headers?: HeadersInput },
  ): Promise<Resolution> {
    const decision = decide(url, init);
    const endpoint = await endpointFor(decision);
    const v = decision.request;
    return { ...decision, endpoint, url: `${endpoint.origin}${v.path}${v.query ? `?${v.query}` : ''}` };
  }

  async function fetch(url: string | URL, init: MeshFetchInit = {}): Promise<MeshResponse> {
    const startedAt = now();
    let call: MeshCallInfo | undefined;
    let attempt = 0;
    let node: CompiledTarget['node'] | undefined;
    let inRetry = false;
    try {
      checkInit(init);
      const view = createView(url, init.method, init.headers);
      const method = view.method;
      const decision = decideView(view);
      if (hooks) {
        call = {
          method,
          url: String(url),
          virtualServiceName: decision.virtualServiceName,
          virtualRouterName: decision.virtualRouterName,
          routeName: decision.routeName,
          targetNode: decision.targetNode,
          startedAt,
        };
        hooks.onRequestStart?.({ call });
      }
      const target = decision.target;
      node = target?.node;
      node?.budget.requestStarted();
      const body = init.body ?? undefined;
      const replayable = body === undefined || typeof body === 'string' || body instanceof Uint8Array;
      const policy = decision.retryPolicy;
      const maxRetries = policy !== undefined && replayable ? policy.maxRetries : 0;
      const perRequestMs = decision.timeouts.perRequestMs;
      const deadline = perRequestMs > 0 ? startedAt + perRequestMs : Number.POSITIVE_INFINITY;
      const idleMs = decision.timeouts.idleMs ?? 0;
      const path = view.query === '' ? view.path : `${view.path}?${view.query}`;
      // Envoy forwards the virtual service name as the authority; keep it unless the caller set one.
      const authority = view.explicitPort === undefined ? view.host : `${view.host}:${view.explicitPort}`;
      const headerList = headerPairs(init.headers, authority);
      const describe = (endpoint: Endpoint) =>
        `${decision.virtualServiceName}${decision.routeName ? ` route "${decision.routeName}"` : ''}${node ? ` -> ${node.name}` : ''} at ${endpoint.origin}`;
      const userSignal = init.signal ?? undefined;
      if (userSignal?.aborted) throw userSignal.reason;
      // Every wait (discovery on a cold cache, backoff) ends at the deadline or the caller's abort.
      const bounds: WaitBounds = {
        deadline,
        signal: userSignal,
        onDeadline: () =>
          new MeshTimeoutError({
            timeout: 'perRequest',
            timeoutMs: perRequestMs,
            target: `${decision.virtualServiceName}${decision.routeName ? ` route "${decision.routeName}"` : ''}${node ? ` -> ${node.name} (waiting for ${node.pool.discovery.label})` : ''}`,
            source: decision.timeouts.perRequestSource,
          }),
      };

      // The endpoints this call tried, for the previous_hosts predicate (none before a retry).
      let tried: string[] | undefined;
      for (;;) {
        attempt++;
        const picked = endpointFor(decision, tried);
        const endpoint = picked instanceof Promise ? await boundedWait(picked, bounds) : picked;
        const attemptStart = now();
        const remaining = deadline - attemptStart;
        if (remaining <= 0) {
          throw new MeshTimeoutError({
            timeout: 'perRequest',
            timeoutMs: perRequestMs,
            target: describe(endpoint),
            source: decision.timeouts.perRequestSource,
          });
        }
        const perTry = policy?.perRetryTimeoutMs;
        const byPerTry = perTry !== undefined && perTry < remaining;
        const attemptMs = byPerTry ? perTry : remaining;
        // An EventEmitter is a lighter abort signal than an AbortController, and undici takes both.
        const signal = new AttemptSignal();
        const timer =
          attemptMs === Number.POSITIVE_INFINITY
            ? undefined
            : setTimeout(() => {
                signal.fired = true;
                // The reason reaches whoever reads the body after the headers arrived.
                signal.abort(
                  new MeshTimeoutError({
                    timeout: byPerTry ? 'perRetry' : 'perRequest',
                    timeoutMs: byPerTry ? attemptMs : perRequestMs,
                    target: describe(endpoint),
                    source: byPerTry ? 'route' : decision.timeouts.perRequestSource,
                  }),
                );
              }, attemptMs);
        timer?.unref();
        const onUserAbort = userSignal ? () => signal.abort(userSignal.reason) : undefined;
        if (onUserAbort) userSignal!.addEventListener('abort', onUserAbort, { once: true });
        let headers: string[] | Record<string, string> = headerList;
        if (hooks?.onAttempt) {
          const record: Record<string, string> = {};
          for (let i = 0; i < headerList.length; i += 2) {
            const k = headerList[i]!.toLowerCase();
            record[k] = record[k] === undefined ? headerList[i + 1]! : `${record[k]},${headerList[i + 1]}`;
          }
          hooks.onAttempt({
            call: call!,
            attempt,
            endpoint: endpoint.origin,
            instanceId: endpoint.instanceId,
            headers: record,
          });
          headers = record;
        }
        const detector = target?.listener ? node!.pool.detector(target.listener.port) : undefined;
        let failure: AttemptFailure;
        let failureError: Error;
        try {
          const data = await dispatcher.request({
            origin: endpoint.origin,
            path,
            method: method as Dispatcher.HttpMethod,
            headers,
            body: body as Dispatcher.DispatchOptions['body'],
            signal,
            headersTimeout: idleMs,
            bodyTimeout: idleMs,
          });
          const status = data.statusCode;
          detector?.record(endpoint.origin, status, node!.pool.size(target!.listener!.port));
          const retryable =
            policy !== undefined &&
            (policy.retryStatuses.has(status) ||
              (policy.retryGrpcStatuses.size > 0 &&
                policy.retryGrpcStatuses.has(Number(data.headers['grpc-status']))));
          const willRetry = retryable && attempt <= maxRetries && canRetry(node, inRetry);
          hooks?.onAttemptEnd?.({
            call: call!,
            attempt,
            endpoint: endpoint.origin,
            statusCode: status,
            error: undefined,
            durationMs: now() - attemptStart,
            willRetry,
          });
          if (willRetry) {
            if (timer) clearTimeout(timer);
            if (onUserAbort) userSignal!.removeEventListener('abort', onUserAbort);
            await data.body.dump().catch(() => undefined);
            inRetry = true;
            if (policy!.retryOtherHosts) tried = tried ? [...tried, endpoint.origin] : [endpoint.origin];
            await backoff(attempt, bounds);
            continue;
          }
          // The per-request timeout covers the whole response, body included (Envoy's route
          // timeout): the timer stays armed until the body is consumed or destroyed.
          if (timer || onUserAbort) {
            data.body.once('close', () => {
              if (timer) clearTimeout(timer);
              if (onUserAbort) userSignal!.removeEventListener('abort', onUserAbort);
            });
          }
          const response = new MeshResponse(data, endpoint.origin + path, {
            virtualServiceName: decision.virtualServiceName,
            virtualRouterName: decision.virtualRouterName,
            routeName: decision.routeName,
            targetNode: decision.targetNode,
            endpoint: endpoint.origin,
            instanceId: endpoint.instanceId,
            attempts: attempt,
          });
          hooks?.onResponse?.({
            call: call!,
            statusCode: status,
            attempts: attempt,
            durationMs: now() - startedAt,
          });
          return response;
        } catch (error) {
          if (timer) clearTimeout(timer);
          if (onUserAbort) userSignal!.removeEventListener('abort', onUserAbort);
          if (userSignal?.aborted) throw userSignal.reason;
          if (error instanceof MeshRouterError && !signal.fired) throw error;
          // undici refused the request itself (a header or the body): the caller's mistake, not
          // the upstream's, so it is neither retried nor held against the endpoint.
          if ((error as { code?: string }).code === 'UND_ERR_INVALID_ARG') {
            throw rejectedRequest(headers, body, error);
          }
          if (signal.fired && !byPerTry) {
            // The route's per-request timeout bounds the call as a whole: Envoy does not retry it.
            detector?.record(endpoint.origin, 0, node!.pool.size(target!.listener!.port));
            throw new MeshTimeoutError(
              {
                timeout: 'perRequest',
                timeoutMs: perRequestMs,
                target: describe(endpoint),
                source: decision.timeouts.perRequestSource,
              },
              { cause: error },
            );
          }
          const code = (error as { code?: string }).code ?? '';
          if (signal.fired) {
            failure = 'per-try-timeout';
            failureError = new MeshTimeoutError(
              { timeout: 'perRetry', timeoutMs: attemptMs, target: describe(endpoint), source: 'route' },
              { cause: error },
            );
          } else if (IDLE_TIMEOUTS.has(code)) {
            failure = 'reset';
            failureError = new MeshTimeoutError(
              {
                timeout: 'idle',
                timeoutMs: idleMs,
                target: describe(endpoint),
                source: decision.kind === 'node' ? 'listener' : 'route',
              },
              { cause: error },
            );
          } else {
            failure = CONNECT_FAILURES.has(code) ? 'connect-failure' : 'reset';
            failureError = new UpstreamConnectionError({ target: describe(endpoint) }, { cause: error });
          }
        }
        detector?.record(endpoint.origin, 0, node!.pool.size(target!.listener!.port));
        const retryable =
          policy?.retryFailures.has(failure) === true &&
          !(failure === 'reset' && policy.resetIdempotentOnly === true && !IDEMPOTENT_METHODS.has(method));
        const withinMax = attempt <= maxRetries;
        const allowed = retryable && withinMax && canRetry(node, inRetry);
        hooks?.onAttemptEnd?.({
          call: call!,
          attempt,
          endpoint: endpoint.origin,
          statusCode: undefined,
          error: failureError,
          durationMs: now() - attemptStart,
          willRetry: allowed,
        });
        if (allowed) {
          inRetry = true;
          if (policy!.retryOtherHosts) tried = tried ? [...tried, endpoint.origin] : [endpoint.origin];
          await backoff(attempt, bounds);
          continue;
        }
        if (retryable && maxRetries > 0) {
          throw new RetriesExhaustedError(
            {
              target: `${decision.virtualServiceName}${node ? ` -> ${node.name}` : ''}`,
              attempts: attempt,
              maxRetries,
              budgetExhausted: withinMax,
            },
            { cause: failureError },
          );
        }
        throw failureError;
      }
    } catch (error) {
      hooks?.onError?.({ call, error: error as Error, attempts: attempt, durationMs: now() - startedAt });
      throw error;
    } finally {
      if (inRetry) node?.budget.retryEnded();
      node?.budget.requestEnded();
    }
  }

  /** Takes a retry slot from the target node's budget, keeping the one already held. */
  function canRetry(node: CompiledTarget['node'] | undefined, inRetry: boolean): boolean {
    if (!node) return true;
    if (inRetry) return true;
    return node.budget.tryStartRetry();
  }

  function backoff(attempt: number, bounds: WaitBounds): Promise<void> {
    if (backoffBase <= 0) return Promise.resolve();
    const ceiling = Math.min(backoffMax, backoffBase * 2 ** (attempt - 1));
    return boundedSleep(random() * ceiling, bounds);
  }

  return {
    get meshName() {
      return tables.meshName;
    },
    get sourceNode() {
      return tables.sourceNode;
    },
    get tables() {
      return tables;
    },
    reload(model: MeshModel) {
      if (!model || !Array.isArray((model as { resources?: unknown }).resources)) {
        const shown = JSON.stringify(model) ?? String(model);
        throw new RouterConfigError(
          `reload: model ${shown.length > 80 ? `${shown.slice(0, 77)}...` : shown} must be a MeshModel ({ resources: [...] }); the current tables stay`,
        );
      }
      tables = compileMesh({ ...options, model });
    },
    discoveryQueries,
    async warm() {
      const discovery = options.discovery;
      if (!discovery) return;
      await Promise.all(discoveryQueries().map((q) => discovery.discover(q)));
    },
    decide,
    resolve,
    fetch,
    ejectedEndpoints() {
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
    },
    async close() {
      if (ownDispatcher) await dispatcher.close();
    },
  };
}
