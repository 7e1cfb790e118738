import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadModelFromPath, validate } from '@meshplane/core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// A folder that exists but cannot be listed (permissions do not stop root, so the listing fails here).
const UNLISTABLE = 'unlistable-folder';
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  const readdir = (async (path: string, ...rest: unknown[]) => {
    if (String(path).endsWith(UNLISTABLE)) {
      throw Object.assign(new Error(`EACCES: permission denied, scandir '${String(path)}'`), {
        code: 'EACCES',
      });
    }
    return (fs.readdir as (...args: unknown[]) => Promise<unknown>)(path, ...rest);
  }) as typeof fs.readdir;
  return { ...fs, readdir, default: { ...fs, readdir } };
});

const fixtures = fileURLToPath(new URL('../fixtures', import.meta.url));
const djApp = join(fixtures, 'dj-app');
const shopmesh = join(fixtures, 'shopmesh');

describe('loadModelFromPath: the shared fixtures', () => {
  it('imports the dj-app folder cleanly: later files win, with OVERRIDDEN warnings, and the model validates', async () => {
    // Act
    const { model, issues } = await loadModelFromPath(djApp);

    // Assess
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ['OVERRIDDEN', 'routers.jazz-router.routes.jazz-route'],
      ['OVERRIDDEN', 'routers.metal-router.routes.metal-route'],
      ['ROUTER_LISTENERS_DERIVED', 'routers.jazz-router.spec.listeners'],
      ['ROUTER_LISTENERS_DERIVED', 'routers.metal-router.spec.listeners'],
    ]);
    // Sorted order: jazz_service_update.yaml < metal_… < nodes_… < virtual-services.yaml.
    expect(issues[0]).toMatchObject({ file: join(djApp, 'virtual-services.yaml'), line: 11, column: 7 });
    expect(issues[0]?.message).toContain(`${join(djApp, 'jazz_service_update.yaml')}:11:7`);
    const route = model.resources.find((r) => r.kind === 'route' && r.name === 'jazz-route');
    expect(route?.spec).toEqual({
      httpRoute: {
        match: { prefix: '/' },
        action: { weightedTargets: [{ virtualNode: 'jazz-v1', weight: 100 }] },
      },
    });
    expect(model.resources).toHaveLength(9);
    expect(validate(model).valid).toBe(true);
  });

  it('applies the canary update when the files are given in order, and validation then asks for jazz-v2', async () => {
    // Act
    const { model, issues } = await loadModelFromPath([
      join(djApp, 'nodes_representing_physical_services.yaml'),
      join(djApp, 'virtual-services.yaml'),
      join(djApp, 'jazz_service_update.yaml'),
    ]);

    // Assess
    expect(issues.find((i) => i.code === 'OVERRIDDEN')?.file).toBe(join(djApp, 'jazz_service_update.yaml'));
    const route = model.resources.find((r) => r.kind === 'route' && r.name === 'jazz-route');
    expect(route?.kind === 'route' ? route.spec.httpRoute?.action?.weightedTargets : undefined).toEqual([
      { virtualNode: 'jazz-v1', weight: 90 },
      { virtualNode: 'jazz-v2', weight: 10 },
    ]);
    const result = validate(model);
    expect(result.valid).toBe(false);
    expect(result.issues.map((i) => i.code)).toContain('UNKNOWN_TARGET');
  });

  it('rejects the shopmesh folder: the stray brace of order-vn.json at 29:1, and nothing imported', async () => {
    // Act
    const { model, issues } = await loadModelFromPath(shopmesh);

    // Assess
    expect(model.resources).toEqual([]);
    expect(issues).toEqual([
      {
        code: 'PARSE_ERROR',
        path: join(shopmesh, 'order-vn.json'),
        message:
          "JSON syntax error: unexpected '}' after the end of the JSON document (a stray character or a missing opening bracket)",
        severity: 'error',
        file: join(shopmesh, 'order-vn.json'),
        line: 29,
        column: 1,
      },
    ]);
  });

  it('imports order-r.json and order-vr.json (the well-formed shopmesh documents) with upgrade warnings', async () => {
    // Act
    const { model, issues } = await loadModelFromPath([
      join(shopmesh, 'order-vr.json'),
      join(shopmesh, 'order-r.json'),
    ]);

    // Assess
    expect(model.resources.map((r) => `${r.kind}:${r.name}`)).toEqual([
      'virtualRouter:order-vr',
      'virtualService:order.default.svc.cluster.local',
      'route:order-r',
    ]);
    expect(issues.map((i) => i.code)).toEqual(['PREVIEW_UPGRADED', 'ROUTER_LISTENERS_UNKNOWN']);
    expect(issues[0]).toMatchObject({ file: join(shopmesh, 'order-vr.json'), line: 8, column: 7 });
  });
});

