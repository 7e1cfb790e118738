export { excludes, optionDependency, requiredWithout, requires } from './option-dependencies.js';
export {
  checkOptions,
  defineOptions,
  type OptionDependency,
  type OptionProblem,
  type OptionRule,
  type OptionsSchema,
  optionRule,
} from './option-schema.js';
export { errorReason, showValue } from './show-value.js';
