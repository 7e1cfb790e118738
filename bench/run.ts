import { readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchResult, BenchSuite } from './lib.js';

// Runs every bench/*.bench.ts suite in turn (or only those named on the command line),
// writes bench/results.json and prints a table. Exits 1 when a target is missed.
// `--no-write` prints the table without touching results.json (trial runs of one suite).
const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const noWrite = args.includes('--no-write');
const only = args.filter((a) => a !== '--no-write');
const files = (await readdir(here)).filter((f) => f.endsWith('.bench.ts')).sort();
const results: BenchResult[] = [];
for (const file of files) {
  const suite = ((await import(join(here, file))) as { default: BenchSuite }).default;
  if (only.length > 0 && !only.includes(suite.suite)) continue;
  process.stdout.write(`running ${suite.suite} …\n`);
  results.push(...(await suite.run()));
}
// A run of some suites keeps the other suites' lines from the previous results.json, so one
// suite can be re-measured without erasing everyone else's figures.
const ran = new Set(results.map((r) => r.suite));
const previous: BenchResult[] =
  only.length > 0
    ? await readFile(join(here, 'results.json'), 'utf8')
        .then((text) => JSON.parse(text) as BenchResult[])
        .catch(() => [])
    : [];
const merged = [...previous.filter((r) => !ran.has(r.suite)), ...results];
if (!noWrite) await writeFile(join(here, 'results.json'), `${JSON.stringify(merged, null, 2)}\n`);
const fmt = (n: number | null) => (n === null ? '-' : Number.isInteger(n) ? String(n) : n.toPrecision(4));
console.table(
  results.map((r) => ({
    suite: r.suite,
    name: r.name,
    value: `${fmt(r.value)} ${r.unit}`,
    baseline: fmt(r.baseline),
    ratio: fmt(r.ratio),
    target: r.target,
    pass: r.pass ? 'yes' : 'NO',
  })),
);
if (results.some((r) => !r.pass)) process.exitCode = 1;
