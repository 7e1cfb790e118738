import { resourceKey } from '@meshplane/core';
import {
  ApplyError,
  type ApplyEvent,
  type ApplyResult,
  apply,
  type Plan,
  plan,
  type WriteRate,
} from '@meshplane/core/appmesh';
import { type Command, InvalidArgumentError } from 'commander';
import { flagNamesOf } from '../aws/error-hints.js';
import type { MeshTarget } from '../aws/mesh-target.js';
import { EXIT } from '../exit-codes.js';
import { loadValidModel } from '../load-model.js';
import { failureOf, printFailure } from '../output/failure.js';
import { terminalProgress } from '../output/progress.js';
import { type Output, printJson, processOutput } from '../output/writer.js';
import { askOnTerminal, type ConfirmDeps } from './confirm.js';
import { addModelInputOptions, modelInputOptions } from './model-input-flags.js';
import {
  addPruneOption,
  addTargetOptions,
  describeError,
  formatPlan,
  meshNamesOf,
  ownershipOptions,
  planToJson,
  type ReconcileFlags,
  readActual,
  withTarget,
} from './plan.js';
import { changedSince, type PlanFile, readPlanFile, resourceVersions } from './saved-plan.js';

interface ApplyFlags extends ReconcileFlags {
  concurrency: string;
  writeRate?: string;
  autoApprove?: boolean;
}

/** Terminal details the progress display and the confirmation depend on; tests pass their own. */
export interface ProgressDeps extends ConfirmDeps {
  /** True when progress may redraw one line in place (default: stdout is a TTY). */
  isTTY?: boolean;
  /** Stops the run like Ctrl-C does (default: SIGINT/SIGTERM). */
  interrupt?: AbortSignal;
}

/**
 * An AbortSignal that fires on the first SIGINT or SIGTERM (or follows `given`), so that a run
 * stops starting new changes, lets the ones in flight finish, and exits with what it did. A second
 * Ctrl-C falls through to Node's default (immediate exit): the next run converges anyway.
 *
 * @example
 * ```ts
 * import { interruptSignal } from './commands/apply.js'; // inside packages/cli/src
 * const { signal, dispose } = interruptSignal();
 * try {
 *   console.log(signal.aborted); // false
 * } finally {
 *   dispose();
 * }
 * ```
 */
export function interruptSignal(given?: AbortSignal): { signal: AbortSignal; dispose: () => void } {
  if (given) return { signal: given, dispose: () => {} };
  const controller = new AbortController();
  const stop = () => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    controller.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    },
  };
}

// Flag values are checked in the action, not by commander's argParser, so that a bad value exits
// 2 (invalid input) like every other input problem instead of commander's 1.
function parseConcurrency(raw: string): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 1 || value > 64) {
    throw new InvalidArgumentError(`--concurrency must be a whole number from 1 to 64, got "${raw}"`);
  }
  return value;
}

/**
 * Parses `--write-rate RATE[/BURST]` (writes per second, burst default 1).
 *
 * @example
 * ```ts
 * import { parseWriteRate } from './commands/apply.js'; // inside packages/cli/src
 * parseWriteRate('8/5'); // { rate: 8, burst: 5 }
 * ```
 */
export function parseWriteRate(raw: string): WriteRate {
  const match = /^(\d+(?:\.\d+)?)(?:\/(\d+))?$/.exec(raw.trim());
  const rate = match ? Number(match[1]) : Number.NaN;
  const burst = match?.[2] ? Number(match[2]) : 1;
  if (!match || !(rate > 0) || !(burst >= 1)) {
    throw new InvalidArgumentError(
      `--write-rate must be RATE or RATE/BURST with RATE > 0 writes per second and BURST >= 1, got "${raw}"`,
    );
  }
  return { rate, burst };
}

/**
 * A progress printer for apply events: on a terminal one line redrawn in place
 * (`[3/12] created virtualNode:dj-app/dj`), otherwise one plain line per finished change.
 *
 * @example
 * ```ts
 * import { progressPrinter } from './commands/apply.js'; // inside packages/cli/src
 * import { processOutput } from './output/index.js';
 * const onEvent = progressPrinter(processOutput(), false);
 * onEvent({ type: 'apply-start', total: 0 });
 * ```
 */
