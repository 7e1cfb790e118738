import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appMeshBootstrap } from '@meshplane/xds';
import { afterEach, describe, expect, it } from 'vitest';
import { djAppMesh } from '../../../examples/dj-app/src/mesh.js';
import { pythonTools } from '../../../scripts/python-tools.js';
import { startTaskXdsServer } from '../src/agent/index.js';
import { TASK_XDS } from '../src/task-definition/control-plane.js';
import { eventually } from './support/cloud-map.js';

// The per-task control plane with a real Envoy (1.40, from PyPI via the project's script), started
// as the App Mesh image's agent starts it for APPMESH_XDS_ENDPOINT=unix://…: Envoy reaches LIVE from
// the agent's socket alone and accepts every resource.

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

let envoy: ChildProcess | undefined;
let dir: string | undefined;
afterEach(async () => {
  envoy?.kill('SIGKILL');
  envoy = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('a real Envoy served by the agent over the task socket', () => {
  it('reaches LIVE with App Mesh-named listeners and rejects nothing', { timeout: 60_000 }, async () => {
    // Prepare: the model, the agent's server on a socket, Envoy bootstrapped for unix://<socket>
    dir = await mkdtemp(join(tmpdir(), 'meshplane-task-envoy-'));
    const model = join(dir, 'dj-app.json');
    await writeFile(model, JSON.stringify(djAppMesh()));
    const socket = join(dir, 'xds.sock');
    const [ingress, egress] = [await freePort(), await freePort()];
    const server = await startTaskXdsServer({
      socket,
      model,
      node: 'mesh/dj-app/virtualNode/dj',
      // Cloud Map unreachable: the node's clusters have no endpoints yet, Envoy still goes LIVE.
      cloudMap: {
        clientConfig: {
          region: 'us-east-1',
          endpoint: 'http://127.0.0.1:9',
          credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
          maxAttempts: 1,
        },
      },
      translate: { ingressPort: ingress, egressPort: egress, listenerAddress: '127.0.0.1' },
      logger: () => {},
    });
    try {
      const bootstrap = appMeshBootstrap({
        resourceArn: 'mesh/dj-app/virtualNode/dj',
        xdsEndpoint: `unix://${socket}`,
      }) as Record<string, unknown>;
      bootstrap.admin = { address: { socketAddress: { address: '127.0.0.1', portValue: 0 } } };
      // Envoy cannot open the outlier event log /dev/stdout when its stdout is a pipe (ENXIO).
      delete bootstrap.clusterManager;
      const config = join(dir, 'bootstrap.json');
      const addressPath = join(dir, 'admin-address');
      await writeFile(config, JSON.stringify(bootstrap));
      let logs = '';
      envoy = spawn(
        pythonTools().envoy,
        [
          '-c',
          config,
          '--admin-address-path',
          addressPath,
          '--base-id',
          String(process.pid % 50_000),
          '--disable-hot-restart',
          '--concurrency',
          '1',
          '-l',
          'warning',
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      envoy.stdout?.on('data', (c: Buffer) => {
        logs += c.toString();
      });
      envoy.stderr?.on('data', (c: Buffer) => {
        logs += c.toString();
      });
      const admin = await eventually(
        async () => readFile(addressPath, 'utf8').catch(() => ''),
        (text) => text.trim().length > 0 || envoy?.exitCode !== null,
      );
      expect(admin.trim(), logs).not.toBe('');
      const get = async (path: string) => (await fetch(`http://${admin.trim()}${path}`)).text();
      // Act / Assess: LIVE once the listeners came from the socket
      const info = await eventually(
        async () => get('/server_info').catch(() => ''),
        (text) => text.includes('"state": "LIVE"') || envoy?.exitCode !== null,
      );
      expect(info, logs).toContain('"state": "LIVE"');
      const listeners = await get('/listeners?format=json');
      expect(listeners).toContain(`lds_egress_127.0.0.1_${egress}`);
      expect(listeners).toContain(`lds_ingress_127.0.0.1_${ingress}`);
      const rejected = (await get('/stats?filter=update_rejected'))
        .split('\n')
        .filter((line) => /update_rejected: [1-9]/.test(line));
      expect(rejected).toEqual([]);
      expect(TASK_XDS.endpoint.startsWith('unix:///')).toBe(true);
    } finally {
      await server.close();
    }
  });
});
