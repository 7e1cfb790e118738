import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { transformSync } from 'esbuild';
import { describe, expect, test } from 'vitest';
import * as core from '../../src/index.js';

// Every @example of the importers must run against the real exports, and a
// `console.log(…); // expected` line must print what its comment says.
const src = join(import.meta.dirname, '../../src/importers');
const repoRoot = join(import.meta.dirname, '../../../..');

interface Example {
  where: string;
  code: string;
}

function examplesOf(file: string): Example[] {
  const lines = readFileSync(join(src, file), 'utf8').split('\n');
  const examples: Example[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]?.includes('@example')) continue;
    const start = lines.findIndex((l, j) => j > i && /^\s*\* ```ts/.test(l));
    const end = lines.findIndex((l, j) => j > start && /^\s*\* ```\s*$/.test(l));
    if (start === -1 || end === -1) continue;
    const code = lines
      .slice(start + 1, end)
      .map((l) => l.replace(/^\s*\* ?/, ''))
      .join('\n');
    examples.push({ where: `${file}:${start + 2}`, code });
  }
  return examples;
}

const examples = readdirSync(src)
  .filter((f) => f.endsWith('.ts'))
  .sort()
  .flatMap(examplesOf);

function expectations(code: string): string[] {
  const lines = code.split('\n');
  const result: string[] = [];
  lines.forEach((line, i) => {
    if (!line.includes('console.log(')) return;
    const same = /\);\s*\/\/ (.*)$/.exec(line);
    const next = /^\s*\/\/ (.*)$/.exec(lines[i + 1] ?? '');
    result.push(same?.[1] ?? next?.[1] ?? '');
  });
  return result;
}

const squash = (text: string) => text.replace(/\s+/g, '');

describe('TSDoc examples of the importers', () => {
  test('there are examples to run', () => {
    expect(examples.length).toBeGreaterThan(10);
  });

  test.each(examples.map((e) => [e.where, e] as const))('%s runs', async (_, example) => {
    // Prepare: imports of @meshplane/core become a destructuring of the real module.
    const body = example.code.replace(
      /^import (type )?\{([^}]*)\} from '@meshplane\/core';$/gm,
      (_line, typeOnly: string | undefined, names: string) =>
        typeOnly ? '' : `const {${names.replace(/\btype \w+,?/g, '')}} = core;`,
    );
    expect(body).not.toMatch(/^import /m);
    const js = transformSync(body, { loader: 'ts' }).code;
    const printed: string[] = [];
    const fakeConsole = {
      log: (...args: unknown[]) =>
        printed.push(args.map((a) => inspect(a, { breakLength: Infinity })).join(' ')),
    };
    const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
      ...args: string[]
    ) => (...values: unknown[]) => Promise<void>;
    const cwd = process.cwd();

    // Act
    process.chdir(repoRoot);
    try {
      await new AsyncFunction('core', 'console', js)(core, fakeConsole);
    } finally {
      process.chdir(cwd);
    }

    // Assess
    const expected = expectations(example.code);
    expect(printed).toHaveLength(expected.length);
    expected.forEach((comment, i) => {
      expect(squash(printed[i] ?? '')).toBe(squash(comment));
    });
  });
});
