// The codes live in errors/ with the issue type that carries them.
export { VALIDATION_CODES, type ValidationCode } from '../errors/issue-codes.js';
