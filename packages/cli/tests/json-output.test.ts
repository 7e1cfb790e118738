import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LocalEndpoint } from '@meshplane/local';
import { Command } from 'commander';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { registerLocal } from '../src/commands/local.js';
import { registerXds } from '../src/commands/xds.js';
import { EXIT } from '../src/exit-codes.js';
import { createProgram } from '../src/program.js';
import { DJ_MODEL as DJ, REPO as repo, runMeshplane, runProgram } from './support/run-cli.js';

// Every command honours --json: one JSON document on stdout (JSON lines for the long-running
// `local` and `xds serve`), and every failure as { ok: false, error: { code, message, hint? } }.
const SHOPMESH = join(repo, 'examples/shopmesh/mesh');

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'meshplane-json-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => {
  process.exitCode = undefined;
});

/** Runs with --json and parses stdout as one JSON document. */
async function json(...args: string[]): Promise<{ doc: Record<string, unknown>; code: number }> {
  const { stdout, exitCode } = await runProgram(...args);
  return { doc: JSON.parse(stdout) as Record<string, unknown>, code: exitCode ?? 0 };
}

const failure = (code: string | RegExp) => ({
  ok: false,
  error: { code: typeof code === 'string' ? code : expect.stringMatching(code), message: expect.any(String) },
});

describe('--json is on every command', () => {
  it('every leaf command of the program declares --json', () => {
    const missing: string[] = [];
    const walk = (command: Command, prefix: string) => {
      for (const sub of command.commands) {
        if (sub.name() === 'help') continue;
        const name = `${prefix}${sub.name()}`;
        if (sub.commands.length > 0) walk(sub, `${name} `);
        else if (!sub.options.some((o) => o.long === '--json')) missing.push(name);
      }
    };
    walk(createProgram(), '');
    expect(missing).toEqual([]);
  });
});

describe("commander's own usage errors", () => {
  it('are the failure document on stdout under --json (exit 2), and text on stderr without it', async () => {
    const [missing, plain] = await Promise.all([runMeshplane(['plan', '--json']), runMeshplane(['plan'])]);
    expect(missing.code).toBe(EXIT.INVALID_INPUT);
    expect(JSON.parse(missing.stdout)).toEqual({
      ok: false,
      error: { code: 'INVALID_FLAGS', message: "missing required argument 'path'" },
    });
    expect(plain.code).toBe(EXIT.INVALID_INPUT);
    expect(plain.stdout).toBe('');
    expect(plain.stderr).toContain("error: missing required argument 'path'");
  }, 60_000);
});

