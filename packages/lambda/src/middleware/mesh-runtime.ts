import type { MeshModel, VirtualNodeResource } from '@meshplane/core';
import type { Discovery } from '@meshplane/core/cloudmap';
import {
  createRouter,
  type MeshCallInfo,
  type MeshRouter,
  type RouterDiscovery,
  type RouterDiscoveryQuery,
  type RouterHooks,
} from '@meshplane/core/router';
import { Agent, type Dispatcher } from 'undici';
import {
  AUTH_TYPE_TAG,
  type FunctionUrlAuthType,
  isFunctionUrlHost,
} from '../lambda-node/lambda-node-spec.js';
import { createFunctionUrlDispatcher, type RequestDispatcher } from '../signing/function-url-dispatcher.js';
import { createFunctionUrlSigner, type FunctionUrlSigner } from '../signing/function-url-signer.js';
import { loadXRay } from '../xray/load-xray.js';
import {
  createXRayTracing,
  type MeshCallSpan,
  type MeshCallTracer,
  noopTracer,
  propagatingTracer,
  type XRayTracing,
} from '../xray/mesh-call-tracer.js';
import { parseTraceHeader } from '../xray/trace-header.js';
import { createUdpSender, type SegmentSender } from '../xray/udp-sender.js';
import type { MeshContext, MeshInvocationState } from './mesh-context.js';
import { isModelSource } from './model-source.js';
import type { ResolvedMeshOptions } from './options.js';

interface Snapshot {
  model: MeshModel;
  router: MeshRouter;
  mesh: MeshContext;
  loadedAt: number;
}

/** What one invocation gets from the runtime. */
export interface InvocationMesh {
  mesh: MeshContext;
  /** This invocation's state (what the middleware keeps in `request.internal.meshplane`). */
  state: MeshInvocationState;
}

