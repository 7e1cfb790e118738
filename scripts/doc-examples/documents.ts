import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Folders whose Markdown is not ours to run: installed or built output (node_modules, dist, the
 * Python tools in .tools, coverage), generated reports (each package's api/ from api-extractor),
 * and fixtures, which are copies of third-party files (AWS's DJ app, …) kept as they were
 * published.
 */
const SKIPPED = new Set(['node_modules', 'dist', '.tools', '.git', 'coverage', 'api', 'fixtures']);

async function markdownUnder(root: string, dir: string): Promise<string[]> {
  const entries = await readdir(join(root, dir), { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(
    entries.map((e) => {
      if (e.isDirectory())
        return SKIPPED.has(e.name) ? Promise.resolve([]) : markdownUnder(root, join(dir, e.name));
      return Promise.resolve(e.isFile() && e.name.endsWith('.md') ? [join(dir, e.name)] : []);
    }),
  );
  return nested.flat();
}

/**
 * The documents people read: every Markdown file in the repository at any depth (the root's
 * README, RELEASING, CHANGELOG, each package's and example's README and the walkthroughs nested
 * under them, the pages under packages/<name>/docs), apart from the folders in SKIPPED. Found
 * afresh on every run, so a new README or docs page is covered the day it is written.
 */
export async function documentsOf(root: string): Promise<string[]> {
  return (await markdownUnder(root, '')).sort();
}
