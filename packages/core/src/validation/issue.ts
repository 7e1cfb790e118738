// The issue type and its error live in errors/ (the lowest folder), so that smithy/ and the
// importers report issues without importing validation/. Re-exported here for router/.
export { type IssueSeverity, MeshValidationError, type ValidationIssue } from '../errors/validation-issue.js';
