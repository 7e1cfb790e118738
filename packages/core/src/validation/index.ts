export { VALIDATION_CODES, type ValidationCode } from './codes.js';
export { type IssueSeverity, MeshValidationError, type ValidationIssue } from './issue.js';
export { assertValid, type ValidateOptions, type ValidationResult, validate } from './validate.js';
