import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { isTerraformJsonFile } from './json-syntax-format.js';
import type { ModuleReader } from './module-calls.js';

/**
 * Reads a local module for `loadModelFromPath`: the `.tf` (and `.tf.json`) files directly inside the folder the
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
    // `.tf.json` files belong to the module as Terraform reads it: listed, so that they are refused
    // with what to do (see readHclFile) rather than left out without a word.
    .filter((name) => name.toLowerCase().endsWith('.tf') || isTerraformJsonFile(name))
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
