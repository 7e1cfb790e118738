import type { MeshInvocationState } from './mesh-context.js';
import type { InvocationMesh, MeshRuntime } from './mesh-runtime.js';
import { type MeshMiddlewareOptions, type ResolvedMeshOptions, resolveOptions } from './options.js';

/**
 * A handle on the mesh runtime, cheap to create: the runtime module (router, undici, AWS SDK
 * clients) is imported and built in the background right away, during the Lambda init phase, so
 * importing the middleware stays light and the first invocation finds the router ready.
 */
export interface RuntimeHandle {
  readonly options: ResolvedMeshOptions;
  /** Resolves when the runtime is built; a failed build is retried on the next call. */
  ready(): Promise<MeshRuntime>;
  /** The runtime when already built, else undefined (no promise on the warm path). */
  peek(): MeshRuntime | undefined;
  /** Begins an invocation: the mesh context and whether it is traced. */
  begin(traceHeader: string | undefined): InvocationMesh | Promise<InvocationMesh>;
  /** Ends the invocation whose state this is (from `begin`, kept in `request.internal.meshplane`). */
  end(state?: MeshInvocationState): void;
  close(): Promise<void>;
}

/**
 * Starts building the runtime now and returns its handle (what `meshplane()` and `withMesh()` do).
 *
 * @example
 * ```ts
 * import { startRuntime } from '@meshplane/lambda/middleware';
 * const runtime = startRuntime({ model: { resources: [] }, virtualNodeName: 'dj' });
 * await runtime.ready().catch((error) => console.log(error.message));
 * // 'sourceNode "dj" is not a virtual node of the model (virtual nodes: none)'
 * ```
 */
export function startRuntime(options: MeshMiddlewareOptions): RuntimeHandle {
  const resolved = resolveOptions(options);
  let runtime: MeshRuntime | undefined;
  let building: Promise<MeshRuntime> | undefined;
  const build = () => {
    building ??= import('./mesh-runtime.js')
      .then((m) => m.createMeshRuntime(resolved))
      .then(
        (built) => {
          runtime = built;
          return built;
        },
        (error: unknown) => {
          // Let the next invocation try again (e.g. the App Mesh API was briefly unavailable).
          building = undefined;
          throw error;
        },
      );
    return building;
  };
  // Kick off at init; the first invocation awaits it and sees its error, if any.
  build().catch(() => {});
  return {
    options: resolved,
    ready: () => (runtime ? Promise.resolve(runtime) : build()),
    peek: () => runtime,
    begin(traceHeader) {
      if (runtime) return runtime.begin(traceHeader);
      return build().then((r) => r.begin(traceHeader));
    },
    end(state) {
      runtime?.end(state);
    },
    async close() {
      const r = runtime ?? (await building?.catch(() => undefined));
      await r?.close();
    },
  };
}
