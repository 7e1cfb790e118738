import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { MeshModel, MeshplaneResource } from '@meshplane/core';
import {
  createCloudMapClient,
  createDiscovery,
  ensureNamespace,
  ensureService,
  registerInstance,
} from '@meshplane/core/cloudmap';
import { createRouter, NoHealthyEndpointError, type RouterDiscovery } from '@meshplane/core/router';
import {
  compileLatticeTargets,
  compileMesh,
  createLatticeSigner,
  latticeCredentials,
} from '@meshplane/core/router/internals';
import { startLocalEndpoint } from '@meshplane/local';
import { Agent as UndiciAgent, request as undiciRequest } from 'undici';
import { type BenchResult, type BenchSuite, median, percentile, result } from './lib.js';

// The proxyless router's two costs: the routing decision (pure CPU, per request) and the whole
// router.fetch against a raw request of its transport (node:http over a keep-alive Agent) to the
// same loopback upstream, measured in one run; a raw undici.request is timed alongside, for the
// record.
const ROUTES = 50;
const TARGETS = 10;
const SERVICE = 'api.bench.local';
const BATCH = 1_000;
const BATCHES = 1_000;
// CPU batches are 10x longer (~5 ms): process.cpuUsage() is process-wide, so a GC helper or libuv
// thread's slice lands in whichever batch it overlaps, and in a 0.5 ms batch one such slice moved
// the p99 by a microsecond while the wall p99 of the same batches stayed under 2 µs.
const CPU_BATCH = 10_000;
const CPU_BATCHES = 200;
// 200 rounds of 50 requests of each kind: 10,000 of each in all.
const FETCH_ROUNDS = 200;
const FETCH_ROUND = 50;

export function benchModel(upstreamPort: number): MeshModel {
  const mesh = 'bench';
  const nodes = Array.from({ length: TARGETS }, (_, i) => `api-v${i}`);
  const resources: MeshplaneResource[] = [
    { kind: 'mesh', meshName: mesh, name: mesh, spec: { egressFilter: { type: 'DROP_ALL' } } },
    {
      kind: 'virtualNode',
      meshName: mesh,
      name: 'client',
      spec: {
        listeners: [{ portMapping: { port: 8080, protocol: 'http' } }],
        serviceDiscovery: { dns: { hostname: 'client.bench.local' } },
        backends: [{ virtualService: { virtualServiceName: SERVICE } }],
      },
    },
    ...nodes.map(
      (name): MeshplaneResource => ({
        kind: 'virtualNode',
        meshName: mesh,
        name,
        spec: {
          listeners: [{ portMapping: { port: 8080, protocol: 'http' } }],
          serviceDiscovery: { awsCloudMap: { namespaceName: 'bench.local', serviceName: name } },
        },
      }),
    ),
    {
      kind: 'virtualRouter',
      meshName: mesh,
      name: 'api-router',
      spec: { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] },
    },
    // 50 routes, each a path prefix plus a header condition; the last one is the catch-all.
    ...Array.from(
      { length: ROUTES },
      (_, i): MeshplaneResource => ({
        kind: 'route',
        meshName: mesh,
        virtualRouterName: 'api-router',
        name: `route-${i}`,
        spec: {
          httpRoute: {
            match:
              i === ROUTES - 1
                ? { prefix: '/' }
                : {
                    prefix: `/svc${i}/`,
                    headers: [
                      {
                        name: 'x-tenant',
                        match: i % 2 ? { exact: `tenant-${i % 7}` } : { prefix: 'tenant-' },
                      },
                    ],
                  },
            action: {
              weightedTargets: nodes.map((virtualNode, t) => ({ virtualNode, weight: t === 0 ? 55 : 5 })),
            },
          },
        },
      }),
    ),
    {
      kind: 'virtualService',
      meshName: mesh,
      name: SERVICE,
      spec: { provider: { virtualRouter: { virtualRouterName: 'api-router' } } },
    },
  ];
  void upstreamPort;
  return { resources };
}

