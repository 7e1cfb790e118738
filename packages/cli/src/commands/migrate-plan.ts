import { formatMigrationPlan, migrationPlan } from '@meshplane/migrate';
import { type Command, Option } from 'commander';
import { EXIT } from '../exit-codes.js';
import { loadValidModel } from '../load-model.js';
import { failureOf, printFailure } from '../output/failure.js';
import { type Output, printJson, processOutput } from '../output/writer.js';
import { addModelInputOptions, type ModelInputFlags, modelInputOptions } from './model-input-flags.js';
import { jsonHelp } from './option-help.js';

/**
 * Registers `meshplane migrate plan <model...> [--to lattice|service-connect] [--json]`: per
 * virtual service the cutover order (callees first), side by side then shift, and the App Mesh
 * resources to delete last. Exit 0, or 2 for an invalid model.
 *
 * @example
 * ```ts
 * import { Command } from 'commander';
 * import { registerMigrate } from './commands/migrate-plan.js'; // inside packages/cli/src
 * const program = new Command('meshplane');
 * registerMigrate(program);
 * await program.parseAsync(['node', 'meshplane', 'migrate', 'plan', 'examples/shopmesh/mesh']);
 * ```
 */
export function registerMigrate(program: Command, output: Output = processOutput()): void {
  const migrate = program.command('migrate').description('Plan the migration of a mesh off App Mesh');
  addModelInputOptions(migrate.command('plan'))
    .description('Cutover order per virtual service: side by side, shift, delete App Mesh last')
    .argument('<path...>', 'model files or folders (one mesh)')
    .addOption(
      new Option('--to <target>', 'migration target')
        .choices(['lattice', 'service-connect'])
        .default('lattice'),
    )
    .option('--json', jsonHelp('{ meshName, target, services, … }'))
    .action(
      async (
        paths: string[],
        flags: { to: 'lattice' | 'service-connect'; json?: boolean } & ModelInputFlags,
      ) => {
        const json = flags.json === true;
        const input = modelInputOptions(flags);
        const model = await loadValidModel(paths, output, { purpose: 'plan a migration for', json, input });
        if (!model) {
          process.exitCode = EXIT.INVALID_INPUT;
          return;
        }
        try {
          const plan = migrationPlan(model, flags.to);
          if (json) printJson(output, plan);
          else output.out(`${formatMigrationPlan(plan)}\n`);
          process.exitCode = EXIT.OK;
        } catch (error) {
          printFailure(output, json, failureOf(error));
          process.exitCode = EXIT.INVALID_INPUT;
        }
      },
    );
}
