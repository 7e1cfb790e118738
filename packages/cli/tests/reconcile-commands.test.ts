import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isLoopbackUrl, openMeshTarget, PLACEHOLDER_CREDENTIALS } from '../src/aws/mesh-target.js';
import { parseWriteRate, progressPrinter, registerApply } from '../src/commands/apply.js';
import { registerDestroy } from '../src/commands/destroy.js';
import { registerGraph } from '../src/commands/graph.js';
import { registerPlan } from '../src/commands/plan.js';
import { parseShiftArguments, registerShift } from '../src/commands/shift.js';
import { EXIT } from '../src/exit-codes.js';
import { DJ_MODEL, localEndpointPerTest, runCommands } from './support/run-cli.js';

const startEndpoint = localEndpointPerTest();
afterEach(() => {
  process.exitCode = undefined;
});

/** Runs one meshplane command in-process and returns its exit code and output. */
const run = (
  args: string[],
  destroyDeps: Parameters<typeof registerDestroy>[2] = { interactive: false },
  applyDeps: Parameters<typeof registerApply>[2] = {},
) =>
  runCommands(args, (program, output) => {
    registerPlan(program, output);
    registerApply(program, output, { isTTY: false, ...applyDeps });
    registerDestroy(program, output, { isTTY: false, ...destroyDeps });
    registerShift(program, output);
    registerGraph(program, output);
  });

async function tempModule(name: string, content: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'meshplane-cli-'));
  const file = join(dir, name);
  await writeFile(file, content);
  return file;
}

describe('meshplane apply / plan with --local --state', () => {
  it('builds the DJ app, then plan --detailed-exitcode exits 0', async () => {
    // Prepare
    const state = join(await mkdtemp(join(tmpdir(), 'meshplane-state-')), 'mesh.json');
    // Act
    const applied = await run(['apply', '--auto-approve', '--local', '--state', state, DJ_MODEL]);
    const planned = await run(['plan', '--local', '--state', state, '--detailed-exitcode', DJ_MODEL]);
    // Assess
    expect(applied.code).toBe(EXIT.OK);
    expect(applied.out).toContain('Plan: 12 to create, 0 to update, 0 to delete, 0 unchanged.');
    expect(applied.out).toContain('[12/12] created');
    expect(planned.code).toBe(EXIT.OK);
    expect(planned.out).toContain('No changes. 12 resource(s) in dj-app match the model.');
  });

  it('plan --local without state shows creates and exits 3 with --detailed-exitcode', async () => {
    // Act
    const planned = await run(['plan', '--local', '--detailed-exitcode', '--json', DJ_MODEL]);
    // Assess
    expect(planned.code).toBe(EXIT.CHANGES);
    const json = JSON.parse(planned.out) as { summary: { create: number }; changes: { id: string }[] };
    expect(json.summary.create).toBe(12);
    expect(json.changes[0]?.id).toBe('create:mesh:dj-app');
  });

  it('exits 0 for a plan with changes without --detailed-exitcode', async () => {
    // Act
    const planned = await run(['plan', '--local', DJ_MODEL]);
    // Assess
    expect(planned.code).toBe(EXIT.OK);
    expect(planned.out).toContain('+ create mesh:dj-app (the mesh does not exist)');
  });
});

