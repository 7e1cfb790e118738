import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import {
  type Client,
  credentials,
  makeGenericClientConstructor,
  type ServerDuplexStream,
  type ServiceDefinition,
} from '@grpc/grpc-js';
import { appMeshBootstrap } from '../packages/xds/src/bootstrap/index.js';
import { createSnapshotCache, type MutableSnapshotCache } from '../packages/xds/src/cache/index.js';
import { TYPE_URLS, type XdsResource } from '../packages/xds/src/contract.js';
import { type AdsServer, createAdsServer, type StatusEvent } from '../packages/xds/src/server/index.js';
import { adsClient, type TestStream } from '../packages/xds/tests/support/ads-client.js';
import { freePort, startEnvoy, startUpstream, waitForLive } from '../packages/xds/tests/support/envoy.js';
import {
  edsCluster,
  endpoints,
  listener,
  routeConfig,
  smallSnapshot,
} from '../packages/xds/tests/support/resources.js';
import { type BenchResult, type BenchSuite, percentile, result } from './lib.js';

// The ADS server's figures, in one run:
// - a weight change until one real Envoy (1.40, SotW over a Unix socket) has ACKed the new route
//   configuration; baseline: a GET /ready on the same Envoy's admin interface;
// - 1,000 simulated Envoys (grpc-js clients, one HTTP/2 connection each, in a child process so
//   the server's heap is the server's alone; 20 nodes x 50 Envoys, App Mesh's per-node quota),
//   each subscribed to CDS, EDS (20 clusters), LDS, RDS and ACKing as Envoy does: the time until
//   an endpoint change reaches each of them, and the server heap per stream; baselines: the
//   same change to a single stream, and the heap of 1,000 bare grpc-js streams that do nothing.
const SUITE = 'xds-server';
const NODES = 20;
const PER_NODE = 50;
const STREAMS = NODES * PER_NODE;
const CLUSTERS = 20;
const CHANGES = 20;
const ENVOY_CHANGES = 60;
const CHILD_FLAG = 'MESHPLANE_XDS_BENCH_CLIENTS';
const here = fileURLToPath(import.meta.url);
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

v8.setFlagsFromString('--expose_gc');
const gc = vm.runInNewContext('gc') as () => void;
async function heapUsed(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    gc();
    await sleep(50);
  }
  return process.memoryUsage().heapUsed;
}

// A bare bidi service: the baseline of what one open gRPC stream costs the server.
const HOLD: ServiceDefinition = {
  Hold: {
    path: '/meshplane.bench.Hold/Hold',
    requestStream: true,
    responseStream: true,
    requestSerialize: (b: Buffer) => b,
    requestDeserialize: (b: Buffer) => b,
    responseSerialize: (b: Buffer) => b,
    responseDeserialize: (b: Buffer) => b,
  },
} as unknown as ServiceDefinition;

function nodeResources(node: number, endpointPort: number): XdsResource[] {
  const clusters = Array.from({ length: CLUSTERS }, (_, i) => `cds_egress_bench_svc${i}_http_8080`);
  return [
    listener('lds_egress_0.0.0.0_15001', 15001, 'rds_egress_http_15001'),
    routeConfig('rds_egress_http_15001', Object.fromEntries(clusters.map((c) => [c, 1]))),
    ...clusters.map(edsCluster),
    ...clusters.map((c, i) => endpoints(c, [8000 + node, i === 0 ? endpointPort : 9000 + i])),
  ];
}

// ---- child process: the simulated Envoys -------------------------------------------------------

type ToChild =
  | { cmd: 'ads'; target: string; count: number }
  | { cmd: 'hold'; target: string; count: number }
  | { cmd: 'mark' }
  | { cmd: 'collect' }
  | { cmd: 'close' };

