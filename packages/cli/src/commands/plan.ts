import { type MeshModel, MeshplaneError } from '@meshplane/core';
import {
  MANAGED_TAG,
  type Plan,
  type PlanOptions,
  plan,
  type ReadMeshOptions,
  readMesh,
} from '@meshplane/core/appmesh';
import { type Command, Option } from 'commander';
import { flagNamesOf, targetErrorHint } from '../aws/error-hints.js';
import { type MeshTarget, openMeshTarget, type TargetFlags, TargetFlagsError } from '../aws/mesh-target.js';
import { EXIT } from '../exit-codes.js';
import { loadValidModel } from '../load-model.js';
import { failureOf, printFailure } from '../output/failure.js';
import { colorEnabled, formatPlan as formatPlanText, type PlanFormatOptions } from '../output/plan-format.js';
import { announceSlowStep, terminalProgress } from '../output/progress.js';
import { type Output, printJson, processOutput } from '../output/writer.js';
import { addModelInputOptions, type ModelInputFlags, modelInputOptions } from './model-input-flags.js';
import { jsonHelp, LOCAL_ENDPOINT_EXAMPLE, PROFILE_HELP, REGION_CHAIN_DEFAULT } from './option-help.js';
import { writePlanFile } from './saved-plan.js';

/** Flags shared by plan, apply and destroy. */
export interface ReconcileFlags extends TargetFlags, ModelInputFlags {
  json?: boolean;
  pruneUnmanaged?: boolean;
}

/**
 * The plan options of plan and apply: resources meshplane creates carry {@link MANAGED_TAG}, and
 * only those are deleted when the model no longer holds them, unless `--prune-unmanaged`.
 *
 * @example
 * ```ts
 * import { ownershipOptions } from './commands/plan.js'; // inside packages/cli/src
 * ownershipOptions({}).managedTag; // { key: 'meshplane:managed', value: 'true' }
 * ```
 */
export function ownershipOptions(flags: ReconcileFlags): PlanOptions {
  // loadValidModel (load-model.ts) has just validated the model.
  return { validate: false, managedTag: MANAGED_TAG, pruneUnmanaged: flags.pruneUnmanaged === true };
}

/**
 * Adds `--prune-unmanaged` (plan and apply).
 *
 * @example
 * ```ts
 * import { Command } from 'commander';
 * import { addPruneOption } from './commands/plan.js'; // inside packages/cli/src
 * addPruneOption(new Command('plan'));
 * ```
 */
export function addPruneOption(command: Command): Command {
  return command.option(
    '--prune-unmanaged',
    `also delete resources of the model's meshes that meshplane did not create (no ${MANAGED_TAG.key}=${MANAGED_TAG.value} tag)`,
  );
}

/**
 * Adds `--endpoint`, `--local`, `--state`, `--region`, `--profile` and `--json` to a command;
 * `jsonDocument` is what `--json` prints on success (the help says it).
 *
 * @example
 * ```ts
 * import { Command } from 'commander';
 * import { addTargetOptions } from './commands/plan.js'; // inside packages/cli/src
 * addTargetOptions(new Command('plan'), '{ meshes, summary, changes, … }');
 * ```
 */
export function addTargetOptions(command: Command, jsonDocument: string): Command {
  return command
    .option('--endpoint <url>', `App Mesh endpoint URL (${LOCAL_ENDPOINT_EXAMPLE})`)
    .option('--local', 'start an embedded local endpoint for this run (empty unless --state)')
    .option('--state <file>', 'with --local: state file loaded at start and saved after each change')
    .option('--region <region>', `AWS region (${REGION_CHAIN_DEFAULT})`)
    .option('--profile <name>', PROFILE_HELP)
    .option('--json', jsonHelp(jsonDocument));
}

/**
 * The meshes a model names, sorted.
 *
 * @example
 * ```ts
 * import { meshNamesOf } from './commands/plan.js'; // inside packages/cli/src
 * meshNamesOf({ resources: [{ kind: 'mesh', meshName: 'b', name: 'b', spec: {} }, { kind: 'mesh', meshName: 'a', name: 'a', spec: {} }] }); // ['a', 'b']
 * ```
 */
