import { ApplyError, apply, MANAGED_TAG, type Plan } from '@meshplane/core/appmesh';
import type { Command } from 'commander';
import { flagNamesOf } from '../aws/error-hints.js';
import { EXIT } from '../exit-codes.js';
import { loadValidModel } from '../load-model.js';
import { failureOf, printFailure } from '../output/failure.js';
import { formatPlan as formatPlanText } from '../output/plan-format.js';
import { terminalProgress } from '../output/progress.js';
import { type Output, printJson, processOutput } from '../output/writer.js';
import { interruptSignal, type ProgressDeps, progressPrinter, resultToJson } from './apply.js';
import { askOnTerminal } from './confirm.js';
import { type KeptResource, selectDestroy } from './destroy-selection.js';
import { addModelInputOptions, modelInputOptions } from './model-input-flags.js';
import {
  addPruneOption,
  addTargetOptions,
  formatPlan,
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

/** How destroy asks for confirmation and shows progress: as apply (tests replace them). */
export type DestroyDeps = ProgressDeps;

/**
 * Registers `meshplane destroy <path...>`: deletes what the model owns (`planDestroy`): every
 * resource of the meshes it declares (the meshes last); in a mesh it only puts resources in
 * (controller YAML), just those resources, never the mesh; nothing else. Of those, only what
 * meshplane manages (the `meshplane:managed` tag it sets at create) unless `--prune-unmanaged`:
 * the others are listed as unmanaged and left, and what they still hold (their mesh, a router
 * of an unmanaged route, …) is kept with the reason. Shows what it will and will not delete and
 * asks unless `--yes` / `--auto-approve`; without a terminal to ask on it refuses (exit 2).
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
    addModelInputOptions(addPruneOption(program.command('destroy')))
      .description(
        'Delete what the model owns and meshplane manages (all of a mesh it declares; in a mesh it does not declare, only what it lists), in reverse dependency order',
      )
      .argument('<path...>', 'model files or folders, as for validate'),
    '{ plan, kept, result }',
  )
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--auto-approve', 'the same as --yes (the flag apply takes)')
    .action(async (paths: string[], flags: DestroyFlags, command: Command) => {
      process.exitCode = await runDestroy(paths, flags, output, deps, flagNamesOf(command));
    });
}

/**
 * The deletion for people: the deletes, the unmanaged resources left (formatPlan lists them),
 * then the managed ones kept because something left needs them, then the summary line (or, when
 * nothing can be deleted, none: the caller says so).
 */
function describeDeletion(deletion: Plan, kept: readonly KeptResource[], text: string): string {
  const lines = text.trimEnd().split('\n');
  const summary = lines.pop()!;
  if (kept.length > 0) {
    lines.push(
      '  Kept, still needed by what is left (App Mesh refuses to delete a resource in use):',
      ...kept.map((k) => `    = ${k.key}: ${k.reason}`),
    );
  }
  if (deletion.changes.length > 0) lines.push(summary);
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

function leftSummary(deletion: Plan, kept: readonly KeptResource[]): string {
  const parts = [];
  const unmanaged = deletion.unmanaged?.length ?? 0;
  if (unmanaged > 0) parts.push(`${unmanaged} not managed by meshplane left`);
  if (kept.length > 0) parts.push(`${kept.length} kept (${kept.map((k) => k.key).join(', ')})`);
  return parts.length > 0 ? `; ${parts.join(', ')}` : '';
}

async function runDestroy(
  paths: string[],
  flags: DestroyFlags,
  output: Output,
  deps: DestroyDeps,
  commandFlags: ReadonlySet<string>,
): Promise<number> {
  const json = flags.json === true;
  const interactive = deps.interactive ?? process.stdin.isTTY === true;
  if (flags.autoApprove) flags.yes = true;
  if (!flags.yes && !interactive) {
    printFailure(output, json, {
      code: 'NEEDS_APPROVAL',
      message:
        'destroy needs --yes (or --auto-approve) when stdin is not a terminal (nothing was read or deleted)',
    });
    return EXIT.INVALID_INPUT;
  }
  const model = await loadValidModel(paths, output, {
    purpose: 'reconcile',
    json,
    input: modelInputOptions(flags),
  });
  if (!model) return EXIT.INVALID_INPUT;
  const meshes = meshNamesOf(model);
  return withTarget(flags, output, commandFlags, async (target) => {
    // Tags say which resources meshplane manages; --prune-unmanaged deletes regardless (one
    // ListTagsForResource per resource saved).
    const prune = flags.pruneUnmanaged === true;
    const actual = await readActual(target, meshes, prune ? { tags: false } : {}, terminalProgress(output));
    const { deletion, kept } = selectDestroy(actual, model, MANAGED_TAG, prune);
    const document = (result: unknown) => ({ plan: planToJson(deletion), kept, result });
    if (deletion.changes.length === 0) {
      if (json) printJson(output, document({ outcomes: {}, failed: [], skipped: [], writes: 0 }));
      else {
        output.out(describeDeletion(deletion, kept, formatPlan(deletion)));
        const left = leftSummary(deletion, kept);
        output.out(
          left === ''
            ? `Nothing to destroy: nothing the model owns was found in mesh ${meshes.join(', ')}.\n`
            : `Nothing to destroy: nothing the model owns and meshplane manages can be deleted in mesh ${meshes.join(', ')}${left}.\n`,
        );
      }
      return EXIT.OK;
    }
    if (!json) output.out(describeDeletion(deletion, kept, formatPlan(deletion)));
    if (!flags.yes) {
      if (json) output.err(describeDeletion(deletion, kept, formatPlanText(deletion, { color: false })));
      const confirm = deps.confirm ?? askOnTerminal;
      const question = `Delete ${deletion.changes.length} resource(s) of mesh ${meshes.join(', ')}${leftSummary(deletion, kept)}? Type "yes" to go on: `;
      if (!(await confirm(question))) {
        printFailure(output, json, { code: 'CANCELLED', message: 'destroy cancelled: nothing was deleted' });
        return EXIT.FAILED;
      }
    }
    const interrupt = interruptSignal(deps.interrupt);
    try {
      const result = await apply(deletion, {
        client: target.client,
        signal: interrupt.signal,
        ...(json ? {} : { onEvent: progressPrinter(output, deps.isTTY ?? process.stdout.isTTY === true) }),
      });
      if (json) printJson(output, document(resultToJson(result)));
      else
        output.out(
          `Destroyed: ${Object.keys(result.outcomes).length} resource(s) of ${meshes.join(', ')}${leftSummary(deletion, kept)}.\n`,
        );
      return EXIT.OK;
    } catch (error) {
      if (!(error instanceof ApplyError)) throw error;
      printFailure(output, json, failureOf(error), json ? document(resultToJson(error.result)) : {});
      return EXIT.FAILED;
    } finally {
      interrupt.dispose();
    }
  });
}
