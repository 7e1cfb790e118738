export * from './define/index.js';
export { MeshplaneError } from './errors/meshplane-error.js';
export * from './importers/index.js';
export { combineModels } from './model/combine-models.js';
export { RESOURCE_COLLECTIONS } from './model/resource-path.js';
export {
  type GatewayRouteResource,
  type MeshModel,
  type MeshplaneResource,
  type MeshResource,
  RESOURCE_KINDS,
  type ResourceKind,
  type ResourceOfKind,
  type RouteResource,
  resourceKey,
  type SourceLocation,
  type VirtualGatewayResource,
  type VirtualNodeResource,
  type VirtualRouterResource,
  type VirtualServiceResource,
} from './model/resources.js';
export * from './validation/index.js';
