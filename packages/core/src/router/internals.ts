// `@meshplane/core/router/internals`: the router engine's parts, exported for meshplane's own
// packages (the xDS translation orders and matches routes, places routes and targets on listeners
// by validation's listener rules and compiles retry policies exactly as the router does, so Envoy
// and the proxyless router agree) and for tests. Not a stable API: these
// may change in any release. Applications use `@meshplane/core/router`, which this re-exports.
//
// Importing the internals registers RE2 as the regex engine (a side effect, declared in
// package.json `sideEffects`): their users are Node programs (the xDS translation matches gateway
// routes with compileHttpMatch) that check and run regexes as Envoy does, never bundled functions
// that need to leave re2js out (those import `@meshplane/core/router` and register it themselves).
import { register } from '../re2/index.js';

register();

export {
  APP_MESH_REGEX_LENGTH,
  appMeshRegexProblem,
  compileAppMeshRegex,
  type FullMatchRegex,
  RE2_MAX_REPEAT,
  re2SyntaxProblem,
  regexLengthProblem,
  regexMessage,
} from '../model/re2-regex.js';
export {
  checkRouteAgainstListeners,
  checkTargetListener,
  type ReportIssue,
} from '../validation/listener-rules.js';
export {
  type CompiledMesh,
  type CompiledNode,
  type CompiledNodeListener,
  type CompiledProvider,
  type CompiledRoute,
  type CompiledRouterListener,
  type CompiledService,
  type CompiledTarget,
  type CompileOptions,
  compileMesh,
  type EffectiveTimeouts,
  type TimeoutSource,
} from './compile.js';
export { durationToMs } from './duration.js';
export { type Endpoint, EndpointPool, endpointsFromInstances, type NodeDiscovery } from './endpoint-pool.js';
export { compileHeaderTest, fullMatchRegex, type ValueTest } from './header-match.js';
export {
  type CompiledMatch,
  compileGrpcMatch,
  compileHttpMatch,
  type MatchSpecificity,
  type RequestTest,
} from './http-match.js';
export * from './index.js';
export { latticeCredentials } from './lattice-credentials.js';
export { compileLatticeTargets, type LatticeTable, type LatticeTarget } from './lattice-target.js';
export { createLatticeTransport } from './lattice-transport.js';
export { compileOutlierDetection, OutlierDetector, type OutlierSettings } from './outlier-detector.js';
export {
  createView,
  normalizeHeaders,
  parseMeshUrl,
  type RequestViewInput,
  requestView,
} from './request-view.js';
export {
  type AttemptFailure,
  type CompiledRetryPolicy,
  compileRetryPolicy,
  RetryBudget,
} from './retry-policy.js';
export { RouteIndex } from './route-index.js';
export { compareRoutes, type OrderableRoute } from './route-order.js';
export {
  createLatticeSigner,
  LATTICE_SIGNING_SERVICE,
  type LatticeSigner,
  UNSIGNED_PAYLOAD,
} from './sigv4-signer.js';
export { WeightedPicker } from './weighted-pick.js';
