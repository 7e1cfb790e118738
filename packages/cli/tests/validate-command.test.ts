import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../src/exit-codes.js';
import { createProgram } from '../src/program.js';
import { REPO as repo, runProgram as run, runMeshplane } from './support/run-cli.js';

const fixtures = join(repo, 'packages/core/tests/fixtures');

describe('meshplane validate (in-process)', () => {
  let dir = '';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshplane-validate-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  afterEach(() => {
    process.exitCode = undefined;
  });

  it('accepts the dj-app fixtures: warnings on stderr with file:line:column, the verdict on stdout, exit 0', async () => {
    // Act
    const { stdout, stderr, exitCode } = await run('validate', join(fixtures, 'dj-app'));

    // Assess
    expect(exitCode).toBe(EXIT.OK);
    expect(stdout).toBe('valid: 9 resources, 0 errors, 4 warnings\n');
    const lines = stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe(
      `${join(fixtures, 'dj-app/virtual-services.yaml')}:9:5: warning: routers.jazz-router.spec.listeners: virtual router "jazz-router" had no listeners (the App Mesh API needs one): derived http 9080 (from virtual node "jazz-v1") from its routes' target nodes; set spec.listeners to choose another [ROUTER_LISTENERS_DERIVED]`,
    );
  });

  it('rejects the shopmesh fixtures with the line and column of the stray brace, exit 2', async () => {
    // Act
    const { stdout, stderr, exitCode } = await run('validate', join(fixtures, 'shopmesh'));

    // Assess
    expect(exitCode).toBe(EXIT.INVALID_INPUT);
    const file = join(fixtures, 'shopmesh/order-vn.json');
    expect(stderr).toBe(
      `${file}:29:1: error: JSON syntax error: unexpected '}' after the end of the JSON document (a stray character or a missing opening bracket) [PARSE_ERROR]\n`,
    );
    expect(stdout).toBe('invalid: 1 error, 0 warnings (0 resources loaded)\n');
  });

  it('prints { valid, issues } with --json, with the failure members ok and error when invalid', async () => {
    // Act
    const { stdout, stderr, exitCode } = await run(
      'validate',
      '--json',
      join(fixtures, 'shopmesh/order-vn.json'),
    );

    // Assess
    expect(exitCode).toBe(EXIT.INVALID_INPUT);
    expect(stderr).toBe('');
    expect(JSON.parse(stdout)).toEqual({
      ok: false,
      valid: false,
      error: { code: 'INVALID_MODEL', message: 'the model has 1 error, 0 warnings' },
      issues: [
        {
          code: 'PARSE_ERROR',
          path: join(fixtures, 'shopmesh/order-vn.json'),
          message: expect.stringContaining("unexpected '}'"),
          severity: 'error',
          file: join(fixtures, 'shopmesh/order-vn.json'),
          line: 29,
          column: 1,
        },
      ],
    });
  });

  it('reports validation errors from @meshplane/core with their source locations', async () => {
    // Prepare
    const file = join(dir, 'route.json');
    await writeFile(
      file,
      JSON.stringify(
        [
          {
            meshName: 'm',
            virtualRouterName: 'r',
            spec: { listeners: [{ portMapping: { port: 80, protocol: 'http' } }] },
          },
          {
            meshName: 'm',
            virtualRouterName: 'r',
            routeName: 'a',
            spec: {
              httpRoute: {
                match: { prefix: '/' },
                action: { weightedTargets: [{ virtualNode: 'ghost', weight: 1 }] },
              },
            },
          },
        ],
        null,
        2,
      ),
    );

    // Act
    const { stdout, exitCode } = await run('validate', '--json', file);

    // Assess
    expect(exitCode).toBe(EXIT.INVALID_INPUT);
    const report = JSON.parse(stdout) as { valid: boolean; issues: Array<Record<string, unknown>> };
    expect(report.valid).toBe(false);
    // Line 28 of the file is `"virtualNode": "ghost",`: the issue points at the value, not the route.
    expect(report.issues).toContainEqual(
      expect.objectContaining({ code: 'UNKNOWN_TARGET', severity: 'error', file, line: 28, column: 30 }),
    );
  });

  it('turns an undeclared backend into an error under DROP_ALL with --strict', async () => {
    // Prepare
    const file = join(dir, 'strict.yaml');
    await writeFile(
      file,
      [
        'meshName: m',
        'spec: { egressFilter: { type: DROP_ALL } }',
        '---',
        'meshName: m',
        'virtualNodeName: n',
        'spec:',
        '  backends: [{ virtualService: { virtualServiceName: nowhere.local } }]',
        '',
      ].join('\n'),
    );

    // Act
    const relaxed = await run('validate', file);
    const strict = await run('validate', '--strict', '--json', file);

    // Assess
    expect(relaxed.exitCode).toBe(EXIT.OK);
    expect(relaxed.stderr).toContain('[UNDECLARED_BACKEND]');
    expect(relaxed.stdout).toBe('valid: 2 resources, 0 errors, 1 warning\n');
    expect(strict.exitCode).toBe(EXIT.INVALID_INPUT);
    expect(JSON.parse(strict.stdout).issues).toContainEqual(
      expect.objectContaining({ code: 'UNDECLARED_BACKEND', severity: 'error' }),
    );
  });

  it('loads .ts model files (default or model export, object or function) and reports bad ones as issues', async () => {
    // Prepare
    const good = join(dir, 'good.mts');
    await writeFile(
      good,
      "export const model = async () => ({ resources: [{ kind: 'mesh', meshName: 'm', name: 'm', spec: {} }] });\n",
    );
    const broken = join(dir, 'broken.mts');
    await writeFile(broken, 'export default {\n  resources: [\n    oops oops\n  ]\n};\n');
    const empty = join(dir, 'empty.mts');
    await writeFile(empty, 'export const answer = 42;\n');

    // Act
    const ok = await run('validate', good);
    const bad = await run('validate', '--json', broken, empty);

    // Assess
    expect(ok).toEqual({
      stdout: 'valid: 1 resource, 0 errors, 0 warnings\n',
      stderr: '',
      exitCode: EXIT.OK,
    });
    expect(bad.exitCode).toBe(EXIT.INVALID_INPUT);
    expect(JSON.parse(bad.stdout).issues).toEqual([
      expect.objectContaining({ code: 'MODEL_LOAD_ERROR', file: broken, line: 3, column: 10 }),
      expect.objectContaining({
        code: 'MODEL_EXPORT',
        file: empty,
        message: expect.stringContaining('answer'),
      }),
    ]);
  });

  it('refuses 2018 preview documents with --preview refuse', async () => {
    // Act
    const upgraded = await run('validate', '--json', join(fixtures, 'shopmesh/order-vr.json'));
    const refused = await run(
      'validate',
      '--json',
      '--preview',
      'refuse',
      join(fixtures, 'shopmesh/order-vr.json'),
    );

    // Assess
    expect(JSON.parse(upgraded.stdout).issues.map((i: { code: string }) => i.code)).toContain(
      'PREVIEW_UPGRADED',
    );
    expect(refused.exitCode).toBe(EXIT.INVALID_INPUT);
    expect(JSON.parse(refused.stdout).issues).toEqual([
      expect.objectContaining({ code: 'PREVIEW_SHAPE', line: 7, column: 21 }),
    ]);
  });

  it('accepts examples/shopmesh/mesh in strict mode', async () => {
    // Act
    const { stdout, exitCode } = await run('validate', '--strict', join(repo, 'examples/shopmesh/mesh'));

    // Assess
    expect({ stdout, exitCode }).toEqual({
      stdout: 'valid: 15 resources, 0 errors, 0 warnings\n',
      exitCode: EXIT.OK,
    });
  });

  it('places v1beta2 objects in the mesh given by --mesh', async () => {
    // Prepare
    const file = join(dir, 'node.yaml');
    await writeFile(
      file,
      'apiVersion: appmesh.k8s.aws/v1beta2\nkind: VirtualNode\nmetadata: { name: web, namespace: shop }\nspec: {}\n',
    );

    // Act
    const unplaced = await run('validate', '--json', file);
    const placed = await run('validate', '--json', '--mesh', 'shop-mesh', file);

    // Assess
    expect(unplaced.exitCode).toBe(EXIT.INVALID_INPUT);
    expect(JSON.parse(unplaced.stdout).issues).toEqual([
      expect.objectContaining({ code: 'MESH_UNKNOWN', line: 4 }),
    ]);
    expect(placed).toEqual({ stdout: expect.any(String), stderr: '', exitCode: EXIT.OK });
  });

  it('exits 2 for a path that does not exist', async () => {
    // Act
    const { stdout, stderr, exitCode } = await run('validate', join(dir, 'missing.json'));

    // Assess
    expect(exitCode).toBe(EXIT.INVALID_INPUT);
    expect(stderr).toContain('[FILE_NOT_FOUND]');
    expect(stdout).toBe('invalid: 1 error, 0 warnings (0 resources loaded)\n');
  });
});

