export {
  checkOptions,
  defineOptions,
  type OptionProblem,
  type OptionRule,
  type OptionsSchema,
  optionRule,
} from './option-schema.js';
export { errorReason, showValue } from './show-value.js';
