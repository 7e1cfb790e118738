export {
  ApplyError,
  type ApplyEvent,
  type ApplyOptions,
  type ApplyOutcome,
  type ApplyResult,
  apply,
} from './apply.js';
export { checkConcurrency, mapBounded } from './bounded-map.js';
export {
  type CanaryEvent,
  type CanaryOptions,
  type CanaryResult,
  canary,
  canaryWeights,
} from './canary.js';
export { canonicalJson } from './canonical-json.js';
export { type AppMeshClientOptions, createAppMeshClient, DEFAULT_MAX_ATTEMPTS } from './client.js';
export { clientTokenFor, createSalt, updateSalt } from './client-token.js';
export { type DestroyResult, destroy } from './destroy.js';
export { ReconcileError, type ReconcileErrorCode } from './errors.js';
export { diffFields, type FieldChange } from './field-diff.js';
export { checkManagedTag, isManaged, MANAGED_TAG, type ManagedTag, withManagedTag } from './managed-tag.js';
export {
  type KeyedValue,
  type NormalizedValue,
  normalizedEqual,
  normalizedKey,
  normalizedSpecKey,
  normalizeSpec,
  normalizeSpecWithKey,
  normalizeTags,
  normalizeValue,
  normalizeWithKey,
  specsEquivalent,
} from './normalize-spec.js';
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
export { hardReferences, routeTargetNodes } from './resource-refs.js';
export {
  createReconcileRetryStrategy,
  type ReconcileRetryOptions,
  type ReconcileRetryStrategy,
} from './retry-strategy.js';
export {
  mergeWeights,
  type RouteRef,
  readRoute,
  routeRefProblems,
  type ShiftTrafficOptions,
  type ShiftTrafficResult,
  shiftTraffic,
  targetKeys,
  weightedTargetsOf,
} from './shift-traffic.js';
export { createWritePacer, type WriteRate } from './write-pacer.js';