describe('reconcile commands', () => {
  it('plan: { meshes, summary, unmanaged, changes: [{ id, action, key, reason, diff, dependsOn }] }', async () => {
    const { doc, code } = await json('plan', '--json', '--local', DJ);
    expect(code).toBe(EXIT.OK);
    expect(doc).toMatchObject({
      meshes: ['dj-app'],
      summary: { create: 12, update: 0, delete: 0, unchanged: 0 },
      unmanaged: [],
    });
    expect((doc.changes as unknown[])[0]).toEqual({
      id: 'create:mesh:dj-app',
      action: 'create',
      key: 'mesh:dj-app',
      reason: expect.any(String),
      diff: expect.any(Array),
      dependsOn: [],
    });
  });

  it('apply, shift and destroy: { plan, result } / { route, before, after, changed } / { plan, kept, result }', async () => {
    const state = join(dir, 'reconcile.json');
    const applied = await json('apply', '--json', '--auto-approve', '--local', '--state', state, DJ);
    const shifted = await json(
      'shift',
      '--json',
      '--local',
      '--state',
      state,
      'dj-app/jazz-router/jazz-route',
      'jazz-v1=90',
      'jazz-v2=10',
    );
    const destroyed = await json('destroy', '--json', '--auto-approve', '--local', '--state', state, DJ);
    expect(applied.code).toBe(EXIT.OK);
    expect(applied.doc).toMatchObject({
      plan: { meshes: ['dj-app'], summary: { create: 12 } },
      result: { failed: [], skipped: [], writes: expect.any(Number) },
    });
    expect(Object.keys((applied.doc.result as { outcomes: object }).outcomes)).toHaveLength(12);
    expect(shifted).toEqual({
      code: EXIT.OK,
      doc: {
        route: 'dj-app/jazz-router/jazz-route',
        before: { 'jazz-v1': 100, 'jazz-v2': 0 },
        after: { 'jazz-v1': 90, 'jazz-v2': 10 },
        changed: true,
      },
    });
    expect(destroyed.code).toBe(EXIT.OK);
    expect(destroyed.doc).toMatchObject({ plan: { summary: { delete: 12 }, unmanaged: [] }, kept: [] });
  });

  it('failures: invalid model, bad flags, refused approval, API errors', async () => {
    const badModel = join(repo, 'packages/core/tests/fixtures/shopmesh');
    const invalid = await json('plan', '--json', '--local', badModel);
    const flags = await json('plan', '--json', '--local', '--endpoint', 'http://127.0.0.1:1', DJ);
    const approval = await json('apply', '--json', '--local', DJ);
    const notFound = await json('shift', '--json', '--local', 'dj-app/jazz-router/jazz-route', 'jazz-v1=100');
    const refused = await json('plan', '--json', '--endpoint', 'http://127.0.0.1:1', DJ);
    const destroyFlags = await json('destroy', '--json', '--yes', '--region', 'nowhere', '--local', DJ);
    expect(invalid).toEqual({
      code: EXIT.INVALID_INPUT,
      doc: {
        ...failure('INVALID_MODEL'),
        valid: false,
        issues: [expect.objectContaining({ code: 'PARSE_ERROR' })],
      },
    });
    expect(flags).toEqual({ code: EXIT.INVALID_INPUT, doc: failure('INVALID_FLAGS') });
    expect(approval).toEqual({
      code: EXIT.INVALID_INPUT,
      doc: {
        ok: false,
        error: expect.objectContaining({ code: 'NEEDS_APPROVAL', hint: expect.any(String) }),
      },
    });
    expect(notFound).toEqual({ code: EXIT.FAILED, doc: failure('NotFoundException') });
    expect(refused.code).toBe(EXIT.FAILED);
    expect(refused.doc).toEqual({
      ok: false,
      error: {
        code: 'ECONNREFUSED',
        message: expect.any(String),
        hint: expect.stringContaining('nothing answers at http://127.0.0.1:1'),
      },
    });
    expect(destroyFlags).toEqual({ code: EXIT.INVALID_INPUT, doc: failure('INVALID_FLAGS') });
  }, 60_000);
});

