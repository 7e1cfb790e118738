import type { Context } from 'aws-lambda';
import { MeshplaneLambdaError } from '../errors.js';
import { invocationTraceHeader } from './invocation-trace.js';
import type { MeshContext, MeshInvocationState, WithMeshContext } from './mesh-context.js';
import type { InvocationMesh } from './mesh-runtime.js';
import type { MiddyMiddlewareObj, MiddyRequest } from './middy-types.js';
import type { MeshMiddlewareOptions } from './options.js';
import { type RuntimeHandle, startRuntime } from './runtime-handle.js';

/** `request.internal` with meshplane's per-invocation state. */
export type MeshInternal = Record<string, unknown> & { meshplane?: MeshInvocationState };

type MeshRequest = MiddyRequest<unknown, unknown, Error, Context, MeshInternal>;

/** The middleware object, with its runtime handle (for tests and graceful shutdown). */
export interface MeshMiddleware
  extends MiddyMiddlewareObj<unknown, unknown, Error, Context & WithMeshContext> {
  readonly runtime: RuntimeHandle;
}

function attach(request: MeshRequest, invocation: InvocationMesh): void {
  (request.context as Context & { mesh: MeshContext }).mesh = invocation.mesh;
  request.internal.meshplane = invocation.state;
}

/**
 * The `before` step: waits for the runtime on the first invocation only, then attaches
 * `context.mesh` and this invocation's tracing (its trace header from the context, the runtime's
 * per-invocation store, or `_X_AMZN_TRACE_ID` when invocations are not concurrent: see
 * `invocationTraceHeader`), and keeps its state in `request.internal.meshplane`.
 *
 * @example
 * ```ts
 * import middy from '@middy/core';
 * import { appMeshModelSource } from '@meshplane/lambda/app-mesh-source';
 * import { meshplaneBefore, startRuntime } from '@meshplane/lambda/middleware';
 * const runtime = startRuntime({ model: appMeshModelSource({ meshName: 'dj-app' }), virtualNodeName: 'dj' });
 * export const handler = middy(async () => 'ok').before((request) => meshplaneBefore(runtime, request));
 * ```
 */
export function meshplaneBefore(runtime: RuntimeHandle, request: MeshRequest): void | Promise<void> {
  const begun = runtime.begin(invocationTraceHeader(request.context));
  if (begun instanceof Promise) return begun.then((invocation) => attach(request, invocation));
  attach(request, begun);
}

/**
 * The `after` step: ends the invocation's tracing scope.
 *
 * @example
 * ```ts
 * import middy from '@middy/core';
 * import { appMeshModelSource } from '@meshplane/lambda/app-mesh-source';
 * import { meshplaneAfter, startRuntime } from '@meshplane/lambda/middleware';
 * const runtime = startRuntime({ model: appMeshModelSource({ meshName: 'dj-app' }), virtualNodeName: 'dj' });
 * export const handler = middy(async () => 'ok').after((request) => meshplaneAfter(runtime, request));
 * ```
 */
export function meshplaneAfter(runtime: RuntimeHandle, request?: MiddyRequest): void {
  runtime.end((request?.internal as MeshInternal | undefined)?.meshplane);
}

/**
 * The `onError` step: same as `after`; the error goes on to the next middleware untouched.
 *
 * @example
 * ```ts
 * import middy from '@middy/core';
 * import { appMeshModelSource } from '@meshplane/lambda/app-mesh-source';
 * import { meshplaneOnError, startRuntime } from '@meshplane/lambda/middleware';
 * const runtime = startRuntime({ model: appMeshModelSource({ meshName: 'dj-app' }), virtualNodeName: 'dj' });
 * export const handler = middy(async () => 'ok').onError((request) => meshplaneOnError(runtime, request));
 * ```
 */
export function meshplaneOnError(runtime: RuntimeHandle, request?: MiddyRequest): void {
  runtime.end((request?.internal as MeshInternal | undefined)?.meshplane);
}

/**
 * The mesh middleware for middy 6 and 7. Creating it starts the Lambda init work: the model is
 * loaded (from `model`, or read from the App Mesh API and refreshed in the background), the router
 * of `virtualNodeName` is compiled and Cloud Map discovery is warmed. Each invocation then gets
 * `context.mesh.fetch()` / `context.mesh.resolve()`, X-Ray subsegments when traced, and its state
 * in `request.internal.meshplane`.
 *
 * @example
 * ```ts
 * import middy from '@middy/core';
 * import { meshplane, type WithMeshContext } from '@meshplane/lambda/middleware';
 * import type { Context } from 'aws-lambda';
 * import model from './mesh.json' with { type: 'json' };
 *
 * export const handler = middy(async (_event: unknown, context: Context & WithMeshContext) => {
 *   const response = await context.mesh.fetch('http://jazz.prod.svc.cluster.local:9080/');
 *   return { statusCode: response.status, body: await response.text() };
 * }).use(meshplane({ model, virtualNodeName: 'dj' }));
 * ```
 */
export function meshplane(options: MeshMiddlewareOptions): MeshMiddleware {
  const runtime = startRuntime(options);
  return {
    name: 'meshplane',
    runtime,
    before: (request) => meshplaneBefore(runtime, request as unknown as MeshRequest),
    after: (request) => meshplaneAfter(runtime, request as unknown as MiddyRequest),
    onError: (request) => meshplaneOnError(runtime, request as unknown as MiddyRequest),
  };
}

/**
 * The same for handlers without middy: wraps a handler so that it receives `context.mesh`.
 *
 * @example
 * ```ts
 * import { withMesh } from '@meshplane/lambda/middleware';
 * import model from './mesh.json' with { type: 'json' };
 *
 * export const handler = withMesh(async (_event, context) => {
 *   const response = await context.mesh.fetch('http://metal.prod.svc.cluster.local:9080/');
 *   return { statusCode: response.status, body: await response.text() };
 * }, { model, virtualNodeName: 'dj' });
 * ```
 */
export function withMesh<TEvent, TResult>(
  handler: (event: TEvent, context: Context & WithMeshContext) => Promise<TResult>,
  options: MeshMiddlewareOptions,
): ((event: TEvent, context: Context) => Promise<TResult>) & { runtime: RuntimeHandle } {
  if (typeof handler !== 'function') {
    // Refused at init, like bad options, rather than at the first invocation.
    throw new MeshplaneLambdaError(
      'INVALID_OPTIONS',
      `withMesh(handler, options): handler must be a function (event, context) => Promise, got ${handler === null ? 'null' : typeof handler}`,
    );
  }
  const runtime = startRuntime(options);
  const wrapped = async (event: TEvent, context: Context): Promise<TResult> => {
    const begun = runtime.begin(invocationTraceHeader(context));
    const invocation = begun instanceof Promise ? await begun : begun;
    const meshContext = context as Context & WithMeshContext;
    meshContext.mesh = invocation.mesh;
    try {
      return await handler(event, meshContext);
    } finally {
      runtime.end(invocation.state);
    }
  };
  return Object.assign(wrapped, { runtime });
}
