import type { Discovery } from '@meshplane/core/cloudmap';
import type { MeshModel, VirtualNodeResource } from '@meshplane/core/model';
import {
  type CreateRouterOptions,
  createHttpTransport,
  createRouter,
  type MeshRouter,
  type RouterDiscovery,
  type RouterDiscoveryQuery,
  type Transport,
} from '@meshplane/core/router';
import { MeshplaneLambdaError } from '../errors.js';
import {
  AUTH_TYPE_TAG,
  type FunctionUrlAuthType,
  isFunctionUrlHost,
} from '../lambda-node/lambda-node-spec.js';
import { createFunctionUrlDispatcher, type RequestDispatcher } from '../signing/function-url-dispatcher.js';
import { createFunctionUrlSigner, type FunctionUrlSigner } from '../signing/function-url-signer.js';
import { type MeshCallTracer, noopTracer } from '../xray/mesh-call-tracer.js';
import { parseTraceHeader } from '../xray/trace-header.js';
import { discoveryClientOptions } from './discovery-client.js';
import { createInvocationHooks, InvocationScope } from './invocation-hooks.js';
import type { MeshContext, MeshInvocationState } from './mesh-context.js';
import { isModelSource } from './model-source.js';
import type { ResolvedMeshOptions } from './options.js';
import { createTracerSource } from './tracer-source.js';

interface Snapshot {
  model: MeshModel;
  router: MeshRouter;
  resolve: MeshContext['resolve'];
  loadedAt: number;
}

/** What one invocation gets from the runtime. */
export interface InvocationMesh {
  /** The mesh context of this invocation: its calls are traced with this invocation's trace. */
  mesh: MeshContext;
  /** This invocation's state (what the middleware keeps in `request.internal.meshplane`). */
  state: MeshInvocationState;
}

/** The mesh machinery of one function instance: built once at init, used by every invocation. */
export interface MeshRuntime {
  /** Per invocation: the mesh context, with tracing set up from the invocation's trace header. */
  begin(traceHeader: string | undefined): InvocationMesh | Promise<InvocationMesh>;
  /** End of the invocation whose state this is: calls it left running are no longer traced. */
  end(state?: MeshInvocationState): void;
  /** Mesh calls started since the runtime was built. */
  calls(): number;
  /** Model refreshes that failed (the last good copy stayed in use). */
  refreshFailures(): number;
  close(): Promise<void>;
}

function functionUrlHosts(model: MeshModel): Map<string, FunctionUrlAuthType | undefined> {
  const hosts = new Map<string, FunctionUrlAuthType | undefined>();
  for (const r of model.resources) {
    if (r.kind !== 'virtualNode') continue;
    const host = (r as VirtualNodeResource).spec.serviceDiscovery?.dns?.hostname?.toLowerCase();
    if (!host || !isFunctionUrlHost(host)) continue;
    const tag = r.tags?.find((t) => t.key === AUTH_TYPE_TAG)?.value;
    hosts.set(host, tag === 'NONE' || tag === 'AWS_IAM' ? tag : undefined);
  }
  return hosts;
}

function usesCloudMap(model: MeshModel): boolean {
  return model.resources.some(
    (r) =>
      r.kind === 'virtualNode' && (r as VirtualNodeResource).spec.serviceDiscovery?.awsCloudMap !== undefined,
  );
}

/** The router's own list: Cloud Map nodes it reaches directly, not those behind VPC Lattice. */
function cloudMapQueries(router: MeshRouter): RouterDiscoveryQuery[] {
  return router.discoveryQueries();
}

/**
 * The router's node:http keep-alive transport, as an injectable dispatcher: the router checks an
 * injected one for undici's `dispatch()` too, which it never calls (it sends with `request()`).
 */
function ownTransport(connections: number | undefined): Transport {
  const transport = createHttpTransport({ connections: connections ?? 128, keepAliveTimeoutMs: 4_000 });
  return Object.assign(transport, {
    dispatch(): never {
      throw new MeshplaneLambdaError(
        'DISPATCH_UNSUPPORTED',
        'mesh calls are sent with request(), not dispatch()',
      );
    },
  });
}

/**
 * Builds the runtime: loads the model (code or App Mesh API), compiles the router for the
 * function's virtual node, warms discovery. Resolves when the first snapshot is ready.
 * `startRuntime` (what `meshplane()` and `withMesh()` call) imports this module lazily.
 *
 * @example
 * ```ts
 * import { resolveOptions } from './options.js';
 * import { createMeshRuntime } from './mesh-runtime.js';
 * import model from './mesh.json' with { type: 'json' };
 * const runtime = await createMeshRuntime(resolveOptions({ model, virtualNodeName: 'dj' }));
 * const { mesh } = await runtime.begin(undefined);
 * await mesh.fetch('http://jazz.prod.svc.cluster.local:9080/');
 * runtime.end();
 * ```
 */
