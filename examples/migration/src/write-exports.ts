import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { migrationExports } from './exports.js';
import { fromCloudFormationExports } from './from-cloudformation.js';

// `npm run generate`: rewrites the checked-in exports (tests/exports.test.ts fails until they match).
const root = join(import.meta.dirname, '..');
const files = { ...(await migrationExports()), ...(await fromCloudFormationExports()) };
for (const [path, content] of Object.entries(files)) {
  await mkdir(dirname(join(root, path)), { recursive: true });
  await writeFile(join(root, path), content);
}