describe('loadModelFromPath: files and folders', () => {
  let dir = '';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshplane-import-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads .json, .yaml and .yml in code-unit order and ignores other files', async () => {
    // Prepare
    const folder = join(dir, 'mixed');
    await mkdir(folder);
    await writeFile(join(folder, 'b.yml'), 'meshName: m\nvirtualServiceName: s\nspec: {}\n');
    await writeFile(join(folder, 'A.json'), '{ "meshName": "m" }');
    await writeFile(join(folder, 'a.yaml'), 'meshName: m\nvirtualNodeName: n\nspec: {}\n');
    await writeFile(join(folder, 'notes.md'), '# not a model');

    // Act
    const { model, issues } = await loadModelFromPath(folder);

    // Assess
    expect(issues).toEqual([]);
    expect(model.resources.map((r) => r.kind)).toEqual(['mesh', 'virtualNode', 'virtualService']);
    expect(model.resources[1]?.source).toEqual({ file: join(folder, 'a.yaml'), line: 1, column: 1 });
  });

  it('reports every parse error of every file of a folder', async () => {
    // Prepare
    const folder = join(dir, 'broken');
    await mkdir(folder);
    await writeFile(join(folder, '1.json'), '{ "meshName": "m", }');
    await writeFile(join(folder, '2.yaml'), 'meshName: [m\n');
    await writeFile(join(folder, '3.json'), '{ "meshName": "ok" }');

    // Act
    const { model, issues } = await loadModelFromPath(folder);

    // Assess
    expect(model.resources).toEqual([]);
    expect(issues.map((i) => [i.code, i.file, i.line, i.column])).toEqual([
      ['PARSE_ERROR', join(folder, '1.json'), 1, 18],
      ['PARSE_ERROR', join(folder, '2.yaml'), expect.any(Number), expect.any(Number)],
    ]);
  });

  it('warns about a YAML file with no document (an empty JSON file is a syntax error)', async () => {
    // Prepare
    const folder = join(dir, 'blank');
    await mkdir(folder);
    await writeFile(join(folder, 'comments.yaml'), '# nothing here yet\n---\n');
    await writeFile(join(folder, 'mesh.json'), '{ "meshName": "m" }');

    // Act
    const { model, issues } = await loadModelFromPath(folder);

    // Assess
    expect(model.resources.map((r) => r.kind)).toEqual(['mesh']);
    expect(issues).toEqual([
      {
        code: 'EMPTY_DOCUMENT',
        path: join(folder, 'comments.yaml'),
        message: 'the file holds no YAML document (it is empty or only comments): nothing to import',
        severity: 'warning',
        file: join(folder, 'comments.yaml'),
        line: 1,
        column: 1,
      },
    ]);
  });

  it('reports a folder it cannot list as an issue instead of throwing', async () => {
    // Prepare
    const folder = join(dir, UNLISTABLE);
    await mkdir(folder);

    // Act
    const { model, issues } = await loadModelFromPath(folder);

    // Assess
    expect(model.resources).toEqual([]);
    expect(issues).toEqual([
      {
        code: 'FILE_UNREADABLE',
        path: folder,
        message: `cannot list the folder ${folder}: EACCES: permission denied, scandir '${folder}'`,
        severity: 'error',
        file: folder,
      },
    ]);
  });

  it('reports a missing path, an unsupported file and an empty folder as issues', async () => {
    // Prepare
    const empty = join(dir, 'empty');
    await mkdir(empty);
    const text = join(dir, 'model.txt');
    await writeFile(text, 'meshName: m');

    // Act
    const missing = await loadModelFromPath(join(dir, 'nope'));
    const unsupported = await loadModelFromPath(text);
    const none = await loadModelFromPath(empty);

    // Assess
    expect(missing.issues).toMatchObject([{ code: 'FILE_NOT_FOUND', severity: 'error' }]);
    expect(unsupported.issues).toMatchObject([{ code: 'UNSUPPORTED_FILE' }]);
    expect(none.issues).toMatchObject([{ code: 'NO_INPUT' }]);
    expect(missing.issues[0]?.message).toContain(join(dir, 'nope'));
  });

  it('keeps the fixtures byte for byte identical to the shared ones when those are present', async (context) => {
    // Prepare
    const shared = '/work/shared/fixtures';
    const names = [
      'dj-app/README.md',
      'dj-app/jazz_service_update.yaml',
      'dj-app/metal_service_update.yaml',
      'dj-app/nodes_representing_physical_services.yaml',
      'dj-app/virtual-services.yaml',
      'shopmesh/README.md',
      'shopmesh/order-r.json',
      'shopmesh/order-vn.json',
      'shopmesh/order-vr.json',
    ];
    const present = await readFile(join(shared, names[0]!)).then(
      () => true,
      () => false,
    );
    if (!present) {
      context.skip();
      return;
    }

    // Act
    const listing = async (root: string) =>
      (await readdir(root, { recursive: true, withFileTypes: true }))
        .filter((entry) => entry.isFile())
        .map((entry) => relative(root, join(entry.parentPath, entry.name)))
        .sort();
    const sharedNames = await listing(shared);
    const pairs = await Promise.all(
      names.map(
        async (name) => [await readFile(join(shared, name)), await readFile(join(fixtures, name))] as const,
      ),
    );

    // Assess: every shared fixture is copied (a new one would show up here), byte for byte.
    expect(sharedNames).toEqual([...names].sort());
    for (const [theirs, ours] of pairs) expect(ours.equals(theirs)).toBe(true);
  });
});
