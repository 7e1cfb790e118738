export {
  APP_MESH_DEFAULT_PER_REQUEST_TIMEOUT_MS,
  type CompiledMesh,
  type CompiledNode,
  type CompiledNodeListener,
  type CompiledProvider,
  type CompiledRoute,
  type CompiledRouterListener,
  type CompiledService,
  type CompiledTarget,
  type CompileOptions,
  compileMesh,
  type EffectiveTimeouts,
  type TimeoutSource,
} from './compile.js';
export type { RouterDiscoveredInstance, RouterDiscovery, RouterDiscoveryQuery } from './discovery-types.js';
export { durationToMs } from './duration.js';
export { type Endpoint, EndpointPool, endpointsFromInstances, type NodeDiscovery } from './endpoint-pool.js';
export {
  InvalidRequestError,
  MeshRouterError,
  MeshTimeoutError,
  NoHealthyEndpointError,
  NoRouteMatchedError,
  RetriesExhaustedError,
  RouterConfigError,
  UndeclaredBackendError,
  UpstreamConnectionError,
} from './errors.js';
export { compileHeaderTest, fullMatchRegex, type ValueTest } from './header-match.js';
export {
  type CompiledMatch,
  compileGrpcMatch,
  compileHttpMatch,
  type MatchSpecificity,
  type RequestTest,
} from './http-match.js';
export { createHttpTransport, type HttpTransportOptions } from './http-transport.js';
export { createMeshFetch, type MeshFetch, meshFetch, setDefaultRouter } from './mesh-fetch.js';
export { type MeshCallOutcome, MeshResponse } from './mesh-response.js';
export { compileOutlierDetection, OutlierDetector, type OutlierSettings } from './outlier-detector.js';
export {
  createView,
  type HeadersInput,
  normalizeHeaders,
  parseMeshUrl,
  type RequestView,
  type RequestViewInput,
  requestView,
} from './request-view.js';
export {
  APP_MESH_DEFAULT_RETRY_POLICY,
  type AttemptFailure,
  type CompiledRetryPolicy,
  compileRetryPolicy,
  RetryBudget,
  type RetryBudgetOptions,
} from './retry-policy.js';
export { RouteIndex } from './route-index.js';
export { compareRoutes, type OrderableRoute } from './route-order.js';
export {
  type CreateRouterOptions,
  createRouter,
  type DispatcherLike,
  type MeshAttemptEndEvent,
  type MeshAttemptEvent,
  type MeshCallInfo,
  type MeshFetchInit,
  type MeshRouter,
  type Resolution,
  type RouteDecision,
  type RouterHooks,
} from './router.js';
export type { Transport, TransportBody, TransportRequest, TransportResponse } from './transport.js';
export { WeightedPicker } from './weighted-pick.js';
