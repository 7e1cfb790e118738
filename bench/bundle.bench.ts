import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchResult, type BenchSuite, result } from './lib.js';

// Size of the example function (examples/lambda) bundled with esbuild, SDK clients included.
const SUITE = 'bundle';
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

async function bundleResults(): Promise<BenchResult[]> {
  const { bundleHandler } = await import('../examples/lambda/src/bundle.js');
  const { build } = await import('esbuild');
  const outdir = await mkdtemp(join(tmpdir(), 'meshplane-bench-bundle-'));
  try {
    const { totalBytes } = await bundleHandler(join(outdir, 'tuned'));
    // Baseline: the same entry with esbuild's defaults for Node (CommonJS SDK builds, all of undici).
    const naive = await build({
      entryPoints: [join(root, 'examples/lambda/src/handler.ts')],
      outdir: join(outdir, 'naive'),
      bundle: true,
      minify: true,
      platform: 'node',
      target: 'node22',
      format: 'esm',
      conditions: ['@meshplane/source'],
      metafile: true,
      logLevel: 'silent',
    });
    const naiveBytes = Object.values(naive.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
    const kb = totalBytes / 1024;
    return [
      result({
        suite: SUITE,
        name: 'examples/lambda handler bundled with esbuild (minified, SDK clients included)',
        unit: 'KB',
        value: round(kb, 1),
        baseline: round(naiveBytes / 1024, 1),
        target: '<= 600 KB (baseline: esbuild defaults, same entry)',
        pass: kb <= 600,
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
