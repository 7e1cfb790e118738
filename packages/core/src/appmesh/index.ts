export { canonicalJson } from './canonical-json.js';
export { ReconcileError } from './errors.js';
export { diffFields, type FieldChange } from './field-diff.js';
export { type NormalizedValue, normalizeSpec, normalizeTags, normalizeValue } from './normalize-spec.js';
export { type ChangeAction, isEmptyPlan, type Plan, type PlannedChange, plan } from './plan.js';
export { hardReferences, routeTargetNodes } from './resource-refs.js';
