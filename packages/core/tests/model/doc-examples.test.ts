import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { transformSync } from 'esbuild';
import { describe, expect, test } from 'vitest';
import * as core from '../../src/index.js';

// Every @example of the model, defineMesh and validation modules must run, and a
// `console.log(…); // expected` line must print what its comment says.
const src = join(import.meta.dirname, '../../src');
const folders = ['model', 'define', 'validation'];

interface Example {
  file: string;
  line: number;
  code: string;
}

function examplesOf(file: string): Example[] {
  const lines = readFileSync(file, 'utf8').split('\n');
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
    examples.push({ file, line: start + 2, code });
  }
  return examples;
}

const examples = folders.flatMap((folder) =>
  readdirSync(join(src, folder))
    .filter((f) => f.endsWith('.ts'))
    .flatMap((f) => examplesOf(join(src, folder, f))),
);

/** Pairs of (console.log call, expected comment) from the example's source. */
function expectations(code: string): string[] {
  const lines = code.split('\n');
  const result: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (!line.includes('console.log(')) continue;
    const same = /\);\s*\/\/ (.*)$/.exec(line);
    const next = /^\s*\/\/ (.*)$/.exec(lines[i + 1] ?? '');
    result.push(same?.[1] ?? next?.[1] ?? '');
  }
  return result;
}

describe('TSDoc examples', () => {
  test('there are examples to run', () => {
    expect(examples.length).toBeGreaterThan(20);
  });

  test.each(examples.map((e) => [`${e.file.slice(src.length + 1)}:${e.line}`, e] as const))(
    '%s runs',
    (_, example) => {
      // Prepare
      const js = transformSync(example.code, { loader: 'ts', format: 'cjs' }).code;
      const printed: string[] = [];
      const fakeConsole = {
        log: (...args: unknown[]) =>
          printed.push(args.map((a) => inspect(a, { breakLength: Infinity })).join(' ')),
      };
      const require = (id: string) => {
        if (id === '@meshplane/core') return core;
        throw new Error(`examples may only import @meshplane/core, got ${id}`);
      };
      // Act
      new Function('require', 'console', 'module', 'exports', js)(require, fakeConsole, { exports: {} }, {});
      // Assess
      const expected = expectations(example.code);
      expect(printed).toHaveLength(expected.length);
      expected.forEach((comment, i) => {
        if (comment !== '' && !comment.startsWith('{')) expect(printed[i]).toBe(comment);
      });
    },
  );
});
