// The public root of @meshplane/xds: the factories, option types and errors of each part. Every
// error extends MeshplaneXdsError (itself a MeshplaneError from @meshplane/core).
export * from './bootstrap/index.js';
export * from './cache/index.js';
export * from './contract.js';
export * from './control-plane/index.js';
export { MeshplaneXdsError, type XdsErrorCode } from './errors.js';
export * from './protos/index.js';
export * from './server/index.js';
export * from './sources/index.js';
export * from './translate/index.js';
