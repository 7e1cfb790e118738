// The public root of @meshplane/migrate: the exports (VPC Lattice, ECS Service Connect) in each
// form (CloudFormation, API calls), the fidelity report, the migration plan, the limits they
// follow and the error root. The compiler's parts (model index, route matching, CloudFormation
// rendering, reference resolution) are in `@meshplane/migrate/internals`: not a stable API.
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
export { type ApiCall, type LatticeApiOptions, latticeApiCalls } from './lattice/lattice-api.js';
export { type CloudFormationTemplate, latticeCloudFormation } from './lattice/lattice-cloudformation.js';
export { LATTICE_OPERATIONS, type LatticeResource, type LatticeType } from './lattice/lattice-resources.js';
export { LATTICE_MAX_HEADER_MATCHES } from './lattice/route-match.js';
export {
  formatMigrationPlan,
  type MigrationPlan,
  migrationPlan,
  type ServiceCutover,
} from './migration-plan.js';
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
