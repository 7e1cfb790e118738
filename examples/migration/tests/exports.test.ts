import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cfnLint } from '../../../packages/migrate/tests/cloudformation-lint.js';
import { migrationExports } from '../src/exports.js';

const root = join(import.meta.dirname, '..');

describe('the checked-in exports are what meshplane generates today', () => {
  it('regenerates every file and compares (run npm run generate -w examples/migration after a change)', async () => {
    const files = await migrationExports();
    expect(Object.keys(files)).toHaveLength(14);
    for (const [path, content] of Object.entries(files)) {
      const checkedIn = await readFile(join(root, path), 'utf8');
      // JSON is compared as data: the formatter may lay the checked-in files out differently.
      if (path.endsWith('.json')) expect(JSON.parse(checkedIn), path).toEqual(JSON.parse(content));
      else expect(checkedIn, path).toBe(content);
    }
  });

  it('the DJ app on Lattice splits 90/10 and 50/50', async () => {
    const template = JSON.parse(await readFile(join(root, 'dj-app/lattice.cloudformation.json'), 'utf8'));
    const weights = (id: string) =>
      template.Resources[id].Properties.DefaultAction.Forward.TargetGroups.map(
        (g: { Weight: number }) => g.Weight,
      );
    expect(weights('JazzProdSvcClusterLocal9080Listener')).toEqual([90, 10]);
    expect(weights('MetalProdSvcClusterLocal9080Listener')).toEqual([50, 50]);
  });
});

describe('the checked-in templates pass cfn-lint', () => {
  it('both seeds, both targets', { timeout: 120_000 }, async () => {
    const templates: Record<string, unknown> = {};
    for (const seed of ['dj-app', 'shopmesh'])
      for (const target of ['lattice', 'service-connect'])
        templates[`${seed}-${target}`] = JSON.parse(
          await readFile(join(root, seed, `${target}.cloudformation.json`), 'utf8'),
        );
    expect(await cfnLint(templates)).toBe('');
  });
});
