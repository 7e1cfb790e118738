import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { apply, createAppMeshClient, isEmptyPlan, plan, readMesh } from '@meshplane/core/appmesh';
import { startLocalEndpoint } from '@meshplane/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel, loadValidModel } from '../src/load-model.js';

const coreTests = fileURLToPath(new URL('../../core/tests', import.meta.url));

describe('loadModel', () => {
  let dir = '';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshplane-load-model-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('joins documents and model modules in the order given, tagging module resources with their file', async () => {
    // Prepare
    const mesh = join(dir, 'mesh.json');
    await writeFile(mesh, '{ "meshName": "m" }\n');
    const module = join(dir, 'nodes.mts');
    await writeFile(
      module,
      "export default { resources: [{ kind: 'virtualNode', meshName: 'm', name: 'n', spec: {} }] };\n",
    );
    const service = join(dir, 'service.yaml');
    await writeFile(service, 'meshName: m\nvirtualServiceName: s.local\nspec: {}\n');

    // Act
    const { model, issues } = await loadModel([mesh, module, service]);

    // Assess
    expect(issues).toEqual([]);
    expect(model.resources.map((r) => [r.kind, r.source])).toEqual([
      ['mesh', { file: mesh, line: 1, column: 1 }],
      ['virtualNode', { file: module }],
      ['virtualService', { file: service, line: 1, column: 1 }],
    ]);
  });

  it('reports a throwing model function and a non-model export, and then loads nothing', async () => {
    // Prepare
    const good = join(dir, 'good.json');
    await writeFile(good, '{ "meshName": "m" }\n');
    const throwing = join(dir, 'throwing.mts');
    await writeFile(throwing, "export default () => { throw new Error('no credentials'); };\n");
    const array = join(dir, 'array.mts');
    await writeFile(array, 'export const model = [1, 2];\n');

    // Act
    const { model, issues } = await loadModel([good, throwing, array]);

    // Assess
    expect(model.resources).toEqual([]);
    expect(issues).toEqual([
      {
        code: 'MODEL_LOAD_ERROR',
        path: throwing,
        message: 'the exported model function threw: no credentials',
        severity: 'error',
        file: throwing,
      },
      {
        code: 'MODEL_EXPORT',
        path: array,
        message: 'the exported model must be a MeshModel ({ resources: [...] }), got an array',
        severity: 'error',
        file: array,
      },
    ]);
  });

  it('lists the exports the author wrote when a module has no model, not the default that CommonJS interop adds', async () => {
    // Prepare: a .ts file outside an ESM package is compiled as CommonJS, which adds `default`.
    const file = join(dir, 'answer.ts');
    await writeFile(file, 'export const answer = 42;\nexport const question = "?";\n');

    // Act
    const { issues } = await loadModel(file);

    // Assess
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'MODEL_EXPORT', file });
    expect(issues[0]?.message).toMatch(/; found exports: answer, question$/);
  });

  it('reads the default export of a CommonJS module (module.exports)', async () => {
    // Prepare
    const file = join(dir, 'model.cjs');
    await writeFile(
      file,
      "module.exports = { resources: [{ kind: 'mesh', meshName: 'c', name: 'c', spec: {} }] };\n",
    );

    // Act
    const { model, issues } = await loadModel(file);

    // Assess
    expect(issues).toEqual([]);
    expect(model.resources).toEqual([{ kind: 'mesh', meshName: 'c', name: 'c', spec: {}, source: { file } }]);
  });

  it('reports a module that does not exist', async () => {
    // Act
    const { issues } = await loadModel(join(dir, 'absent.ts'));

    // Assess
    expect(issues).toMatchObject([{ code: 'FILE_NOT_FOUND', file: join(dir, 'absent.ts') }]);
  });
});

