import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { djAppMesh } from '../../../../../examples/dj-app/src/mesh.js';
import type { MeshplaneResource } from '../../../src/index.js';
import { importTerraformFiles, loadModelFromPath, resourceKey, validate } from '../../../src/index.js';

const folder = fileURLToPath(new URL('../../fixtures/terraform/modules', import.meta.url));

function comparable(resources: readonly MeshplaneResource[]) {
  return resources
    .map(({ source: _source, ...rest }) => rest)
    .sort((a, b) => (resourceKey(a as MeshplaneResource) < resourceKey(b as MeshplaneResource) ? -1 : 1));
}

describe('local modules (tests/fixtures/terraform/modules)', () => {
  test('a module called per genre with for_each imports its resources; the caller reads its output', async () => {
    // Arrange: the DJ app without its dj front node (the fixture declares the genres only).
    const canary = djAppMesh({ jazz: { v1: 90, v2: 10 }, metal: { v1: 50, v2: 50 } }).resources.filter(
      (r) => !(r.kind === 'virtualNode' && r.name === 'dj'),
    );
    // Act
    const { model, issues } = await loadModelFromPath(folder);
    // Assess
    expect(comparable(model.resources)).toEqual(comparable(canary));
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'UNFOLLOWED_MODULE',
        path: 'module.vpc',
        message: expect.stringContaining(
          'module "vpc" (source "terraform-aws-modules/vpc/aws") is not followed: only modules with a local path as source are followed',
        ),
        line: 32,
        column: 1,
      }),
    ]);
    expect(validate(model).valid).toBe(true);
    const route = model.resources.find((r) => r.name === 'metal-route');
    expect(route?.source).toEqual({ file: join(folder, 'genre/main.tf'), line: 41, column: 1 });
  });

  test('without files on disk (importTerraformFiles) a local module is a warning saying how to follow it', async () => {
    // Act
    const { issues } = await importTerraformFiles([
      { file: 'main.tf', text: 'module "genre" {\n  source = "./genre"\n}\n' },
    ]);
    // Assess
    expect(issues.map((i) => [i.code, i.message])).toEqual([
      [
        'UNFOLLOWED_MODULE',
        expect.stringContaining('local modules are followed when the files are read from disk'),
      ],
    ]);
  });
});

describe('local module errors', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshplane-modules-'));
    await mkdir(join(dir, 'child'));
    await writeFile(
      join(dir, 'child', 'main.tf'),
      'variable "mesh" {\n  type = string\n}\nresource "aws_appmesh_mesh" "m" {\n  name = var.mesh\n}\n',
    );
    await mkdir(join(dir, 'loop'));
    await writeFile(join(dir, 'loop', 'main.tf'), 'module "again" {\n  source = "../loop"\n}\n');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('a missing folder, an argument no variable declares, a wrong type and a module calling itself', async () => {
    // Arrange
    await writeFile(
      join(dir, 'main.tf'),
      `module "missing" {
  source = "./nowhere"
}
module "child" {
  source = "./child"
  mesh   = ["not", "a", "string"]
  mesj   = "x"
}
module "loop" {
  source = "./loop"
}
`,
    );
    // Act
    const { issues, model } = await loadModelFromPath(join(dir, 'main.tf'));
    // Assess
    expect(model.resources).toEqual([]);
    expect(issues.map((i) => [i.code, i.path, i.line])).toEqual([
      ['FILE_NOT_FOUND', 'module.missing', 1],
      ['UNKNOWN_PARAMETER', 'module.child.mesj', 7],
      ['INVALID_PARAMETER', 'var.mesh', 6],
      ['MISSING_PARAMETER', 'module.child.aws_appmesh_mesh.m.name', 5],
      ['FILE_NOT_FOUND', 'module.loop.module.again', 1],
    ]);
    expect(issues[1]!.message).toBe(
      'module "child" is given "mesj", which the module declares no variable for; did you mean "mesh"?',
    );
    expect(issues[4]!.message).toContain('a module cannot call itself');
  });
});
