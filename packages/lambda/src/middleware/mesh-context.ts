import type { MeshModel } from '@meshplane/core/model';
import type { MeshFetchInit, MeshResponse, MeshRouter, Resolution } from '@meshplane/core/router';

/** What the handler gets as `context.mesh`. */
export interface MeshContext {
  /**
   * Sends a request through the mesh: `http://<virtual service>[:port]/path` is routed as the
   * function's virtual node would route it (routes, weights, retries, timeouts), traced as an
   * X-Ray subsegment per attempt when tracing is active.
   */
  fetch(url: string | URL, init?: MeshFetchInit): Promise<MeshResponse>;
  /** Where a request would go (route, target node, endpoint URL), without sending it. */
  resolve(
    url: string | URL,
    init?: { method?: string; headers?: Record<string, string> },
  ): Promise<Resolution>;
  /** The router in use (the model snapshot it was compiled from). */
  readonly router: MeshRouter;
  readonly model: MeshModel;
}

/** A Lambda context with the mesh attached. */
export interface WithMeshContext {
  mesh: MeshContext;
}

/** Per-invocation state, kept in middy's `request.internal.meshplane`. */
export interface MeshInvocationState {
  /** Whether this invocation's mesh calls are traced. */
  traced: boolean;
  /** Mesh calls started during this invocation. */
  calls: number;
}
