export {
  ApplyError,
  type ApplyEvent,
  type ApplyOptions,
  type ApplyOutcome,
  type ApplyResult,
  apply,
} from './apply.js';
export {
  type CanaryEvent,
  type CanaryOptions,
  type CanaryResult,
  canary,
  canaryWeights,
} from './canary.js';
export { canonicalJson } from './canonical-json.js';
export { type AppMeshClientOptions, createAppMeshClient, DEFAULT_MAX_ATTEMPTS } from './client.js';
export { type DestroyResult, destroy } from './destroy.js';
export { ReconcileError, type ReconcileErrorCode } from './errors.js';
export { diffFields, type FieldChange } from './field-diff.js';
export { checkManagedTag, isManaged, MANAGED_TAG, type ManagedTag, withManagedTag } from './managed-tag.js';
export { type NormalizedValue, normalizeSpec, specsEquivalent } from './normalize-spec.js';
export {
  type ChangeAction,
  isEmptyPlan,
  type Plan,
  type PlannedChange,
  type PlanOptions,
  plan,
  planDestroy,
} from './plan.js';
export { type ReadMeshOptions, readMesh } from './read-mesh.js';
export {
  createResource,
  deleteResource,
  describeResource,
  isAwsError,
  listTags,
  type ResourceState,
  syncTags,
  updateResource,
} from './resource-api.js';
export { metadataOf } from './resource-metadata.js';
export {
  createReconcileRetryStrategy,
  type ReconcileRetryOptions,
  type ReconcileRetryStrategy,
} from './retry-strategy.js';
export {
  type RouteRef,
  type ShiftTrafficOptions,
  type ShiftTrafficResult,
  shiftTraffic,
} from './shift-traffic.js';
export type { WriteRate } from './write-pacer.js';
