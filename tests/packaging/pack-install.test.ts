import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// What a user gets: every package built, packed with `npm pack`, installed from the tarballs into
// an empty project outside the repository, and used from ESM, CommonJS and TypeScript; the CLI
// through `npx meshplane`. Nothing here reads the workspace's sources.

const root = join(import.meta.dirname, '../..');
const rootPkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { workspaces: string[] };
const packageDirs = rootPkg.workspaces.filter((w) => w.startsWith('packages/'));

interface Manifest {
  name: string;
  version: string;
  license?: string;
  exports: Record<string, unknown>;
  bin?: Record<string, string>;
}
const manifests = packageDirs.map(
  (dir) => JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as Manifest,
);
/** Every importable specifier: `@meshplane/core`, `@meshplane/core/router`, … */
const specifiers = manifests.flatMap((m) =>
  Object.keys(m.exports)
    .filter((k) => k !== './package.json')
    .map((k) => (k === '.' ? m.name : `${m.name}/${k.slice(2)}`)),
);

let work: string;
let app: string;
const run = (cmd: string, args: string[], cwd: string) =>
  execFileSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', npm_config_yes: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'meshplane-pack-'));
  // Built once here; `npm pack` then runs without its prepack build (whose output would mix with --json).
  run('npm', ['run', 'build'], root);
  const tarballs: string[] = [];
  for (const dir of packageDirs) {
    const out = JSON.parse(
      run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], join(root, dir)),
    ) as {
      filename: string;
    }[];
    tarballs.push(join(work, out[0]!.filename));
  }
  app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '@types/node@^20', ...tarballs], app);
}, 900_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('packed tarballs installed into an empty project', () => {
  it('ship a licence, a README and only built files', () => {
    for (const m of manifests) {
      const dir = join(app, 'node_modules', m.name);
      const files = run('find', ['.', '-type', 'f', '-not', '-path', './node_modules/*'], dir).split('\n');
      expect(files, m.name).toContain('./LICENSE');
      expect(files, m.name).toContain('./README.md');
      expect(
        files.filter((f) => f.startsWith('./src/')),
        m.name,
      ).toEqual([]);
      expect(m.license, m.name).toBe('Apache-2.0');
    }
  });

  it('import every entry point from ESM', () => {
    const lines = specifiers.map(
      (s, i) =>
        `import * as m${i} from '${s}'; if (Object.keys(m${i}).length === 0) throw new Error('${s} is empty');`,
    );
    writeFileSync(join(app, 'esm.mjs'), `${lines.join('\n')}\nconsole.log('esm ${specifiers.length}');\n`);
    expect(run('node', ['esm.mjs'], app).trim()).toBe(`esm ${specifiers.length}`);
  });

  it('require every entry point from CommonJS', () => {
    const lines = specifiers.map(
      (s) => `if (Object.keys(require('${s}')).length === 0) throw new Error('${s} is empty');`,
    );
    writeFileSync(join(app, 'cjs.cjs'), `${lines.join('\n')}\nconsole.log('cjs ${specifiers.length}');\n`);
    expect(run('node', ['cjs.cjs'], app).trim()).toBe(`cjs ${specifiers.length}`);
  });

  it('type-check every entry point from TypeScript, as ESM and as CommonJS', () => {
    const imports = specifiers.map((s, i) => `import * as m${i} from '${s}';`).join('\n');
    const uses = specifiers.map((_, i) => `void m${i};`).join('\n');
    const usage = `
import { validate, type MeshModel } from '@meshplane/core';
const model: MeshModel = { resources: [{ kind: 'mesh', meshName: 'm', name: 'm', spec: {} }] };
const ok: boolean = validate(model).valid;
void ok;
`;
    writeFileSync(join(app, 'check.mts'), `${imports}\n${uses}\n${usage}`);
    writeFileSync(join(app, 'check.cts'), `${imports}\n${uses}\n${usage}`);
    const tsc = join(root, 'node_modules/typescript/bin/tsc');
    const flags = [
      '--noEmit',
      '--strict',
      '--module',
      'nodenext',
      '--moduleResolution',
      'nodenext',
      '--target',
      'es2022',
    ];
    // skipLibCheck keeps the AWS SDK's own declarations out; our declarations are still resolved
    // and every use above is checked against them.
    expect(
      run('node', [tsc, ...flags, '--skipLibCheck', '--types', 'node', 'check.mts', 'check.cts'], app),
    ).toBe('');
  });

  it('keep instanceof across copies: ES module and CommonJS builds, and the bundled middleware', () => {
    // The middleware entry inlines core's error root (packages/lambda/tsup.config.ts), and a
    // process can load both builds of a package (the dual-package hazard): root errors are branded.
    const script = `
      import { createRequire } from 'node:module';
      import { MeshplaneError } from '@meshplane/core';
      import { MeshplaneLambdaError } from '@meshplane/lambda';
      import { meshplane } from '@meshplane/lambda/middleware';
      const require = createRequire(import.meta.url);
      const caught = (f) => { try { f(); } catch (e) { return e; } throw new Error('no error thrown'); };
      const esm = caught(() => meshplane({}));
      const cjs = caught(() => require('@meshplane/lambda/middleware').meshplane({}));
      const core = new (require('@meshplane/core').MeshplaneError)('X', 'from the CommonJS build');
      console.log(JSON.stringify([
        esm instanceof MeshplaneError, esm instanceof MeshplaneLambdaError,
        cjs instanceof MeshplaneError, cjs instanceof MeshplaneLambdaError,
        cjs instanceof require('@meshplane/core').MeshplaneError,
        core instanceof MeshplaneError, core instanceof MeshplaneLambdaError,
        String(esm).startsWith('MeshplaneLambdaError: invalid meshplane middleware options'),
      ]));
    `;
    writeFileSync(join(app, 'brands.mjs'), script);
    expect(JSON.parse(run('node', ['brands.mjs'], app))).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
      false,
      true,
    ]);
  });

  it('load the Lambda middleware from two files (each file costs a cold start about 0.8 ms)', () => {
    // Follows the static imports of the installed middleware entry, as Node's loader does.
    const dir = join(app, 'node_modules/@meshplane/lambda/dist/middleware');
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/^(?:import|export)\s[^;]*?from\s*['"](\.[^'"]+)['"]/gms)) {
        visit(join(file, '..', m[1]!));
      }
      for (const m of text.matchAll(/^import\s*['"]([^'"]+)['"]/gm)) {
        if (m[1]!.startsWith('.')) visit(join(file, '..', m[1]!));
      }
      // A package import other than Node's own modules would add its files too.
      for (const m of text.matchAll(/^(?:import|export)\s[^;]*?from\s*['"]([^.'"][^'"]*)['"]/gms)) {
        expect(isBuiltin(m[1]!), `${file} imports ${m[1]}`).toBe(true);
      }
    };
    visit(join(dir, 'index.js'));
    expect(seen.size).toBe(2);
  });

  it('run the CLI with npx', () => {
    const cli = manifests.find((m) => m.bin?.meshplane)!;
    expect(run('npx', ['--no-install', 'meshplane', '--version'], app).trim()).toBe(cli.version);
    const model = {
      meshName: 'dj-app',
      spec: { egressFilter: { type: 'DROP_ALL' } },
    };
    writeFileSync(join(app, 'mesh.json'), JSON.stringify(model));
    expect(run('npx', ['--no-install', 'meshplane', 'validate', 'mesh.json'], app)).toMatch(
      /^valid: 1 resource/m,
    );
  });
});
