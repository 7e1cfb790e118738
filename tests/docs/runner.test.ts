import { describe, expect, test } from 'vitest';
import { contextFor } from '../../scripts/doc-examples/context.js';
import { docChecks, instrument, logProblem, type Printed } from '../../scripts/doc-examples/expectations.js';
import { markdownBlocks } from '../../scripts/doc-examples/markdown-blocks.js';
import { commandsOf, runShellBlock } from '../../scripts/doc-examples/shell-blocks.js';
import { tsdocExamples } from '../../scripts/doc-examples/tsdoc-examples.js';

// The doc-example runner itself: what it reads as a block, a marker and a stated result, and that
// a wrong statement fails.
describe('markdownBlocks', () => {
  test('reads the language, the not-runnable reason on the line before, and the listing after', () => {
    // Act
    const blocks = markdownBlocks(
      'doc.md',
      '# t\n\n<!-- not-runnable: runs until Ctrl-C -->\n```sh\nmeshplane local\n```\n\n```ts\nconsole.log(1);\n```\n\nprints\n\n```\n1\n```\n',
    );

    // Assess
    expect(blocks.map((b) => [b.line, b.lang, b.notRunnable, b.output])).toEqual([
      [4, 'sh', 'runs until Ctrl-C', undefined],
      [8, 'ts', undefined, '1'],
      [14, '', undefined, undefined],
    ]);
  });
});

describe('tsdocExamples', () => {
  test('finds the documented declaration (or the class around a member) and the not-runnable marker', () => {
    // Act
    const examples = tsdocExamples(
      '/r/a.ts',
      [
        '/**',
        ' * @example',
        ' * ```ts',
        ' * // not-runnable: calls AWS',
        ' * f();',
        ' * ```',
        ' */',
        'export function f() {}',
        'export class C {',
        '  /**',
        '   * @example',
        '   * ```ts',
        '   * new C().m();',
        '   * ```',
        '   */',
        '  m() {}',
        '}',
      ].join('\n'),
      '/r',
    );

    // Assess
    expect(examples.map((e) => [e.where, e.declaration, e.notRunnable])).toEqual([
      ['a.ts:4', 'f', 'calls AWS'],
      ['a.ts:13', 'C', undefined],
    ]);
  });
});

describe('stated results', () => {
  test.each([
    [['a', 1], "'a' 1"],
    [[{ a: [1, 2] }], '{ a: [1, 2] }'],
    [[{ a: 1 }], '{ a: 1, … }'],
    [['a long message about port 70000'], "'a long message …70000'"],
    [['text'], 'printed: text'],
    [[[1, 2]], '[1, 2]'],
  ])('%j matches the comment %s', (values, comment) => {
    expect(logProblem(values, comment)).toBeUndefined();
  });

  test.each([
    [[2], '1'],
    [['a'], "'b'"],
    [[{ a: 1 }], '{ a: 2 }'],
    [['text'], 'printed: other'],
    [['x'], 'prose that is not what it printed'],
  ])('%j does not match the comment %s', (values, comment) => {
    expect(logProblem(values, comment)).toBeDefined();
  });

  test('a loop prints what the comment lines after it say, in order; a wrong one is a problem', () => {
    // Prepare
    const code =
      "for (const x of ['a', 'b']) console.log(x);\n// 'a'\n// 'c'\nf(); // 3\ng(); // throws 'boom'";
    const problems: string[] = [];
    const printed: Printed[] = [];
    const __doc = docChecks(problems, printed);

    // Act
    new Function('__doc', 'f', 'g', instrument(code))(
      __doc,
      () => 3,
      () => {
        throw new Error('boom!');
      },
    );

    // Assess
    expect(printed.map((p) => p.text)).toEqual(['a', 'b']);
    expect(problems).toEqual(["line 1: printed 'b', the comment says 'c'"]);
  });
});

describe('shell blocks', () => {
  test('commands: continuations joined, comments dropped, `# exit N` kept', () => {
    expect(
      commandsOf('# a comment\nmeshplane validate \\\n  x.json   # exit 2\n\nmeshplane graph x.json\n'),
    ).toEqual([
      { command: 'meshplane validate x.json', exit: 2 },
      { command: 'meshplane graph x.json', exit: 0 },
    ]);
  });

  test('a block that installs, builds or publishes is refused before anything runs', async () => {
    expect(await runShellBlock('npm ci\nnpm start', '/nonexistent')).toEqual([
      'npm ci: installs, builds or publishes; mark the block not-runnable',
    ]);
  });
});

describe('context', () => {
  test('binds the names an example uses and does not bind itself, with what they need', () => {
    // Prepare
    const context = [
      { name: 'model', code: 'const model = 1;' },
      { name: 'router', code: 'const router = [model];' },
      { name: 'unused', code: 'const unused = 0;' },
    ];

    // Act
    const forRouter = contextFor('console.log(router);', context);
    const ownModel = contextFor('const model = 2; console.log(model);', context);

    // Assess
    expect(forRouter).toBe('const model = 1;\nconst router = [model];\n');
    expect(ownModel).toBe('');
  });
});
