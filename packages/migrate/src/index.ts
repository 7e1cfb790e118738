export { MeshplaneMigrateError, type MigrateErrorCode } from './errors.js';
export { type FidelityGap, type FidelityReport, fidelityReport, formatFidelityReport } from './fidelity.js';
export { type AppliedLattice, applyLatticeCalls } from './lattice/apply-lattice.js';
export {
  exportLattice,
  LATTICE_LISTENERS_PER_SERVICE,
  LATTICE_MAX_TARGET_GROUPS,
  LATTICE_MAX_WEIGHT,
  LATTICE_RULES_PER_LISTENER,
  type LatticeExport,
  type LatticeExportOptions,
} from './lattice/export-lattice.js';
export { type ApiCall, type LatticeApiOptions, latticeApiCalls, resolveRefs } from './lattice/lattice-api.js';
export {
  authPolicyDocument,
  type CloudFormationTemplate,
  latticeCloudFormation,
  toCloudFormation,
} from './lattice/lattice-cloudformation.js';
export { LATTICE_OPERATIONS, type LatticeResource, type LatticeType } from './lattice/lattice-resources.js';
export {
  appMeshRouteOrder,
  LATTICE_MAX_HEADER_MATCHES,
  type LatticeHttpMatch,
  latticeMatch,
} from './lattice/route-match.js';
export {
  formatMigrationPlan,
  type MigrationPlan,
  migrationPlan,
  type ServiceCutover,
} from './migration-plan.js';
export { indexMesh, logicalId, type MeshIndex, resourceId, targetName } from './model-index.js';
export {
  exportServiceConnect,
  type ServiceConnectExport,
  type ServiceConnectNode,
  type ServiceConnectService,
} from './service-connect/export-service-connect.js';
export {
  type ServiceConnectApiOptions,
  serviceConnectApiCalls,
  serviceConnectCloudFormation,
  serviceConnectConfiguration,
} from './service-connect/service-connect-forms.js';
