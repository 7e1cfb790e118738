export { formatTraceHeader, parseTraceHeader, type TraceHeader } from '../xray/trace-header.js';
export { invocationTraceHeader } from './invocation-trace.js';
export type { MeshContext, MeshInvocationState, WithMeshContext } from './mesh-context.js';
export type { InvocationMesh, MeshRuntime } from './mesh-runtime.js';
export {
  type MeshInternal,
  type MeshMiddleware,
  meshplane,
  meshplaneAfter,
  meshplaneBefore,
  meshplaneOnError,
  withMesh,
} from './middleware.js';
export type { MiddyMiddlewareFn, MiddyMiddlewareObj, MiddyRequest } from './middy-types.js';
export { isModelSource, type MeshModelSource } from './model-source.js';
export {
  type MeshLogger,
  type MeshMiddlewareOptions,
  meshMiddlewareDefaults,
  type ResolvedMeshOptions,
} from './options.js';
export { type RuntimeHandle, startRuntime } from './runtime-handle.js';
