import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inspect } from 'node:util';
import * as core from '@meshplane/core';
import { transformSync } from 'esbuild';
import { describe, expect, test } from 'vitest';
import * as xds from '../../src/index.js';
import * as internals from '../../src/internals.js';

// Every @example in src/translate must run against the real exports, and a
// `console.log(…); // expected` line must print what its comment says (as util.inspect prints it;
// object comments, which start with `{`, are read as prose). Examples import the translation
// entries from '@meshplane/xds' and the names and helpers from '@meshplane/xds/internals', each
// resolved to that entry point's real exports.
const root = join(import.meta.dirname, '../../src/translate');
const modules: Record<string, unknown> = {
  '@meshplane/xds': xds,
  '@meshplane/xds/internals': internals,
  '@meshplane/core': core,
};

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) =>
      e.isDirectory()
        ? sourceFiles(join(dir, e.name))
        : Promise.resolve(e.name.endsWith('.ts') ? [join(dir, e.name)] : []),
    ),
  );
  return nested.flat();
}

interface Example {
  where: string;
  code: string;
}

async function examples(): Promise<Example[]> {
  const found: Example[] = [];
  for (const file of (await sourceFiles(root)).sort()) {
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
      found.push({ where: `${file.slice(root.length + 1)}:${start + 2}`, code });
    }
  }
  return found;
}

function expectations(code: string): Map<number, string> {
  const result = new Map<number, string>();
  code.split('\n').forEach((line, i, lines) => {
    if (!line.includes('console.log(')) return;
    const comment = /\);\s*\/\/ (.*)$/.exec(line)?.[1] ?? /^\s*\/\/ (.*)$/.exec(lines[i + 1] ?? '')?.[1];
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

describe('documentation examples of @meshplane/xds translation', () => {
  test('there are examples to run', () => {
    expect(all.length).toBeGreaterThanOrEqual(5);
  });

  test.each(all.map((e) => [e.where, e] as const))('%s runs and prints what it says', async (_, example) => {
    // Arrange
    const tagged = example.code
      .split('\n')
      .map((line, i) => line.replaceAll('console.log(', `__log(${i}, `))
      .join('\n');
    const js = runnable(transformSync(tagged, { loader: 'ts', format: 'esm' }).code);
    const printed: { line: number; inspected: string }[] = [];
    const log = (line: number, ...args: unknown[]) =>
      printed.push({
        line,
        inspected: args.map((a) => inspect(a, { breakLength: Number.POSITIVE_INFINITY })).join(' '),
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

describe('translation issue codes', () => {
  test('every code the sources report is listed in TRANSLATE_CODES, and every listed code is used', async () => {
    // Arrange
    const used = new Set<string>();
    for (const file of await sourceFiles(root)) {
      if (file.endsWith('issue-codes.ts')) continue;
      for (const m of (await readFile(file, 'utf8')).matchAll(/'(XDS_[A-Z_]+)'/g)) used.add(m[1]!);
    }

    // Assess
    expect([...used].sort()).toEqual(Object.keys(xds.TRANSLATE_CODES).sort());
  });
});
