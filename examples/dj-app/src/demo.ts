import { apply, createAppMeshClient, destroy, plan, readMesh, shiftTraffic } from '@meshplane/core/appmesh';
import {
  createCloudMapClient,
  createDiscovery,
  deregisterInstance,
  ensureNamespace,
  ensureService,
  registerInstance,
} from '@meshplane/core/cloudmap';
import { createRouter, type MeshRouter } from '@meshplane/core/router';
import { startLocalEndpoint } from '@meshplane/local';
import { Agent } from 'undici';
import { type Genre, type Version, versionOf } from './artists.js';
import { djAppMesh } from './mesh.js';
import { type RunningService, startArtistService, startDjService } from './services.js';
import { checkSplit, type TargetCheck } from './split-check.js';
import { type ChartOutput, chartOutput, drawSplit, progress } from './terminal-chart.js';

const MESH = 'dj-app';
const NAMESPACE = 'prod.svc.cluster.local';
const REGION = 'us-east-1';
const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

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
 * One measured step of the canary.
 *
 * @example
 * ```ts
 * import { runDemo, type DemoStep } from './demo.js';
 * const [first]: DemoStep[] = (await runDemo()).steps;
 * console.log(first?.genre, first?.weights, first?.counts, first?.ok);
 * ```
 */
