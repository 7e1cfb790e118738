import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createMeshplaneHandler } from '../src/custom-resource/index.js';
import { invokeCustomResource } from '../src/testing/index.js';
import { type DjUpstreams, startDjUpstreams } from './helpers/dj-upstreams.js';
import { djAppModel, type LocalMesh, startLocalMesh } from './helpers/local-mesh.js';

// Every @example of the package's sources runs here as a module (issue 14 item 5), with the SDK's
// standard variables pointing at a local App Mesh + Cloud Map endpoint that holds the DJ app mesh
// and its upstreams (as the README's "Trying the snippets locally" says), so examples that call
// AWS call it. An example marked `// internal: not exported from the package` (or using a
// function it does not import) sees its own file's exports. What an example says must hold:
// - `console.log(x); // expected` prints `expected` (compared as a JS value when the comment is
//   one, else as text);
// - `expression; // value` (or the value on the next line) evaluates to that JS value, when the
//   comment is one (prose after `: ` or `; ` is allowed);
// - `expression; // throws 'text'` throws, with that text in the message.
const src = join(import.meta.dirname, '../src');

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) =>
      e.isDirectory()
        ? sourceFiles(join(dir, e.name))
        : Promise.resolve(e.name.endsWith('.ts') ? [join(dir, e.name)] : []),
    ),
  );
  return nested.flat();
}

interface Example {
  file: string;
  where: string;
  code: string;
}

async function examples(): Promise<Example[]> {
  const found: Example[] = [];
  for (const file of (await sourceFiles(src)).sort()) {
    const lines = (await readFile(file, 'utf8')).split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (!lines[i]?.includes('@example')) continue;
      const start = lines.findIndex((l, j) => j > i && /^\s*\* ```ts/.test(l));
      const end = lines.findIndex((l, j) => j > start && /^\s*\* ```\s*$/.test(l));
      if (start === -1 || end === -1) continue;
      const code = lines
        .slice(start + 1, end)
        .map((l) => l.replace(/^\s*\* ?/, ''))
        .join('\n');
      found.push({ file, where: `${relative(src, file)}:${start + 2}`, code });
    }
  }
  return found;
}

/** The JS value a comment states, or undefined when it is prose. */
function statedValue(comment: string): { value: unknown } | undefined {
  const candidates = [comment, comment.split(/: |; /)[0]!];
  for (const text of candidates) {
    try {
      return { value: new Function(`return (${text});`)() };
    } catch {}
  }
  return undefined;
}

const CALL_STATEMENT = /^([A-Za-z_$][\w$]*(?:\.[\w$]+)*\(.*\)(?:\??\.[\w$]+|\[[^\]]+\])*);\s*(?:\/\/ (.*))?$/;

/** Rewrites the example so that its stated results are checked, and lists its own-file needs. */
function instrumented(code: string): string {
  const lines = code.split('\n');
  return lines
    .map((line, i) => {
      const next = /^\s*\/\/ (.*)$/.exec(lines[i + 1] ?? '')?.[1];
      if (line.includes('console.log(')) {
        const comment = /\);\s*\/\/ (.*)$/.exec(line)?.[1] ?? next;
        return line.replaceAll('console.log(', `__doc.log(${i}, ${JSON.stringify(comment ?? null)}, `);
      }
      const call = CALL_STATEMENT.exec(line.trim());
      if (!call) return line;
      const comment = call[2] ?? next;
      if (comment === undefined) return line;
      if (comment.startsWith('throws')) {
        return `__doc.throws(${i}, ${JSON.stringify(comment)}, () => ${call[1]});`;
      }
      return `__doc.is(${i}, ${JSON.stringify(comment)}, ${call[1]});`;
    })
    .join('\n');
}

interface Checks {
  log(line: number, comment: string | null, ...values: unknown[]): void;
  is(line: number, comment: string, value: unknown): void;
  throws(line: number, comment: string, run: () => unknown): void;
}