export function meshNamesOf(model: MeshModel): string[] {
  return [...new Set(model.resources.map((r) => r.meshName))].sort();
}

/**
 * Reads the actual state of every mesh the model names (`options` as for `readMesh`, e.g.
 * `{ tags: false }` when only deleting).
 *
 * @example
 * ```ts
 * import { readActual } from './commands/plan.js'; // inside packages/cli/src
 * import { openMeshTarget } from './aws/mesh-target.js';
 * const target = await openMeshTarget({ local: true });
 * const actual = await readActual(target, ['dj-app']);
 * ```
 */
export async function readActual(
  target: MeshTarget,
  meshNames: readonly string[],
  options: ReadMeshOptions = {},
  progress: (line: string) => void = () => {},
): Promise<MeshModel> {
  const resources = [];
  for (const meshName of meshNames) {
    const where = target.endpointUrl ?? target.region ?? 'AWS';
    const read = await announceSlowStep(progress, `reading mesh ${meshName} from ${where}…`, () =>
      readMesh(target.client, meshName, options),
    );
    resources.push(...read.resources);
  }
  return { resources };
}

/**
 * A plan for people (see `formatPlan` of output/plan-format.ts), coloured when stdout is a
 * terminal and NO_COLOR is not set.
 *
 * @example
 * ```ts
 * import { formatPlan } from './commands/plan.js'; // inside packages/cli/src
 * import { plan } from '@meshplane/core/appmesh';
 * console.log(formatPlan(plan({ resources: [] }, { resources: [] }))); // 'No changes. …'
 * ```
 */
export function formatPlan(
  p: Plan,
  options: PlanFormatOptions = { color: colorEnabled(process.stdout) },
): string {
  return formatPlanText(p, options);
}

/**
 * A plan in the `--json` shape: `{ meshes, summary, changes: [{ id, action, key, reason, diff, dependsOn }] }`.
 *
 * @example
 * ```ts
 * import { planToJson } from './commands/plan.js'; // inside packages/cli/src
 * import { plan } from '@meshplane/core/appmesh';
 * planToJson(plan({ resources: [] }, { resources: [] })).summary.create; // 0
 * ```
 */
export function planToJson(p: Plan) {
  return {
    meshes: p.meshes,
    summary: p.summary,
    ...(p.unmanaged ? { unmanaged: p.unmanaged } : {}),
    changes: p.changes.map((c) => ({
      id: c.id,
      action: c.action,
      key: c.key,
      reason: c.reason,
      diff: c.diff,
      dependsOn: c.dependsOn,
    })),
  };
}

/**
 * Runs a reconcile command body with the CLI's error policy: bad flags and invalid input exit 2,
 * API and other failures exit 1 with a one-line message, and the target is always closed.
 *
 * @example
 * ```ts
 * import { withTarget } from './commands/plan.js'; // inside packages/cli/src
 * import { processOutput } from './output/index.js';
 * const commandFlags = new Set(['--endpoint', '--local', '--region', '--profile']); // the hints name only these
 * const exitCode = await withTarget({ local: true }, processOutput(), commandFlags, async (target) => {
 *   console.log(target.endpointUrl);
 *   return 0;
 * });
 * ```
 */
export async function withTarget(
  flags: TargetFlags,
  output: Output,
  commandFlags: ReadonlySet<string>,
  body: (target: MeshTarget) => Promise<number>,
): Promise<number> {
  let target: MeshTarget;
  const progress = terminalProgress(output);
  try {
    target = await openMeshTarget(flags, process.env, (n) =>
      progress(`${n.operation} ${n.reason}, retry ${n.attempt}/${n.maxAttempts}`),
    );
  } catch (error) {
    const json = (flags as { json?: boolean }).json === true;
    if (error instanceof TargetFlagsError)
      printFailure(output, json, { code: 'INVALID_FLAGS', message: error.message });
    else printFailure(output, json, failureOf(error));
    return error instanceof TargetFlagsError ? EXIT.INVALID_INPUT : EXIT.FAILED;
  }
  try {
    return await body(target);
  } catch (error) {
    // Every App Mesh call fails through here: no region, no credentials, refused, unknown host.
    const json = (flags as { json?: boolean }).json === true;
    printFailure(output, json, failureOf(error, targetErrorHint(error, target, commandFlags)));
    return error instanceof MeshplaneError && INPUT_ERROR_CODES.has(error.code)
      ? EXIT.INVALID_INPUT
      : EXIT.FAILED;
  } finally {
    await target.close();
  }
}

