// The local endpoint's public surface: startLocalEndpoint, its options, the client helpers, the
// services it hosts and the errors. The parts of the emulator (wire protocols, fault injection,
// the state file) are in `@meshplane/local/internals`, for tests and benchmarks; they may change
// in any release.
export { appMeshArn, parseAppMeshArn, type ResourceAddress } from './appmesh/arn.js';
export {
  type AppMeshState,
  createAppMeshService,
  type StoredResource,
  type TagRef,
} from './appmesh/index.js';
export type { AppMeshKind } from './appmesh/kinds.js';
export {
  DEFAULT_LOCAL_PORT,
  type LocalClientConfig,
  type LocalClientOptions,
  localClientConfig,
} from './clients/client-config.js';
export {
  type CloudMapLimits,
  type CloudMapServiceOptions,
  type CloudMapState,
  createCloudMapService,
  DEFAULT_CLOUD_MAP_LIMITS,
} from './cloudmap/index.js';
export { LocalEndpointError, type LocalEndpointErrorCode } from './errors.js';
export {
  DEFAULT_THROTTLE,
  type FaultOptions,
  type OperationClass,
  type ThrottleOptions,
} from './faults/fault-injector.js';
export { type LocalEndpoint, type LocalEndpointOptions, startLocalEndpoint } from './server/endpoint.js';
export type { EndpointStats } from './server/stats.js';
export { type LocalService, LocalServiceError, type RequestContext } from './service.js';
export type { StateDocument } from './state/state-file.js';