async function runClients(): Promise<void> {
  const clients: Client[] = [];
  const streams: TestStream<unknown, unknown>[] = [];
  let marked = false;
  let arrivals: number[] = [];
  const reply = (m: unknown) => process.send!(m);
  // Connections open 100 at a time: a Unix socket refuses connects beyond the listen backlog
  // (EAGAIN) instead of queueing them; Envoys that meet it retry with backoff.
  const openAds = async (target: string, count: number) => {
    for (let batch = 0; batch < count; batch += 100)
      await openAdsBatch(target, batch, Math.min(100, count - batch));
  };
  const openAdsBatch = async (target: string, first: number, count: number) => {
    await Promise.all(
      Array.from({ length: count }, async (_, j) => {
        const i = first + j;
        const client = adsClient(target, { 'grpc.use_local_subchannel_pool': 1 }, { envelopeOnly: true });
        const stream = client.sotw();
        const node = { id: `mesh/bench/virtualNode/n${i % NODES}`, cluster: '', userAgent: '' };
        const clusterNames = Array.from({ length: CLUSTERS }, (_, c) => `cds_egress_bench_svc${c}_http_8080`);
        const subscriptions: [string, string[]][] = [
          [TYPE_URLS.cluster, []],
          [TYPE_URLS.clusterLoadAssignment, clusterNames],
          [TYPE_URLS.listener, []],
          [TYPE_URLS.routeConfiguration, ['rds_egress_http_15001']],
        ];
        for (const [typeUrl, names] of subscriptions) {
          stream.send({ node, typeUrl, resourceNames: names });
          const res = await stream.next();
          stream.send({
            typeUrl,
            resourceNames: names,
            versionInfo: res.versionInfo,
            responseNonce: res.nonce,
          });
        }
        // From now on: ACK everything, and time the first EDS response after a mark.
        stream.onResponse((res) => {
          const names =
            res.typeUrl === TYPE_URLS.clusterLoadAssignment
              ? clusterNames
              : res.typeUrl === TYPE_URLS.routeConfiguration
                ? ['rds_egress_http_15001']
                : [];
          stream.send({
            typeUrl: res.typeUrl,
            resourceNames: names,
            versionInfo: res.versionInfo,
            responseNonce: res.nonce,
          });
          if (marked && res.typeUrl === TYPE_URLS.clusterLoadAssignment) arrivals.push(now());
        });
        clients.push(client.raw);
        streams.push(stream as TestStream<unknown, unknown>);
      }),
    );
  };
  const openHold = (target: string, count: number) => {
    const Hold = makeGenericClientConstructor(HOLD, 'Hold');
    for (let i = 0; i < count; i++) {
      const client = new Hold(target, credentials.createInsecure(), { 'grpc.use_local_subchannel_pool': 1 });
      const call = (
        client as unknown as Record<
          string,
          () => { write(b: Buffer): void; on(e: string, f: () => void): void; cancel(): void }
        >
      ).Hold!();
      call.on('error', () => {});
      call.write(Buffer.from('x'));
      clients.push(client);
      streams.push({ close: () => call.cancel() } as unknown as TestStream<unknown, unknown>);
    }
  };
  process.on('message', async (m: ToChild) => {
    if (m.cmd === 'ads') {
      await openAds(m.target, m.count);
      reply({ ready: m.count });
    } else if (m.cmd === 'hold') {
      openHold(m.target, m.count);
      reply({ ready: m.count });
    } else if (m.cmd === 'mark') {
      arrivals = [];
      marked = true;
      reply({ marked: true });
    } else if (m.cmd === 'collect') {
      const expected = streams.length;
      const deadline = Date.now() + 10_000;
      while (arrivals.length < expected && Date.now() < deadline) await sleep(5);
      marked = false;
      reply({ arrivals });
    } else if (m.cmd === 'close') {
      for (const s of streams) s.close();
      for (const c of clients) c.close();
      streams.length = 0;
      clients.length = 0;
      reply({ closed: true });
    }
  });
  reply({ started: true });
}

if (process.env[CHILD_FLAG]) await runClients();

// ---- parent ------------------------------------------------------------------------------------