export interface DemoStep {
  genre: Genre;
  /** The weights the route had during the step. */
  weights: Record<string, number>;
  /** Answers per backend version (`jazz-v1`, …). */
  counts: Record<string, number>;
  /** Requests that failed or answered something unexpected. */
  errors: number;
  checks: TargetCheck[];
  ok: boolean;
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

/** The seed's canary: jazz 100/0 → 90/10, metal 100/0 → 50/50 (v1/v2). */
const CANARY: { genre: Genre; v1: number; v2: number; shift: boolean }[] = [
  { genre: 'jazz', v1: 100, v2: 0, shift: false },
  { genre: 'metal', v1: 100, v2: 0, shift: false },
  { genre: 'jazz', v1: 90, v2: 10, shift: true },
  { genre: 'metal', v1: 50, v2: 50, shift: true },
];

/** Refuses bad options before anything starts, naming each option, its value and the rule. */
function checkDemoOptions(options: DemoOptions): void {
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
  if (problems.length > 0) throw new TypeError(`runDemo: invalid options:\n- ${problems.join('\n- ')}`);
}

function seeded(seed: number): () => number {
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

  const cleanups: { what: string; run: () => Promise<unknown> }[] = [];
  const steps: DemoStep[] = [];
  let registered = 0;
  let applied = 0;
  try {
    say(bold('meshplane · the DJ app canary, proxyless (App Mesh walkthrough, run locally)'));
    const endpoint = await startLocalEndpoint({ port: 0, region: REGION });
    cleanups.push({ what: 'local endpoint', run: () => endpoint.close() });
    say(`  local App Mesh + Cloud Map endpoint  ${endpoint.url}`);

    const appMesh = createAppMeshClient({
      clientConfig: { endpoint: endpoint.url, region: REGION, credentials: CREDENTIALS },
    });
    const cloudMap = createCloudMapClient({
      clientConfig: {
        endpoint: endpoint.url,
        region: REGION,
        credentials: CREDENTIALS,
        disableHostPrefix: true,
      },
    });
    cleanups.push({
      what: 'SDK clients',
      run: async () => {
        appMesh.destroy();
        cloudMap.destroy();
      },
    });

    // The mesh, from the TypeScript model.
    const model = djAppMesh();
    const changes = plan(model, await readMesh(appMesh, MESH));
    const result = await apply(changes, { client: appMesh });
    applied = Object.values(result.outcomes).length;
    cleanups.push({ what: `mesh ${MESH}`, run: () => destroy(model, { client: appMesh }) });
    if (result.failed.length > 0) {
      throw new Error(`applying mesh ${MESH} failed: ${result.failed.map((f) => f.id).join(', ')}`);
    }
    say(`  mesh ${MESH} applied: ${changes.summary.create} created, ${changes.summary.update} updated`);

    // Cloud Map: the namespace and one service per name the nodes discover.
    const ns = await ensureNamespace(
      { client: cloudMap },
      { name: NAMESPACE, type: 'HTTP', timeoutMs: 10_000 },
    );
    const serviceIds: Record<string, string> = {};
    for (const name of ['dj', 'jazz', 'metal']) {
      serviceIds[name] = (await ensureService({ client: cloudMap }, { namespaceId: ns.id, name })).id;
    }

    // The five services on loopback, each registered as a Cloud Map instance.
    const backends: [Genre, Version][] = [
      ['jazz', 'v1'],
      ['jazz', 'v2'],
      ['metal', 'v1'],
      ['metal', 'v2'],
    ];
    const discovery = createDiscovery({ client: cloudMap }, { ttlMs: 5_000 });
    cleanups.push({ what: 'discovery', run: async () => discovery.close() });
    const dispatcher = new Agent({ connections: 64, keepAliveTimeout: 10_000 });
    cleanups.push({ what: 'router connections', run: () => dispatcher.close() });
    // The router works from a model snapshot, like Envoy from its last configuration: it starts
    // from the mesh read back from the App Mesh API and reloads it after every change.
    const router: MeshRouter = createRouter({
      model: await readMesh(appMesh, MESH, { tags: false }),
      sourceNode: 'dj',
      discovery,
      dispatcher,
      random,
    });
    const reloadRouter = async () => router.reload(await readMesh(appMesh, MESH, { tags: false }));

    const running: RunningService[] = [];
    cleanups.push({ what: 'services', run: () => Promise.all(running.map((s) => s.close())) });
    for (const [genre, version] of backends) running.push(await startArtistService(genre, version));
    const dj = await startDjService(() => router, NAMESPACE);
    running.push(dj);
    const instances = running.map((s) => {
      const [service, version] = s.name === 'dj' ? ['dj', 'v1'] : (s.name.split('-') as [string, string]);
      return { serviceId: serviceIds[service]!, instanceId: `${s.name}-1`, port: s.port, version };
    });
    cleanups.push({
      what: 'Cloud Map instances',
      run: () =>
        Promise.all(
          instances.map((i) =>
            deregisterInstance({ client: cloudMap }, { serviceId: i.serviceId, instanceId: i.instanceId }),
          ),
        ),
    });
    await Promise.all(
      instances.map(async (i) => {
        await registerInstance(
          { client: cloudMap },
          {
            serviceId: i.serviceId,
            instanceId: i.instanceId,
            attributes: {
              AWS_INSTANCE_IPV4: '127.0.0.1',
              AWS_INSTANCE_PORT: String(i.port),
              version: i.version,
            },
          },
        );
        registered++;
      }),
    );
    say(`  Cloud Map ${NAMESPACE}: ${running.map((s) => `${s.name} :${s.port}`).join(', ')}`);
    await router.warm();

    const client = new Agent({ connections: concurrency, keepAliveTimeout: 10_000 });
    cleanups.push({ what: 'client connections', run: () => client.close() });
    const djOrigin = `http://127.0.0.1:${dj.port}`;

    for (const [index, step] of CANARY.entries()) {
      const weights = { [`${step.genre}-v1`]: step.v1, [`${step.genre}-v2`]: step.v2 };
      say();
      if (step.shift) {
        const shifted = await shiftTraffic({
          client: appMesh,
          meshName: MESH,
          virtualRouterName: `${step.genre}-router`,
          routeName: `${step.genre}-route`,
          weights,
        });
        await reloadRouter();
        const from = Object.values(shifted.before).join('/');
        say(bold(`step ${index + 1}/${CANARY.length}  shift ${step.genre} ${from} → ${step.v1}/${step.v2}`));
      } else {
        say(bold(`step ${index + 1}/${CANARY.length}  ${step.genre} at ${step.v1}/${step.v2}`));
      }
      const counts: Record<string, number> = { [`${step.genre}-v1`]: 0, [`${step.genre}-v2`]: 0 };
      let errors = 0;
      let firstError: string | undefined;
      const bar = progress(out, step.genre, perStep);
      let sent = 0;
      let done = 0;
      const worker = async () => {
        while (sent < perStep) {
          sent++;
          try {
            const response = await client.request({
              origin: djOrigin,
              path: `/${step.genre}`,
              method: 'GET',
            });
            const body = (await response.body.json()) as unknown;
            const version = response.statusCode === 200 ? versionOf(step.genre, body) : undefined;
            if (version) counts[`${step.genre}-${version}`]!++;
            else {
              errors++;
              firstError ??= `HTTP ${response.statusCode}: ${JSON.stringify(body).slice(0, 200)}`;
            }
          } catch (error) {
            errors++;
            firstError ??= (error as Error).message;
          }
          bar.tick(++done);
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, perStep) }, worker));
      bar.done();
      const checks = checkSplit(weights, counts);
      const ok = errors === 0 && checks.every((c) => c.ok);
      steps.push({ genre: step.genre, weights, counts, errors, checks, ok });
      say(drawSplit(checks, out));
      if (errors > 0) say(`    ${errors} request(s) failed; first: ${firstError}`);
    }
  } finally {
    const failures: string[] = [];
    for (const c of cleanups.reverse()) {
      try {
        await c.run();
      } catch (error) {
        failures.push(`${c.what}: ${(error as Error).message}`);
      }
    }
    say();
    say(
      failures.length === 0
        ? `  cleaned up: ${registered} instance(s) deregistered, mesh ${MESH} destroyed, services and endpoint closed`
        : `  cleanup problems: ${failures.join('; ')}`,
    );
  }
  const ok = steps.length === CANARY.length && steps.every((s) => s.ok);
  const durationMs = performance.now() - started;
  say(
    ok
      ? bold(`all ${steps.length} splits within tolerance (${(durationMs / 1000).toFixed(1)} s)`)
      : bold(`${steps.filter((s) => !s.ok).length} of ${steps.length} steps OUT OF TOLERANCE`),
  );
  return { ok, steps, registered, applied, durationMs };
}
