// The planner is pure (no AWS SDK at run time), so the root exports it too, as DESIGN.md lists.
export {
  type ChangeAction,
  isEmptyPlan,
  type Plan,
  type PlannedChange,
  type PlanOptions,
  plan,
  planDestroy,
} from './appmesh/plan.js';
// Cloud Map's instance attribute rules need no AWS SDK: the root exports them for the local
// endpoint and other SDK-free callers (also exported from `@meshplane/core/cloudmap`).
export { AWS_INSTANCE_ATTRIBUTES, instanceAttributeProblems } from './cloudmap/instance-attributes.js';
export * from './define/index.js';
export { describeValue } from './errors/describe-value.js';
export { MeshplaneError } from './errors/meshplane-error.js';
export { didYouMean } from './errors/suggest-name.js';
export * from './importers/index.js';
// The model kernel: kinds, quotas, spec accessors and the resource graph, read by every package.
export { KINDS, type KindInfo, MESH_QUOTAS } from './model/kinds.js';
export { hardReferenceKeys, type Reference, references } from './model/references.js';
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
  type ServiceProvider,
  serviceProvider,
  type WeightedTargetRef,
  weightedTargets,
} from './model/spec-accessors.js';
export {
  guardUnreadable,
  type UnreadableMember,
  unreadableMembers,
  unreadableMessage,
} from './model/unreadable-members.js';
// One option-schema checker and one value printer for every package's factories (issue 12 item 6).
export * from './options/index.js';
export * from './validation/index.js';
