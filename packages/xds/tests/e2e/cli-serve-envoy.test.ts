import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appMeshBootstrap } from '../../src/bootstrap/index.js';
import { freePort, startEnvoy, stopAllEnvoys, until, waitForLive } from '../support/envoy.js';

// `meshplane xds serve` as a user runs it (its own process, from the CLI's sources), feeding a
// real Envoy started with the App Mesh agent's bootstrap for APPMESH_XDS_ENDPOINT=unix://…;
// SIGTERM stops it with exit 0.
const repo = join(import.meta.dirname, '../../../..');

const model = [
  { meshName: 'shop', spec: { egressFilter: { type: 'DROP_ALL' } } },
  {
    meshName: 'shop',
    virtualNodeName: 'web',
    spec: {
      listeners: [{ portMapping: { port: 8080, protocol: 'http' } }],
      serviceDiscovery: { dns: { hostname: 'localhost' } },
      backends: [{ virtualService: { virtualServiceName: 'api.shop.local' } }],
    },
  },
  {
    meshName: 'shop',
    virtualNodeName: 'api',
    spec: {
      listeners: [{ portMapping: { port: 8081, protocol: 'http' } }],
      serviceDiscovery: { dns: { hostname: 'localhost' } },
    },
  },
  {
    meshName: 'shop',
    virtualServiceName: 'api.shop.local',
    spec: { provider: { virtualNode: { virtualNodeName: 'api' } } },
  },
];

describe('meshplane xds serve feeding a real Envoy', () => {
  let dir = '';
  let cli: ChildProcess | undefined;
  afterAll(async () => {
    await stopAllEnvoys();
    if (cli && cli.exitCode === null) cli.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  it('reaches LIVE with nothing rejected, shows the ACKs on /status, and exits 0 on SIGTERM', async () => {
    // Prepare
    dir = await mkdtemp(join(tmpdir(), 'xds-cli-e2e-'));
    const file = join(dir, 'mesh.json');
    await writeFile(file, JSON.stringify(model));
    const socket = join(dir, 'xds.sock');
    const egressPort = await freePort();
    const args = [
      '--conditions=@meshplane/source',
      '--import',
      'tsx',
      'packages/cli/src/bin.ts',
      'xds',
      'serve',
      file,
    ];
    args.push('--socket', socket, '--status', '127.0.0.1:0', '--json', '--region', 'us-east-1');
    args.push(
      '--ingress-port',
      String(await freePort()),
      '--egress-port',
      String(egressPort),
      '--listener-address',
      '127.0.0.1',
    );
    const child = spawn(process.execPath, args, {
      cwd: repo,
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    cli = child;
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d) => {
      stdout += String(d);
    });
    child.stderr?.on('data', (d) => {
      stderr += String(d);
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await until(
      () => stdout.includes('xDS control plane listening') || child.exitCode !== null,
      30_000,
      'the CLI listening',
    );
    const listening = stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { msg: string; statusUrl?: string })
      .find((l) => l.msg.startsWith('xDS control plane listening'));
    // Act
    const envoy = await startEnvoy(
      appMeshBootstrap({ resourceArn: 'mesh/shop/virtualNode/web', xdsEndpoint: `unix://${socket}` }),
    );
    await waitForLive(envoy);
    const rejected = await envoy.updatesRejected();
    const dump = JSON.stringify(await envoy.configDump());
    const status = (await (
      await fetch(`${listening?.statusUrl}/status/mesh%2Fshop%2FvirtualNode%2Fweb`)
    ).json()) as {
      activeStreams: number;
      types: Record<string, { acks: number; nacks: number }>;
    };
    child.kill('SIGTERM');
    const code = await exited;
    // Assess
    expect(stderr).toBe('');
    expect(rejected).toBe(0);
    expect(dump).toContain(`"lds_egress_127.0.0.1_${egressPort}"`);
    expect(dump).toContain('"cds_egress_shop_api_http_8081"');
    expect(status.activeStreams).toBe(1);
    expect(Object.keys(status.types).length).toBeGreaterThanOrEqual(3);
    expect(Object.values(status.types).every((t) => t.acks >= 1 && t.nacks === 0)).toBe(true);
    expect(code).toBe(0);
  }, 60_000);
});