export function staticDiscovery(port: number): RouterDiscovery {
  const instances = [
    { InstanceId: 'i-1', Attributes: { AWS_INSTANCE_IPV4: '127.0.0.1', AWS_INSTANCE_PORT: String(port) } },
  ];
  return { discover: async () => instances, peek: () => instances };
}

/**
 * Per-decision nanoseconds of each batch: the batch's wall time (`process.hrtime.bigint()`)
 * divided by its size, and the same for the process CPU time (`process.cpuUsage()`), which leaves
 * out the time the process waited for a CPU on a busy machine.
 */
function perItemBatches(
  run: (i: number) => unknown,
  size = BATCH,
  count = BATCHES,
): { wall: number[]; cpu: number[] } {
  const wall: number[] = [];
  const cpu: number[] = [];
  let sink = 0;
  for (let b = 0; b < count; b++) {
    const cpuStart = process.cpuUsage();
    const start = process.hrtime.bigint();
    for (let i = 0; i < size; i++) if (run(i)) sink++;
    wall.push(Number(process.hrtime.bigint() - start) / size);
    const used = process.cpuUsage(cpuStart);
    cpu.push(((used.user + used.system) * 1000) / size);
  }
  if (sink < 0) console.log(sink);
  return { wall, cpu };
}

async function decisionBench(): Promise<BenchResult[]> {
  const router = createRouter({ model: benchModel(1), sourceNode: 'client', discovery: staticDiscovery(1) });
  // 64 request shapes spread over the route table (early, middle, late and catch-all matches).
  const requests = Array.from({ length: 64 }, (_, k) => {
    const route = (k * 7) % ROUTES;
    return {
      url: `http://${SERVICE}:8080/svc${route}/items/${k}?page=${k % 3}`,
      init: { headers: { 'x-tenant': `tenant-${route % 7}`, accept: 'application/json' } },
    };
  });
  for (const r of requests) router.decide(r.url, r.init);
  const decideOne = (i: number) => {
    const r = requests[i & 63]!;
    return router.decide(r.url, r.init).targetNode;
  };
  const { wall: decisions } = perItemBatches(decideOne);
  const { cpu: decisionsCpu } = perItemBatches(decideOne, CPU_BATCH, CPU_BATCHES);
  // Baseline: a Map.get of the service plus a weighted pick among the same 10 targets.
  const table = new Map([[SERVICE, { cumulative: [55, 60, 65, 70, 75, 80, 85, 90, 95, 100], total: 100 }]]);
  const pick = () => {
    const entry = table.get(SERVICE)!;
    const point = Math.random() * entry.total;
    const c = entry.cumulative;
    for (let t = 0; t < c.length; t++) if (point < c[t]!) return t + 1;
    return c.length;
  };
  const { wall: baseline } = perItemBatches(pick);
  const { cpu: baselineCpu } = perItemBatches(pick, CPU_BATCH, CPU_BATCHES);
  await router.close();
  if (process.env.ROUTER_BENCH_DEBUG) {
    console.log(
      [50, 90, 95, 98, 99, 99.9]
        .map((p) => `p${p}=${(percentile(decisions, p) / 1000).toFixed(3)}`)
        .join(' '),
    );
  }
  const p99 = percentile(decisions, 99) / 1000;
  const p50 = percentile(decisions, 50) / 1000;
  const baseP99 = percentile(baseline, 99) / 1000;
  const cpuP99 = percentile(decisionsCpu, 99) / 1000;
  // The target is CPU time (issue 14: targets hold on a busy machine): wall time also counts the
  // time a batch waits for a CPU, which on a loaded 2-core machine is most of it.
  return [
    result({
      suite: 'router',
      name: `routing decision p99, process CPU time per batch of ${CPU_BATCH} (${ROUTES} routes with path+header matches, ${TARGETS} weighted targets)`,
      unit: 'µs',
      value: round(cpuP99),
      baseline: round(percentile(baselineCpu, 99) / 1000),
      target: '<= 2 µs CPU per decision (baseline: Map.get + weighted pick, same run)',
      pass: cpuP99 <= 2,
    }),
    result({
      suite: 'router',
      name: 'routing decision p99, wall clock (includes waiting for a CPU on a loaded machine)',
      unit: 'µs',
      value: round(p99),
      baseline: round(baseP99),
      target: 'informational (the target applies to CPU time above)',
      pass: true,
    }),
    result({
      suite: 'router',
      name: 'routing decision p50',
      unit: 'µs',
      value: round(p50),
      baseline: round(percentile(baseline, 50) / 1000),
      target: 'informational',
      pass: true,
    }),
  ];
}