export async function createMeshRuntime(options: ResolvedMeshOptions): Promise<MeshRuntime> {
  const log = options.logger;
  const source = isModelSource(options.model) ? options.model : undefined;

  async function loadModel(): Promise<MeshModel> {
    if (source) return source.load();
    const model = options.model as MeshModel | (() => MeshModel | Promise<MeshModel>);
    return typeof model === 'function' ? await model() : model;
  }

  let discovery: RouterDiscovery | undefined;
  let ownDiscovery: Discovery | undefined;
  async function discoveryFor(model: MeshModel): Promise<RouterDiscovery | undefined> {
    if (discovery) return discovery;
    const given = options.discovery;
    if (given && 'discover' in given) {
      discovery = given;
    } else if (given || usesCloudMap(model)) {
      const { createDiscovery } = await import('./discovery-loader.js');
      ownDiscovery = createDiscovery(discoveryClientOptions(given?.cloudMap), given?.options);
      discovery = ownDiscovery;
    }
    return discovery;
  }

  const ownAgent = options.dispatcher === undefined;
  // The router's own node:http keep-alive transport unless one is given: no HTTP client library
  // in the function's bundle (undici was most of it).
  const agent: Transport =
    (options.dispatcher as unknown as Transport | undefined) ?? ownTransport(options.router?.connections);
  let signer: FunctionUrlSigner | undefined;
  const authTypes = options.functionUrls?.authTypes ?? {};
  function dispatcherFor(model: MeshModel): Transport {
    const hosts = functionUrlHosts(model);
    if (hosts.size === 0) return agent;
    const given = options.functionUrls?.signer;
    signer ??= given && 'sign' in given ? given : createFunctionUrlSigner(given ?? {});
    const nodeAuth = new Map<string, FunctionUrlAuthType>();
    for (const r of model.resources) {
      if (r.kind !== 'virtualNode') continue;
      const host = (r as VirtualNodeResource).spec.serviceDiscovery?.dns?.hostname?.toLowerCase();
      const byName = authTypes[r.name];
      if (host && byName) nodeAuth.set(host, byName);
    }
    const wrapper: RequestDispatcher = createFunctionUrlDispatcher({
      inner: agent as unknown as RequestDispatcher,
      signer,
      authTypeOf: (host) => authTypes[host] ?? nodeAuth.get(host) ?? hosts.get(host) ?? 'AWS_IAM',
    });
    return wrapper as unknown as Transport;
  }

  // Per-invocation state lives in each invocation's scope, never in the runtime (see createInvocationHooks).
  const invocations = createInvocationHooks(options.tracing !== false);
  const hooks = invocations.hooks;

  async function build(model: MeshModel): Promise<Snapshot> {
    // The router's own connection settings do not apply to a dispatcher we pass it.
    const { connections: _connections, ...routerOptions } = options.router ?? {};
    const router = createRouter({
      ...routerOptions,
      model,
      sourceNode: options.virtualNodeName,
      ...(options.meshName ? { meshName: options.meshName } : {}),
      discovery: await discoveryFor(model),
      hooks,
      // Typed as the router's option: its transport type is wider than undici's Dispatcher.
      dispatcher: dispatcherFor(model) as CreateRouterOptions['dispatcher'],
    });
    const resolve: MeshContext['resolve'] = async (url, init) => {
      const resolution = await router.resolve(url, init);
      if (isFunctionUrlHost(resolution.endpoint.host)) {
        const v = resolution.request;
        return {
          ...resolution,
          url: `https://${resolution.endpoint.host}${v.path}${v.query ? `?${v.query}` : ''}`,
        };
      }
      return resolution;
    };
    return { model, router, resolve, loadedAt: Date.now() };
  }

  async function warm(router: MeshRouter): Promise<void> {
    if (!options.warmDiscovery || !discovery) return;
    const queries = cloudMapQueries(router);
    if (queries.length === 0) return;
    try {
      const warmable = discovery as Partial<Discovery>;
      if (typeof warmable.warm === 'function') await warmable.warm(queries);
      else await Promise.all(queries.map((q) => discovery!.discover(q)));
    } catch (error) {
      // A cold cache is not fatal: the first request looks up again.
      log.warn('meshplane: warming service discovery failed', { error: String(error) });
    }
  }

  let current = await build(await loadModel());
  await warm(current.router);

  let refreshing: Promise<void> | undefined;
  let failures = 0;
  const refreshIntervalMs = source?.refreshIntervalMs ?? Number.POSITIVE_INFINITY;
  let nextRefreshAt = current.loadedAt + refreshIntervalMs;
  function maybeRefresh() {
    if (!source || refreshing || Date.now() < nextRefreshAt) return;
    refreshing = (async () => {
      try {
        const next = await build(await loadModel());
        current = next;
      } catch (error) {
        failures++;
        log.warn('meshplane: model refresh failed, keeping the last good copy', {
          error: String(error),
          modelAgeMs: Date.now() - current.loadedAt,
        });
      } finally {
        nextRefreshAt = Date.now() + refreshIntervalMs;
        refreshing = undefined;
      }
    })();
  }

  const tracerSource = createTracerSource(options.xrayDaemonAddress, log);
  /** One invocation: its scope (tracer, counters) and a mesh context bound to it. */
  function invocation(snapshot: Snapshot, tracer: MeshCallTracer, traced: boolean): InvocationMesh {
    const scope = new InvocationScope(tracer, traced);
    const { router } = snapshot;
    const mesh: MeshContext = {
      // Bound rather than a closure: no function to create and name per invocation.
      fetch: invocations.fetch.bind(undefined, scope, router),
      resolve: snapshot.resolve,
      router,
      model: snapshot.model,
    };
    return { mesh, state: scope };
  }

  return {
    begin(traceHeader) {
      maybeRefresh();
      const snapshot = current;
      const header = options.tracing === false ? undefined : parseTraceHeader(traceHeader);
      if (!header) return invocation(snapshot, noopTracer, false);
      const tracer = tracerSource.tracerFor(header);
      if (tracer instanceof Promise) {
        return tracer.then((t) => invocation(snapshot, t, tracerSource.records(header)));
      }
      return invocation(snapshot, tracer, tracerSource.records(header));
    },
    end(state) {
      if (state instanceof InvocationScope) state.end();
    },
    calls: () => invocations.calls(),
    refreshFailures: () => failures,
    async close() {
      await refreshing;
      ownDiscovery?.close();
      source?.close?.();
      tracerSource.close();
      if (ownAgent) await agent.close();
    },
  };
}
