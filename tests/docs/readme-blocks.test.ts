import { expect, test } from 'vitest';
import { documentsOf } from '../../scripts/doc-examples/documents.js';
import { describeMarkdownBlocks, REPO } from '../../scripts/doc-examples/suite.js';

// Every fenced block of every README, docs page and root document runs here (see
// scripts/doc-examples/suite.ts), or says on the line before it why not. Documents whose blocks
// need a running environment run in their package's tests, with the same runner.
const ELSEWHERE: Record<string, string> = {
  'packages/lambda/README.md': 'packages/lambda/tests/readme.test.ts (a local App Mesh with the DJ app)',
};

const documents = await documentsOf(REPO);

test('the documents are found: the root README, every package README and the docs pages', () => {
  expect(documents).toEqual(
    expect.arrayContaining([
      'README.md',
      'RELEASING.md',
      'packages/core/README.md',
      'packages/core/docs/model.md',
    ]),
  );
  expect(documents.filter((d) => d.startsWith('examples/')).length).toBeGreaterThan(4);
});

test('documents are found at any depth, but not in installed, generated or third-party folders', () => {
  expect(documents).toContain('examples/migration/from-cloudformation/README.md');
  expect(documents).toContain('packages/local/CLOUDMAP.md');
  const skipped = documents.filter((d) => /(^|\/)(node_modules|dist|\.tools|api|fixtures)\//.test(d));
  expect(skipped).toEqual([]);
});

const blocks = await describeMarkdownBlocks({
  title: 'every code block of the documents runs, or says why not',
  documents: documents.filter((d) => !(d in ELSEWHERE)),
});

test('there are blocks to run (an extractor that finds none fails)', () => {
  expect(
    blocks.filter((b) => b.notRunnable === undefined && b.lang !== '' && b.lang !== 'text').length,
  ).toBeGreaterThan(40);
});