describe('meshplane against --endpoint', () => {
  it('shift moves the weights with exactly one write, and plan then shows the field diff', async () => {
    // Prepare
    const local = await startEndpoint();
    await run(['apply', '--auto-approve', '--endpoint', local.url, DJ_MODEL]);
    local.resetStats();
    // Act
    const shifted = await run([
      'shift',
      '--endpoint',
      local.url,
      'dj-app/jazz-router/jazz-route',
      'jazz-v1=90',
      'jazz-v2=10',
    ]);
    const writes = local.stats().writes;
    const planned = await run(['plan', '--endpoint', local.url, '--detailed-exitcode', DJ_MODEL]);
    // Assess
    expect(shifted.code).toBe(EXIT.OK);
    expect(shifted.out).toBe(
      'dj-app/jazz-router/jazz-route: jazz-v1 100 → 90, jazz-v2 0 → 10 (1 UpdateRoute)\n',
    );
    expect(writes).toBe(1);
    expect(planned.code).toBe(EXIT.CHANGES);
    expect(planned.out).toContain('spec.httpRoute.action.weightedTargets[0].weight: 90 → 100');
  });

  it('shift refuses bad weights with exit 2 and writes nothing', async () => {
    // Prepare
    const local = await startEndpoint();
    await run(['apply', '--auto-approve', '--endpoint', local.url, DJ_MODEL]);
    local.resetStats();
    // Act
    const shifted = await run([
      'shift',
      '--endpoint',
      local.url,
      'dj-app/jazz-router/jazz-route',
      'jazz-v1=90',
      'jazz-v2=20',
    ]);
    // Assess
    expect(shifted.code).toBe(EXIT.INVALID_INPUT);
    expect(shifted.err).toContain('total 110 must be from 1 to 100');
    expect(local.stats().writes).toBe(0);
  });

  it('shift on a route that does not exist fails with exit 1 and the API error', async () => {
    // Prepare
    const local = await startEndpoint();
    // Act
    const shifted = await run([
      'shift',
      '--endpoint',
      local.url,
      'dj-app/jazz-router/jazz-route',
      'jazz-v1=90',
    ]);
    // Assess
    expect(shifted.code).toBe(EXIT.FAILED);
    expect(shifted.err).toContain('NotFoundException');
  });

  it('rejects an invalid model with exit 2 before any API call', async () => {
    // Prepare
    const local = await startEndpoint();
    const file = await tempModule(
      'bad.mjs',
      `export default { resources: [
        { kind: 'mesh', meshName: 'm', name: 'm', spec: {} },
        { kind: 'virtualRouter', meshName: 'm', name: 'r', spec: { listeners: [{ portMapping: { port: 80, protocol: 'http' } }] } },
        { kind: 'route', meshName: 'm', virtualRouterName: 'r', name: 'x', spec: { httpRoute: { match: { prefix: '/' }, action: { weightedTargets: [{ virtualNode: 'missing', weight: 101 }] } } } },
      ] };\n`,
    );
    // Act
    const planned = await run(['plan', '--endpoint', local.url, '--detailed-exitcode', file]);
    const applied = await run(['apply', '--auto-approve', '--endpoint', local.url, file]);
    // Assess
    expect(planned.code).toBe(EXIT.INVALID_INPUT);
    expect(applied.code).toBe(EXIT.INVALID_INPUT);
    expect(planned.err).toContain('missing');
    expect(local.stats().calls).toBe(0);
  });

  it('destroy refuses without --yes when stdin is not a terminal, and deletes with --yes (reading tags: what meshplane manages)', async () => {
    // Prepare
    const local = await startEndpoint();
    await run(['apply', '--auto-approve', '--endpoint', local.url, DJ_MODEL]);
    // Act
    const refused = await run(['destroy', '--endpoint', local.url, DJ_MODEL]);
    const tagReads = local.stats().byOperation.ListTagsForResource ?? 0;
    const destroyed = await run(['destroy', '--endpoint', local.url, '--yes', DJ_MODEL]);
    const tagReadsByDestroy = (local.stats().byOperation.ListTagsForResource ?? 0) - tagReads;
    const planned = await run(['plan', '--endpoint', local.url, '--json', DJ_MODEL]);
    // Assess
    expect(refused.code).toBe(EXIT.INVALID_INPUT);
    expect(refused.err).toContain('needs --yes');
    expect(destroyed.code).toBe(EXIT.OK);
    expect(destroyed.out).toContain('Destroyed: 12 resource(s) of dj-app.');
    expect(tagReadsByDestroy).toBe(12);
    expect(JSON.parse(planned.out).summary.create).toBe(12);
  });

  it('destroy of a model that does not declare its mesh deletes only what it lists, never the mesh', async () => {
    // Prepare: the DJ app, and a model (like controller YAML) that only puts one node in dj-app.
    const local = await startEndpoint();
    await run(['apply', '--auto-approve', '--endpoint', local.url, DJ_MODEL]);
    const file = await tempModule(
      'one-node.mjs',
      `export default { resources: [
        { kind: 'virtualNode', meshName: 'dj-app', name: 'dj', spec: { listeners: [{ portMapping: { port: 9080, protocol: 'http' } }], serviceDiscovery: { dns: { hostname: 'dj.local' } } } },
      ] };\n`,
    );
    // Act
    const destroyed = await run(['destroy', '--endpoint', local.url, '--yes', file]);
    const again = await run(['destroy', '--endpoint', local.url, '--yes', file]);
    const planned = await run(['plan', '--endpoint', local.url, '--json', DJ_MODEL]);
    // Assess
    expect(destroyed.code).toBe(EXIT.OK);
    expect(destroyed.out).toContain('delete virtualNode:dj-app/dj ');
    expect(destroyed.out).toContain('Destroyed: 1 resource(s) of dj-app.');
    expect(again.out).toContain('Nothing to destroy: nothing the model owns was found in mesh dj-app.');
    expect(JSON.parse(planned.out).summary).toMatchObject({ create: 1, delete: 0, unchanged: 11 });
  });

  it('destroy asks on a terminal and deletes nothing when the answer is no', async () => {
    // Prepare
    const local = await startEndpoint();
    await run(['apply', '--auto-approve', '--endpoint', local.url, DJ_MODEL]);
    const questions: string[] = [];
    local.resetStats();
    // Act
    const declined = await run(['destroy', '--endpoint', local.url, DJ_MODEL], {
      interactive: true,
      confirm: async (q) => {
        questions.push(q);
        return false;
      },
    });
    // Assess
    expect(declined.code).toBe(EXIT.FAILED);
    expect(questions[0]).toContain('Delete 12 resource(s) of mesh dj-app?');
    expect(local.stats().writes).toBe(0);
  });

  it('plan --detailed-exitcode exits 1 when the API refuses the call', async () => {
    // Prepare: an endpoint that answers every call with a modelled, non-retryable error.
    const server = createServer((_req, res) => {
      res.writeHead(403, { 'content-type': 'application/json', 'x-amzn-errortype': 'ForbiddenException' });
      res.end(JSON.stringify({ message: 'not allowed to describe meshes' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      // Act
      const planned = await run([
        'plan',
        '--endpoint',
        `http://127.0.0.1:${port}`,
        '--detailed-exitcode',
        DJ_MODEL,
      ]);
      // Assess
      expect(planned.code).toBe(EXIT.FAILED);
      expect(planned.err).toContain('ForbiddenException: not allowed to describe meshes');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('exits 2 on bad flag values, before any API call', async () => {
    // Act
    const concurrency = await run(['apply', '--auto-approve', '--local', '--concurrency', '0', DJ_MODEL]);
    const writeRate = await run(['apply', '--auto-approve', '--local', '--write-rate', 'fast', DJ_MODEL]);
    const format = await run(['graph', DJ_MODEL, '--format', 'svg']);
    // Assess
    expect([concurrency.code, writeRate.code, format.code]).toEqual([2, 2, 2]);
    expect(concurrency.err).toContain('--concurrency must be a whole number from 1 to 64, got "0"');
    expect(writeRate.err).toContain('--write-rate must be RATE or RATE/BURST');
    expect(format.err).toContain('--format must be mermaid or dot, got "svg"');
  });

  it('apply stops starting changes when interrupted, and a second apply finishes', async () => {
    // Prepare
    const local = await startEndpoint();
    // Act
    const interrupted = await run(['apply', '--auto-approve', '--endpoint', local.url, DJ_MODEL], undefined, {
      interrupt: AbortSignal.abort(),
    });
    const writes = local.stats().writes;
    const finished = await run(['apply', '--auto-approve', '--endpoint', local.url, DJ_MODEL]);
    // Assess
    expect(interrupted.code).toBe(EXIT.FAILED);
    expect(interrupted.err).toContain('interrupted: 12 change(s) not started; run apply again to finish');
    expect(writes).toBe(0);
    expect(finished.code).toBe(EXIT.OK);
  });

  it('rejects --local together with --endpoint with exit 2', async () => {
    // Act
    const planned = await run(['plan', '--local', '--endpoint', 'http://127.0.0.1:1', DJ_MODEL]);
    // Assess
    expect(planned.code).toBe(EXIT.INVALID_INPUT);
    expect(planned.err).toContain('--local and --endpoint cannot be used together');
  });
});

describe('meshplane graph', () => {
  it('draws the DJ app as Mermaid with route weights and backends', async () => {
    // Act
    const drawn = await run(['graph', DJ_MODEL]);
    // Assess
    expect(drawn.code).toBe(EXIT.OK);
    expect(drawn.out).toMatch(/^flowchart LR\n/);
    expect(drawn.out).toContain('{{"jazz-router"}}');
    expect(drawn.out).toContain('|"jazz-route 100%"|');
    expect(drawn.out).toContain('-.->|backend|');
  });

  it('draws DOT with --format dot', async () => {
    // Act
    const drawn = await run(['graph', DJ_MODEL, '--format', 'dot']);
    // Assess
    expect(drawn.out).toMatch(/^digraph mesh \{/);
    expect(drawn.out).toContain('[label="metal-route 0%"]');
    expect(drawn.out).toContain('style=dashed');
  });

  it('marks a missing route target and still draws', async () => {
    // Prepare
    const file = await tempModule(
      'dangling.mjs',
      `export default { resources: [
        { kind: 'mesh', meshName: 'm', name: 'm', spec: {} },
        { kind: 'virtualRouter', meshName: 'm', name: 'r', spec: { listeners: [{ portMapping: { port: 80, protocol: 'http' } }] } },
        { kind: 'route', meshName: 'm', virtualRouterName: 'r', name: 'x', spec: { httpRoute: { match: { prefix: '/' }, action: { weightedTargets: [{ virtualNode: 'ghost', weight: 1 }] } } } },
      ] };\n`,
    );
    // Act
    const drawn = await run(['graph', file]);
    // Assess
    expect(drawn.code).toBe(EXIT.OK);
    expect(drawn.out).toContain('"ghost (missing)"');
    expect(drawn.err).toContain('ghost');
  });

  it('exits 2 on a file that does not exist', async () => {
    // Act
    const drawn = await run(['graph', '/nonexistent/model.json']);
    // Assess
    expect(drawn.code).toBe(EXIT.INVALID_INPUT);
  });
});

describe('argument parsing', () => {
  it('parses shift arguments and reports every problem', () => {
    // Act / Assess
    expect(parseShiftArguments('dj-app/jazz-router/jazz-route', ['jazz-v1=90', 'jazz-v2=10'])).toEqual({
      meshName: 'dj-app',
      virtualRouterName: 'jazz-router',
      routeName: 'jazz-route',
      weights: { 'jazz-v1': 90, 'jazz-v2': 10 },
    });
    expect(parseShiftArguments('dj-app/jazz-router', ['jazz-v1=x', 'jazz-v2'])).toEqual([
      'route "dj-app/jazz-router" must be <mesh>/<router>/<route>, e.g. dj-app/jazz-router/jazz-route',
      '"jazz-v1=x" must be target=weight with a whole-number weight from 0 to 100, e.g. jazz-v2=10',
      '"jazz-v2" must be target=weight with a whole-number weight from 0 to 100, e.g. jazz-v2=10',
    ]);
  });

  it('parses --write-rate', () => {
    // Act / Assess
    expect(parseWriteRate('8/5')).toEqual({ rate: 8, burst: 5 });
    expect(parseWriteRate('2.5')).toEqual({ rate: 2.5, burst: 1 });
    expect(() => parseWriteRate('0/5')).toThrow(/RATE > 0/);
  });
});

describe('apply progress', () => {
  const change = { id: 'create:mesh:m', key: 'mesh:m' } as never;

  it('redraws one line on a terminal and ends it with a newline', () => {
    // Prepare
    const out: string[] = [];
    const onEvent = progressPrinter({ out: (t) => out.push(t), err: (t) => out.push(`ERR ${t}`) }, true);
    // Act
    onEvent({ type: 'apply-start', total: 2 });
    onEvent({ type: 'change-done', change, outcome: 'created', writes: 1 });
    onEvent({ type: 'change-done', change, outcome: 'adopted', writes: 0 });
    onEvent({ type: 'apply-done', result: { outcomes: {}, failed: [], skipped: [], writes: 1 } });
    // Assess
    expect(out).toEqual(['\r\x1b[2K[1/2] created mesh:m', '\r\x1b[2K[2/2] adopted mesh:m', '\n']);
  });

  it('prints plain lines otherwise, failures on stderr', () => {
    // Prepare
    const out: string[] = [];
    const onEvent = progressPrinter({ out: (t) => out.push(t), err: (t) => out.push(`ERR ${t}`) }, false);
    // Act
    onEvent({ type: 'apply-start', total: 2 });
    onEvent({ type: 'change-done', change, outcome: 'created', writes: 1 });
    onEvent({
      type: 'change-failed',
      change,
      error: Object.assign(new Error('boom'), { name: 'BadRequestException' }),
    });
    // Assess
    expect(out).toEqual(['[1/2] created mesh:m\n', 'ERR [2/2] FAILED mesh:m: BadRequestException: boom\n']);
  });
});

describe('client setup', () => {
  it('recognises loopback endpoints', () => {
    // Act / Assess
    expect(isLoopbackUrl('http://127.0.0.1:4566')).toBe(true);
    expect(isLoopbackUrl('http://localhost:4566')).toBe(true);
    expect(isLoopbackUrl('http://[::1]:4566')).toBe(true);
    expect(isLoopbackUrl('https://appmesh.us-east-1.amazonaws.com')).toBe(false);
  });

  it('uses placeholder credentials and us-east-1 against a loopback endpoint with no credentials configured', async () => {
    // Act
    const target = await openMeshTarget({ endpoint: 'http://127.0.0.1:4566' }, {});
    const credentials = await target.client.config.credentials();
    const region = await target.client.config.region();
    await target.close();
    // Assess
    expect(credentials).toMatchObject(PLACEHOLDER_CREDENTIALS);
    expect(region).toBe('us-east-1');
  });

  it('keeps credentials from the environment against a loopback endpoint', async () => {
    // Act
    const target = await openMeshTarget(
      { endpoint: 'http://127.0.0.1:4566', region: 'eu-west-1' },
      { AWS_ACCESS_KEY_ID: '111122223333', AWS_SECRET_ACCESS_KEY: 'secret' },
    );
    const region = await target.client.config.region();
    await target.close();
    // Assess
    expect(region).toBe('eu-west-1');
    expect(target.loopback).toBe(true);
  });

  it('reports every bad flag at once', async () => {
    // Act
    const act = openMeshTarget({ endpoint: 'not a url', state: 'f.json', region: 'mars' });
    // Assess
    await expect(act).rejects.toThrow(
      /--state f.json needs --local.*"not a url" is not a URL.*"mars" is not a region/,
    );
  });
});
