import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { registerXds } from '../src/commands/xds.js';
import { EXIT } from '../src/exit-codes.js';
import { DJ_MODEL as djApp, runCommands } from './support/run-cli.js';

/** Runs `meshplane xds render …` in-process; returns stdout, stderr and the exit code. */
async function render(...args: string[]) {
  const run = await runCommands(['xds', 'render', ...args], (program, output) =>
    registerXds(program, { output }),
  );
  return { stdout: run.out, stderr: run.err, code: run.code };
}

describe('meshplane xds render', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'xds-render-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  afterEach(() => {
    process.exitCode = undefined;
  });

  it("prints the dj node's resources in config_dump shape, with EDS from --endpoints", async () => {
    // Prepare
    const endpoints = join(dir, 'endpoints.json');
    await writeFile(
      endpoints,
      JSON.stringify({
        'prod.svc.cluster.local/jazz': [
          { address: '10.0.1.7', port: 9080, health: 'HEALTHY', attributes: { version: 'v1' } },
          { address: '10.0.1.8', port: 9080, attributes: { version: 'v2' } },
        ],
      }),
    );
    // Act
    const { stdout, stderr, code } = await render(
      '--node',
      'mesh/dj-app/virtualNode/dj',
      djApp,
      '--endpoints',
      endpoints,
    );
    const dump = JSON.parse(stdout) as { configs: { '@type': string }[] };
    // Assess
    expect(code).toBe(EXIT.OK);
    expect(stderr).toBe('');
    expect(dump.configs.map((c) => c['@type'].split('.').at(-1))).toContain('ListenersConfigDump');
    expect(stdout).toContain('lds_egress_0.0.0.0_15001');
    expect(stdout).toContain('rds_egress_http_15001');
    expect(stdout).toContain('cds_egress_dj-app_jazz-v1_http_9080');
    expect(stdout).toContain('10.0.1.7');
    expect(stdout).not.toContain('10.0.1.9');
  });

  it('renders the same bytes twice (deterministic)', async () => {
    // Act
    const a = await render('--node', 'mesh/dj-app/virtualNode/jazz-v1', djApp);
    const b = await render('--node', 'mesh/dj-app/virtualNode/jazz-v1', djApp);
    // Assess
    expect(a.code).toBe(EXIT.OK);
    expect(a.stdout).toBe(b.stdout);
  });

  it('moves the listeners with --ingress-port, --egress-port and --listener-address (names follow)', async () => {
    // Act
    const moved = await render(
      '--node',
      'mesh/dj-app/virtualNode/dj',
      djApp,
      '--egress-port',
      '16001',
      '--ingress-port',
      '16000',
      '--listener-address',
      '127.0.0.1',
    );
    const bad = await render(
      '--node',
      'mesh/dj-app/virtualNode/dj',
      djApp,
      '--egress-port',
      '0',
      '--listener-address',
      'here',
    );
    // Assess
    expect(moved.code).toBe(EXIT.OK);
    expect(moved.stdout).toContain('lds_egress_127.0.0.1_16001');
    expect(moved.stdout).toContain('lds_ingress_127.0.0.1_16000');
    expect(moved.stdout).toContain('rds_egress_http_16001');
    expect(bad.code).toBe(EXIT.INVALID_INPUT);
    expect(bad.stderr.split('\n').filter(Boolean)).toEqual([
      'error: --egress-port "0" must be a port from 1 to 65535',
      'error: --listener-address "here" must be an IP address, e.g. 0.0.0.0 or 127.0.0.1',
    ]);
  });

  it('exits 2 for a node not in the model, naming the nodes that are', async () => {
    // Act
    const { stdout, stderr, code } = await render('--node', 'mesh/dj-app/virtualNode/nope', djApp);
    // Assess
    expect(code).toBe(EXIT.INVALID_INPUT);
    expect(stdout).toBe('');
    expect(stderr).toContain('virtual node "nope" is not in mesh "dj-app"');
  });

  it('exits 2 on bad flags, each named with its value and rule', async () => {
    // Prepare
    const endpoints = join(dir, 'bad-endpoints.json');
    await writeFile(endpoints, JSON.stringify({ jazz: [{ address: '', port: 70000, health: 'GOOD' }] }));
    // Act
    const missing = await render(djApp);
    const bad = await render('--node', 'virtualNode/dj', djApp, '--endpoints', endpoints);
    // Assess
    expect(missing.code).toBe(EXIT.INVALID_INPUT);
    expect(missing.stderr).toContain('error: --node is required');
    expect(bad.code).toBe(EXIT.INVALID_INPUT);
    expect(bad.stderr.split('\n').filter(Boolean)).toEqual([
      'error: --node "virtualNode/dj" must be mesh/<mesh>/virtualNode/<node> or mesh/<mesh>/virtualGateway/<gateway> (or its ARN), as APPMESH_RESOURCE_ARN',
      `error: --endpoints ${endpoints}: key "jazz" must be <namespace>/<service>`,
      `error: --endpoints ${endpoints}: jazz[0].address "" must be an IP address`,
      `error: --endpoints ${endpoints}: jazz[0].port 70000 must be a port from 1 to 65535`,
      `error: --endpoints ${endpoints}: jazz[0].health "GOOD" must be HEALTHY, UNHEALTHY or UNKNOWN`,
    ]);
  });

  it('exits 2 for a model that does not validate, with its issues', async () => {
    // Prepare
    const file = join(dir, 'bad.json');
    await writeFile(
      file,
      JSON.stringify({
        meshName: 'm',
        virtualNodeName: 'a',
        spec: { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] },
      }),
    );
    // Act
    const { stderr, code } = await render('--node', 'mesh/m/virtualNode/a', file);
    // Assess
    expect(code).toBe(EXIT.INVALID_INPUT);
    expect(stderr).toContain('[MISSING_SERVICE_DISCOVERY]');
  });
});
