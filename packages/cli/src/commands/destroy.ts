import { ApplyError, apply, planDestroy } from '@meshplane/core/appmesh';
import type { Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { terminalProgress } from '../output/progress.js';
import { type Output, printJson, processOutput } from '../output/writer.js';
import { interruptSignal, progressPrinter } from './apply.js';
import { askOnTerminal } from './confirm.js';
import {
  addMeshOption,
  addTargetOptions,
  describeError,
  formatPlan,
  loadValidModel,
  meshNamesOf,
  planToJson,
  type ReconcileFlags,
  readActual,
  withTarget,
} from './plan.js';

interface DestroyFlags extends ReconcileFlags {
  yes?: boolean;
  autoApprove?: boolean;
}

/** How destroy asks for confirmation; tests replace it. */
export interface DestroyDeps {
  /** True when stdin is a terminal that can answer (default: `process.stdin.isTTY`). */
  interactive?: boolean;
  /** Asks the question; resolves true for yes (default: readline on stdin, "yes" to go on). */
  confirm?: (question: string) => Promise<boolean>;
  isTTY?: boolean;
  /** Stops the run like Ctrl-C does (default: SIGINT/SIGTERM). */
  interrupt?: AbortSignal;
}

/**
 * Registers `meshplane destroy <path...>`: deletes what the model owns (`planDestroy`): every
 * resource of the meshes it declares (the meshes last); in a mesh it only puts resources in
 * (controller YAML), just those resources, never the mesh; nothing else. Shows what it will delete and asks for confirmation unless
 * `--yes`; without a terminal to ask on and without `--yes` it refuses (exit 2).
 *
 * @example
 * ```ts
 * import { Command } from 'commander';
 * import { registerDestroy } from './commands/destroy.js'; // inside packages/cli/src
 * const program = new Command('meshplane');
 * registerDestroy(program);
 * await program.parseAsync(['node', 'meshplane', 'destroy', '--yes', '--local', '--state', 'mesh.json', 'examples/dj-app/src/mesh.ts']);
 * ```
 */
export function registerDestroy(
  program: Command,
  output: Output = processOutput(),
  deps: DestroyDeps = {},
): void {
  addTargetOptions(
    addMeshOption(program.command('destroy'))
      .description(
        'Delete what the model owns (all of a mesh it declares; in a mesh it does not declare, only what it lists), in reverse dependency order',
      )
      .argument('<path...>', 'model files or folders, as for validate'),
  )
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--auto-approve', 'the same as --yes (the flag apply takes)')
    .action(async (paths: string[], flags: DestroyFlags) => {
      process.exitCode = await runDestroy(paths, flags, output, deps);
    });
}

async function runDestroy(
  paths: string[],
  flags: DestroyFlags,
  output: Output,
  deps: DestroyDeps,
): Promise<number> {
  const interactive = deps.interactive ?? process.stdin.isTTY === true;
  if (flags.autoApprove) flags.yes = true;
  if (!flags.yes && !interactive) {
    output.err(
      'error: destroy needs --yes (or --auto-approve) when stdin is not a terminal (nothing was read or deleted)\n',
    );
    return EXIT.INVALID_INPUT;
  }
  const model = await loadValidModel(paths, output, flags.json === true, flags.mesh);
  if (!model) return EXIT.INVALID_INPUT;
  const meshes = meshNamesOf(model);
  return withTarget(flags, output, async (target) => {
    // Deletes need no tags: one ListTagsForResource per resource saved.
    const deletion = planDestroy(
      await readActual(target, meshes, { tags: false }, terminalProgress(output)),
      model,
    );
    if (deletion.changes.length === 0) {
      if (flags.json) printJson(output, { plan: planToJson(deletion), result: { outcomes: {}, writes: 0 } });
      else output.out(`Nothing to destroy: nothing the model owns was found in mesh ${meshes.join(', ')}.\n`);
      return EXIT.OK;
    }
    if (!flags.json) output.out(formatPlan(deletion));
    if (!flags.yes) {
      const confirm = deps.confirm ?? askOnTerminal;
      const question = `Delete ${deletion.changes.length} resource(s) of mesh ${meshes.join(', ')}? Type "yes" to go on: `;
      if (!(await confirm(question))) {
        output.err('destroy cancelled: nothing was deleted\n');
        return EXIT.FAILED;
      }
    }
    const interrupt = interruptSignal(deps.interrupt);
    try {
      const result = await apply(deletion, {
        client: target.client,
        signal: interrupt.signal,
        ...(flags.json
          ? {}
          : { onEvent: progressPrinter(output, deps.isTTY ?? process.stdout.isTTY === true) }),
      });
      if (flags.json) printJson(output, { plan: planToJson(deletion), result });
      else
        output.out(
          `Destroyed: ${Object.keys(result.outcomes).length} resource(s) of ${meshes.join(', ')}.\n`,
        );
      return EXIT.OK;
    } catch (error) {
      if (!(error instanceof ApplyError)) throw error;
      output.err(`error: ${describeError(error)}\n`);
      return EXIT.FAILED;
    } finally {
      interrupt.dispose();
    }
  });
}
