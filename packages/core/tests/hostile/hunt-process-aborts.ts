/**
 * Runs the hostile-input properties (hostile-properties.ts) with random seeds in child processes
 * and reports every seed whose process did not end normally, with the property, the run and the
 * input. A property test cannot do this itself: V8 ends the process on some failures (a stack
 * overflow that lands on a RegExp compile is "FATAL ERROR: RegExpCompiler Allocation failed -
 * process out of memory", SIGABRT), and the vitest worker then dies without a seed or an input.
 * The first seed of each child runs in a fresh process, the hardest case: no regular expression
 * has been compiled yet.
 *
 * Usage (from the repository root):
 *   node --conditions=@meshplane/source --import tsx packages/core/tests/hostile/hunt-process-aborts.ts [runs] [seed] [--per-child n]
 * `runs` seeds (default 20) are drawn at random unless `seed` replays one; each child runs
 * `--per-child` of them (default 1). The children run with --max-old-space-size=256 so that a
 * runaway allocation ends them quickly. Exits 1 when a child aborted or did not start.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { showInput } from './hostile-input-text.js';
import { hostileProperties } from './hostile-properties.js';

const self = fileURLToPath(import.meta.url);

/** Child: runs every property's inputs for each seed, noting which one it is on before each. */
function runChild(seeds: number[], progressFile: string): void {
  const properties = hostileProperties((call) => {
    try {
      call();
    } catch {
      // Errors are the property test's business; only the process ending matters here.
    }
  });
  seeds.forEach((seed, s) => {
    properties.forEach((property, p) => {
      fc.sample(property.inputs, { seed, numRuns: property.numRuns }).forEach((input, run) => {
        writeFileSync(progressFile, `${s} ${p} ${run}`);
        try {
          property.run(input);
        } catch {
          // As above.
        }
      });
    });
  });
  writeFileSync(progressFile, 'done');
}

function report(seed: number, progress: string, status: string, stderr: string): void {
  const [p, run] = progress.split(' ').map(Number);
  const property = hostileProperties(() => undefined)[p ?? -1];
  const fatal = stderr.split('\n').find((line) => /FATAL|Error/.test(line)) ?? stderr.slice(-300);
  console.log(`ABORT seed=${seed} ${status}: ${fatal.trim()}`);
  if (progress === 'done') {
    console.log('  after its last input (the process ended abnormally as it exited)');
    return;
  }
  if (property === undefined || run === undefined || Number.isNaN(run)) {
    console.log(`  before the first input (progress "${progress}")`);
    return;
  }
  const input = fc.sample(property.inputs, { seed, numRuns: run + 1 })[run];
  const text = showInput(input);
  console.log(`  property: ${property.name}\n  run: ${run}`);
  console.log(
    `  input: ${text.length > 2000 ? `${text.slice(0, 2000)}… (${text.length} characters)` : text}`,
  );
}

function hunt(runs: number, fixedSeed: number | undefined, perChild: number): number {
  const dir = mkdtempSync(join(tmpdir(), 'meshplane-hunt-'));
  const queue = Array.from({ length: runs }, () => fixedSeed ?? (Math.random() * 2 ** 31) | 0);
  let [passed, aborted, unstarted, child] = [0, 0, 0, 0];
  try {
    while (queue.length > 0) {
      const seeds = queue.splice(0, perChild);
      const progressFile = join(dir, `progress-${child++}`);
      writeFileSync(progressFile, '');
      const run = spawnSync(
        process.execPath,
        [...process.execArgv, '--max-old-space-size=256', self, 'child', seeds.join(','), progressFile],
        { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      );
      const progress = readFileSync(progressFile, 'utf8');
      if (run.status === 0 && progress === 'done') {
        passed += seeds.length;
        for (const seed of seeds) console.log(`ok seed=${seed}`);
        continue;
      }
      if (progress === '' && run.signal === null) {
        // The child never reached an input (a module missing while packages are being installed,
        // say): nothing was tested, so it is neither a pass nor an abort.
        unstarted += seeds.length;
        console.log(
          `not started seeds=${seeds.join(',')} status=${run.status}: ${(run.stderr ?? '').split('\n')[0]}`,
        );
        continue;
      }
      const [at, p, input] =
        progress === 'done' ? [seeds.length - 1, undefined, undefined] : progress.split(' ').map(Number);
      const index = at ?? 0;
      for (const seed of seeds.slice(0, index)) console.log(`ok seed=${seed}`);
      passed += index;
      aborted++;
      report(
        seeds[index]!,
        p === undefined ? 'done' : `${p} ${input}`,
        `status=${run.status} signal=${run.signal}`,
        run.stderr ?? '',
      );
      // The seeds the child did not reach run again in the next one.
      queue.unshift(...seeds.slice(index + 1));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`${runs} seeds: ${passed} ran every input, ${aborted} aborted, ${unstarted} did not start`);
  return aborted > 0 || unstarted > 0 ? 1 : 0;
}

const args = process.argv.slice(2);
const flag = args.indexOf('--per-child');
const perChild = flag === -1 ? 1 : Math.max(1, Number(args[flag + 1]));
if (flag !== -1) args.splice(flag, 2);
const [mode, a, b] = args;
if (mode === 'child') runChild(String(a).split(',').map(Number), String(b));
else
  process.exitCode = hunt(
    mode === undefined ? 20 : Number(mode),
    a === undefined ? undefined : Number(a),
    perChild,
  );
