import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createDiscovery, ensureNamespace, ensureService, registerInstance } from '@meshplane/core/cloudmap';
import { createRouter, meshFetch } from '@meshplane/core/router';
import { appMeshBootstrap } from '@meshplane/xds';
import { createCleanups } from '../examples/dj-app/src/cleanups.js';
import { egressCall } from '../examples/dj-app/src/envoy/egress-call.js';
import { startEnvoyProcess, waitFor } from '../examples/dj-app/src/envoy/envoy-process.js';
import { startEnvoyTask } from '../examples/dj-app/src/envoy/envoy-task.js';
import { NAMESPACE, registerApps, startLocalMesh } from '../examples/dj-app/src/local-mesh.js';
import { djAppMesh } from '../examples/dj-app/src/mesh.js';
import { startArtistService } from '../examples/dj-app/src/services.js';
import { type BenchResult, type BenchSuite, median, percentile, result } from './lib.js';

// Issue 11 item 6: one request of the DJ app (dj → jazz) through two real Envoys (dj's egress
// listener, then jazz-v1's ingress listener in front of the app), against the same request
// through meshFetch (the proxyless router, straight to the app), measured alternately in one run
// so that the shared machine's load weighs on both alike; and the memory of one per-task pair
// (the control plane process serving its task's Envoy over a Unix socket, and that Envoy).

const ROUNDS = 3_000;
const WARMUP = 200;
const PROXYLESS_NAMESPACE = 'proxyless.svc.cluster.local';

/** Resident set size of a process, from /proc/<pid>/status (Linux), in MB. */
function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  if (!line) throw new Error(`no VmRSS for process ${pid}`);
  return Number(line.replace(/\D+/g, '')) / 1024;
}

// The rounds are cut into consecutive blocks; the target holds for the median over blocks of each
// block's ratio of percentiles. A request waits for a core whenever another process takes it
// (the loaded runs keep one core busy): a burst of such waits lands in one block and moves that
// block's p99 for both paths alike, where over the pooled rounds it would decide the whole tail.
// Both paths are alternated request by request, so every block sees the same machine for both.
const BLOCKS = 10;

/** The p`p` line: pooled percentiles as value and baseline, the median block ratio as the ratio judged. */
function pathLine(p: number, direct: readonly number[], envoy: readonly number[]): BenchResult {
  const size = Math.floor(direct.length / BLOCKS);
  const ratios: number[] = [];
  for (let b = 0; b < BLOCKS; b++) {
    const d = direct.slice(b * size, (b + 1) * size);
    const e = envoy.slice(b * size, (b + 1) * size);
    ratios.push(percentile(d, p) / percentile(e, p));
  }
  const ratio = median(ratios);
  return result({
    suite: 'envoy-path',
    name: `DJ app request dj → jazz, p${p} of ${ROUNDS}: meshFetch (proxyless) vs two real Envoys (dj egress + jazz-v1 ingress, Envoy 1.40, one worker each), alternated in one run; ratio: median over ${BLOCKS} blocks of ${size} rounds of the block's p${p} ratio (pooled p${p} as value and baseline)`,
    unit: 'ms',
    value: Math.round(percentile(direct, p) * 1000) / 1000,
    baseline: Math.round(percentile(envoy, p) * 1000) / 1000,
    ratio,
    target: 'proxyless <= 0.5x the Envoy path (median block ratio)',
    pass: ratio <= 0.5,
  });
}

async function latency(): Promise<BenchResult[]> {
  const cleanups = createCleanups();
  try {
    const jazz = await startArtistService('jazz', 'v1');
    cleanups.add('jazz-v1', () => jazz.close());
    const mesh = await startLocalMesh(djAppMesh({ appPorts: { 'jazz-v1': jazz.port } }), cleanups);
    // Envoy path: dj's task (egress) and jazz-v1's task (ingress); Cloud Map says jazz-v1 is at
    // its Envoy's ingress port.
    const dj = await startEnvoyTask(mesh, 'dj');
    cleanups.add('dj task', () => dj.close());
    const jazzTask = await startEnvoyTask(mesh, 'jazz-v1');
    cleanups.add('jazz-v1 task', () => jazzTask.close());
    await registerApps(mesh, [{ name: 'jazz-v1', port: jazzTask.ingressPort }], cleanups);
    // Proxyless path: the same model in a namespace whose jazz-v1 instance is the app itself.
    const ns = await ensureNamespace({ client: mesh.cloudMap }, { name: PROXYLESS_NAMESPACE, type: 'HTTP' });
    const service = await ensureService({ client: mesh.cloudMap }, { namespaceId: ns.id, name: 'jazz' });
    // dj's router also discovers metal (its other backend): the service exists, with no instance.
    await ensureService({ client: mesh.cloudMap }, { namespaceId: ns.id, name: 'metal' });
    await registerInstance(
      { client: mesh.cloudMap },
      {
        serviceId: service.id,
        instanceId: 'jazz-v1-1',
        attributes: { AWS_INSTANCE_IPV4: '127.0.0.1', AWS_INSTANCE_PORT: String(jazz.port), version: 'v1' },
      },
    );
    const discovery = createDiscovery({ client: mesh.cloudMap }, { ttlMs: 60_000 });
    cleanups.add('discovery', async () => discovery.close());
    const router = createRouter({
      model: djAppMesh({ namespace: PROXYLESS_NAMESPACE, appPorts: { 'jazz-v1': jazz.port } }),
      sourceNode: 'dj',
      discovery,
    });
    cleanups.add('router', () => router.close());
    await router.warm();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    cleanups.add('agent', async () => agent.destroy());
    const viaEnvoys = async () => {
      const answer = await egressCall(dj.egressPort, `jazz.${NAMESPACE}:9080`, agent);
      if (answer.status !== 200) throw new Error(`Envoy path: HTTP ${answer.status} ${answer.body}`);
    };
    const proxyless = async () => {
      const response = await meshFetch(`http://jazz.${PROXYLESS_NAMESPACE}:9080/`, { router });
      await response.text();
      if (response.status !== 200) throw new Error(`proxyless path: HTTP ${response.status}`);
    };
    await waitFor(15_000, () =>
      viaEnvoys()
        .then(() => true)
        .catch(() => false),
    );
    const envoy: number[] = [];
    const direct: number[] = [];
    for (let i = 0; i < WARMUP + ROUNDS; i++) {
      for (const [fn, into] of (i % 2 === 0
        ? [
            [viaEnvoys, envoy],
            [proxyless, direct],
          ]
        : [
            [proxyless, direct],
            [viaEnvoys, envoy],
          ]) as [() => Promise<void>, number[]][]) {
        const t0 = performance.now();
        await fn();
        if (i >= WARMUP) into.push(performance.now() - t0);
      }
    }
    return [pathLine(50, direct, envoy), pathLine(99, direct, envoy)];
  } finally {
    const failures = await cleanups.runAll();
    // Reported, not thrown: a throw here would hide the measurement's own error.
    if (failures.length > 0) process.stderr.write(`envoy-path cleanup problems: ${failures.join('; ')}\n`);
  }
}

