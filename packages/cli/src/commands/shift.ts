import { shiftTraffic } from '@meshplane/core/appmesh';
import type { Command } from 'commander';
import { flagNamesOf } from '../aws/error-hints.js';
import { EXIT } from '../exit-codes.js';
import { printFlagProblems } from '../output/failure.js';
import { type Output, printJson, processOutput } from '../output/writer.js';
import { addTargetOptions, type ReconcileFlags, withTarget } from './plan.js';

/** A parsed `meshplane shift` request. */
export interface ShiftRequest {
  meshName: string;
  virtualRouterName: string;
  routeName: string;
  weights: Record<string, number>;
}

/**
 * Parses `<mesh>/<router>/<route>` and `target=weight` arguments, reporting every problem at once.
 * A target is a virtual node name, or `node:port` when the route lists the node twice.
 *
 * @example
 * ```ts
 * import { parseShiftArguments } from './commands/shift.js'; // inside packages/cli/src
 * parseShiftArguments('dj-app/jazz-router/jazz-route', ['jazz-v1=90', 'jazz-v2=10']);
 * // { meshName: 'dj-app', virtualRouterName: 'jazz-router', routeName: 'jazz-route', weights: { 'jazz-v1': 90, 'jazz-v2': 10 } }
 * ```
 */
export function parseShiftArguments(route: string, assignments: readonly string[]): ShiftRequest | string[] {
  const problems: string[] = [];
  const parts = route.split('/');
  if (parts.length !== 3 || parts.some((p) => p.trim() === '')) {
    problems.push(`route "${route}" must be <mesh>/<router>/<route>, e.g. dj-app/jazz-router/jazz-route`);
  }
  const weights: Record<string, number> = {};
  if (assignments.length === 0) problems.push('give at least one target=weight, e.g. jazz-v1=90 jazz-v2=10');
  for (const assignment of assignments) {
    const match = /^([^=\s]+)=(\d+)$/.exec(assignment);
    if (!match) {
      problems.push(
        `"${assignment}" must be target=weight with a whole-number weight from 0 to 100, e.g. jazz-v2=10`,
      );
      continue;
    }
    const [, target, raw] = match as unknown as [string, string, string];
    if (target in weights) problems.push(`target "${target}" is given twice`);
    weights[target] = Number(raw);
  }
  if (problems.length > 0) return problems;
  const [meshName, virtualRouterName, routeName] = parts as [string, string, string];
  return { meshName, virtualRouterName, routeName, weights };
}

/**
 * Registers `meshplane shift <mesh>/<router>/<route> <target=weight...>`: one DescribeRoute and
 * exactly one UpdateRoute that changes only the weights (none when they already match). Bad
 * arguments or weights (unknown target, outside 0-100, total outside 1-100) exit 2 before any write.
 *
 * @example
 * ```ts
 * import { Command } from 'commander';
 * import { registerShift } from './commands/shift.js'; // inside packages/cli/src
 * const program = new Command('meshplane');
 * registerShift(program);
 * await program.parseAsync(['node', 'meshplane', 'shift', '--endpoint', 'http://127.0.0.1:6374', 'dj-app/jazz-router/jazz-route', 'jazz-v1=90', 'jazz-v2=10']);
 * ```
 */
export function registerShift(program: Command, output: Output = processOutput()): void {
  addTargetOptions(
    program
      .command('shift')
      .description(
        "Change a route's weighted targets with one UpdateRoute, leaving the rest of the route as is",
      )
      .argument('<route>', '<mesh>/<router>/<route>')
      .argument('<weights...>', 'target=weight pairs, e.g. jazz-v1=90 jazz-v2=10'),
    '{ route, before, after, changed }',
  ).action(async (route: string, assignments: string[], flags: ReconcileFlags, command: Command) => {
    process.exitCode = await runShift(route, assignments, flags, output, flagNamesOf(command));
  });
}

async function runShift(
  route: string,
  assignments: string[],
  flags: ReconcileFlags,
  output: Output,
  commandFlags: ReadonlySet<string>,
): Promise<number> {
  const request = parseShiftArguments(route, assignments);
  if (Array.isArray(request)) {
    printFlagProblems(output, flags.json === true, request);
    return EXIT.INVALID_INPUT;
  }
  return withTarget(flags, output, commandFlags, async (target) => {
    const result = await shiftTraffic({ client: target.client, ...request });
    if (flags.json) {
      printJson(output, { route, before: result.before, after: result.after, changed: result.changed });
      return EXIT.OK;
    }
    const moves = Object.keys(result.after).map((k) => `${k} ${result.before[k]} → ${result.after[k]}`);
    output.out(
      result.changed
        ? `${route}: ${moves.join(', ')} (1 UpdateRoute)\n`
        : `${route}: weights already ${moves.map((m) => m.split(' → ')[1]).join('/')}; nothing written\n`,
    );
    return EXIT.OK;
  });
}
