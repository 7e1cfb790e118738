import { type AppMeshClientOptions, lazyClient } from './client.js';
import { ReconcileError } from './errors.js';
import {
  type RouteRef,
  readRoute,
  routeRefProblems,
  shiftRoute,
  targetKeys,
  weightedTargetsOf,
} from './shift-traffic.js';

/** Progress of a {@link canary} release. */
export type CanaryEvent =
  | { type: 'canary-start'; start: Record<string, number>; steps: number[] }
  | { type: 'step-shifted'; step: number; weights: Record<string, number> }
  | { type: 'step-passed'; step: number }
  | { type: 'step-failed'; step: number; reason: string }
  | { type: 'rolled-back'; weights: Record<string, number> }
  | { type: 'canary-done'; weights: Record<string, number> };

/** Options of {@link canary}. */
export type CanaryOptions = AppMeshClientOptions &
  RouteRef & {
    /** The weighted target that receives traffic (node name, or `node:port`). */
    target: string;
    /** Percentages of traffic for `target`, in order (default `[10, 25, 50, 100]`). */
    steps?: number[];
    /** Time to let each step bake before `check()` (seconds). */
    bakeSeconds: number;
    /** The health gate: false or an exception rolls back to the starting weights. */
    check: (info: { step: number; weights: Record<string, number> }) => boolean | Promise<boolean>;
    onEvent?: (event: CanaryEvent) => void;
    /** Injectable wait, for tests and custom clocks. Defaults to setTimeout. */
    sleep?: (ms: number) => Promise<void>;
  };

/** How a {@link canary} ended. */
export type CanaryResult =
  | { status: 'completed'; weights: Record<string, number> }
  | { status: 'rolled-back'; failedStep: number; reason: string; weights: Record<string, number> };

/**
 * The weights that give `target` `percent` of the traffic (out of a total of 100), sharing the
 * rest among the other targets in proportion to their starting weights (evenly when they all
 * start at 0), rounded by largest remainder so the total is exactly 100.
 *
 * @example
 * ```ts
 * import { canaryWeights } from '@meshplane/core/appmesh';
 * canaryWeights({ 'jazz-v1': 100, 'jazz-v2': 0 }, 'jazz-v2', 10); // { 'jazz-v1': 90, 'jazz-v2': 10 }
 * ```
 */
export function canaryWeights(
  start: Record<string, number>,
  target: string,
  percent: number,
): Record<string, number> {
  if (!(target in start)) {
    throw new ReconcileError(
      'INVALID_CANARY',
      `target "${target}" is not a weighted target of the route (targets: ${Object.keys(start).join(', ')})`,
    );
  }
  const others = Object.keys(start).filter((k) => k !== target);
  const rest = 100 - percent;
  const base = others.reduce((a, k) => a + (start[k] ?? 0), 0);
  const shares = others.map((k) =>
    base > 0 ? ((start[k] ?? 0) / base) * rest : rest / Math.max(1, others.length),
  );
  const floors = shares.map(Math.floor);
  let left = rest - floors.reduce((a, b) => a + b, 0);
  const byRemainder = shares
    .map((s, i) => ({ i, r: s - Math.floor(s) }))
    .sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left <= 0) break;
    floors[i]!++;
    left--;
  }
  const weights: Record<string, number> = { [target]: others.length === 0 ? 100 : percent };
  others.forEach((k, i) => {
    weights[k] = floors[i]!;
  });
  return weights;
}

/**
 * A canary release on one route: for each step, shift `target` to that percentage (one
 * UpdateRoute), wait `bakeSeconds`, then ask `check()`. When the check fails (false or throws),
 * the route goes back to the weights it had at the start and the result says which step failed.
 * The seed scenarios: jazz 100/0 → 90/10 is `steps: [10]`; metal 100/0 → 50/50 is `steps: [50]`;
 * product v2 at 50 % and customer v1.5 at 25 % are `[50]` and `[25]`.
 *
 * @example
 * ```ts
 * // not-runnable: bakes 60 s per step and checks a live DJ app (tests/appmesh/helpers.test.ts and reconcile.test.ts run canaries against the local endpoint)
 * import { canary } from '@meshplane/core/appmesh';
 * const outcome = await canary({
 *   clientConfig: { region: 'us-east-1' },
 *   meshName: 'dj-app',
 *   virtualRouterName: 'jazz-router',
 *   routeName: 'jazz-route',
 *   target: 'jazz-v2',
 *   steps: [10, 25, 50, 100],
 *   bakeSeconds: 60,
 *   check: async () => (await fetch('http://dj.prod.svc.cluster.local:9080/health')).ok,
 * });
 * console.log(outcome.status);
 * ```
 */
export async function canary(options: CanaryOptions): Promise<CanaryResult> {
  const steps = options.steps ?? [10, 25, 50, 100];
  const problems = routeRefProblems(options);
  if (!Array.isArray(steps)) {
    problems.push(`steps: ${JSON.stringify(steps)} must be a list of percentages, e.g. [10, 25, 50, 100]`);
  } else {
    steps.forEach((s, i) => {
      if (!Number.isInteger(s) || s < 0 || s > 100) {
        problems.push(`steps[${i}]: ${JSON.stringify(s)} must be an integer from 0 to 100`);
      }
    });
    if (steps.length === 0) problems.push('steps: at least one step is needed');
  }
  if (typeof options.target !== 'string' || options.target === '') {
    problems.push(
      `target: ${JSON.stringify(options.target)} must be the name of a weighted target of the route`,
    );
  }
  if (typeof options.check !== 'function') {
    problems.push(`check: ${typeof options.check} must be a function returning (a promise of) true or false`);
  }
  if (!(options.bakeSeconds >= 0)) problems.push(`bakeSeconds: ${options.bakeSeconds} must be a number >= 0`);
  if (problems.length > 0) throw new ReconcileError('INVALID_CANARY', problems.join('; '));

  const client = lazyClient(options)();
  const emit = (event: CanaryEvent) => {
    try {
      options.onEvent?.(event);
    } catch {
      // Observers do not steer the release.
    }
  };
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const route = await readRoute(client, options);
  const targets = weightedTargetsOf(route.spec) ?? [];
  const keys = targetKeys(targets);
  const start: Record<string, number> = {};
  keys.forEach((k, i) => {
    start[k] = targets[i]?.weight ?? 0;
  });
  const plannedSteps = steps.map((step) => ({ step, weights: canaryWeights(start, options.target, step) }));
  emit({ type: 'canary-start', start, steps });

  let current = start;
  for (const { step, weights } of plannedSteps) {
    await shiftRoute(client, options, weights);
    current = weights;
    emit({ type: 'step-shifted', step, weights });
    await sleep(options.bakeSeconds * 1000);
    let reason: string | undefined;
    try {
      if (!(await options.check({ step, weights }))) reason = 'check() returned false';
    } catch (error) {
      reason = `check() threw: ${(error as Error)?.message ?? String(error)}`;
    }
    if (reason) {
      emit({ type: 'step-failed', step, reason });
      await shiftRoute(client, options, start);
      emit({ type: 'rolled-back', weights: start });
      return { status: 'rolled-back', failedStep: step, reason, weights: start };
    }
    emit({ type: 'step-passed', step });
  }
  emit({ type: 'canary-done', weights: current });
  return { status: 'completed', weights: current };
}
