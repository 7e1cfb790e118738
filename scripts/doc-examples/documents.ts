import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

async function markdownUnder(root: string, dir: string): Promise<string[]> {
  const entries = await readdir(join(root, dir), { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(
    entries.map((e) =>
      e.isDirectory()
        ? markdownUnder(root, join(dir, e.name))
        : Promise.resolve(e.name.endsWith('.md') ? [join(dir, e.name)] : []),
    ),
  );
  return nested.flat();
}

/**
 * The documents people read: the Markdown files at the root (README, RELEASING, CHANGELOG, …),
 * each package's and each example's README, and the pages under packages/<name>/docs. Found
 * afresh on every run, so a new README or docs page is covered the day it is written.
 */
export async function documentsOf(root: string): Promise<string[]> {
  const top = (await readdir(root, { withFileTypes: true }))
    .filter((e) => e.isFile() && e.name.endsWith('.md'))
    .map((e) => e.name);
  const readmes: string[] = [];
  for (const parent of ['packages', 'examples']) {
    for (const e of await readdir(join(root, parent), { withFileTypes: true })) {
      if (!e.isDirectory()) continue;
      const entries = await readdir(join(root, parent, e.name));
      if (entries.includes('README.md')) readmes.push(join(parent, e.name, 'README.md'));
      if (parent === 'packages') readmes.push(...(await markdownUnder(root, join(parent, e.name, 'docs'))));
    }
  }
  return [...top, ...readmes].sort();
}
