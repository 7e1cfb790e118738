export { EXIT, type ExitCode } from './exit-codes.js';
export { createProgram } from './program.js';
