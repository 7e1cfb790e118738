export { type CliErrorCode, MeshplaneCliError } from './errors.js';
export { EXIT, type ExitCode } from './exit-codes.js';
export { createProgram } from './program.js';