/**
 * Times the three ways of fetching (raw, router, undici) in rounds; returns each one's samples
 * (µs) and, per round, the router's p50 over the raw request's.
 */
async function fetchRounds(
  variants: readonly (() => Promise<void>)[],
): Promise<[number[], number[], number[], number[]]> {
  // Rounds of FETCH_ROUND requests of each kind, interleaved in rotating order inside a round;
  // the p50 target is the median over rounds of each round's router p50 / raw p50. A round lasts
  // ~20 ms, so the other engineers' jobs, GC and CPU frequency changes hit both sides of one
  // ratio alike, and a burst that skews a few rounds moves the median of 200 ratios very little.
  // What the ratio measures is real: client and server share this process, so a loopback request
  // is CPU-bound, and router.fetch costs 13-17 µs more process CPU than the raw request (batches
  // of 100, interleaved; raw 75-95 µs). Of that, the node:http transport with the router's
  // timers and abort signal is 0-4 µs; the rest is the router's own path (CPU profile: call
  // loop and attempt, URL parse into the request view, route decision, endpoint pick, the
  // MeshResponse body read), ~4 µs when measured against an in-memory transport, more when
  // interleaved with real I/O. At load 8-10 the median ratio was 1.07-1.10 (pooled p50s
  // 1.08-1.12), so the 1.10 target holds with little margin on a loaded machine.
  const samples: [number[], number[], number[]] = [[], [], []];
  const roundRatios: number[] = [];
  for (let r = 0; r < FETCH_ROUNDS; r++) {
    const round: number[][] = [[], [], []];
    for (let i = 0; i < FETCH_ROUND; i++) {
      for (let k = 0; k < 3; k++) {
        const which = (r + i + k) % 3;
        const start = performance.now();
        await variants[which]!();
        round[which]!.push((performance.now() - start) * 1000);
      }
    }
    roundRatios.push(median(round[1]!) / median(round[0]!));
    for (let k = 0; k < 3; k++) samples[k]!.push(...round[k]!);
  }
  return [...samples, roundRatios];
}