describe('offline commands', () => {
  it('validate and graph: { valid, issues } and { format, text, graph: { nodes, edges }, issues }', async () => {
    const validated = await json('validate', '--json', DJ);
    const drawn = await json('graph', '--json', DJ);
    const badFormat = await json('graph', '--json', '--format', 'png', DJ);
    expect(validated).toEqual({ code: EXIT.OK, doc: { valid: true, issues: [] } });
    expect(drawn.code).toBe(EXIT.OK);
    expect(drawn.doc).toMatchObject({
      format: 'mermaid',
      text: expect.stringContaining('flowchart'),
      graph: { nodes: expect.any(Array), edges: expect.any(Array) },
      issues: [],
    });
    expect(badFormat).toEqual({
      code: EXIT.INVALID_INPUT,
      doc: { ...failure('INVALID_FLAGS'), problems: ['--format must be mermaid or dot, got "png"'] },
    });
  });

  it('ecs task-definition, gateway-task-definition and iam: the document under its name, with notes', async () => {
    const common = ['--mesh', 'dj-app', '--region', 'us-east-1', '--control-plane', 'central'];
    const xds = ['--xds-endpoint', 'xds.internal:15010'];
    const task = await json(
      'ecs',
      'task-definition',
      '--json',
      ...common,
      ...xds,
      '--node',
      'dj',
      '--image',
      'dj:v1',
      '--port',
      '9080',
    );
    const gateway = await json(
      'ecs',
      'gateway-task-definition',
      '--json',
      ...common,
      ...xds,
      '--gateway',
      'gw',
      '--port',
      '8080',
    );
    const iam = await json('ecs', 'iam', '--json', ...common, '--node', 'dj');
    const bad = await json('ecs', 'iam', '--json', '--node', 'dj');
    expect(task.code).toBe(EXIT.OK);
    expect(task.doc).toEqual({
      taskDefinition: expect.objectContaining({ family: 'dj', containerDefinitions: expect.any(Array) }),
      notes: expect.any(Array),
    });
    expect(gateway.code).toBe(EXIT.OK);
    expect(gateway.doc).toEqual({
      taskDefinition: expect.objectContaining({ family: 'gw' }),
      notes: expect.any(Array),
    });
    expect(iam.code).toBe(EXIT.OK);
    expect(iam.doc).toEqual({
      taskRole: { assumeRolePolicyDocument: expect.any(Object), policyDocument: expect.any(Object) },
      executionRole: { assumeRolePolicyDocument: expect.any(Object), policyDocument: expect.any(Object) },
      notes: ['no --account given: the ARNs use "*" for the account'],
    });
    expect(bad.code).toBe(EXIT.INVALID_INPUT);
    expect(bad.doc).toMatchObject(failure('INVALID_FLAGS'));
    expect(bad.doc.problems).toContain('--mesh is required (the mesh name)');
  });

  it('xds render and envoy bootstrap: { configDump, issues } and { bootstrap } / { savedTo }', async () => {
    const rendered = await json('xds', 'render', '--json', '--node', 'mesh/dj-app/virtualNode/dj', DJ);
    const unknownNode = await json('xds', 'render', '--json', '--node', 'mesh/dj-app/virtualNode/nobody', DJ);
    const node = ['--node', 'mesh/dj-app/virtualNode/dj', '--socket', '/tmp/xds.sock'];
    const printed = await json('envoy', 'bootstrap', '--json', ...node);
    const file = join(dir, 'bootstrap.json');
    const saved = await json('envoy', 'bootstrap', '--json', ...node, '--out', file);
    const noNode = await json('envoy', 'bootstrap', '--json', '--socket', '/tmp/xds.sock');
    expect(rendered.code).toBe(EXIT.OK);
    expect(rendered.doc).toEqual({ configDump: { configs: expect.any(Array) }, issues: expect.any(Array) });
    expect(unknownNode.code).toBe(EXIT.INVALID_INPUT);
    expect(unknownNode.doc).toMatchObject({ ...failure('INVALID_MODEL'), issues: expect.any(Array) });
    expect(printed).toEqual({
      code: EXIT.OK,
      doc: { bootstrap: expect.objectContaining({ node: expect.any(Object) }) },
    });
    expect(saved).toEqual({ code: EXIT.OK, doc: { savedTo: file } });
    expect(noNode).toEqual({
      code: EXIT.INVALID_INPUT,
      doc: { ...failure('INVALID_FLAGS'), problems: expect.any(Array) },
    });
  });

  it('export and migrate plan: { export, report } and the migration plan', async () => {
    const exported = await json('export', '--json', '--to', 'lattice', SHOPMESH);
    const missingFlags = await json('export', '--json', '--to', 'lattice', '--format', 'api', DJ);
    const planned = await json('migrate', 'plan', '--json', SHOPMESH);
    const empty = await json('migrate', 'plan', '--json', join(dir, 'nothing-here.json'));
    expect(exported.code).toBe(3);
    expect(exported.doc).toMatchObject({
      export: { Resources: expect.any(Object) },
      report: { clean: false },
    });
    expect(missingFlags).toEqual({ code: EXIT.INVALID_INPUT, doc: failure('MIGRATE_FLAGS') });
    expect(planned.code).toBe(EXIT.OK);
    expect(planned.doc).toMatchObject({
      meshName: 'shopmesh',
      target: 'lattice',
      services: expect.any(Array),
    });
    expect(empty.code).toBe(EXIT.INVALID_INPUT);
    expect(empty.doc).toMatchObject({
      ...failure('INVALID_MODEL'),
      issues: [expect.objectContaining({ code: 'FILE_NOT_FOUND' })],
    });
  });
});

