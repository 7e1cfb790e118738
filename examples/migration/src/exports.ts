import { loadModelFromPath, type MeshModel } from '@meshplane/core';
import {
  exportLattice,
  exportServiceConnect,
  formatFidelityReport,
  formatMigrationPlan,
  latticeCloudFormation,
  migrationPlan,
  serviceConnectCloudFormation,
} from '@meshplane/migrate';
import { djAppMesh } from '../../dj-app/src/mesh.js';

/** The seeds migrated: the DJ app mid-canary (jazz 90/10, metal 50/50) and shopmesh's App Mesh documents. */
export async function seeds(): Promise<Record<string, MeshModel>> {
  const shop = await loadModelFromPath(new URL('../../shopmesh/mesh', import.meta.url).pathname);
  if (shop.issues.some((i) => i.severity === 'error'))
    throw new Error('examples/shopmesh/mesh does not load');
  return {
    'dj-app': djAppMesh({ jazz: { v1: 90, v2: 10 }, metal: { v1: 50, v2: 50 } }),
    shopmesh: shop.model,
  };
}

/**
 * Every checked-in file of this example, by path relative to examples/migration: each seed's
 * CloudFormation for both targets, their fidelity reports and the migration plans.
 *
 * @example
 * ```ts
 * import { migrationExports } from './exports.js';
 * console.log(Object.keys(await migrationExports()).length); // 14
 * ```
 */
export async function migrationExports(): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const [name, model] of Object.entries(await seeds())) {
    const lattice = exportLattice(model);
    const serviceConnect = exportServiceConnect(model);
    files[`${name}/lattice.cloudformation.json`] =
      `${JSON.stringify(latticeCloudFormation(lattice), null, 2)}\n`;
    files[`${name}/lattice.fidelity.txt`] = `${formatFidelityReport(lattice.report)}\n`;
    files[`${name}/service-connect.cloudformation.json`] =
      `${JSON.stringify(serviceConnectCloudFormation(serviceConnect), null, 2)}\n`;
    files[`${name}/service-connect.fidelity.txt`] = `${formatFidelityReport(serviceConnect.report)}\n`;
    files[`${name}/lattice.fidelity.json`] = `${JSON.stringify(lattice.report, null, 2)}\n`;
    files[`${name}/migration-plan.lattice.txt`] = `${formatMigrationPlan(migrationPlan(model, 'lattice'))}\n`;
    files[`${name}/migration-plan.service-connect.txt`] =
      `${formatMigrationPlan(migrationPlan(model, 'service-connect'))}\n`;
  }
  return files;
}
