import type { MeshCallInfo, MeshResponse, MeshRouter, RouterHooks } from '@meshplane/core/router';
import { type MeshCallSpan, type MeshCallTracer, noopTracer } from '../xray/mesh-call-tracer.js';
import type { MeshInvocationState } from './mesh-context.js';

/**
 * One invocation, as the router's hooks see it: its public state (`traced`, `calls`, what the
 * middleware keeps in `request.internal.meshplane`) with its tracer and end mark kept private, so
 * that the state object is the whole scope (no table from states to scopes to keep).
 */
export class InvocationScope implements MeshInvocationState {
  calls = 0;
  readonly #tracer: MeshCallTracer;
  #ended = false;

  constructor(
    tracer: MeshCallTracer,
    readonly traced: boolean,
  ) {
    this.#tracer = tracer;
  }

  /** The tracer of this invocation's calls; none once it ended (calls it left running). */
  get tracer(): MeshCallTracer {
    return this.#ended ? noopTracer : this.#tracer;
  }

  end(): void {
    this.#ended = true;
  }
}

/** Router hooks that attribute each mesh call to the invocation that started it. */
export interface InvocationHooks {
  readonly hooks: RouterHooks;
  /** `router.fetch(url, init)` on behalf of `scope`. */
  fetch(
    scope: InvocationScope,
    router: MeshRouter,
    url: string | URL,
    init: Parameters<MeshRouter['fetch']>[1],
  ): Promise<MeshResponse>;
  /** Mesh calls started since the hooks were built, all invocations together. */
  calls(): number;
}

interface CallTrace {
  tracer: MeshCallTracer;
  span: MeshCallSpan | undefined;
}

/**
 * The hooks of one runtime, shared by every invocation of the function instance, holding no
 * invocation of their own: Lambda Managed Instances run several invocations at once in one
 * environment, and a tracer kept in the runtime would put one invocation's subsegments and trace
 * headers on another's calls. A call is tied to its invocation when it starts: `fetch` names the
 * scope for the synchronous start of `router.fetch`, where the router calls `onRequestStart`
 * (before its first await, so no other invocation can run in between), and the call's own
 * record, keyed by the router's call object, carries the tracer through its attempts.
 *
 * @example
 * ```ts
 * // internal: not exported from the package
 * import { createDiscovery } from '@meshplane/core/cloudmap';
 * import { createRouter } from '@meshplane/core/router';
 * import { noopTracer } from '@meshplane/lambda/xray';
 * import model from './mesh.json' with { type: 'json' };
 * const invocations = createInvocationHooks(true);
 * const discovery = createDiscovery({ clientConfig: { disableHostPrefix: true } });
 * const router = createRouter({ model, sourceNode: 'dj', discovery, hooks: invocations.hooks });
 * const scope = new InvocationScope(noopTracer, false);
 * await invocations.fetch(scope, router, 'http://jazz.prod.svc.cluster.local:9080/', {});
 * console.log(scope.calls); // 1
 * ```
 */
export function createInvocationHooks(tracing: boolean): InvocationHooks {
  // Only ever set during the synchronous start of one router.fetch, never across an await.
  let starting: InvocationScope | undefined;
  let callCount = 0;
  const traces = new WeakMap<MeshCallInfo, CallTrace>();
  const counted = (): InvocationScope | undefined => {
    callCount++;
    const scope = starting;
    if (scope) scope.calls++;
    return scope;
  };
  const hooks: RouterHooks = tracing
    ? {
        onRequestStart({ call }) {
          const scope = counted();
          const tracer = scope?.tracer;
          if (tracer !== undefined && tracer !== noopTracer) traces.set(call, { tracer, span: undefined });
        },
        onAttempt(e) {
          const trace = traces.get(e.call);
          if (!trace) return;
          // One object per attempt, no spread temporaries: the traced path is kept light on garbage.
          const span = trace.tracer.start({
            virtualService: e.call.virtualServiceName,
            route: e.call.routeName || undefined,
            targetNode: e.call.targetNode || undefined,
            attempt: e.attempt,
            method: e.call.method,
            url: e.call.url,
          });
          trace.span = span;
          if (span.traceHeader) e.headers['x-amzn-trace-id'] = span.traceHeader;
        },
        onAttemptEnd(e) {
          const trace = traces.get(e.call);
          if (!trace?.span) return;
          trace.span.end({ statusCode: e.statusCode, error: e.error });
          trace.span = undefined;
        },
        onResponse({ call }) {
          traces.delete(call);
        },
        onError({ call, error }) {
          if (!call) return;
          traces.get(call)?.span?.end({ error });
          traces.delete(call);
        },
      }
    : { onRequestStart: counted };
  return {
    hooks,
    fetch(scope, router, url, init) {
      const outer = starting;
      starting = scope;
      try {
        return router.fetch(url, init);
      } finally {
        starting = outer;
      }
    },
    calls: () => callCount,
  };
}
