export {
  type CloudMapPoller,
  type CloudMapPollerOptions,
  type CloudMapPollerStats,
  createCloudMapPoller,
} from './cloud-map-poller.js';
export { ControlPlaneError } from './control-plane-error.js';
export type {
  ControlPlaneEvent,
  ControlPlaneLogger,
  ControlPlaneStatus,
  ServedNodeStatus,
} from './control-plane-status.js';
export { type ConvertedEndpoints, toServiceEndpoints } from './instance-endpoints.js';
export { servedResourceIds } from './model-sync.js';
export { modelVersion } from './model-version.js';