function startChild() {
  const child = fork(here, [], {
    execArgv: ['--conditions=@meshplane/source', '--import', 'tsx'],
    env: { ...process.env, [CHILD_FLAG]: '1' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting: ((m: Record<string, unknown>) => void)[] = [];
  child.on('message', (m: Record<string, unknown>) => waiting.shift()?.(m));
  const ask = (m: ToChild | null) =>
    new Promise<Record<string, unknown>>((resolve) => {
      waiting.push(resolve);
      if (m) child.send(m);
    });
  return { started: ask(null), ask, kill: () => child.kill() };
}

async function measureFanOut(server: AdsServer, cache: MutableSnapshotCache, target: string, count: number) {
  const child = startChild();
  await child.started;
  const h0 = await heapUsed();
  await child.ask({ cmd: 'ads', target, count });
  await sleep(200);
  const h1 = await heapUsed();
  const latencies: number[] = [];
  const allReached: number[] = [];
  // The server's own share: building the 20 snapshots and writing every stream's response.
  const serverMs: number[] = [];
  for (let change = 1; change <= CHANGES; change++) {
    await child.ask({ cmd: 'mark' });
    const t0 = now();
    for (let n = 0; n < NODES; n++)
      cache.set(`mesh/bench/virtualNode/n${n}`, nodeResources(n, 10_000 + change));
    serverMs.push(now() - t0);
    const { arrivals } = (await child.ask({ cmd: 'collect' })) as { arrivals: number[] };
    if (arrivals.length < count)
      throw new Error(`only ${arrivals.length} of ${count} streams received change ${change}`);
    const own = arrivals.map((t) => t - t0);
    latencies.push(...own);
    allReached.push(Math.max(...own));
  }
  await child.ask({ cmd: 'close' });
  child.kill();
  void server;
  return { heapPerStream: (h1 - h0) / count, latencies, allReached, serverMs };
}

async function measureHold(target: string, count: number, held: () => number): Promise<number> {
  const child = startChild();
  await child.started;
  const h0 = await heapUsed();
  for (let opened = 0; opened < count; opened += 100) {
    await child.ask({ cmd: 'hold', target, count: Math.min(100, count - opened) });
    const deadline = Date.now() + 30_000;
    while (held() < Math.min(opened + 100, count) && Date.now() < deadline) await sleep(10);
  }
  if (held() < count) throw new Error(`only ${held()} of ${count} bare streams opened`);
  await sleep(200);
  const h1 = await heapUsed();
  await child.ask({ cmd: 'close' });
  child.kill();
  return (h1 - h0) / count;
}

async function fanOutResults(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'meshplane-xds-bench-'));
  const cache = createSnapshotCache();
  for (let n = 0; n < NODES; n++) cache.set(`mesh/bench/virtualNode/n${n}`, nodeResources(n, 10_000));
  const server = createAdsServer({ cache, logger: () => {} });
  let held = 0;
  server.grpcServer.addService(HOLD, {
    Hold: (call: ServerDuplexStream<Buffer, Buffer>) => {
      held++;
      call.on('data', () => {});
      call.on('error', () => {});
      call.on('cancelled', () => held--);
    },
  });
  const socket = join(dir, 'xds.sock');
  await server.listen({ socket });
  const target = `unix://${socket}`;
  try {
    const holdHeap = await measureHold(target, STREAMS, () => held);
    const one = await measureFanOut(server, cache, target, 1);
    const many = await measureFanOut(server, cache, target, STREAMS);
    const p99 = percentile(many.latencies, 99);
    const baseP99 = percentile(one.latencies, 99);
    return [
      result({
        suite: SUITE,
        name: `an endpoint change reaches ${STREAMS} ADS streams (${NODES} nodes x ${PER_NODE}, SotW, CDS+EDS(${CLUSTERS})+LDS+RDS, ACKing): p99 per stream over ${CHANGES} changes`,
        unit: 'ms',
        value: round(p99),
        baseline: round(baseP99),
        target: '<= 1000 ms p99 (baseline: the same change to 1 stream)',
        pass: p99 <= 1000,
      }),
      result({
        suite: SUITE,
        name: `the same change: time until the last of the ${STREAMS} streams has it (worst of ${CHANGES})`,
        unit: 'ms',
        value: round(Math.max(...many.allReached)),
        baseline: round(Math.max(...one.allReached)),
        target: 'informational',
        pass: true,
      }),
      result({
        suite: SUITE,
        name: `the server's share of it: build the ${NODES} snapshots and write every stream's response (p99 of ${CHANGES}; the rest is the socket and the ${STREAMS} clients on the same machine)`,
        unit: 'ms',
        value: round(percentile(many.serverMs, 99)),
        baseline: round(percentile(one.serverMs, 99)),
        target: 'informational',
        pass: true,
      }),
      result({
        suite: SUITE,
        name: `server heap per ADS stream (${STREAMS} streams, one HTTP/2 connection each, snapshots of ${CLUSTERS} clusters)`,
        unit: 'KB',
        value: round(many.heapPerStream / 1024, 1),
        baseline: round(holdHeap / 1024, 1),
        target: '<= 64 KB per stream (baseline: a bare grpc-js stream doing nothing)',
        pass: many.heapPerStream <= 64 * 1024,
      }),
    ];
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function envoyAckResults(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'meshplane-xds-bench-'));
  const nodeId = 'mesh/bench/virtualNode/front';
  const acks: ((e: StatusEvent) => void)[] = [];
  const cache = createSnapshotCache();
  const server = createAdsServer({
    cache,
    logger: () => {},
    onEvent: (e) => {
      for (const f of [...acks]) f(e);
    },
  });
  const socket = join(dir, 'xds.sock');
  await server.listen({ socket });
  const upstreams = await Promise.all([startUpstream('blue'), startUpstream('green')]);
  const listenerPort = await freePort();
  const snapshot = (w: number) =>
    smallSnapshot({
      listenerPort,
      upstreamPorts: { blue: [upstreams[0]!.port], green: [upstreams[1]!.port] },
      weights: { blue: w, green: 100 - w },
    });
  cache.set(nodeId, snapshot(50));
  const envoy = await startEnvoy(
    appMeshBootstrap({
      resourceArn: nodeId,
      xdsEndpoint: `unix://${socket}`,
      admin: { address: '127.0.0.1', port: 0 },
    }),
  );
  try {
    await waitForLive(envoy);
    const samples: number[] = [];
    for (let i = 0; i < ENVOY_CHANGES; i++) {
      const acked = new Promise<void>((resolve) => {
        const f = (e: StatusEvent) => {
          if (e.kind === 'ack' && e.typeUrl === TYPE_URLS.routeConfiguration && e.nodeId === nodeId) {
            acks.splice(acks.indexOf(f), 1);
            resolve();
          }
        };
        acks.push(f);
      });
      const t0 = performance.now();
      cache.set(nodeId, snapshot(i % 2 === 0 ? 10 : 90));
      await acked;
      samples.push(performance.now() - t0);
    }
    const baseline: number[] = [];
    for (let i = 0; i < ENVOY_CHANGES; i++) {
      const t0 = performance.now();
      await envoy.admin('/ready');
      baseline.push(performance.now() - t0);
    }
    const rejected = await envoy.updatesRejected();
    const p99 = percentile(samples, 99);
    return [
      result({
        suite: SUITE,
        name: `a weight change until one real Envoy 1.40 has ACKed the route configuration (SotW over a Unix socket, ${ENVOY_CHANGES} changes, ${rejected} rejected)`,
        unit: 'ms',
        value: round(p99),
        baseline: round(percentile(baseline, 99)),
        target: '<= 50 ms p99, 0 rejected (baseline: GET /ready on the same Envoy admin)',
        pass: p99 <= 50 && rejected === 0,
      }),
    ];
  } finally {
    await envoy.stop();
    await server.close();
    await Promise.all(upstreams.map((u) => u.close()));
    rmSync(dir, { recursive: true, force: true });
  }
}

const suite: BenchSuite = {
  suite: SUITE,
  async run(): Promise<BenchResult[]> {
    return [...(await envoyAckResults()), ...(await fanOutResults())];
  },
};

export default suite;