describe('loadValidModel: the one model check of plan, apply, destroy, export and migrate plan', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshplane-valid-model-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const capture = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, output: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) } };
  };

  it('an empty model is the EMPTY_MODEL failure naming the paths and the purpose', async () => {
    // Prepare
    const empty = join(dir, 'empty.mts');
    await writeFile(empty, 'export default { resources: [] };\n');
    const json = capture();
    const text = capture();
    // Act
    const fromJson = await loadValidModel([empty], json.output, { purpose: 'reconcile', json: true });
    const fromText = await loadValidModel([empty], text.output, { purpose: 'export' });
    // Assess
    expect([fromJson, fromText]).toEqual([undefined, undefined]);
    expect(JSON.parse(json.out.join(''))).toEqual({
      ok: false,
      error: { code: 'EMPTY_MODEL', message: `${empty} holds no App Mesh resource to reconcile` },
    });
    expect(text.err.join('')).toBe(`error: ${empty} holds no App Mesh resource to export\n`);
  });

  it('an invalid model is INVALID_MODEL with every issue located in its file; nothing is returned', async () => {
    // Act
    const json = capture();
    const text = capture();
    const shopmesh = join(coreTests, 'fixtures/shopmesh');
    const fromJson = await loadValidModel([shopmesh], json.output, { purpose: 'reconcile', json: true });
    const fromText = await loadValidModel([shopmesh], text.output, { purpose: 'reconcile' });
    // Assess
    expect([fromJson, fromText]).toEqual([undefined, undefined]);
    expect(JSON.parse(json.out.join(''))).toMatchObject({
      ok: false,
      valid: false,
      error: { code: 'INVALID_MODEL', message: 'the model has 1 error, 0 warnings' },
      issues: [{ code: 'PARSE_ERROR', line: 29, column: 1 }],
    });
    expect(text.out).toEqual([]);
    expect(text.err.join('')).toMatch(/order-vn\.json:29:1: error: .*\[PARSE_ERROR\]\n$/);
  });

  it('a valid model is returned; its warnings go to stderr as text, and not under --json', async () => {
    // Act
    const text = capture();
    const json = capture();
    const djApp = join(coreTests, 'fixtures/dj-app');
    const fromText = await loadValidModel([djApp], text.output, { purpose: 'reconcile' });
    const fromJson = await loadValidModel([djApp], json.output, { purpose: 'reconcile', json: true });
    // Assess
    expect(fromText?.resources).toHaveLength(9);
    expect(fromJson).toEqual(fromText);
    expect(text.err).toHaveLength(4);
    expect(text.err[0]).toMatch(/virtual-services\.yaml:9:5: warning: .*\[ROUTER_LISTENERS_DERIVED\]\n$/);
    expect([...json.out, ...json.err]).toEqual([]);
  });
});

describe('loadModel output against the local App Mesh endpoint', () => {
  it.each([
    ['the dj-app controller YAML (v1beta1)', join(coreTests, 'fixtures/dj-app'), 'dj-app'],
    ['the v1beta2 sample', join(coreTests, 'importers/samples/color-app-v1beta2.yaml'), 'color-mesh'],
  ])(
    '%s applies without an API error and reads back with an empty second plan',
    async (_, path, meshName) => {
      // Prepare
      const endpoint = await startLocalEndpoint({ port: 0, region: 'us-east-1' });
      const client = createAppMeshClient({
        clientConfig: {
          endpoint: endpoint.url,
          region: 'us-east-1',
          credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        },
      });
      const { model, issues } = await loadModel(path);
      expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
      // v1beta1 has no Mesh object in the fixtures: the mesh is created as the tutorial did first.
      const withMesh = model.resources.some((r) => r.kind === 'mesh')
        ? model
        : { resources: [{ kind: 'mesh' as const, meshName, name: meshName, spec: {} }, ...model.resources] };

      try {
        // Act
        const result = await apply(plan(withMesh, await readMesh(client, meshName)), { client });
        const actual = await readMesh(client, meshName);

        // Assess
        expect(result.failed).toEqual([]);
        expect(result.skipped).toEqual([]);
        expect(actual.resources).toHaveLength(withMesh.resources.length);
        expect(isEmptyPlan(plan(withMesh, actual))).toBe(true);
      } finally {
        await endpoint.close();
      }
    },
  );
});