export async function fetchBench(): Promise<BenchResult[]> {
  const body = JSON.stringify(['Astrud Gilberto', 'Miles Davis']);
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const router = createRouter({
    model: benchModel(port),
    sourceNode: 'client',
    discovery: staticDiscovery(port),
  });
  // The baseline is the router's own transport used bare: node:http with the same keep-alive agent
  // settings, body read to the end.
  const raw = new Agent({ keepAlive: true, maxSockets: 128, timeout: 4_000, scheduling: 'lifo' });
  const undici = new UndiciAgent({ connections: 128, keepAliveTimeout: 4_000 });
  const rawUrl = `http://127.0.0.1:${port}/svc3/items/1`;
  const meshUrl = `http://${SERVICE}:8080/svc3/items/1`;
  const headers = { 'x-tenant': 'tenant-3' };
  const viaRaw = () =>
    new Promise<void>((resolve, reject) => {
      request({ host: '127.0.0.1', port, path: '/svc3/items/1', headers, agent: raw }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.once('end', () => {
          Buffer.concat(chunks).toString('utf8');
          resolve();
        });
        res.once('error', reject);
      })
        .once('error', reject)
        .end();
    });
  const viaUndici = async () => {
    const r = await undiciRequest(rawUrl, { dispatcher: undici, headers });
    await r.body.text();
  };
  const viaRouter = async () => {
    const r = await router.fetch(meshUrl, { headers });
    await r.text();
  };
  for (let i = 0; i < 500; i++) {
    await viaRaw();
    await viaRouter();
    await viaUndici();
  }
  const [rawTimes, meshTimes, undiciTimes, roundRatios] = await fetchRounds([viaRaw, viaRouter, viaUndici]);
  await router.close();
  raw.destroy();
  await undici.close();
  await new Promise<void>((r) => {
    server.closeAllConnections();
    server.close(() => r());
  });
  const p50 = percentile(meshTimes, 50);
  const p50Raw = percentile(rawTimes, 50);
  const p50Ratio = median(roundRatios);
  const p99 = percentile(meshTimes, 99);
  const p99Raw = percentile(rawTimes, 99);
  return [
    result({
      suite: 'router',
      name: `router.fetch loopback p50 vs raw transport (node:http keep-alive Agent); ratio: median over ${FETCH_ROUNDS} rounds of the round's p50 ratio`,
      unit: 'µs',
      value: round(p50),
      baseline: round(p50Raw),
      ratio: round(p50Ratio),
      target: '<= 1.10x the raw node:http request',
      pass: p50Ratio <= 1.1,
    }),
    result({
      suite: 'router',
      name: 'router.fetch loopback p99 vs raw transport (node:http keep-alive Agent)',
      unit: 'µs',
      value: round(p99),
      baseline: round(p99Raw),
      target: '<= 1.25x the raw node:http request',
      pass: p99 / p99Raw <= 1.25,
    }),
    result({
      suite: 'router',
      name: 'router.fetch loopback p50 vs raw undici.request (informative: another client)',
      unit: 'µs',
      value: round(p50),
      baseline: round(percentile(undiciTimes, 50)),
      target: 'informative',
      pass: true,
    }),
  ];
}

const LATTICE_BATCHES = 100;
const LATTICE_BATCH = 50;

/** CPU µs per signature of the Lattice signer alone (median of 200 batches of 100). */
async function signingCpu(): Promise<number> {
  const signer = createLatticeSigner(
    latticeCredentials({
      accessKeyId: 'AKIDBENCH',
      secretAccessKey: 'bench-secret',
      sessionToken: 'bench-token',
    }),
  );
  await signer.ready();
  const compiled = compileMesh({ model: benchModel(1), sourceNode: 'client', discovery: staticDiscovery(1) });
  const table = compileLatticeTargets(
    compiled,
    { services: { [SERVICE]: 'http://127.0.0.1:1' }, region: 'us-east-1' },
    true,
  );
  const target = table.services.get(SERVICE)!;
  const request = {
    origin: 'http://127.0.0.1:1',
    path: '/svc3/items/1?page=2',
    method: 'GET',
    headers: ['x-tenant', 'tenant-3', 'accept', 'application/json', 'host', SERVICE],
  };
  for (let i = 0; i < 1_000; i++) await signer.sign(request, target);
  const perSign: number[] = [];
  for (let b = 0; b < 200; b++) {
    const start = process.cpuUsage();
    for (let i = 0; i < 100; i++) await signer.sign(request, target);
    const used = process.cpuUsage(start);
    perSign.push((used.user + used.system) / 100);
  }
  return percentile(perSign, 50);
}
const UNSIGNED_SERVICE = 'api-unsigned.bench.local';

/**
 * The Lattice transport's cost: one router whose SERVICE is mapped to a "Lattice service" (the
 * loopback upstream) and whose UNSIGNED_SERVICE, the same virtual router, is not; both to the same
 * upstream, interleaved in one run. The difference is the SigV4 signature of each request (and
 * the canonical query); credentials come from a provider that must be called once, at init.
 */
