/**
 * Translation: model + Cloud Map endpoints → the Envoy v3 resources of one virtual node or
 * virtual gateway, with App Mesh's names (see the package README, "Resources and names").
 */
export { configDump, contentVersion } from './config-dump.js';
export { endpointQueries } from './endpoint-queries.js';
export { durationString } from './envoy-json.js';
export { translateForGrpcClients } from './grpc-clients.js';
export { TRANSLATE_CODES, type TranslateCode } from './issue-codes.js';
export {
  allowAllClusterName,
  amazonawsClusterName,
  clusterName,
  listenerName,
  type ParsedResourceId,
  parseResourceId,
  routeConfigName,
  SDS_CLUSTER_NAME,
  selfRedirectClusterName,
} from './names.js';
export { translateNode } from './translate-node.js';
