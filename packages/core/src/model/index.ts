// `@meshplane/core/model`: the model kernel (resource types, kinds, quotas, spec accessors, the
// reference graph), without the importers, the planner or the define helpers of the root
// (validation is `@meshplane/core/validation`). For code that is bundled (a Lambda function): what it imports is all it pays for.

export { KINDS, type KindInfo, MESH_QUOTAS } from './kinds.js';
export { hardReferenceKeys, type Reference, references } from './references.js';
export { RESOURCE_COLLECTIONS } from './resource-path.js';
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
} from './resources.js';
export {
  egressFilterType,
  GATEWAY_ROUTE_TYPES,
  type GatewayRouteType,
  gatewayRouteTarget,
  type ListenerPort,
  listenerPorts,
  nodeBackends,
  ROUTE_PROTOCOL,
  ROUTE_TYPES,
  type RouteBody,
  type RouteType,
  routeBodies,
  routeBody,
  routeMatchPort,
  routeTypeForProtocol,
  type ServiceProvider,
  serviceProvider,
  type WeightedTargetRef,
  weightedTargets,
} from './spec-accessors.js';
export {
  guardUnreadable,
  type UnreadableMember,
  unreadableMembers,
  unreadableMessage,
} from './unreadable-members.js';
