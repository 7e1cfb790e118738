export {
  type CloudMapPoller,
  type CloudMapPollerOptions,
  type CloudMapPollerStats,
  createCloudMapPoller,
} from './cloud-map-poller.js';
export {
  type ControlPlane,
  type ControlPlaneAddresses,
  createControlPlane,
} from './control-plane.js';
export { ControlPlaneError } from './control-plane-error.js';
export type { ControlPlaneOptions } from './control-plane-options.js';
export type {
  ControlPlaneEvent,
  ControlPlaneLogger,
  ControlPlaneStatus,
  ServedNodeStatus,
} from './control-plane-status.js';
export {
  endpointQueriesOfServedId,
  GRPC_CLIENT_ID_PREFIX,
  servedIdsWithGrpcClients,
  translateServedId,
} from './grpc-clients.js';
export { type ConvertedEndpoints, toServiceEndpoints } from './instance-endpoints.js';
export type { MergedStatus } from './merge-status.js';
export { servedResourceIds } from './model-sync.js';
export { modelVersion } from './model-version.js';
