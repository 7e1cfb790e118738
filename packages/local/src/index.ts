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
  type CloudMapErrorType,
  type CloudMapLimits,
  type CloudMapServiceOptions,
  type CloudMapState,
  cloudMapError,
  cloudMapErrorStatus,
  createCloudMapService,
  DEFAULT_CLOUD_MAP_LIMITS,
} from './cloudmap/index.js';
export { LocalEndpointError, type LocalEndpointErrorCode } from './errors.js';
export {
  checkFaultOptions,
  classifyOperation,
  createFaultInjector,
  DEFAULT_THROTTLE,
  type FaultDecision,
  type FaultInjector,
  type FaultOptions,
  type OperationClass,
  type ThrottleOptions,
} from './faults/fault-injector.js';
export { createSeededRandom } from './faults/seeded-random.js';
export { TokenBucket, type TokenBucketConfig } from './faults/token-bucket.js';
export { errorStatus, messageMember } from './protocol/error-shapes.js';
export { MalformedRequestError, toWireJson } from './protocol/json-body.js';
export { compileRestJsonRoutes, type RestJsonRoute } from './protocol/rest-json.js';
export { type LocalEndpoint, type LocalEndpointOptions, startLocalEndpoint } from './server/endpoint.js';
export { parseCredentialScope } from './server/sigv4-scope.js';
export type { EndpointStats } from './server/stats.js';
export { type LocalService, LocalServiceError, type RequestContext } from './service.js';
export { readStateFile, type StateDocument, writeStateFileAtomically } from './state/state-file.js';
