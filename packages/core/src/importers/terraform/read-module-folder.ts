import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { ModuleReader } from './module-calls.js';

/**
 * Reads a local module for `loadModelFromPath`: the `.tf` files directly inside the folder the
 * `source` names, relative to the folder of the file holding the `module` block (as Terraform
 * resolves `./` and `../` sources), in code-unit name order.
 */
export const readModuleFolder: ModuleReader = async (source, callerFile) => {
  const folder = join(dirname(callerFile), source);
  let entries: string[];
  try {
    entries = await readdir(folder);
  } catch (error) {
    return `cannot list the folder ${folder}: ${(error as Error).message}`;
  }
  const names = entries
    .filter((name) => name.toLowerCase().endsWith('.tf'))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (names.length === 0) return `the folder ${folder} has no .tf files`;
  try {
    const files = await Promise.all(
      names.map(async (name) => ({
        file: join(folder, name),
        text: await readFile(join(folder, name), 'utf8'),
      })),
    );
    return { folder: resolve(folder), files };
  } catch (error) {
    return `cannot read the module's files in ${folder}: ${(error as Error).message}`;
  }
};
