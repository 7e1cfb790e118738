import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inspect } from 'node:util';
import * as core from '@meshplane/core';
import { transformSync } from 'esbuild';
import { describe, expect, test } from 'vitest';
import * as xds from '../../src/index.js';
import * as internals from '../../src/internals.js';

// Every @example in the control plane's, the sources' and the root's files must run against the
// real exports, and a `console.log(…); // expected` line must print what its comment says
// (comments starting with `{` are prose). The other parts' folders have their own example tests.
const src = join(import.meta.dirname, '../../src');
const folders = ['control-plane', 'sources'];
const files = ['errors.ts'];
const modules: Record<string, unknown> = {
  '@meshplane/xds': xds,
  '@meshplane/xds/internals': internals,
  '@meshplane/core': core,
};

async function sourceFiles(): Promise<string[]> {
  const found = files.map((f) => join(src, f));
  for (const folder of folders) {
    for (const name of await readdir(join(src, folder)))
      if (name.endsWith('.ts')) found.push(join(src, folder, name));
  }
  return found.sort();
}

async function examples(): Promise<{ where: string; code: string }[]> {
  const found: { where: string; code: string }[] = [];
  for (const file of await sourceFiles()) {
    const lines = (await readFile(file, 'utf8')).split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (!lines[i]?.includes('@example')) continue;
      const start = lines.findIndex((l, j) => j > i && /^\s*\* ```ts/.test(l));
      const end = lines.findIndex((l, j) => j > start && /^\s*\* ```\s*$/.test(l));
      if (start === -1 || end === -1) continue;
      const code = lines
        .slice(start + 1, end)
        .map((l) => l.replace(/^\s*\* ?/, ''))
        .join('\n');
      found.push({ where: `${file.slice(src.length + 1)}:${start + 2}`, code });
    }
  }
  return found;
}

function expectations(code: string): Map<number, string> {
  const result = new Map<number, string>();
  code.split('\n').forEach((line, i) => {
    if (!line.includes('console.log(')) return;
    const comment = /\);\s*\/\/ (.*)$/.exec(line)?.[1];
    if (comment !== undefined && !comment.startsWith('{')) result.set(i, comment);
  });
  return result;
}

/** Turns the example's ES imports into lookups in `modules`, so it can run as an async function. */
function runnable(js: string): string {
  return js.replace(/import\s*\{([^}]*)\}\s*from\s*"([^"]+)";/g, (_, names: string, id: string) => {
    const bindings = names
      .split(',')
      .map((n) => n.trim())
      .filter((n) => n !== '' && !n.startsWith('type '))
      .map((n) => n.replace(/\s+as\s+/, ': '))
      .join(', ');
    return `const { ${bindings} } = __module(${JSON.stringify(id)});`;
  });
}

const all = await examples();

describe('documentation examples of the xds control plane and sources', () => {
  test('there are examples to run', () => {
    expect(all.length).toBeGreaterThan(15);
  });

  test.each(all.map((e) => [e.where, e] as const))('%s runs and prints what it says', async (_, example) => {
    // Prepare
    const tagged = example.code
      .split('\n')
      .map((line, i) => line.replaceAll('console.log(', `__log(${i}, `))
      .join('\n');
    const js = runnable(transformSync(tagged, { loader: 'ts', format: 'esm' }).code);
    const printed: { line: number; inspected: string }[] = [];
    const log = (line: number, ...args: unknown[]) =>
      printed.push({
        line,
        inspected: args
          .map((a) =>
            typeof a === 'string' ? `'${a}'` : inspect(a, { breakLength: Number.POSITIVE_INFINITY }),
          )
          .join(' '),
      });
    const module = (id: string) => {
      if (!(id in modules))
        throw new Error(`examples may import ${Object.keys(modules).join(', ')}; got ${id}`);
      return modules[id];
    };
    const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
      ...args: string[]
    ) => (...values: unknown[]) => Promise<void>;
    // Act
    await new AsyncFunction('__module', '__log', js)(module, log);
    // Assess
    for (const [line, comment] of expectations(example.code)) {
      const outputs = printed.filter((p) => p.line === line).map((p) => p.inspected);
      expect(outputs.length, `console.log on line ${line + 1} printed nothing`).toBeGreaterThan(0);
      for (const output of outputs) expect(output).toBe(comment);
    }
  });
});
