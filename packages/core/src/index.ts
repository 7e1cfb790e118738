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
// The model kernel: the same names as `@meshplane/core/model`, listed once there.
export * from './model/index.js';
// One option-schema checker and one value printer for every package's factories (issue 12 item 6).
export * from './options/index.js';
export * from './validation/index.js';
