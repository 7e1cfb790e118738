/**
 * Runs the hostile-input properties (hostile-properties.ts) with random seeds, each seed in a
 * child process of its own, and reports every seed whose process did not end normally, with the
 * property, the run and the input. A property test cannot do this itself: V8 ends the process
 * on some failures (a stack overflow that lands on a RegExp compile is "FATAL ERROR:
 * RegExpCompiler Allocation failed - process out of memory", SIGABRT), and the vitest worker
 * then dies without a seed or an input. A fresh process per seed is also the hardest case: no
 * regular expression has been compiled yet.
 *
 * Usage (from the repository root):
 *   node --conditions=@meshplane/source --import tsx packages/core/tests/hostile/hunt-process-aborts.ts [runs] [seed]
 * `runs` seeds (default 20) are drawn at random unless `seed` replays one. The children run with
 * --max-old-space-size=256 so that a runaway allocation ends them quickly. Exits 1 when a child
 * aborted or did not start.
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

/** Child: runs every property's inputs for `seed`, noting which one it is on before each. */
function runChild(seed: number, progressFile: string): void {
  const properties = hostileProperties((call) => {
    try {
      call();
    } catch {
      // Errors are the property test's business; only the process ending matters here.
    }
  });
  properties.forEach((property, p) => {
    fc.sample(property.inputs, { seed, numRuns: property.numRuns }).forEach((input, run) => {
      writeFileSync(progressFile, `${p} ${run}`);
      try {
        property.run(input);
      } catch {
        // As above.
      }
    });
  });
  writeFileSync(progressFile, 'done');
}

function report(seed: number, progress: string, status: string, stderr: string): void {
  const [p, run] = progress.split(' ').map(Number);
  const property = hostileProperties(() => undefined)[p ?? -1];
  const fatal = stderr.split('\n').find((line) => /FATAL|Error/.test(line)) ?? stderr.slice(-300);
  console.log(`ABORT seed=${seed} ${status}: ${fatal.trim()}`);
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

function hunt(runs: number, fixedSeed: number | undefined): number {
  const dir = mkdtempSync(join(tmpdir(), 'meshplane-hunt-'));
  let aborted = 0;
  let unstarted = 0;
  try {
    for (let i = 0; i < runs; i++) {
      const seed = fixedSeed ?? (Math.random() * 2 ** 31) | 0;
      const progressFile = join(dir, `progress-${i}`);
      writeFileSync(progressFile, '');
      const child = spawnSync(
        process.execPath,
        [...process.execArgv, '--max-old-space-size=256', self, 'child', String(seed), progressFile],
        { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      );
      const progress = readFileSync(progressFile, 'utf8');
      if (child.status === 0 && progress === 'done') {
        console.log(`ok seed=${seed}`);
        continue;
      }
      if (progress === '' && child.signal === null) {
        // The child never reached an input (a module missing while packages are being installed,
        // say): nothing was tested, so it is neither a pass nor an abort.
        unstarted++;
        console.log(
          `not started seed=${seed} status=${child.status}: ${(child.stderr ?? '').split('\n')[0]}`,
        );
        continue;
      }
      aborted++;
      report(seed, progress, `status=${child.status} signal=${child.signal}`, child.stderr ?? '');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `${runs} seeds: ${runs - aborted - unstarted} ran every input, ${aborted} aborted, ${unstarted} did not start`,
  );
  return aborted > 0 || unstarted > 0 ? 1 : 0;
}

const [mode, a, b] = process.argv.slice(2);
if (mode === 'child') runChild(Number(a), String(b));
else process.exitCode = hunt(mode === undefined ? 20 : Number(mode), a === undefined ? undefined : Number(a));
