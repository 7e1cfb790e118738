import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importSources, loadModelFromPath, type MeshplaneResource, validate } from '@meshplane/core';
import { describe, expect, it } from 'vitest';

const meshFolder = fileURLToPath(new URL('../mesh', import.meta.url));
const previewFixture = fileURLToPath(
  new URL('../../../packages/core/tests/fixtures/shopmesh', import.meta.url),
);

function targets(resources: MeshplaneResource[], routeName: string) {
  const route = resources.find((r) => r.kind === 'route' && r.name === routeName);
  return route?.kind === 'route' ? route.spec.httpRoute?.action?.weightedTargets : undefined;
}

describe('examples/shopmesh', () => {
  it('imports without issues and validates in strict mode', async () => {
    // Act
    const { model, issues } = await loadModelFromPath(meshFolder);
    const result = validate(model, { strict: true });

    // Assess
    expect(issues).toEqual([]);
    expect(result).toEqual({ valid: true, issues: [] });
    expect(model.resources.filter((r) => r.kind === 'virtualNode').map((r) => r.name)).toEqual([
      'customer-v15-vn',
      'customer-vn',
      'order-vn',
      'product-v2-vn',
      'product-vn',
    ]);
  });

  it("carries the seed's canary weights: product v2 at 50%, customer v1.5 at 25%", async () => {
    // Act
    const { model } = await loadModelFromPath(meshFolder);

    // Assess
    expect(targets(model.resources, 'product-r')).toEqual([
      { virtualNode: 'product-vn', weight: 50 },
      { virtualNode: 'product-v2-vn', weight: 50 },
    ]);
    expect(targets(model.resources, 'customer-r')).toEqual([
      { virtualNode: 'customer-vn', weight: 75 },
      { virtualNode: 'customer-v15-vn', weight: 25 },
    ]);
    expect(targets(model.resources, 'order-r')).toEqual([{ virtualNode: 'order-vn', weight: 100 }]);
  });

  it('holds one CLI input document per file, named after the resource', async () => {
    // Prepare
    const names = (await readdir(meshFolder)).sort();

    // Act
    const perFile = await Promise.all(
      names.map(async (name) => {
        const text = await readFile(join(meshFolder, name), 'utf8');
        return { name, result: importSources([{ file: name, text }]) };
      }),
    );

    // Assess
    for (const { name, result } of perFile) {
      expect(result.issues).toEqual([]);
      expect(result.model.resources).toHaveLength(1);
      const resource = result.model.resources[0]!;
      const expected =
        resource.kind === 'mesh'
          ? 'mesh.json'
          : resource.kind === 'virtualService'
            ? `${resource.name.split('.')[0]}-vs.json`
            : `${resource.name}.json`;
      expect(name).toBe(expected);
    }
  });

  it('gives order-vn the spec that the importer upgrades the 2018 slide document to', async () => {
    // Prepare: the slide's order-vn.json without its stray closing brace.
    const slide = (await readFile(join(previewFixture, 'order-vn.json'), 'utf8')).replace(/\}\n\}\n$/, '}\n');
    const ga = await readFile(join(meshFolder, 'order-vn.json'), 'utf8');

    // Act
    const upgraded = importSources([{ file: 'order-vn.json', text: slide }]);
    const example = importSources([{ file: 'order-vn.json', text: ga }]);

    // Assess
    expect(upgraded.issues.map((i) => i.code)).toEqual([
      'PREVIEW_UPGRADED',
      'PREVIEW_UPGRADED',
      'PREVIEW_UPGRADED',
    ]);
    expect(example.model.resources[0]?.spec).toEqual(upgraded.model.resources[0]?.spec);
  });
});
