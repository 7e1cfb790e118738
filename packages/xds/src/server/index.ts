export {
  type AdsServer,
  type AdsServerOptions,
  createAdsServer,
  type ListeningOn,
  type ListenOptions,
} from './ads-server.js';
export {
  type ClientNode,
  type DeltaRequest,
  decodeDeltaResponse,
  decodeSotwResponse,
  encodeDeltaRequest,
  encodeSotwRequest,
  type SotwRequest,
} from './messages.js';
export { isServedType, isWildcardByDefault, PUSH_ORDER } from './resource-types.js';
export { adsClientDefinition, adsServiceDefinition } from './service.js';
export {
  jsonLineLogger,
  type NackRecord,
  type NodeStatus,
  type ServerCounters,
  type ServerStatus,
  type StatusEvent,
  type TypeStatus,
  type XdsLogger,
} from './status.js';
export { type StatusEndpoint, startStatusEndpoint } from './status-http.js';
