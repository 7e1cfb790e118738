import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';

// Every @example of the package's sources runs here as a module. What an example says must hold:
// `console.log(x); // value` logs that JS value, and `console.log(x);` followed by
// `// printed: text` prints that text.
const src = join(import.meta.dirname, '../src');

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) =>
      e.isDirectory()
        ? sourceFiles(join(dir, e.name))
        : Promise.resolve(e.name.endsWith('.ts') ? [join(dir, e.name)] : []),
    ),
  );
  return nested.flat().sort();
}

interface Example {
  where: string;
  code: string;
}

async function examples(): Promise<Example[]> {
  const found: Example[] = [];
  for (const file of await sourceFiles(src)) {
    const lines = (await readFile(file, 'utf8')).split('\n');
    lines.forEach((line, i) => {
      if (!line.includes('@example')) return;
      const start = lines.findIndex((l, j) => j > i && /^\s*\* ```ts/.test(l));
      const end = lines.findIndex((l, j) => j > start && /^\s*\* ```\s*$/.test(l));
      if (start === -1 || end === -1) return;
      const code = lines
        .slice(start + 1, end)
        .map((l) => l.replace(/^\s*\* ?/, ''))
        .join('\n');
      found.push({ where: `${relative(src, file)}:${start + 2}`, code });
    });
  }
  return found;
}

/** Each console.log of the example with what its comment says it prints. */
function expectations(code: string): { value?: unknown; text?: string }[] {
  const lines = code.split('\n');
  const out: { value?: unknown; text?: string }[] = [];
  lines.forEach((line, i) => {
    if (!line.includes('console.log(')) return;
    const printed = /^\/\/ printed: (.*)$/.exec(lines[i + 1]?.trim() ?? '');
    const comment = /\);\s*\/\/ (.*)$/.exec(line);
    if (printed) out.push({ text: printed[1] });
    else if (comment) out.push({ value: new Function(`return (${comment[1]});`)() });
  });
  return out;
}

const all = await examples();
let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(import.meta.dirname, '.doc-examples-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the @example blocks of @meshplane/migrate run and print what they say', () => {
  test('every public function has an example', () => expect(all.length).toBeGreaterThanOrEqual(12));
  test.each(all)('$where', async ({ where, code }) => {
    const file = join(dir, `${where.replace(/[^a-z0-9]+/gi, '-')}.ts`);
    await writeFile(file, code);
    const logged: unknown[][] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      logged.push(args);
    });
    try {
      await import(file);
    } finally {
      spy.mockRestore();
    }
    const expected = expectations(code);
    expect(expected.length, 'each example states what it prints').toBeGreaterThan(0);
    expected.forEach((e, i) => {
      const args = logged[i] ?? [];
      if (e.text !== undefined) expect(args.map(String).join(' ')).toBe(e.text);
      else
        expect(
          isDeepStrictEqual(args[0], e.value),
          `${where}: ${JSON.stringify(args[0])} vs ${JSON.stringify(e.value)}`,
        ).toBe(true);
    });
  });
});
