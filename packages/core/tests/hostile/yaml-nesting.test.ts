import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Parser } from 'yaml';
import { collectionBeyond, MAX_YAML_NESTING, valueBeyond } from '../../src/importers/yaml-nesting.js';
import { importKubernetesYaml, importSources, parseYamlWithPositions } from '../../src/index.js';
import { foldRepeats } from './hostile-input-text.js';

const flow = (levels: number) => `${'['.repeat(levels)}x${']'.repeat(levels)}`;
const block = (levels: number) => `${'- '.repeat(levels)}x`;
const blockMaps = (levels: number) =>
  `${Array.from({ length: levels }, (_, i) => `${' '.repeat(i)}a:`).join('\n')} x\n`;
const tooDeep = /nests too deep: a mapping or sequence at level 257, and nesting is limited to 256 levels/;

describe('YAML nesting is bounded before the recursive composer runs', () => {
  it('the two hostile-test texts that aborted a fresh Node process are parse errors there now', () => {
    // Before the bound, this child died with "FATAL ERROR: RegExpCompiler Allocation failed -
    // process out of memory" (SIGABRT) every time: the second document's stack overflow lands on
    // a RegExp compile, which V8 cannot turn into a RangeError.
    const index = fileURLToPath(new URL('../../src/index.ts', import.meta.url));
    const script = `
      import { parseYamlWithPositions } from ${JSON.stringify(index)};
      for (const text of ['['.repeat(3000) + ']'.repeat(3000), '- '.repeat(1000) + 'x', '{a: '.repeat(2000) + '}'.repeat(2000)]) {
        const result = parseYamlWithPositions(text);
        console.log(JSON.stringify(result.ok ? 'parsed' : result.errors));
      }`;
    const child = spawnSync(
      process.execPath,
      ['--conditions=@meshplane/source', '--import', 'tsx', '--input-type=module', '-e', script],
      { encoding: 'utf8' },
    );
    expect(child.stderr).not.toMatch(/FATAL ERROR/);
    expect({ status: child.status, signal: child.signal }).toEqual({ status: 0, signal: null });
    const lines = child.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toEqual([
      [{ message: expect.stringMatching(tooDeep), line: 1, column: 257 }],
      [{ message: expect.stringMatching(tooDeep), line: 1, column: 513 }],
      [{ message: expect.stringMatching(tooDeep), line: 1, column: 1 + 256 * 4 }],
    ]);
  });

  it('256 levels parse; 257 are refused at the first collection past the limit', () => {
    expect(MAX_YAML_NESTING).toBe(256);
    for (const make of [flow, block, blockMaps]) {
      const atLimit = parseYamlWithPositions(make(256));
      expect(atLimit.ok).toBe(true);
      const past = parseYamlWithPositions(make(257));
      expect(past.ok).toBe(false);
      if (!past.ok)
        expect(past.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(tooDeep) })]);
    }
    // Block mappings: level n starts on line n, indented n - 1.
    expect(parseYamlWithPositions(blockMaps(300))).toEqual({
      ok: false,
      errors: [{ message: expect.stringMatching(tooDeep), line: 257, column: 257 }],
    });
    // A deep document after a good one: the stream is refused as a whole, nothing half-read.
    expect(parseYamlWithPositions(`kind: Mesh\n---\n${flow(400)}\n`)).toEqual({
      ok: false,
      errors: [{ message: expect.stringMatching(tooDeep), line: 3, column: 257 }],
    });
  });

  it('aliases that make a value deeper than the limit are refused too', () => {
    // 200 levels under the anchor and 100 around the alias: 301 once expanded.
    const text = `a: &a ${flow(199)}\nb: ${'['.repeat(100)}*a${']'.repeat(100)}\n`;
    const result = parseYamlWithPositions(text);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors).toEqual([
        {
          message: expect.stringMatching(
            /level 257, .* once its aliases are expanded \(at b\.0\.0\.0\.0\.0\.0\.0\.… \(256 levels\)\)/,
          ),
          line: 1,
          column: 1,
        },
      ]);
    }
    // The same alias within the limit reads as before.
    const shallow = parseYamlWithPositions(`a: &a [[1]]\nb: [*a]\n`);
    expect(shallow.ok && shallow.documents[0]?.value).toEqual({ a: [[1]], b: [[[1]]] });
  });

  it('the importers report a too-deep document as a located PARSE_ERROR', () => {
    const { issues } = importKubernetesYaml(block(1000), { file: 'deep.yaml' });
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'PARSE_ERROR',
        severity: 'error',
        file: 'deep.yaml',
        line: 1,
        column: 513,
      }),
    ]);
    const sources = importSources([{ file: 'deep.yml', text: flow(3000) }]);
    expect(sources.issues).toEqual([
      expect.objectContaining({
        code: 'PARSE_ERROR',
        file: 'deep.yml',
        message: expect.stringMatching(tooDeep),
      }),
    ]);
  });

  it('collectionBeyond and valueBeyond walk without recursion and find the first offender', () => {
    const tokens = Array.from(new Parser().parse('a: [[[1]]]\nb: {c: [2]}\n'));
    expect(collectionBeyond(tokens, 4)).toBeUndefined();
    expect(collectionBeyond(tokens, 3)).toEqual({ offset: 5, level: 4 });
    // A key can be a collection too (`? [a]` is a complex key).
    expect(collectionBeyond(Array.from(new Parser().parse('? [[a]]\n: 1\n')), 2)).toEqual({
      offset: 3,
      level: 3,
    });
    expect(valueBeyond({ a: [[1]], b: 2 }, 3)).toBeUndefined();
    expect(valueBeyond({ a: [[1]], b: 2 }, 2)).toEqual(['a', 0]);
    // 100 000 levels: far past any call stack, still an answer.
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(valueBeyond(deep)?.length).toBe(256);
    expect(collectionBeyond(new Parser().parse(flow(100_000)))).toEqual({ offset: 256, level: 257 });
  });

  it('the hunt prints long inputs with their repeats folded', () => {
    expect(foldRepeats(`${'['.repeat(3000)}${']'.repeat(3000)}`)).toBe('"[".repeat(3000) + "]".repeat(3000)');
    expect(foldRepeats(`${'- '.repeat(1000)}x`)).toBe('"- ".repeat(1000) + "x"');
    expect(foldRepeats('kind: Mesh')).toBe('"kind: Mesh"');
    expect(foldRepeats('')).toBe('""');
  });
});
