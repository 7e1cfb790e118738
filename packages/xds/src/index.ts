// The public root of @meshplane/xds: what a user of the control plane needs. The factories
// (createControlPlane, the model sources, appMeshBootstrap, the translation entries), their
// option and result types, and the errors: every one extends MeshplaneXdsError (itself a
// MeshplaneError from @meshplane/core), its `code` an XdsErrorCode. The building blocks the
// control plane is made of (snapshot cache, ADS server, proto3 JSON codec, Cloud Map poller,
// resource names) are in `@meshplane/xds/internals`: not a stable API.
export { type AppMeshBootstrapOptions, appMeshBootstrap } from './bootstrap/index.js';
export { SnapshotError } from './cache/snapshot.js';
export type { MutableSnapshotCache, SnapshotCacheOptions } from './cache/snapshot-cache.js';
export {
  type EndpointQuery,
  type ServiceEndpoints,
  type Snapshot,
  type SnapshotCache,
  type SnapshotEntry,
  type TranslateInput,
  type TranslateOptions,
  type TranslateResult,
  TYPE_URLS,
  type TypeUrl,
  type XdsResource,
} from './contract.js';
export type { CloudMapPollerOptions, CloudMapPollerStats } from './control-plane/cloud-map-poller.js';
export {
  type ControlPlane,
  type ControlPlaneAddresses,
  createControlPlane,
} from './control-plane/control-plane.js';
export { ControlPlaneError } from './control-plane/control-plane-error.js';
export type { ControlPlaneOptions } from './control-plane/control-plane-options.js';
export type {
  ControlPlaneEvent,
  ControlPlaneLogger,
  ControlPlaneStatus,
  ServedNodeStatus,
} from './control-plane/control-plane-status.js';
export type { MergedStatus } from './control-plane/merge-status.js';
export { MeshplaneXdsError, type XdsErrorCode } from './errors.js';
export { XdsResourceError } from './protos/codec.js';
export type { JsonProblem } from './protos/json-to-proto.js';
export type {
  NackRecord,
  NodeStatus,
  ServerCounters,
  ServerStatus,
  TypeStatus,
  XdsLogger,
} from './server/status.js';
export * from './sources/index.js';
export { configDump } from './translate/config-dump.js';
export { endpointQueries } from './translate/endpoint-queries.js';
export { translateForGrpcClients } from './translate/grpc-clients.js';
export { TRANSLATE_CODES, type TranslateCode } from './translate/issue-codes.js';
export { translateNode } from './translate/translate-node.js';