export function progressPrinter(output: Output, isTTY: boolean): (event: ApplyEvent) => void {
  let total = 0;
  let finished = 0;
  let redrawn = false;
  const line = (text: string) => {
    if (isTTY) {
      output.out(`\r\x1b[2K${text}`);
      redrawn = true;
    } else output.out(`${text}\n`);
  };
  return (event) => {
    switch (event.type) {
      case 'apply-start':
        total = event.total;
        break;
      case 'change-done':
        finished++;
        line(`[${finished}/${total}] ${event.outcome} ${event.change.key}`);
        break;
      case 'change-failed':
        finished++;
        if (redrawn) output.out('\n');
        redrawn = false;
        output.err(`[${finished}/${total}] FAILED ${event.change.key}: ${describeError(event.error)}\n`);
        break;
      case 'change-skipped':
        output.err(
          event.blockedBy.length > 0
            ? `skipped ${event.change.key}: waits for ${event.blockedBy.join(', ')}\n`
            : `skipped ${event.change.key}: not started\n`,
        );
        break;
      case 'apply-done':
        if (redrawn) output.out('\n');
        break;
      default:
        break;
    }
  };
}

/**
 * The saved plan, its changes bound to the resources just read, when the mesh is as it was when
 * the plan was made (same resource versions, same tags); otherwise prints what changed and
 * returns undefined: a plan made against other versions would overwrite changes nobody reviewed.
 */
async function checkedSavedPlan(
  saved: PlanFile,
  target: MeshTarget,
  output: Output,
  json: boolean,
): Promise<Plan | undefined> {
  if (saved.target.region && target.region && saved.target.region !== target.region) {
    printFailure(output, json, {
      code: 'PLAN_OTHER_REGION',
      message: `the plan was made against region ${saved.target.region}, not ${target.region}; nothing was changed`,
    });
    return undefined;
  }
  const actual = await readActual(target, saved.plan.meshes, {}, terminalProgress(output));
  const changed = changedSince(saved.versions, resourceVersions(actual));
  if (changed.length > 0) {
    const message = `the mesh changed since the plan was made (${saved.createdAt}); nothing was changed. Make a new plan with \`meshplane plan --out FILE\``;
    if (json) printFailure(output, true, { code: 'PLAN_STALE', message }, { changed });
    else output.err(`error: ${message}:\n${changed.map((l) => `  ${l}\n`).join('')}`);
    return undefined;
  }
  // Bound to the objects readMesh returned, so that apply salts update tokens with their versions.
  const byKey = new Map(actual.resources.map((r) => [resourceKey(r), r]));
  return {
    ...saved.plan,
    changes: saved.plan.changes.map((c) => (c.actual ? { ...c, actual: byKey.get(c.key) ?? c.actual } : c)),
  };
}

/**
 * An apply result in the `--json` shape: `{ outcomes, failed: [{ id, error }], skipped, writes }`,
 * each error as its one-line description (an Error would print as `{}`).
 *
 * @example
 * ```ts
 * import { resultToJson } from './commands/apply.js'; // inside packages/cli/src
 * resultToJson({ outcomes: {}, failed: [], skipped: [], writes: 0 }).writes; // 0
 * ```
 */
export function resultToJson(result: ApplyResult) {
  return {
    outcomes: result.outcomes,
    failed: result.failed.map((f) => ({ id: f.id, error: describeError(f.error) })),
    skipped: result.skipped,
    writes: result.writes,
  };
}

/**
 * Registers `meshplane apply <path...>`: validates the model, reads the meshes it names, plans,
 * and runs the plan (bounded concurrency, client tokens, adaptive retry), printing progress.
 * `apply FILE` runs a plan saved by `plan --out FILE` instead, if the mesh is unchanged since.
 * Either way it shows the plan and asks on a terminal unless `--auto-approve`, and refuses
 * without a terminal to ask on. Exit 0 when everything applied, 1 when a change failed or the
 * answer was no, 2 on invalid input.
 *
 * @example
 * ```ts
 * import { Command } from 'commander';
 * import { registerApply } from './commands/apply.js'; // inside packages/cli/src
 * const program = new Command('meshplane');
 * registerApply(program);
 * await program.parseAsync(['node', 'meshplane', 'apply', '--auto-approve', '--local', '--state', 'mesh.json', 'examples/dj-app/src/mesh.ts']);
 * ```
 */
export function registerApply(
  program: Command,
  output: Output = processOutput(),
  deps: ProgressDeps = {},
): void {
  addTargetOptions(
    addModelInputOptions(addPruneOption(program.command('apply')))
      .description('Make App Mesh match the model: create, update and delete in dependency order')
      .argument('<path...>', 'model files or folders, as for validate; or one plan saved by plan --out'),
    '{ plan, result }',
  )
    .option('--auto-approve', 'do not ask for confirmation (needed when stdin is not a terminal)')
    .option('--concurrency <n>', 'changes in flight at once (1-64)', '8')
    .option(
      '--write-rate <rate[/burst]>',
      'pace writes client-side to a known quota, e.g. 8/5 (default: adaptive retry only)',
    )
    .action(async (paths: string[], flags: ApplyFlags, command: Command) => {
      process.exitCode = await runApply(paths, flags, output, deps, flagNamesOf(command));
    });
}