/**
 * One per-task pair as a task runs it: the control plane in its own process (`meshplane xds
 * serve appmesh://dj-app`, built, model and Cloud Map from the local endpoint, ADS on a Unix socket) and dj's
 * Envoy bootstrapped for `unix://<socket>`, LIVE; resident memory of each after 200 requests.
 */
async function memory(): Promise<BenchResult[]> {
  const cleanups = createCleanups();
  try {
    const { freePort } = await import('../examples/dj-app/src/envoy/free-port.js');
    const jazz = await startArtistService('jazz', 'v1');
    cleanups.add('jazz-v1', () => jazz.close());
    const mesh = await startLocalMesh(djAppMesh(), cleanups);
    await registerApps(mesh, [{ name: 'jazz-v1', port: jazz.port }], cleanups);
    const dir = await mkdtemp(join(tmpdir(), 'bench-envoy-path-'));
    cleanups.add('dir', () => rm(dir, { recursive: true, force: true }));
    const socket = join(dir, 'xds.sock');
    const egressPort = await freePort();
    // The built CLI (npm run bench builds first), as a task's agent would run, with the model from
    // the App Mesh-compatible endpoint: no TypeScript loader in the measured process.
    const bin = 'packages/cli/dist/bin.js';
    if (!existsSync(bin)) throw new Error(`${bin} is missing: run npm run build (npm run bench does)`);
    const args = [bin, 'xds', 'serve', 'appmesh://dj-app', '--endpoint', mesh.url, '--socket', socket];
    args.push(
      '--region',
      'us-east-1',
      '--listener-address',
      '127.0.0.1',
      '--egress-port',
      String(egressPort),
    );
    args.push('--ingress-port', String(await freePort()));
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' },
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    cleanups.add('xds serve', async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    });
    await waitFor(30_000, () => {
      if (child.exitCode !== null) throw new Error(`xds serve exited ${child.exitCode}: ${stderr}`);
      return existsSync(socket);
    });
    const envoy = await startEnvoyProcess(
      appMeshBootstrap({
        resourceArn: 'mesh/dj-app/virtualNode/dj',
        xdsEndpoint: `unix://${socket}`,
        admin: { address: '127.0.0.1', port: 0 },
        adminAccessLogPath: join(dir, 'admin-access.log'),
        outlierDetectionEventLogPath: join(dir, 'outlier-events.log'),
      }),
      dir,
    );
    cleanups.add('envoy', () => envoy.stop());
    const agent = new Agent({ keepAlive: true, maxSockets: 4 });
    cleanups.add('agent', async () => agent.destroy());
    await waitFor(15_000, async () => {
      const answer = await egressCall(egressPort, `jazz.${NAMESPACE}:9080`, agent).catch(() => undefined);
      return answer?.status === 200;
    });
    for (let i = 0; i < 200; i++) await egressCall(egressPort, `jazz.${NAMESPACE}:9080`, agent);
    const controlPlaneMb = Math.round(rssMb(child.pid!) * 10) / 10;
    const envoyMb = Math.round(rssMb(envoy.pid) * 10) / 10;
    const total = Math.round((controlPlaneMb + envoyMb) * 10) / 10;
    return [
      result({
        suite: 'envoy-path',
        name: `per-task mode memory per task: control plane process (built meshplane xds serve appmesh://dj-app, ${controlPlaneMb} MB RSS) + dj's Envoy 1.40 (${envoyMb} MB RSS), DJ model, after 200 requests`,
        unit: 'MB',
        value: total,
        baseline: null,
        target: '<= 256 MB RSS per task (agent + Envoy)',
        pass: total <= 256,
      }),
    ];
  } finally {
    const failures = await cleanups.runAll();
    // Reported, not thrown: a throw here would hide the measurement's own error.
    if (failures.length > 0) process.stderr.write(`envoy-path cleanup problems: ${failures.join('; ')}\n`);
  }
}

const suite: BenchSuite = {
  suite: 'envoy-path',
  async run() {
    return [...(await latency()), ...(await memory())];
  },
};
export default suite;