// Reconciler errors that mean "the request was wrong", not "the call failed".
const INPUT_ERROR_CODES = new Set([
  'INVALID_WEIGHTS',
  'INVALID_SHIFT',
  'INVALID_CANARY',
  'DUPLICATE_RESOURCE',
]);

/**
 * An error as one line: the SDK's error name and message, or the meshplane code and message.
 *
 * @example
 * ```ts
 * import { describeError } from './commands/plan.js'; // inside packages/cli/src
 * describeError(Object.assign(new Error('route not found'), { name: 'NotFoundException' })); // 'NotFoundException: route not found'
 * ```
 */
export function describeError(error: unknown): string {
  return failureOf(error).message;
}

interface PlanFlags extends ReconcileFlags, ModelInputFlags {
  detailedExitcode?: boolean;
  out?: string;
}

/**
 * Registers `meshplane plan <path...>`: reads the meshes the model names, prints the changes that
 * apply would make. Exit 0; with `--detailed-exitcode`: 0 nothing to do, 3 changes, 1 error,
 * 2 invalid input.
 *
 * @example
 * ```ts
 * import { Command } from 'commander';
 * import { registerPlan } from './commands/plan.js'; // inside packages/cli/src
 * const program = new Command('meshplane');
 * registerPlan(program);
 * await program.parseAsync(['node', 'meshplane', 'plan', '--local', 'examples/dj-app/src/mesh.ts']);
 * ```
 */
export function registerPlan(program: Command, output: Output = processOutput()): void {
  addTargetOptions(
    addModelInputOptions(addPruneOption(program.command('plan')))
      .description('Show what apply would change: creates, updates (with a field-level diff) and deletes')
      .argument('<path...>', 'model files or folders, as for validate'),
    '{ meshes, summary, unmanaged, changes, savedTo? }',
  )
    .addOption(
      new Option('--detailed-exitcode', 'exit 0 when there is nothing to do, 3 when there are changes'),
    )
    .option(
      '--out <file>',
      'save the plan; `meshplane apply FILE` applies exactly it, if the mesh is unchanged',
    )
    .action(async (paths: string[], flags: PlanFlags, command: Command) => {
      process.exitCode = await runPlan(paths, flags, output, flagNamesOf(command));
    });
}

async function runPlan(
  paths: string[],
  flags: PlanFlags,
  output: Output,
  commandFlags: ReadonlySet<string>,
): Promise<number> {
  const desired = await loadValidModel(paths, output, {
    purpose: 'reconcile',
    json: flags.json === true,
    input: modelInputOptions(flags),
  });
  if (!desired) return EXIT.INVALID_INPUT;
  return withTarget(flags, output, commandFlags, async (target) => {
    const actual = await readActual(target, meshNamesOf(desired), {}, terminalProgress(output));
    const result = plan(desired, actual, ownershipOptions(flags));
    if (flags.out !== undefined) {
      await writePlanFile(flags.out, result, actual, {
        ...(target.endpointUrl && !target.localEndpoint ? { endpointUrl: target.endpointUrl } : {}),
        ...(target.region ? { region: target.region } : {}),
      });
    }
    if (flags.json)
      printJson(output, { ...planToJson(result), ...(flags.out ? { savedTo: flags.out } : {}) });
    else {
      output.out(formatPlan(result));
      if (flags.out)
        output.out(`Saved the plan to ${flags.out}; \`meshplane apply ${flags.out}\` applies exactly it.\n`);
    }
    if (!flags.detailedExitcode) return EXIT.OK;
    return result.changes.length === 0 ? EXIT.OK : EXIT.CHANGES;
  });
}
