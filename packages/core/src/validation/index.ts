export {
  IMPORT_CODES,
  type ImportCode,
  type IssueCode,
  VALIDATION_CODES,
  type ValidationCode,
} from '../errors/issue-codes.js';
export {
  type IssueSeverity,
  type MeshIssue,
  MeshValidationError,
  type ValidationIssue,
} from '../errors/validation-issue.js';
export { assertValid, type ValidateOptions, type ValidationResult, validate } from './validate.js';
