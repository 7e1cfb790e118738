import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppMeshClient, CreateVirtualNodeCommand, ListMeshesCommand } from '@aws-sdk/client-app-mesh';
import { plan } from '@meshplane/core/appmesh';
import { localClients } from '@meshplane/local/clients';
import { afterEach, describe, expect, it } from 'vitest';
import { targetErrorHint } from '../src/aws/error-hints.js';
import { type RetryNotice, watchRetries } from '../src/aws/retry-notices.js';
import { registerApply } from '../src/commands/apply.js';
import { registerDestroy } from '../src/commands/destroy.js';
import { registerPlan } from '../src/commands/plan.js';
import { changedSince } from '../src/commands/saved-plan.js';
import { registerShift } from '../src/commands/shift.js';
import { EXIT } from '../src/exit-codes.js';
import { colorEnabled, formatPlan } from '../src/output/plan-format.js';
import { announceSlowStep, terminalProgress } from '../src/output/progress.js';
import { DJ_MODEL, localEndpointPerTest, runCommands } from './support/run-cli.js';

const startEndpoint = localEndpointPerTest();
afterEach(() => {
  process.exitCode = undefined;
});

const run = (args: string[], deps: Parameters<typeof registerApply>[2] = { interactive: false }) =>
  runCommands(args, (program, output) => {
    registerPlan(program, output);
    registerApply(program, output, { isTTY: false, ...deps });
    registerDestroy(program, output, { isTTY: false, ...deps });
    registerShift(program, output);
  });

/** Confirmation dependencies of a terminal that answers `answer`, recording each question asked. */
const answeringInto = (questions: string[]) => (answer: boolean) => ({
  interactive: true,
  confirm: async (q: string) => {
    questions.push(q);
    return answer;
  },
});

describe('apply asks before it changes anything', () => {
  it('refuses without a terminal and without --auto-approve, and changes nothing', async () => {
    // Prepare
    const local = await startEndpoint();
    // Act
    const refused = await run(['apply', '--endpoint', local.url, DJ_MODEL]);
    // Assess
    expect(refused.code).toBe(EXIT.INVALID_INPUT);
    expect(refused.err).toContain('apply needs --auto-approve when stdin is not a terminal');
    expect(local.stats().writes).toBe(0);
  });

  it('on a terminal, applies only after "yes"; any other answer cancels with nothing written', async () => {
    // Prepare
    const local = await startEndpoint();
    const questions: string[] = [];
    const answering = answeringInto(questions);
    // Act
    const cancelled = await run(['apply', '--endpoint', local.url, DJ_MODEL], answering(false));
    const writesAfterNo = local.stats().writes;
    const applied = await run(['apply', '--endpoint', local.url, DJ_MODEL], answering(true));
    // Assess
    expect(cancelled.code).toBe(EXIT.FAILED);
    expect(cancelled.err).toContain('apply cancelled: nothing was changed');
    expect(writesAfterNo).toBe(0);
    expect(questions[0]).toBe('Apply 12 change(s) to mesh dj-app? Type "yes" to go on: ');
    expect(applied.code).toBe(EXIT.OK);
    expect(applied.out).toContain('[12/12] created');
  });

  it('destroy takes --auto-approve as apply does', async () => {
    // Prepare
    const local = await startEndpoint();
    await run(['apply', '--auto-approve', '--endpoint', local.url, DJ_MODEL]);
    // Act
    const destroyed = await run(['destroy', '--auto-approve', '--endpoint', local.url, DJ_MODEL]);
    // Assess
    expect(destroyed.code).toBe(EXIT.OK);
    expect(destroyed.out).toContain('Destroyed: 12 resource(s) of dj-app.');
  });
});

