import { Command } from 'commander';
import { registerApply } from './commands/apply.js';
import { registerDestroy } from './commands/destroy.js';
import { registerEcs } from './commands/ecs.js';
import { registerEnvoyBootstrap } from './commands/envoy-bootstrap.js';
import { registerExport } from './commands/export-model.js';
import { registerGraph } from './commands/graph.js';
import { registerLocal } from './commands/local.js';
import { registerMigrate } from './commands/migrate-plan.js';
import { registerPlan } from './commands/plan.js';
import { registerShift } from './commands/shift.js';
import { registerValidate } from './commands/validate.js';
import { registerXds } from './commands/xds.js';
import { jsonUsageErrors } from './output/usage-errors.js';

// Each command lives in its own module under ./commands and registers itself on the program.
// Add new commands to this list.
const registrations: Array<(program: Command) => void> = [
  (program) => registerEcs(program),
  registerLocal,
  (program) => registerValidate(program),
  (program) => registerPlan(program),
  (program) => registerApply(program),
  (program) => registerDestroy(program),
  (program) => registerShift(program),
  (program) => registerGraph(program),
  (program) => registerXds(program),
  (program) => registerEnvoyBootstrap(program),
  (program) => registerExport(program),
  (program) => registerMigrate(program),
];

/**
 * Builds the `meshplane` command line program. `bin.ts` runs it; tests call it in-process.
 *
 * @example
 * ```ts
 * import { createProgram } from 'meshplane';
 * const program = createProgram(); // then program.parseAsync(process.argv), as bin.ts does
 * console.log(program.name(), program.commands.some((c) => c.name() === 'validate')); // 'meshplane' true
 * ```
 */
export function createProgram(): Command {
  const program = new Command('meshplane')
    .description('Model, validate, reconcile and run AWS App Mesh + Cloud Map service meshes')
    .version('0.1.0')
    // Global: accepted before or after the command name, listed in every command's help.
    .option('--debug', 'on an unexpected error, print its stack trace (also MESHPLANE_DEBUG=1)')
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError();
  for (const register of registrations) register(program);
  jsonUsageErrors(program);
  return program;
}
