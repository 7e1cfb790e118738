import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { documentsOf } from './documents.js';
import { markdownBlocks } from './markdown-blocks.js';
import { publicNames } from './public-api.js';
import { examplesUnder } from './tsdoc-examples.js';

// What the docs tests cover, per document and per package:
//   node --import tsx scripts/doc-examples/inventory.ts
// Markdown: blocks that run (ts, js, sh, bash, json, yaml), marked not-runnable, and listings of
// output. TSDoc: @example blocks in the sources, those on the public API, marked not-runnable.
const root = fileURLToPath(new URL('../..', import.meta.url));
const RUNS = new Set(['ts', 'js', 'sh', 'bash', 'json', 'yaml']);

for (const file of await documentsOf(root)) {
  const blocks = markdownBlocks(file, await readFile(join(root, file), 'utf8'));
  const marked = blocks.filter((b) => b.notRunnable !== undefined).length;
  const runs = blocks.filter((b) => b.notRunnable === undefined && RUNS.has(b.lang)).length;
  const listings = blocks.length - marked - runs;
  if (blocks.length > 0) console.log(`${file}: ${runs} run, ${marked} not-runnable, ${listings} listings`);
}
for (const name of ['core', 'xds', 'local', 'lambda', 'ecs', 'migrate', 'cli']) {
  const examples = await examplesUnder([join(root, 'packages', name, 'src')], root);
  const names = await publicNames(join(root, 'packages', name, 'api', `${name}.api.md`));
  const publicOnes = examples.filter((e) => e.declaration !== undefined && names.has(e.declaration));
  const marked = examples.filter((e) => e.notRunnable !== undefined);
  console.log(
    `packages/${name}/src @example: ${examples.length} in all, ${publicOnes.length} on the public API, ${marked.length} not-runnable`,
  );
}
