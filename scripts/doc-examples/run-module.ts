import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type DocChecks, docChecks, instrument, type Printed } from './expectations.js';

export interface ModuleRun {
  /** Stated results that did not hold. */
  problems: string[];
  /** Every console.log of the example's own lines, in order. */
  printed: Printed[];
  /** The module's exports. */
  exports: Record<string, unknown>;
}

let count = 0;

/**
 * Runs an example as an ES module in this process: written, instrumented, to `dir` (a folder
 * inside the repository, so the test runner compiles it and resolves the workspace packages from
 * source) and imported. Top-level await works; the import ends when the module's body has run.
 */
export async function runModule(code: string, dir: string, prelude = ''): Promise<ModuleRun> {
  const problems: string[] = [];
  const printed: Printed[] = [];
  const file = join(dir, `example-${++count}.ts`);
  await writeFile(
    file,
    `${prelude}const __doc = (globalThis as { __doc?: unknown }).__doc as any;\n${instrument(code)}\nexport {};\n`,
  );
  (globalThis as { __doc?: DocChecks }).__doc = docChecks(problems, printed);
  const exports = (await import(file)) as Record<string, unknown>;
  return { problems, printed, exports };
}
