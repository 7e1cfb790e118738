import { Agent as HttpAgent } from 'node:http';
import { shiftTraffic } from '@meshplane/core/appmesh';
import { Agent } from 'undici';
import type { Genre, Version } from '../artists.js';
import { type CanaryDriver, canaryOk, type DemoStep, verdict, walkCanary } from '../canary.js';
import { createCleanups } from '../cleanups.js';
import { checkDemoOptions, type DemoOptions, type DemoResult } from '../demo.js';
import { type LocalMesh, MESH, NAMESPACE, registerApps, startLocalMesh } from '../local-mesh.js';
import { djAppMesh } from '../mesh.js';
import { type RunningService, startArtistService, startDjFront } from '../services.js';
import { chartOutput } from '../terminal-chart.js';
import { startBackgroundTraffic } from './background-traffic.js';
import { egressCall } from './egress-call.js';
import { waitFor } from './envoy-process.js';
import { type EnvoyTask, startEnvoyTask } from './envoy-task.js';
import { envoyRouteWeights } from './envoy-weights.js';

/**
 * Options of {@link runEnvoyDemo}: those of `runDemo` but the seed (Envoy makes the weighted choice).
 *
 * @example
 * ```ts
 * import type { EnvoyDemoOptions } from './envoy-demo.js';
 * const options: EnvoyDemoOptions = { requestsPerStep: 300, concurrency: 8 };
 * ```
 */
export type EnvoyDemoOptions = Omit<DemoOptions, 'seed'> & {
  /** Model poll interval of each task's control plane, ms (default 1,000). */ modelIntervalMs?: number;
};

/**
 * What {@link runEnvoyDemo} observed: `runDemo`'s result, the Envoys that carried the traffic,
 * and the NACKs their control planes received (must be 0).
 *
 * @example
 * ```ts
 * import { runEnvoyDemo, type EnvoyDemoResult } from './envoy-demo.js';
 * const result: EnvoyDemoResult = await runEnvoyDemo({ requestsPerStep: 300 });
 * console.log(result.ok, result.envoys.length, result.nacks); // true 5 0
 * ```
 */
export interface EnvoyDemoResult extends DemoResult {
  envoys: { node: string; pid: number; ingressPort: number; egressPort: number }[];
  nacks: number;
  /** Each traffic shift: requests sent while it reached dj's Envoy (none may fail), and how long it took. */
  shifts: { genre: Genre; requests: number; errors: number; firstError?: string; ms: number }[];
  /** What the control planes logged at warn or error level. */
  problems: string[];
}

const BACKENDS: [Genre, Version][] = [
  ['jazz', 'v1'],
  ['jazz', 'v2'],
  ['metal', 'v1'],
  ['metal', 'v2'],
];

/**
 * `npm run start:envoy`: the DJ canary of `runDemo`, with one real Envoy per virtual node instead
 * of the proxyless router. Each node is a "task" (`startEnvoyTask`): a per-task control plane
 * (`createControlPlane`, model from the local App Mesh API, endpoints from its Cloud Map) serving
 * its Envoy over a Unix socket, the Envoy bootstrapped as the App Mesh image's agent does for
 * `APPMESH_XDS_ENDPOINT=unix://…`. Apps are reachable only through Envoys: each Cloud Map
 * instance carries its Envoy's ingress port, `dj` calls `jazz` and `metal` through its Envoy's
 * egress listener with the virtual service's Host, and the client calls `dj` through `dj`'s
 * ingress listener. A shift (`shiftTraffic` on the App Mesh API) is waited for until `dj`'s
 * Envoy holds the new weights (admin `/config_dump`), while traffic keeps flowing in between.
 * Every process and server is stopped at the end, also on failure.
 *
 * @example
 * ```ts
 * import { runEnvoyDemo } from './envoy-demo.js';
 * const result = await runEnvoyDemo({ requestsPerStep: 500 });
 * process.exitCode = result.ok ? 0 : 1;
 * ```
 */
