import { readMesh, shiftTraffic } from '@meshplane/core/appmesh';
import { createDiscovery } from '@meshplane/core/cloudmap';
import { createRouter, type MeshRouter } from '@meshplane/core/router';
import { Agent } from 'undici';
import type { Genre, Version } from './artists.js';
import { canaryOk, type DemoStep, verdict, walkCanary } from './canary.js';
import { createCleanups } from './cleanups.js';
import { MESH, NAMESPACE, registerApps, startLocalMesh } from './local-mesh.js';
import { djAppMesh } from './mesh.js';
import { type RunningService, startArtistService, startDjService } from './services.js';
import { type ChartOutput, chartOutput } from './terminal-chart.js';

export type { DemoStep } from './canary.js';

/**
 * Options of {@link runDemo}.
 *
 * @example
 * ```ts
 * import { runDemo, type DemoOptions } from './demo.js';
 * const options: DemoOptions = { requestsPerStep: 500, concurrency: 16, seed: 2024 };
 * await runDemo(options);
 * ```
 */
export interface DemoOptions {
  /** Requests sent through `dj` at each step (default 1,000). */
  requestsPerStep?: number;
  /** Requests in flight at once (default 32). */
  concurrency?: number;
  /** Where the chart goes (default stdout). */
  output?: ChartOutput;
  /** Seed of the router's weighted choice, for a reproducible run (default: Math.random). */
  seed?: number;
}

/**
 * What {@link runDemo} observed.
 *
 * @example
 * ```ts
 * import { runDemo, type DemoResult } from './demo.js';
 * const result: DemoResult = await runDemo({ requestsPerStep: 500 });
 * console.log(result.ok, result.registered, `${Math.round(result.durationMs)} ms`);
 * ```
 */
export interface DemoResult {
  /** True when every step's split is within tolerance and nothing failed. */
  ok: boolean;
  steps: DemoStep[];
  /** Instances registered in Cloud Map (all deregistered again at the end). */
  registered: number;
  /** Resources the mesh apply created. */
  applied: number;
  durationMs: number;
}

/** Refuses bad options before anything starts, naming each option, its value and the rule. */
export function checkDemoOptions(options: DemoOptions, fn = 'runDemo'): void {
  const problems: string[] = [];
  const show = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : String(v));
  const integer = (name: string, value: unknown, min: number) => {
    if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value) || value < min)) {
      problems.push(`${name}: ${show(value)} must be an integer >= ${min}`);
    }
  };
  integer('requestsPerStep', options.requestsPerStep, 1);
  integer('concurrency', options.concurrency, 1);
  if (options.seed !== undefined && (typeof options.seed !== 'number' || !Number.isFinite(options.seed))) {
    problems.push(`seed: ${show(options.seed)} must be a finite number`);
  }
  const output = options.output as Partial<ChartOutput> | undefined;
  if (output !== undefined && typeof output?.write !== 'function') {
    problems.push('output: must have a write(text) function (and isTTY, color)');
  }
  if (problems.length > 0) throw new TypeError(`${fn}: invalid options:\n- ${problems.join('\n- ')}`);
}

export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Runs the DJ app of the App Mesh walkthrough for real on this machine and walks its canary:
 * starts the local App Mesh + Cloud Map endpoint in-process, applies the mesh model, registers
 * five loopback services in Cloud Map, and sends requests through `dj`, which calls `jazz` and
 * `metal` through the proxyless router. After each traffic shift (`shiftTraffic` on the local App
 * Mesh API, then the router is rebuilt from the mesh read back, as Envoy would get new config) it
 * draws the observed split and checks it against the weights. Everything is cleaned up, also on
 * failure.
 *
 * @example
 * ```ts
 * import { runDemo } from './demo.js';
 * const result = await runDemo({ requestsPerStep: 500 });
 * process.exitCode = result.ok ? 0 : 1;
 * ```
 */
export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  checkDemoOptions(options);
  const started = performance.now();
  const out = options.output ?? chartOutput(process.stdout);
  const perStep = options.requestsPerStep ?? 1000;
  const concurrency = options.concurrency ?? 32;
  const random = options.seed === undefined ? Math.random : seeded(options.seed);
  const say = (line = '') => out.write(`${line}\n`);
  const bold = (t: string) => (out.color ? `\x1b[1m${t}\x1b[0m` : t);

  const cleanups = createCleanups();
  let steps: DemoStep[] = [];
  let registered = 0;
  let applied = 0;
  try {
    say(bold('meshplane · the DJ app canary, proxyless (App Mesh walkthrough, run locally)'));
    const mesh = await startLocalMesh(djAppMesh(), cleanups);
    applied = mesh.applied;
    say(`  local App Mesh + Cloud Map endpoint  ${mesh.url}`);
    say(`  mesh ${MESH} applied: ${mesh.summary}`);

    const backends: [Genre, Version][] = [
      ['jazz', 'v1'],
      ['jazz', 'v2'],
      ['metal', 'v1'],
      ['metal', 'v2'],
    ];
    const discovery = createDiscovery({ client: mesh.cloudMap }, { ttlMs: 5_000 });
    cleanups.add('discovery', async () => discovery.close());
    const dispatcher = new Agent({ connections: 64, keepAliveTimeout: 10_000 });
    cleanups.add('router connections', () => dispatcher.close());
    // The router works from a model snapshot, like Envoy from its last configuration: it starts
    // from the mesh read back from the App Mesh API and reloads it after every change.
    const router: MeshRouter = createRouter({
      model: await readMesh(mesh.appMesh, MESH, { tags: false }),
      sourceNode: 'dj',
      discovery,
      dispatcher,
      random,
    });

    const running: RunningService[] = [];
    cleanups.add('services', () => Promise.all(running.map((s) => s.close())));
    for (const [genre, version] of backends) running.push(await startArtistService(genre, version));
    const dj = await startDjService(() => router, NAMESPACE);
    running.push(dj);
    registered = await registerApps(mesh, running, cleanups);
    say(`  Cloud Map ${NAMESPACE}: ${running.map((s) => `${s.name} :${s.port}`).join(', ')}`);
    await router.warm();

    const client = new Agent({ connections: concurrency, keepAliveTimeout: 10_000 });
    cleanups.add('client connections', () => client.close());
    const djOrigin = `http://127.0.0.1:${dj.port}`;
    steps = await walkCanary(
      {
        send: async (genre) => {
          const response = await client.request({ origin: djOrigin, path: `/${genre}`, method: 'GET' });
          return { status: response.statusCode, body: (await response.body.json()) as unknown };
        },
        shift: async (genre, weights) => {
          const shifted = await shiftTraffic({
            client: mesh.appMesh,
            meshName: MESH,
            virtualRouterName: `${genre}-router`,
            routeName: `${genre}-route`,
            weights,
          });
          await router.reload(await readMesh(mesh.appMesh, MESH, { tags: false }));
          return Object.values(shifted.before).join('/');
        },
      },
      { out, perStep, concurrency },
    );
  } finally {
    const failures = await cleanups.runAll();
    say();
    say(
      failures.length === 0
        ? `  cleaned up: ${registered} instance(s) deregistered, mesh ${MESH} destroyed, services and endpoint closed`
        : `  cleanup problems: ${failures.join('; ')}`,
    );
  }
  const durationMs = performance.now() - started;
  const ok = canaryOk(steps);
  say(bold(verdict(steps, durationMs)));
  return { ok, steps, registered, applied, durationMs };
}
