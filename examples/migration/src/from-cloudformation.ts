import { loadModelFromPath, type MeshModel } from '@meshplane/core';
import {
  exportLattice,
  exportServiceConnect,
  formatFidelityReport,
  formatMigrationPlan,
  type LatticeApiOptions,
  latticeApiCalls,
  latticeCloudFormation,
  migrationPlan,
  serviceConnectCloudFormation,
} from '@meshplane/migrate';

/**
 * The account a team would pass to `meshplane export --to lattice --format api` (the README's
 * command line): example IDs in AWS's documentation style, never a real account.
 */
export const DJAPP_API_OPTIONS: LatticeApiOptions = {
  vpcId: 'vpc-0123456789abcdef0',
  taskRoleArns: { djapp: 'arn:aws:iam::111122223333:role/djapp-task' },
  cluster: 'djapp',
  ecsInfrastructureRoleArn: 'arn:aws:iam::111122223333:role/ecsInfrastructureRole',
};

/** AWS's DJ app, imported from its CloudFormation template with ProjectName=djapp. */
export async function cloudFormationDjApp(): Promise<MeshModel> {
  // The parameter its deploy script passes (`--parameter-overrides ProjectName=djapp`), as the
  // walkthrough passes `--parameter ProjectName=djapp`. The importer's warnings are `meshplane
  // validate`'s job; an error stops here.
  const template = new URL('../from-cloudformation/djapp.yaml', import.meta.url).pathname;
  const { model, issues } = await loadModelFromPath(template, { parameters: { ProjectName: 'djapp' } });
  const errors = issues.filter((issue) => issue.severity === 'error');
  if (errors.length > 0) throw new Error(errors.map((issue) => issue.message).join('\n'));
  return model;
}

/**
 * The checked-in files of the walkthrough (examples/migration/from-cloudformation), by path
 * relative to examples/migration: what `meshplane export` and `meshplane migrate plan` print for
 * AWS's template, and the Lattice API form with {@link DJAPP_API_OPTIONS}.
 *
 * @example
 * ```ts
 * import { fromCloudFormationExports } from './from-cloudformation.js';
 * console.log(Object.keys(await fromCloudFormationExports()).length); // 8
 * ```
 */
export async function fromCloudFormationExports(): Promise<Record<string, string>> {
  const model = await cloudFormationDjApp();
  const lattice = exportLattice(model);
  const serviceConnect = exportServiceConnect(model);
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  const dir = 'from-cloudformation';
  return {
    [`${dir}/lattice.cloudformation.json`]: json(latticeCloudFormation(lattice)),
    [`${dir}/lattice.api.json`]: json(latticeApiCalls(lattice, DJAPP_API_OPTIONS)),
    [`${dir}/lattice.fidelity.txt`]: `${formatFidelityReport(lattice.report)}\n`,
    [`${dir}/lattice.fidelity.json`]: json(lattice.report),
    [`${dir}/service-connect.cloudformation.json`]: json(serviceConnectCloudFormation(serviceConnect)),
    [`${dir}/service-connect.fidelity.txt`]: `${formatFidelityReport(serviceConnect.report)}\n`,
    [`${dir}/migration-plan.lattice.txt`]: `${formatMigrationPlan(migrationPlan(model, 'lattice'))}\n`,
    [`${dir}/migration-plan.service-connect.txt`]: `${formatMigrationPlan(migrationPlan(model, 'service-connect'))}\n`,
  };
}