export async function runEnvoyDemo(options: EnvoyDemoOptions = {}): Promise<EnvoyDemoResult> {
  checkDemoOptions(options, 'runEnvoyDemo');
  const started = performance.now();
  const out = options.output ?? chartOutput(process.stdout);
  const say = (line = '') => out.write(`${line}\n`);
  const bold = (t: string) => (out.color ? `\x1b[1m${t}\x1b[0m` : t);
  const cleanups = createCleanups();
  const tasks: EnvoyTask[] = [];
  let steps: DemoStep[] = [];
  let registered = 0;
  let applied = 0;
  let summary = { nacks: 0, problems: [] as string[] };
  const shifts: EnvoyDemoResult['shifts'] = [];
  try {
    say(bold('meshplane · the DJ app canary through real Envoys (one per virtual node, per-task xDS)'));
    const apps = await startApps(() => tasks.find((t) => t.node === 'dj')?.egressPort ?? 0, cleanups);
    const appPorts = Object.fromEntries(apps.map((a) => [a.name, a.port]));
    const mesh = await startLocalMesh(djAppMesh({ appPorts }), cleanups);
    applied = mesh.applied;
    say(`  local App Mesh + Cloud Map endpoint  ${mesh.url}; mesh ${MESH} applied: ${mesh.summary}`);
    const launched = await Promise.allSettled(
      apps.map((a) => startEnvoyTask(mesh, a.name, { modelIntervalMs: options.modelIntervalMs ?? 1_000 })),
    );
    for (const s of launched) if (s.status === 'fulfilled') tasks.push(s.value);
    cleanups.add('Envoys and control planes', () => Promise.all(tasks.map((t) => t.close())));
    const failed = launched.find((s) => s.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    for (const t of tasks) {
      say(
        `  ${t.node.padEnd(8)} app :${appPorts[t.node]}  Envoy pid ${t.envoy.pid} ingress :${t.ingressPort} egress :${t.egressPort}`,
      );
    }
    registered = await registerApps(
      mesh,
      tasks.map((t) => ({ name: t.node, port: t.ingressPort })),
      cleanups,
    );
    const dj = tasks.find((t) => t.node === 'dj')!;
    await waitForEndpoints(dj);
    const concurrency = options.concurrency ?? 32;
    const client = new Agent({ connections: concurrency, keepAliveTimeout: 10_000 });
    cleanups.add('client connections', () => client.close());
    const driver: CanaryDriver = {
      send: async (genre) => {
        const origin = `http://127.0.0.1:${dj.ingressPort}`;
        const response = await client.request({ origin, path: `/${genre}`, method: 'GET' });
        return { status: response.statusCode, body: (await response.body.json()) as unknown };
      },
      shift: async (genre, weights) => {
        // The model changes while requests flow: none may fail while dj's Envoy switches routes.
        const traffic = startBackgroundTraffic(() => driver.send(genre), Math.max(1, concurrency >> 2));
        const t0 = performance.now();
        const from = await shiftAndWait(mesh, dj, genre, weights).finally(() => traffic.stop());
        const tally = await traffic.stop();
        shifts.push({ genre, ms: performance.now() - t0, ...tally });
        const seconds = ((performance.now() - t0) / 1000).toFixed(1);
        say(
          `  ${genre} shift in flight: ${tally.requests} requests through dj while dj's Envoy took the new weights (${seconds} s), ${tally.errors} failed${tally.firstError ? `; first: ${tally.firstError}` : ''}`,
        );
        return from;
      },
    };
    steps = await walkCanary(driver, { out, perStep: options.requestsPerStep ?? 1000, concurrency });
  } finally {
    const nacksBefore = tasks.reduce((n, t) => n + t.controlPlane.status().counters.nacks, 0);
    const problems = tasks.flatMap((t) => t.problems.map((p) => `${t.node}: ${p}`));
    const failures = await cleanups.runAll();
    say();
    say(
      failures.length === 0
        ? `  cleaned up: ${tasks.length} Envoy(s) and control plane(s) stopped, ${registered} instance(s) deregistered, mesh ${MESH} destroyed, services and endpoint closed`
        : `  cleanup problems: ${failures.join('; ')}`,
    );
    summary = { nacks: nacksBefore, problems };
  }
  const durationMs = performance.now() - started;
  if (summary.nacks > 0) say(`  ${summary.nacks} NACK(s): ${summary.problems.join('; ')}`);
  const ok = canaryOk(steps) && summary.nacks === 0 && shifts.every((s) => s.errors === 0);
  say(bold(verdict(steps, durationMs)));
  const envoys = tasks.map((t) => ({
    node: t.node,
    pid: t.envoy.pid,
    ingressPort: t.ingressPort,
    egressPort: t.egressPort,
  }));
  return { ok, steps, registered, applied, durationMs, envoys, shifts, ...summary };
}

/**
 * `shiftTraffic` on the App Mesh API, then waits until dj's Envoy holds the new weights
 * (its control plane reads the model every `modelIntervalMs`); answers the old `v1/v2`.
 */
async function shiftAndWait(
  mesh: LocalMesh,
  dj: EnvoyTask,
  genre: Genre,
  weights: Record<string, number>,
): Promise<string> {
  const routes = { virtualRouterName: `${genre}-router`, routeName: `${genre}-route` };
  const shifted = await shiftTraffic({ client: mesh.appMesh, meshName: MESH, ...routes, weights });
  await waitFor(15_000, async () => {
    const held = await envoyRouteWeights(dj.envoy, MESH, `${genre}.${NAMESPACE}`);
    return Object.entries(weights).every(([target, w]) => (held[target] ?? 0) === w);
  }).catch((error: Error) => {
    throw new Error(`dj's Envoy did not get the ${genre} weights: ${error.message}`);
  });
  return Object.values(shifted.before).join('/');
}

/** The four backends and `dj` (calling through its Envoy's egress port), closed by `cleanups`. */
async function startApps(djEgressPort: () => number, cleanups: ReturnType<typeof createCleanups>) {
  const running: RunningService[] = [];
  cleanups.add('services', () => Promise.all(running.map((s) => s.close())));
  for (const [genre, version] of BACKENDS) running.push(await startArtistService(genre, version));
  const agent = new HttpAgent({ keepAlive: true, maxSockets: 64 });
  cleanups.add('dj connections', async () => agent.destroy());
  running.push(
    await startDjFront((genre) => egressCall(djEgressPort(), `${genre}.${NAMESPACE}:9080`, agent)),
  );
  return running;
}

/** Until `dj`'s Envoy has a Cloud Map endpoint in the egress cluster of every backend node. */
async function waitForEndpoints(dj: EnvoyTask): Promise<void> {
  const targets = BACKENDS.map(([genre, version]) => `${genre}-${version}`);
  await waitFor(15_000, async () => {
    const lines = (await dj.envoy.admin('/clusters')).split('\n');
    return targets.every((t) =>
      lines.some((l) => l.startsWith(`cds_egress_${MESH}_${t}_`) && l.includes('::127.0.0.1:')),
    );
  }).catch((error: Error) => {
    throw new Error(`dj's Envoy did not get the backends' endpoints from Cloud Map: ${error.message}`);
  });
}