describe('meshplane deletes only what it manages', () => {
  it('leaves a resource it did not create, lists it as unmanaged, and deletes it only with --prune-unmanaged', async () => {
    // Prepare
    const local = await startEndpoint();
    await run(['apply', '--auto-approve', '--endpoint', local.url, DJ_MODEL]);
    const { appMesh, destroy } = localClients(local);
    await appMesh.send(
      new CreateVirtualNodeCommand({ meshName: 'dj-app', virtualNodeName: 'outsider', spec: {} }),
    );
    destroy();
    // Act
    const planned = await run(['plan', '--endpoint', local.url, '--detailed-exitcode', DJ_MODEL]);
    const json = JSON.parse((await run(['plan', '--json', '--endpoint', local.url, DJ_MODEL])).out) as {
      unmanaged: string[];
    };
    const pruned = await run([
      'apply',
      '--auto-approve',
      '--prune-unmanaged',
      '--endpoint',
      local.url,
      DJ_MODEL,
    ]);
    // Assess
    expect(planned.code).toBe(EXIT.OK);
    expect(planned.out).toContain('Not managed by meshplane (no meshplane:managed tag), left as they are');
    expect(planned.out).toContain('= virtualNode:dj-app/outsider');
    expect(json.unmanaged).toEqual(['virtualNode:dj-app/outsider']);
    expect(pruned.code).toBe(EXIT.OK);
    expect(pruned.out).toContain('- delete virtualNode:dj-app/outsider');
  });
});

describe('plan --out FILE, apply FILE', () => {
  it('applies exactly the saved plan with --auto-approve, and then nothing is left to do', async () => {
    // Prepare
    const local = await startEndpoint();
    const file = join(await mkdtemp(join(tmpdir(), 'meshplane-plan-')), 'dj.plan');
    // Act
    const planned = await run(['plan', '--out', file, '--endpoint', local.url, DJ_MODEL]);
    const saved = JSON.parse(await readFile(file, 'utf8')) as {
      format: string;
      plan: { changes: unknown[] };
    };
    const applied = await run(['apply', '--auto-approve', '--endpoint', local.url, file]);
    const after = await run(['plan', '--endpoint', local.url, '--detailed-exitcode', DJ_MODEL]);
    // Assess
    expect(planned.code).toBe(EXIT.OK);
    expect(planned.out).toContain(`Saved the plan to ${file}`);
    expect(saved.format).toBe('meshplane-plan/1');
    expect(saved.plan.changes).toHaveLength(12);
    expect(applied.code).toBe(EXIT.OK);
    expect(applied.out).toContain('[12/12] created');
    expect(after.code).toBe(EXIT.OK);
  });

  it('refuses a saved plan when a resource changed since (by its App Mesh version), writing nothing', async () => {
    // Prepare
    const local = await startEndpoint();
    await run(['apply', '--auto-approve', '--endpoint', local.url, DJ_MODEL]);
    const file = join(await mkdtemp(join(tmpdir(), 'meshplane-plan-')), 'dj.plan');
    await run([
      'shift',
      '--endpoint',
      local.url,
      'dj-app/jazz-router/jazz-route',
      'jazz-v1=90',
      'jazz-v2=10',
    ]);
    await run(['plan', '--out', file, '--endpoint', local.url, DJ_MODEL]);
    await run([
      'shift',
      '--endpoint',
      local.url,
      'dj-app/jazz-router/jazz-route',
      'jazz-v1=50',
      'jazz-v2=50',
    ]);
    local.resetStats();
    // Act
    const refused = await run(['apply', '--auto-approve', '--endpoint', local.url, file]);
    // Assess
    expect(refused.code).toBe(EXIT.FAILED);
    expect(refused.err).toContain('the mesh changed since the plan was made');
    expect(refused.err).toContain('route:dj-app/jazz-router/jazz-route: version 2 → 3');
    expect(local.stats().writes).toBe(0);
  });

  it('asks on a terminal before applying a saved plan, as for a model: "no" writes nothing, "yes" applies it', async () => {
    // Prepare
    const local = await startEndpoint();
    const file = join(await mkdtemp(join(tmpdir(), 'meshplane-plan-')), 'dj.plan');
    await run(['plan', '--out', file, '--endpoint', local.url, DJ_MODEL]);
    const questions: string[] = [];
    const answering = answeringInto(questions);
    // Act
    const cancelled = await run(['apply', '--endpoint', local.url, file], answering(false));
    const writesAfterNo = local.stats().writes;
    const applied = await run(['apply', '--endpoint', local.url, file], answering(true));
    // Assess
    expect(cancelled.code).toBe(EXIT.FAILED);
    expect(cancelled.out).toContain('+ create virtualNode:dj-app/jazz-v1');
    expect(cancelled.err).toContain('apply cancelled: nothing was changed');
    expect(writesAfterNo).toBe(0);
    expect(questions).toEqual([
      `Apply 12 change(s) to mesh dj-app (saved plan ${file})? Type "yes" to go on: `,
      `Apply 12 change(s) to mesh dj-app (saved plan ${file})? Type "yes" to go on: `,
    ]);
    expect(applied.code).toBe(EXIT.OK);
    expect(applied.out).toContain('[12/12] created');
  });

  it('refuses a saved plan without a terminal and without --auto-approve, reading nothing', async () => {
    // Prepare
    const local = await startEndpoint();
    const file = join(await mkdtemp(join(tmpdir(), 'meshplane-plan-')), 'dj.plan');
    await run(['plan', '--out', file, '--endpoint', local.url, DJ_MODEL]);
    local.resetStats();
    // Act
    const refused = await run(['apply', '--endpoint', local.url, file]);
    const json = await run(['apply', '--json', '--endpoint', local.url, file]);
    // Assess
    expect(refused.code).toBe(EXIT.INVALID_INPUT);
    expect(refused.err).toContain('apply needs --auto-approve when stdin is not a terminal');
    expect(refused.err).toContain(
      `hint: review the saved plan, then run \`meshplane apply --auto-approve ${file}\``,
    );
    expect(JSON.parse(json.out)).toEqual({
      ok: false,
      error: {
        code: 'NEEDS_APPROVAL',
        message: expect.stringContaining('apply needs --auto-approve'),
        hint: expect.stringContaining('review the saved plan'),
      },
    });
    expect(local.stats().calls).toBe(0);
  });

  it('refuses a file that claims to be a saved plan but is not usable (exit 2)', async () => {
    // Prepare
    const file = join(await mkdtemp(join(tmpdir(), 'meshplane-plan-')), 'bad.plan');
    await writeFile(file, JSON.stringify({ format: 'meshplane-plan/1', plan: {} }));
    // Act
    const refused = await run(['apply', '--local', file]);
    // Assess
    expect(refused.code).toBe(EXIT.INVALID_INPUT);
    expect(refused.err).toContain('a saved plan needs plan.meshes, plan.changes and versions');
  });

  it('changedSince names resources created, deleted, re-versioned or retagged since', () => {
    // Act
    const lines = changedSince(
      {
        'mesh:m': { version: 1, resource: 'a' },
        'virtualNode:m/a': { version: 1, resource: 'a' },
        'virtualNode:m/t': { version: 1, resource: 'a' },
      },
      {
        'mesh:m': { version: 2, resource: 'a' },
        'virtualNode:m/b': { version: 1, resource: 'a' },
        'virtualNode:m/t': { version: 1, resource: 'b' },
      },
    );
    // Assess
    expect(lines).toEqual([
      'mesh:m: version 1 → 2',
      'virtualNode:m/a: deleted since the plan was made',
      'virtualNode:m/b: created since the plan was made',
      'virtualNode:m/t: changed (tags or spec) since the plan was made',
    ]);
  });
});

