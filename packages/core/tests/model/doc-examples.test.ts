import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, inspect } from 'node:util';
import { transformSync } from 'esbuild';
import { describe, expect, test } from 'vitest';
import * as core from '../../src/index.js';
import * as smithy from '../../src/smithy/index.js';

// Every @example of the model, defineMesh, validation and Smithy IR modules (the generated models
// included), and every `ts` block of docs/model.md, must run; a `console.log(…); // expected` line
// must print what its comment says, and a plain block right after a `ts` block in the docs is its
// exact output.
const root = join(import.meta.dirname, '../..');
const folders = ['src/model', 'src/define', 'src/validation', 'src/smithy', 'src/smithy/generated'];

interface Example {
  where: string;
  code: string;
  /** The whole expected output, when the docs show it. */
  output?: string;
}

function tsdocExamples(file: string): Example[] {
  const lines = readFileSync(join(root, file), 'utf8').split('\n');
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

function markdownExamples(file: string): Example[] {
  const blocks = [...readFileSync(join(root, file), 'utf8').matchAll(/```(\w*)\n([\s\S]*?)```/g)];
  const examples: Example[] = [];
  blocks.forEach((block, i) => {
    if (block[1] !== 'ts') return;
    const next = blocks[i + 1];
    const example: Example = { where: `${file} block ${i + 1}`, code: block[2] ?? '' };
    if (next !== undefined && next[1] === '') example.output = next[2];
    examples.push(example);
  });
  return examples;
}

const examples = [
  ...folders.flatMap((folder) =>
    readdirSync(join(root, folder))
      .filter((f) => f.endsWith('.ts'))
      .flatMap((f) => tsdocExamples(`${folder}/${f}`)),
  ),
  ...markdownExamples('docs/model.md'),
];

/** The expected value of each commented `console.log` line, by line number. */
function expectations(code: string): Map<number, string> {
  const lines = code.split('\n');
  const result = new Map<number, string>();
  lines.forEach((line, i) => {
    if (!line.includes('console.log(')) return;
    const same = /\);\s*\/\/ (.*)$/.exec(line);
    const next = /^\s*\/\/ (.*)$/.exec(lines[i + 1] ?? '');
    const comment = same?.[1] ?? next?.[1];
    if (comment !== undefined && !comment.startsWith('{')) result.set(i, comment);
  });
  return result;
}

describe('documentation examples', () => {
  test('there are examples to run', () => {
    expect(examples.length).toBeGreaterThan(25);
  });

  test.each(examples.map((e) => [e.where, e] as const))('%s runs and prints what it says', (_, example) => {
    // Prepare: tag each console.log with its line so that output can be matched to its comment.
    const tagged = example.code
      .split('\n')
      .map((line, i) => line.replaceAll('console.log(', `__log(${i}, `))
      .join('\n');
    const js = transformSync(tagged, { loader: 'ts', format: 'cjs' }).code;
    const printed: { line: number; inspected: string; formatted: string }[] = [];
    const log = (line: number, ...args: unknown[]) =>
      printed.push({
        line,
        inspected: args.map((a) => inspect(a, { breakLength: Number.POSITIVE_INFINITY })).join(' '),
        formatted: format(...args),
      });
    const require = (id: string) => {
      if (id === '@meshplane/core') return core;
      if (id === '@meshplane/core/smithy') return smithy;
      throw new Error(`examples may only import @meshplane/core or @meshplane/core/smithy, got ${id}`);
    };
    // Act
    new Function('require', '__log', 'module', 'exports', js)(require, log, { exports: {} }, {});
    // Assess
    for (const [line, comment] of expectations(example.code)) {
      const outputs = printed.filter((p) => p.line === line).map((p) => p.inspected);
      expect(outputs.length, `console.log on line ${line + 1} printed nothing`).toBeGreaterThan(0);
      for (const output of outputs) expect(output).toBe(comment);
    }
    if (example.output !== undefined) {
      expect(printed.map((p) => p.formatted).join('\n')).toBe(example.output.trimEnd());
    }
  });
});
