// `@meshplane/xds/internals`: the parts the control plane is built from, exported for meshplane's
// own packages, tests and benchmarks, and for those who assemble their own control plane: the
// snapshot cache, the ADS server and its wire messages, the proto3 JSON codec, the Cloud Map
// poller, App Mesh's resource names and node ids. Not a stable API: these may change in any
// release. Applications use `@meshplane/xds`, which this re-exports.
export * from './cache/index.js';
export { endpointKey } from './contract.js';
export * from './control-plane/index.js';
export * from './index.js';
export * from './protos/index.js';
export * from './server/index.js';
export * from './translate/index.js';