function checks(problems: string[]): Checks {
  const compare = (line: number, comment: string, value: unknown) => {
    const stated = statedValue(comment);
    if (stated && !isDeepStrictEqual(value, stated.value)) {
      problems.push(`line ${line + 1}: got ${JSON.stringify(value)}, the comment says ${comment}`);
    }
  };
  return {
    log(line, comment, ...values) {
      if (comment === null || comment.startsWith('{')) return;
      compare(line, comment, values.length === 1 ? values[0] : values);
    },
    is: compare,
    throws(line, comment, run) {
      try {
        run();
      } catch (error) {
        const text = /'([^']+)'/.exec(comment)?.[1];
        if (text && !String((error as Error).message).includes(text)) {
          problems.push(`line ${line + 1}: threw ${(error as Error).message}, the comment says ${comment}`);
        }
        return;
      }
      problems.push(`line ${line + 1}: did not throw, the comment says ${comment}`);
    },
  };
}

/** Names the example uses that its own file exports but the example does not import. */
async function ownBindings(example: Example, code: string): Promise<string> {
  const own = Object.keys(await import(example.file));
  const imported = new Set(
    [...code.matchAll(/import\s*\{([^}]*)\}/g)].flatMap((m) =>
      m[1]!.split(',').map(
        (n) =>
          n
            .trim()
            .replace(/^type\s+/, '')
            .split(/\s+as\s+/)
            .pop()!,
      ),
    ),
  );
  const declared = new Set(
    [...code.matchAll(/\b(?:const|let|function|class)\s+([\w$]+)/g)].map((m) => m[1]!),
  );
  const used = own.filter(
    (name) => !imported.has(name) && !declared.has(name) && new RegExp(`\\b${name}\\b`).test(code),
  );
  if (used.length === 0) return '';
  return `import { ${used.join(', ')} } from ${JSON.stringify(example.file)};\n`;
}

/** Relative imports are relative to the example's source file, except the model beside it. */
function absoluteImports(code: string, file: string): string {
  return code.replace(/from\s+'(\.{1,2}\/[^']+)'/g, (whole, path: string) =>
    path === './mesh.json'
      ? whole
      : `from ${JSON.stringify(resolve(dirname(file), path.replace(/\.js$/, '.ts')))}`,
  );
}

const all = await examples();
let local: LocalMesh;
let upstreams: DjUpstreams;
let dir: string;
const saved = { ...process.env };

beforeAll(async () => {
  local = await startLocalMesh();
  upstreams = await startDjUpstreams(local.cloudMap);
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_APP_MESH: local.endpoint.url,
    AWS_ENDPOINT_URL_SERVICEDISCOVERY: local.endpoint.url,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    MESHPLANE_CFN_ALLOW_LOOPBACK_RESPONSE_URL: 'true',
  });
  const created = await invokeCustomResource(createMeshplaneHandler({ logger: { log: () => {} } }), {
    requestType: 'Create',
    resourceType: 'Custom::MeshplaneMesh',
    properties: { Model: djAppModel() },
  });
  expect(created.response?.Status).toBe('SUCCESS');
  dir = await mkdtemp(join(import.meta.dirname, '.doc-examples-'));
  await copyFile(new URL('./fixtures/dj-app-model.json', import.meta.url), join(dir, 'mesh.json'));
});
afterAll(async () => {
  process.env = saved;
  await rm(dir, { recursive: true, force: true });
  await upstreams.close();
  await local.close();
});

describe('documentation examples of @meshplane/lambda', () => {
  test('there are examples to run', () => {
    expect(all.length).toBeGreaterThan(60);
  });

  test.each(all.map((e) => [e.where, e] as const))(
    '%s runs and does what it says',
    async (where, example) => {
      // Prepare
      const body = absoluteImports(instrumented(example.code), example.file);
      const module = `${await ownBindings(example, example.code)}const __doc = (globalThis as any).__doc;\n${body}\nexport {};\n`;
      const file = join(dir, `${where.replace(/[^\w]/g, '_')}.ts`);
      await writeFile(file, module);
      const problems: string[] = [];
      (globalThis as { __doc?: Checks }).__doc = checks(problems);
      // Act
      await import(file);
      // Assess
      expect(problems).toEqual([]);
    },
  );
});