describe('packages/cli/README.md', () => {
  it('has a row for every command the program registers, and its links point at files that exist', async () => {
    // Prepare
    const readmeFile = join(repo, 'packages/cli/README.md');
    const readme = await readFile(readmeFile, 'utf8');
    const names: string[] = [];
    const walk = (command: ReturnType<typeof createProgram>, prefix: string) => {
      for (const sub of command.commands) {
        if (sub.name() === 'help') continue;
        names.push(`${prefix}${sub.name()}`);
        walk(sub, `${prefix}${sub.name()} `);
      }
    };
    walk(createProgram(), '');
    const links = [...readme.matchAll(/\]\((\.\.?\/[^)#]+)(?:#[^)]*)?\)/g)].map((m) => m[1]!);

    // Act
    const missing = names.filter((name) => {
      const row = new RegExp(`^\\| \`${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[ \`]`, 'm');
      const isGroup = names.some((other) => other.startsWith(`${name} `));
      return !isGroup && !row.test(readme);
    });
    const broken: string[] = [];
    for (const link of links) {
      await access(join(dirname(readmeFile), link)).catch(() => broken.push(link));
    }

    // Assess
    expect(names).toEqual(
      expect.arrayContaining(['validate', 'plan', 'apply', 'destroy', 'shift', 'graph', 'local']),
    );
    expect(missing).toEqual([]);
    expect(links.length).toBeGreaterThan(0);
    expect(broken).toEqual([]);
  });
});

describe('meshplane validate (subprocess)', () => {
  it('runs as a real process: exit 2 and the parse error on stdout for shopmesh', async () => {
    // Prepare
    const args = ['validate', '--json', join(fixtures, 'shopmesh')];

    // Act
    const outcome = await runMeshplane(args, process.env);

    // Assess
    expect(outcome.code).toBe(EXIT.INVALID_INPUT);
    expect(JSON.parse(outcome.stdout)).toMatchObject({
      ok: false,
      valid: false,
      issues: [{ code: 'PARSE_ERROR', line: 29, column: 1 }],
    });
  });
});
