// The router's public surface: the factory, its options and events, the errors, meshFetch and the
// transport seam. The engine's parts (the compiler, matchers, pickers, retry and outlier state)
// are in `@meshplane/core/router/internals`, for meshplane's own packages (the xDS translation
// reuses the matchers and the retry policy) and for tests; they may change in any release.
export { APP_MESH_DEFAULT_PER_REQUEST_TIMEOUT_MS } from './compile.js';
export type { RouterDiscoveredInstance, RouterDiscovery, RouterDiscoveryQuery } from './discovery-types.js';
export {
  InvalidRequestError,
  MeshRouterError,
  type MeshRouterErrorCode,
  MeshTimeoutError,
  NoHealthyEndpointError,
  NoRouteMatchedError,
  RetriesExhaustedError,
  RouterConfigError,
  UndeclaredBackendError,
  UpstreamConnectionError,
} from './errors.js';
export { createHttpTransport, type HttpTransportOptions } from './http-transport.js';
export { LatticeAccessDeniedError, LatticeCredentialsError } from './lattice-errors.js';
export type {
  LatticeCredentials,
  LatticeCredentialsProvider,
  LatticeOptions,
  LatticeServiceMap,
} from './lattice-options.js';
export { createMeshFetch, type MeshFetch, meshFetch, setDefaultRouter } from './mesh-fetch.js';
export { type MeshCallOutcome, MeshResponse } from './mesh-response.js';
export type { HeadersInput, RequestView } from './request-view.js';
export { APP_MESH_DEFAULT_RETRY_POLICY, type RetryBudgetOptions } from './retry-policy.js';
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
