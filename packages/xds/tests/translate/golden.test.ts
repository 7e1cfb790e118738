import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { translateNode } from '../../src/translate/index.js';
import { goldenCases } from './support/golden-cases.js';

// Golden files: tests/golden/<model>/<node>.generated.json holds translateNode's whole result
// (the suffix keeps Biome from reformatting them), compared byte for byte.
// `UPDATE_GOLDEN=1 npx vitest run packages/xds/tests/translate/golden.test.ts` rewrites them
// (review the diff: it is the change Envoy will see).
const goldenDir = join(import.meta.dirname, '../golden');
const cases = await goldenCases();

describe('translateNode golden files', () => {
  it.each(cases.map((c) => [c.file, c] as const))('%s', async (file, c) => {
    // Act
    const result = translateNode({ model: c.model, endpoints: c.endpoints }, c.resourceId, c.options);
    const text = `${JSON.stringify(result, null, 2)}\n`;

    // Assess
    const path = join(goldenDir, `${file}.generated.json`);
    if (process.env.UPDATE_GOLDEN === '1') {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, text);
    }
    expect(text).toBe(await readFile(path, 'utf8'));
  });
});