export async function latticeBench(): Promise<BenchResult[]> {
  const body = JSON.stringify(['Astrud Gilberto', 'Miles Davis']);
  let signedSeen = 0;
  const server = createServer((req, res) => {
    if (req.headers.authorization?.startsWith('AWS4-HMAC-SHA256 ')) signedSeen++;
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const model = benchModel(port);
  const client = model.resources.find((r) => r.name === 'client')!;
  (client.spec as { backends: unknown[] }).backends.push({
    virtualService: { virtualServiceName: UNSIGNED_SERVICE },
  });
  model.resources.push({
    kind: 'virtualService',
    meshName: 'bench',
    name: UNSIGNED_SERVICE,
    spec: { provider: { virtualRouter: { virtualRouterName: 'api-router' } } },
  });
  let providerCalls = 0;
  const router = createRouter({
    model,
    sourceNode: 'client',
    discovery: staticDiscovery(port),
    lattice: {
      services: { [SERVICE]: `http://127.0.0.1:${port}` },
      region: 'us-east-1',
      credentials: async () => {
        providerCalls++;
        return {
          accessKeyId: 'AKIDBENCH',
          secretAccessKey: 'bench-secret',
          sessionToken: 'bench-token',
          expiration: new Date(Date.now() + 3_600_000),
        };
      },
    },
  });
  await router.warm();
  const headers = { 'x-tenant': 'tenant-3', accept: 'application/json' };
  const signed = async () =>
    (await router.fetch(`http://${SERVICE}:8080/svc3/items/1?page=2`, { headers })).text();
  const unsigned = async () =>
    (await router.fetch(`http://${UNSIGNED_SERVICE}:8080/svc3/items/1?page=2`, { headers })).text();
  for (let i = 0; i < 500; i++) {
    await signed();
    await unsigned();
  }
  // Per-request process CPU time (and wall time) of batches, signed and unsigned batches
  // alternating in rotating order: CPU time holds on a loaded machine, where wall time mostly
  // measures the wait for a CPU (the upstream runs in this process too, alike for both).
  const cpu = { signed: [] as number[], unsigned: [] as number[] };
  const wall = { signed: [] as number[], unsigned: [] as number[] };
  for (let b = 0; b < LATTICE_BATCHES * 2; b++) {
    const kind = (b + (b >> 1)) % 2 === 0 ? 'signed' : 'unsigned';
    const send = kind === 'signed' ? signed : unsigned;
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    for (let i = 0; i < LATTICE_BATCH; i++) await send();
    wall[kind].push(((performance.now() - start) * 1000) / LATTICE_BATCH);
    const used = process.cpuUsage(cpuStart);
    cpu[kind].push((used.user + used.system) / LATTICE_BATCH);
  }
  await router.close();
  await new Promise<void>((r) => {
    server.closeAllConnections();
    server.close(() => r());
  });
  const cpuSigned = percentile(cpu.signed, 50);
  const cpuUnsigned = percentile(cpu.unsigned, 50);
  const allSigned = signedSeen === 500 + LATTICE_BATCHES * LATTICE_BATCH;
  const signCpu = await signingCpu();
  return [
    result({
      suite: 'router',
      name: `router.fetch to a Lattice service (SigV4 per request), process CPU per request (median of batches) vs an unsigned request through the same router (loopback; credential provider calls: ${providerCalls}; signed requests seen: ${signedSeen})`,
      unit: 'µs',
      value: round(cpuSigned),
      baseline: round(cpuUnsigned),
      // The ratio is the measurement asked for (issue 15 item 5); what must hold is that
      // credentials are not resolved per request and that every request was signed.
      target: 'ratio recorded; credentials resolved once at init (1 provider call); every request signed',
      pass: providerCalls === 1 && allSigned,
    }),
    result({
      suite: 'router',
      name: 'router.fetch to a Lattice service vs unsigned, wall clock per request (median of batches; includes waiting for a CPU)',
      unit: 'µs',
      value: round(percentile(wall.signed, 50)),
      baseline: round(percentile(wall.unsigned, 50)),
      target: 'informative',
      pass: true,
    }),
    result({
      suite: 'router',
      name: 'SigV4 signing of one router request alone (vpc-lattice-svcs), process CPU, against the CPU of a whole unsigned request',
      unit: 'µs',
      value: round(signCpu),
      baseline: round(cpuUnsigned),
      target: 'informative (the share of a request that signing costs)',
      pass: true,
    }),
  ];
}

const OUTAGE_MS = 3_000;
const OUTAGE_TTL_MS = 50;

/**
 * Mesh requests through a Cloud Map outage: after warm-up every DiscoverInstances(Revision) call
 * answers 5xx for OUTAGE_MS (60 TTL periods, the issue's "60 s" scaled down with a 50 ms TTL);
 * requests must keep flowing on the discovery cache's stale data.
 */
async function outageBench(): Promise<BenchResult[]> {
  const body = '["Megadeth","Judas Priest"]';
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const endpoint = await startLocalEndpoint({ port: 0 });
  const client = createCloudMapClient({
    clientConfig: {
      endpoint: endpoint.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
      disableHostPrefix: true,
      maxAttempts: 1,
    },
  });
  const ns = await ensureNamespace({ client }, { name: 'bench.local', type: 'HTTP' });
  const model = benchModel(port);
  for (let i = 0; i < TARGETS; i++) {
    const svc = await ensureService({ client }, { namespaceId: ns.id, name: `api-v${i}` });
    await registerInstance(
      { client },
      {
        serviceId: svc.id,
        instanceId: `api-v${i}-1`,
        attributes: { AWS_INSTANCE_IPV4: '127.0.0.1', AWS_INSTANCE_PORT: String(port) },
      },
    );
  }
  const discovery = createDiscovery(
    { client },
    {
      ttlMs: OUTAGE_TTL_MS,
      fullRefreshMs: OUTAGE_TTL_MS * 2,
      maxStaleMs: OUTAGE_MS * 10,
      errorBackoffMs: 100,
    },
  );
  const router = createRouter({ model, sourceNode: 'client', discovery });
  await router.warm();
  endpoint.resetStats();
  endpoint.setFaults({ errorRate: 1, operations: ['DiscoverInstances', 'DiscoverInstancesRevision'] });
  let requests = 0;
  let failedForDiscovery = 0;
  let failedOtherwise = 0;
  const start = performance.now();
  const worker = async () => {
    while (performance.now() - start < OUTAGE_MS) {
      requests++;
      try {
        const r = await router.fetch(`http://${SERVICE}:8080/svc3/x`, {
          headers: { 'x-tenant': 'tenant-3' },
        });
        await r.dump();
      } catch (error) {
        if (error instanceof NoHealthyEndpointError) failedForDiscovery++;
        else failedOtherwise++;
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  endpoint.setFaults(undefined);
  const injected = endpoint.stats().faults.serverErrors;
  await router.close();
  discovery.close();
  client.destroy();
  await endpoint.close();
  await new Promise<void>((r) => {
    server.closeAllConnections();
    server.close(() => r());
  });
  return [
    result({
      suite: 'router',
      name: `mesh requests during a ${OUTAGE_MS} ms Cloud Map outage (60 TTLs of ${OUTAGE_TTL_MS} ms; ${injected} Cloud Map calls failed): failed for lack of discovery out of ${requests}${failedOtherwise ? ` (${failedOtherwise} failed otherwise)` : ''}`,
      unit: 'requests',
      value: failedForDiscovery,
      baseline: requests,
      ratio: null,
      target: '0 requests fail for lack of discovery (and the outage was real: > 0 failed Cloud Map calls)',
      pass: failedForDiscovery === 0 && failedOtherwise === 0 && injected > 0,
    }),
  ];
}

const round = (n: number) => Math.round(n * 1000) / 1000;

const suite: BenchSuite = {
  suite: 'router',
  async run() {
    return [
      ...(await decisionBench()),
      ...(await fetchBench()),
      ...(await latticeBench()),
      ...(await outageBench()),
    ];
  },
};
export default suite;
