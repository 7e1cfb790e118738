// `@meshplane/migrate/internals`: the export compiler's parts (the one-mesh model index and its
// logical ids, App Mesh route order and Lattice match translation, CloudFormation rendering, the
// `{ $ref }` resolution of API calls), exported for tests. Not a stable API: these may change in
// any release. Applications use `@meshplane/migrate`, which this re-exports.
export * from './index.js';
export { resolveRefs } from './lattice/lattice-api.js';
export { authPolicyDocument, toCloudFormation } from './lattice/lattice-cloudformation.js';
export { appMeshRouteOrder, type LatticeHttpMatch, latticeMatch } from './lattice/route-match.js';
export { indexMesh, logicalId, type MeshIndex, resourceId, targetName } from './model-index.js';
