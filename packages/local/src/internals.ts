// `@meshplane/local/internals`: the emulator's parts (wire protocols, fault injection, the state
// file), exported for tests and benchmarks. Not a stable API: these may change in any release.
// Applications use `@meshplane/local`, which this re-exports.

export { type CloudMapErrorType, cloudMapError, cloudMapErrorStatus } from './cloudmap/index.js';
export {
  checkFaultOptions,
  classifyOperation,
  createFaultInjector,
  type FaultDecision,
  type FaultInjector,
} from './faults/fault-injector.js';
export { createSeededRandom } from './faults/seeded-random.js';
export { TokenBucket, type TokenBucketConfig } from './faults/token-bucket.js';
export * from './index.js';
export { errorStatus, messageMember } from './protocol/error-shapes.js';
export { MalformedRequestError, toWireJson } from './protocol/json-body.js';
export { compileRestJsonRoutes, type RestJsonRoute } from './protocol/rest-json.js';
export { parseCredentialScope } from './server/sigv4-scope.js';
export { readStateFile, writeStateFileAtomically } from './state/state-file.js';