async function runApply(
  paths: string[],
  flags: ApplyFlags,
  output: Output,
  deps: ProgressDeps,
  commandFlags: ReadonlySet<string>,
): Promise<number> {
  const isTTY = deps.isTTY ?? process.stdout.isTTY === true;
  let concurrency: number;
  let writeRate: WriteRate | undefined;
  try {
    concurrency = parseConcurrency(flags.concurrency);
    writeRate = flags.writeRate === undefined ? undefined : parseWriteRate(flags.writeRate);
  } catch (error) {
    printFailure(output, flags.json === true, { code: 'INVALID_FLAGS', message: (error as Error).message });
    return EXIT.INVALID_INPUT;
  }
  const json = flags.json === true;
  const saved = paths.length === 1 ? await readPlanFile(paths[0]!) : undefined;
  if (saved instanceof Error) {
    printFailure(output, json, { code: 'INVALID_PLAN_FILE', message: saved.message });
    return EXIT.INVALID_INPUT;
  }
  // A saved plan is asked about too: whoever runs `apply FILE` on a terminal sees what it does.
  const ask = flags.autoApprove !== true;
  if (ask && !(deps.interactive ?? process.stdin.isTTY === true)) {
    printFailure(output, json, {
      code: 'NEEDS_APPROVAL',
      message:
        'apply needs --auto-approve when stdin is not a terminal to confirm on (nothing was read or changed)',
      hint: saved
        ? `review the saved plan, then run \`meshplane apply --auto-approve ${paths[0]}\``
        : 'review the changes with `meshplane plan --out FILE`, then run `meshplane apply --auto-approve FILE`',
    });
    return EXIT.INVALID_INPUT;
  }
  const desired = saved
    ? undefined
    : await loadValidModel(paths, output, { purpose: 'reconcile', json, input: modelInputOptions(flags) });
  if (!saved && !desired) return EXIT.INVALID_INPUT;
  return withTarget(flags, output, commandFlags, async (target) => {
    const changes = saved
      ? await checkedSavedPlan(saved, target, output, json)
      : plan(
          desired!,
          await readActual(target, meshNamesOf(desired!), {}, terminalProgress(output)),
          ownershipOptions(flags),
        );
    if (!changes) return EXIT.FAILED;
    // The plan is the result; under --json it is in the document, and shown on stderr to whoever answers.
    if (!json) output.out(formatPlan(changes));
    else if (ask && changes.changes.length > 0) output.err(formatPlan(changes, { color: false }));
    if (ask && changes.changes.length > 0) {
      const from = saved ? ` (saved plan ${paths[0]})` : '';
      const question = `Apply ${changes.changes.length} change(s) to mesh ${changes.meshes.join(', ')}${from}? Type "yes" to go on: `;
      if (!(await (deps.confirm ?? askOnTerminal)(question))) {
        printFailure(output, json, { code: 'CANCELLED', message: 'apply cancelled: nothing was changed' });
        return EXIT.FAILED;
      }
    }
    let result: ApplyResult;
    const interrupt = interruptSignal(deps.interrupt);
    try {
      result = await apply(changes, {
        client: target.client,
        concurrency,
        signal: interrupt.signal,
        ...(writeRate ? { writeRate } : {}),
        ...(flags.json ? {} : { onEvent: progressPrinter(output, isTTY) }),
      });
    } catch (error) {
      if (!(error instanceof ApplyError)) throw error;
      if (json)
        printFailure(output, true, failureOf(error), {
          plan: planToJson(changes),
          result: resultToJson(error.result),
        });
      else if (error.code === 'APPLY_ABORTED') {
        output.err(
          `interrupted: ${error.result.skipped.length} change(s) not started; run apply again to finish\n`,
        );
      } else output.err(`error: ${error.message}\n`);
      return EXIT.FAILED;
    } finally {
      interrupt.dispose();
    }
    if (json) printJson(output, { plan: planToJson(changes), result: resultToJson(result) });
    else if (changes.changes.length > 0) {
      output.out(
        `Applied: ${Object.keys(result.outcomes).length} change(s), ${result.writes} write call(s).\n`,
      );
    }
    return EXIT.OK;
  });
}