describe('long-running commands print JSON lines', () => {
  it('local: a ready line with the endpoint and the SDK client configuration, a stopped line with stats', async () => {
    const lines: string[] = [];
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => {
      stop = resolve;
    });
    const ready = new Promise<LocalEndpoint>((resolve) => {
      const program = new Command('meshplane').exitOverride();
      registerLocal(program, {
        waitForStop: () => stopped,
        onReady: resolve,
        write: (t) => lines.push(t),
        writeError: (t) => lines.push(`stderr: ${t}`),
      });
      void program.parseAsync([
        'node',
        'meshplane',
        'local',
        '--json',
        '--port',
        '0',
        '--region',
        'eu-west-1',
      ]);
    });
    const endpoint = await ready;
    await fetch(`${endpoint.url}/v20190125/meshes`);
    stop();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed[0]).toEqual({
      time: expect.any(String),
      event: 'ready',
      endpoint: endpoint.url,
      region: 'eu-west-1',
      state: null,
      faults: null,
      operations: { appMesh: expect.any(Number), cloudMap: expect.any(Number) },
      clients: {
        appMesh: { endpoint: endpoint.url, region: 'eu-west-1', credentials: expect.any(Object) },
        cloudMap: {
          endpoint: endpoint.url,
          region: 'eu-west-1',
          credentials: expect.any(Object),
          disableHostPrefix: true,
        },
      },
    });
    expect(parsed[1]).toEqual({
      time: expect.any(String),
      event: 'stopped',
      stats: { calls: 1, writes: 0, reads: 1 },
    });
  });

  it('xds serve: every line is JSON with time, level and msg; a bad flag is the failure document', async () => {
    const out: string[] = [];
    const output = { out: (t: string) => out.push(t), err: (t: string) => out.push(`stderr: ${t}`) };
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => {
      stop = resolve;
    });
    const program = new Command('meshplane').exitOverride();
    registerXds(program, { output, waitForStop: () => stopped, onReady: () => stop() });
    await program.parseAsync([
      'node',
      'meshplane',
      'xds',
      'serve',
      '--json',
      '--socket',
      join(dir, 'xds.sock'),
      SHOPMESH,
    ]);
    const bad: string[] = [];
    const badProgram = new Command('meshplane').exitOverride();
    registerXds(badProgram, { output: { out: (t) => bad.push(t), err: (t) => bad.push(t) } });
    await badProgram.parseAsync([
      'node',
      'meshplane',
      'xds',
      'serve',
      '--json',
      '--profile',
      'no such',
      SHOPMESH,
    ]);
    const code = process.exitCode;
    const lines = out
      .join('')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line).toMatchObject({
        time: expect.any(String),
        level: expect.any(String),
        msg: expect.any(String),
      });
    }
    expect(lines.some((l) => String(l.msg).startsWith('xDS control plane listening'))).toBe(true);
    expect(code).toBe(EXIT.INVALID_INPUT);
    expect(JSON.parse(bad.join(''))).toEqual({
      ...failure('INVALID_FLAGS'),
      problems: [
        'give --socket PATH, --listen HOST:PORT or both: where Envoys connect',
        '--profile "no such" is not a profile name of ~/.aws/config',
      ],
    });
  });
});
