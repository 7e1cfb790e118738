export { combineModels } from './combine-models.js';
export { defineMesh } from './define-mesh.js';
export { cloudMap, dns, fileAccessLog } from './discovery.js';
export { type DefinitionErrorCode, MeshDefinitionError } from './errors.js';
export {
  grpc,
  http,
  http2,
  type ListenerOf,
  type ListenerOptions,
  millis,
  seconds,
  tcp,
} from './listeners.js';
export { renderTags } from './render-specs.js';
export { type BackendOf, backend, type WeightedAction, type WeightedTargetOf, weights } from './targets.js';
export type {
  GatewayDefinition,
  GatewayRouteDefinition,
  GatewayTargetDefinition,
  GrpcGatewayRouteDefinition,
  GrpcRouteDefinition,
  HttpGatewayRouteDefinition,
  HttpRouteDefinition,
  MeshDefinition,
  NodeDefinition,
  ProviderDefinition,
  RouteDefinition,
  RouterDefinition,
  ServiceDefinition,
  TagsDefinition,
  TcpRouteDefinition,
} from './types.js';