describe('the plan for people', () => {
  const mesh = { kind: 'mesh' as const, meshName: 'm', name: 'm', spec: {} };
  const node = (hosts: string[]) => ({
    kind: 'virtualNode' as const,
    meshName: 'm',
    name: 'n',
    spec: {
      listeners: [{ portMapping: { port: 8080, protocol: 'http' as const } }],
      serviceDiscovery: { dns: { hostname: 'n.local' } },
      backends: hosts.map((virtualServiceName) => ({ virtualService: { virtualServiceName } })),
    },
  });

  it('lists the fields a create sets, and colours only when asked', () => {
    // Act
    const p = plan({ resources: [mesh, node([])] }, { resources: [] });
    const plain = formatPlan(p);
    const coloured = formatPlan(p, { color: true });
    // Assess
    expect(plain).toContain('  + create virtualNode:m/n (not found in mesh m)\n');
    expect(plain).toContain('spec.serviceDiscovery.dns.hostname = "n.local"');
    expect(plain).not.toContain('\x1b[');
    expect(coloured).toContain('\x1b[32m+ create virtualNode:m/n\x1b[0m');
  });

  it('NO_COLOR and TERM=dumb turn colour off; a pipe never has it', () => {
    expect(colorEnabled({ isTTY: true }, {})).toBe(true);
    expect(colorEnabled({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(colorEnabled({ isTTY: true }, { TERM: 'dumb' })).toBe(false);
    expect(colorEnabled({ isTTY: false }, {})).toBe(false);
  });

  it('a changed list prints over several lines, before and after', () => {
    // Prepare
    const before = node(['a.very.long.service.name.local', 'b.very.long.service.name.local']);
    const after = node([
      'a.very.long.service.name.local',
      'c.very.long.service.name.local',
      'd.very.long.service.name.local',
    ]);
    // Act
    const text = formatPlan(plan({ resources: [mesh, after] }, { resources: [mesh, before] }));
    // Assess
    expect(text).toContain('~ update virtualNode:m/n');
    expect(text.split('\n').filter((l) => l.includes('service.name.local')).length).toBeGreaterThan(1);
  });
});

describe('diagnostics that say what was tried and what to do', () => {
  // The target flags of plan, apply, destroy and shift (tests/target-error-hints.test.ts runs each).
  const PLAN_FLAGS = new Set(['--endpoint', '--local', '--state', '--region', '--profile', '--json']);

  it('a refused connection names the endpoint and meshplane local', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6374'), { code: 'ECONNREFUSED' });
    const hint = targetErrorHint(refused, { endpointUrl: 'http://127.0.0.1:6374' }, PLAN_FLAGS);
    expect(hint).toContain('nothing answers at http://127.0.0.1:6374');
    expect(hint).toContain('meshplane local --port 6374');
    expect(hint).toContain('--local');
  });

  it('an unknown host names the host and the region, and says --region, --endpoint, --local', () => {
    const cause = Object.assign(new Error('getaddrinfo ENOTFOUND appmesh.us-eats-1.amazonaws.com'), {
      code: 'ENOTFOUND',
      hostname: 'appmesh.us-eats-1.amazonaws.com',
    });
    const hint = targetErrorHint(new Error('request failed', { cause }), { region: 'us-eats-1' }, PLAN_FLAGS);
    expect(hint).toContain('cannot resolve appmesh.us-eats-1.amazonaws.com');
    expect(hint).toContain('region us-eats-1');
    expect(hint).toContain('--region');
    expect(hint).toContain('--endpoint');
  });

  it('a missing region and missing credentials say --region, --profile and --local', () => {
    const region = targetErrorHint(new Error('Region is missing'), {}, PLAN_FLAGS);
    const credentials = targetErrorHint(
      Object.assign(new Error('Could not load credentials from any providers'), {
        name: 'CredentialsProviderError',
      }),
      { region: 'us-east-1', profile: 'dev' },
      PLAN_FLAGS,
    );
    expect(region).toContain('pass --region');
    expect(region).toContain('--local');
    expect(credentials).toContain('https://appmesh.us-east-1.amazonaws.com, region us-east-1, profile dev');
    expect(credentials).toContain('--profile NAME');
    expect(
      targetErrorHint(Object.assign(new Error('no route'), { name: 'NotFoundException' }), {}, PLAN_FLAGS),
    ).toBeUndefined();
  });

  it('a throttled call shows as "<Operation> throttled, retry N/M" before each retry', async () => {
    // Prepare: an endpoint that throttles the first call, then answers.
    let calls = 0;
    const server = createServer((req, res) => {
      req.resume();
      calls++;
      if (calls === 1) {
        res.writeHead(429, {
          'content-type': 'application/json',
          'x-amzn-errortype': 'TooManyRequestsException',
        });
        res.end(JSON.stringify({ message: 'Rate exceeded' }));
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ meshes: [] }));
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const client = new AppMeshClient({
      endpoint: url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      maxAttempts: 3,
    });
    const notices: RetryNotice[] = [];
    watchRetries(client, (n) => notices.push(n));
    try {
      // Act
      await client.send(new ListMeshesCommand({}));
    } finally {
      client.destroy();
      server.close();
    }
    // Assess
    expect(notices).toEqual([{ operation: 'ListMeshes', reason: 'throttled', attempt: 2, maxAttempts: 3 }]);
  });

  it('progress lines go to stderr on a terminal only, and a step under the delay says nothing', async () => {
    const lines: string[] = [];
    const output = { out: () => {}, err: (t: string) => lines.push(t) };
    terminalProgress(output, false)('hidden');
    terminalProgress(output, true)('shown');
    const quick = await announceSlowStep(terminalProgress(output, true), 'slow…', async () => 7, 60_000);
    const slow = await announceSlowStep(
      terminalProgress(output, true),
      'reading mesh m…',
      () => new Promise((resolve) => setTimeout(() => resolve(8), 50)),
      0,
    );
    expect([quick, slow]).toEqual([7, 8]);
    expect(lines).toEqual(['shown\n', 'reading mesh m…\n']);
  });
});
