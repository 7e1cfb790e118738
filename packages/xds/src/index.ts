// The public root of @meshplane/xds: factories, option types and errors of each part. Every
// error extends MeshplaneXdsError (itself a MeshplaneError from @meshplane/core).
export * from './contract.js';
export * from './control-plane/index.js';
export { MeshplaneXdsError } from './errors.js';
export * from './sources/index.js';
