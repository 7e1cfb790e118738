import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Metafile } from 'esbuild';
import { type BenchResult, type BenchSuite, result } from './lib.js';

// The Lambda deployment package as users build it: the example function (examples/lambda)
// bundled by examples/lambda/src/bundle.ts, which is plain esbuild (bundle, minify, ESM for Node
// 22) with the AWS SDK v3 external, as the Node.js runtimes provide it and CDK's NodejsFunction
// leaves it out (externalModules ['@aws-sdk/*']; @smithy/* is bundled). No plugins, no aliases.
// Workspace packages resolve to their TypeScript sources (the `@meshplane/source` condition),
// which bundle to the same code as their built dist.
const SUITE = 'bundle';
const LIMIT_KB = 150;
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** The npm package (or workspace folder) an input of the bundle belongs to. */
function packageOf(input: string): string {
  const at = input.lastIndexOf('node_modules/');
  if (at === -1) return input.split('/').slice(0, 2).join('/');
  const parts = input.slice(at + 'node_modules/'.length).split('/');
  return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

/** Bytes per package in the output, and which files outside node_modules import each package. */
function breakdown(metafile: Metafile): { bytes: Map<string, number>; importers: Map<string, Set<string>> } {
  const output = Object.values(metafile.outputs).find((o) => o.entryPoint !== undefined)!;
  const bytes = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const name = packageOf(input);
    bytes.set(name, (bytes.get(name) ?? 0) + bytesInOutput);
  }
  // A package is charged to the workspace files it is reached from, through other packages too
  // (@smithy/core comes in through @smithy/signature-v4).
  const importers = new Map<string, Set<string>>();
  for (const [input, { imports }] of Object.entries(metafile.inputs)) {
    if (input.includes('node_modules/')) continue;
    const seen = new Set<string>();
    const queue = imports.map((i) => i.path).filter((path) => path.includes('node_modules/'));
    while (queue.length > 0) {
      const path = queue.pop()!;
      if (seen.has(path)) continue;
      seen.add(path);
      const name = packageOf(path);
      importers.set(name, (importers.get(name) ?? new Set()).add(input));
      for (const next of metafile.inputs[path]?.imports ?? []) queue.push(next.path);
    }
  }
  return { bytes, importers };
}

async function bundleResults(): Promise<BenchResult[]> {
  const { bundleHandler } = await import('../examples/lambda/src/bundle.js');
  const outdir = await mkdtemp(join(tmpdir(), 'meshplane-bench-bundle-'));
  try {
    const built = await bundleHandler(outdir);
    const total = Object.values(built.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
    const { bytes, importers } = breakdown(built.metafile);
    const largest = [...bytes.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3);
    const describe = ([name, size]: [string, number]) => {
      const by = [...(importers.get(name) ?? [])].map((f) => relative(root, f)).join(', ');
      return `${name} ${round(size / 1024)} KB${by ? ` (reached from ${by})` : ''}`;
    };
    const kb = total / 1024;
    return [
      result({
        suite: SUITE,
        name: 'examples/lambda handler, plain esbuild (minified, ESM, @aws-sdk/* external, @smithy/* bundled, no plugins)',
        unit: 'KB',
        value: round(kb),
        baseline: null,
        target: `<= ${LIMIT_KB} KB`,
        pass: kb <= LIMIT_KB,
      }),
      result({
        suite: SUITE,
        name: `largest parts of that bundle: ${largest.map(describe).join('; ')}`,
        unit: 'KB',
        value: round(largest.reduce((sum, [, size]) => sum + size, 0) / 1024),
        baseline: round(kb),
        target: 'informative',
        pass: true,
      }),
    ];
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}

const suite: BenchSuite = {
  suite: SUITE,
  run: bundleResults,
};

export default suite;
