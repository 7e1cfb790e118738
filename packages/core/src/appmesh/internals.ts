// `@meshplane/core/appmesh/internals`: the reconciler's parts, exported for meshplane's own
// packages (the Lambda node registration writes with the same idempotency tokens as apply) and
// for tests: the ClientToken derivation, the keyed normalization the planner compares with,
// bounded concurrency, the write pacer, the route-weight helpers of shiftTraffic and the
// reference walk apply orders by. Not a stable API: these may change in any release.
// Applications use `@meshplane/core/appmesh`, which this re-exports.
export { checkConcurrency, mapBounded } from './bounded-map.js';
export { clientTokenFor, createSalt, updateSalt } from './client-token.js';
export * from './index.js';
export {
  type KeyedValue,
  normalizedEqual,
  normalizedKey,
  normalizedSpecKey,
  normalizeSpecWithKey,
  normalizeTags,
  normalizeValue,
  normalizeWithKey,
} from './normalize-spec.js';
export { hardReferences, routeTargetNodes } from './resource-refs.js';
export {
  mergeWeights,
  readRoute,
  routeRefProblems,
  shiftRoute,
  targetKeys,
  weightedTargetsOf,
} from './shift-traffic.js';
export { createWritePacer } from './write-pacer.js';