/** The mesh machinery of one function instance: built once at init, used by every invocation. */
export interface MeshRuntime {
  /** Per invocation: the mesh context, with tracing set up from the invocation's trace header. */
  begin(traceHeader: string | undefined): InvocationMesh | Promise<InvocationMesh>;
  /** End of invocation. */
  end(): void;
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

function cloudMapQueries(router: MeshRouter): RouterDiscoveryQuery[] {
  const out: RouterDiscoveryQuery[] = [];
  for (const node of router.tables.nodes.values()) {
    const d = node.pool.discovery;
    if (d.kind === 'cloudMap') out.push(d.query);
  }
  return out;
}

/**
 * Builds the runtime: loads the model (code or App Mesh API), compiles the router for the
 * function's virtual node, warms discovery. Resolves when the first snapshot is ready.
 * `startRuntime` (what `meshplane()` and `withMesh()` call) imports this module lazily.
 *
 * @example
 * ```ts
 * import { resolveOptions } from '@meshplane/lambda/middleware';
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
      ownDiscovery = createDiscovery(given?.cloudMap ?? { clientConfig: {} }, given?.options);
      discovery = ownDiscovery;
    }
    return discovery;
  }

  const ownAgent = options.dispatcher === undefined;
  const agent: Dispatcher =
    options.dispatcher ??
    new Agent({ connections: options.router?.connections ?? 128, keepAliveTimeout: 4_000, pipelining: 1 });
  let signer: FunctionUrlSigner | undefined;
  const authTypes = options.functionUrls?.authTypes ?? {};
  function dispatcherFor(model: MeshModel): Dispatcher {
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
    return wrapper as unknown as Dispatcher;
  }

  // Tracing: hooks read the tracer of the invocation that started the call.
  let activeTracer: MeshCallTracer = noopTracer;
  let activeState: MeshInvocationState | undefined;
  let callCount = 0;
  const counted = () => {
    callCount++;
    if (activeState) activeState.calls++;
  };
  const inFlight = new WeakMap<MeshCallInfo, { tracer: MeshCallTracer; span: MeshCallSpan | undefined }>();
  const hooks: RouterHooks | undefined =
    options.tracing === false
      ? {
          onRequestStart: counted,
        }
      : {
          onRequestStart({ call }) {
            counted();
            if (activeTracer !== noopTracer) inFlight.set(call, { tracer: activeTracer, span: undefined });
          },
          onAttempt(e) {
            const state = inFlight.get(e.call);
            if (!state) return;
            // One object per attempt, no spread temporaries: the traced path is kept light on garbage.
            const span = state.tracer.start({
              virtualService: e.call.virtualServiceName,
              route: e.call.routeName || undefined,
              targetNode: e.call.targetNode || undefined,
              attempt: e.attempt,
              method: e.call.method,
              url: e.call.url,
            });
            state.span = span;
            if (span.traceHeader) e.headers['x-amzn-trace-id'] = span.traceHeader;
          },
          onAttemptEnd(e) {
            const state = inFlight.get(e.call);
            if (!state?.span) return;
            state.span.end({ statusCode: e.statusCode, error: e.error });
            state.span = undefined;
          },
          onResponse({ call }) {
            inFlight.delete(call);
          },
          onError({ call, error }) {
            if (!call) return;
            const state = inFlight.get(call);
            state?.span?.end({ error });
            inFlight.delete(call);
          },
        };

  async function build(model: MeshModel): Promise<Snapshot> {
    // The router's own connection settings do not apply to a dispatcher we pass it.
    const { connections: _connections, ...routerOptions } = options.router ?? {};
    const router = createRouter({
      ...routerOptions,
      model,
      sourceNode: options.virtualNodeName,
      ...(options.meshName ? { meshName: options.meshName } : {}),
      discovery: await discoveryFor(model),
      ...(hooks ? { hooks } : {}),
      dispatcher: dispatcherFor(model),
    });
    const mesh: MeshContext = {
      fetch: (url, init) => router.fetch(url, init),
      async resolve(url, init) {
        const resolution = await router.resolve(url, init);
        if (isFunctionUrlHost(resolution.endpoint.host)) {
          const v = resolution.request;
          return {
            ...resolution,
            url: `https://${resolution.endpoint.host}${v.path}${v.query ? `?${v.query}` : ''}`,
          };
        }
        return resolution;
      },
      router,
      model,
    };
    return { model, router, mesh, loadedAt: Date.now() };
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

  // Built once, at the first traced invocation: the SDK, the daemon socket, the id pool.
  let xray: XRayTracing | undefined;
  let xrayUnavailable = false;
  let sender: SegmentSender | undefined;
  async function tracedBegin(
    header: NonNullable<ReturnType<typeof parseTraceHeader>>,
  ): Promise<InvocationMesh> {
    if (!xray && !xrayUnavailable) {
      try {
        const sdk = await loadXRay();
        const udp = createUdpSender(options.xrayDaemonAddress ?? process.env.AWS_XRAY_DAEMON_ADDRESS);
        // Connected once here, so that each subsegment is sent inside the call that ends it.
        await udp.connect();
        sender = udp;
        xray = createXRayTracing(sdk, sender);
      } catch (error) {
        // Tracing must never fail an invocation: without the SDK (left out of a bundle, say) the
        // trace header is still propagated, only the subsegments are missing.
        xrayUnavailable = true;
        log.warn('meshplane: aws-xray-sdk-core could not be loaded; mesh calls are not traced', {
          error: String(error),
        });
      }
    }
    activeTracer = xray ? xray.tracerFor(header) : propagatingTracer(header);
    activeState = { traced: xray !== undefined && header.sampled !== false, calls: 0 };
    return { mesh: current.mesh, state: activeState };
  }

  return {
    begin(traceHeader) {
      maybeRefresh();
      const header = options.tracing === false ? undefined : parseTraceHeader(traceHeader);
      if (!header) {
        activeTracer = noopTracer;
        activeState = { traced: false, calls: 0 };
        return { mesh: current.mesh, state: activeState };
      }
      if (xray) {
        activeTracer = xray.tracerFor(header);
        activeState = { traced: header.sampled !== false, calls: 0 };
        return { mesh: current.mesh, state: activeState };
      }
      if (xrayUnavailable) {
        activeTracer = propagatingTracer(header);
        activeState = { traced: false, calls: 0 };
        return { mesh: current.mesh, state: activeState };
      }
      return tracedBegin(header);
    },
    end() {
      activeTracer = noopTracer;
      activeState = undefined;
    },
    calls: () => callCount,
    refreshFailures: () => failures,
    async close() {
      await refreshing;
      ownDiscovery?.close();
      source?.close?.();
      sender?.close();
      if (ownAgent) await agent.close();
    },
  };
}
