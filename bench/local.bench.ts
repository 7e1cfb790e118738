import { mkdtemp, rm, stat } from 'node:fs/promises';
import { Agent, createServer, type IncomingMessage, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  AppMeshClient,
  CreateMeshCommand,
  CreateVirtualNodeCommand,
  DeleteVirtualNodeCommand,
  DescribeMeshCommand,
  DescribeVirtualNodeCommand,
  ListVirtualNodesCommand,
} from '@aws-sdk/client-app-mesh';
import {
  CreateHttpNamespaceCommand,
  CreateServiceCommand,
  DiscoverInstancesCommand,
  GetOperationCommand,
  RegisterInstanceCommand,
  ServiceDiscoveryClient,
} from '@aws-sdk/client-servicediscovery';
import {
  createAppMeshService,
  startLocalEndpoint,
  writeStateFileAtomically,
} from '@meshplane/local/internals';
import { type BenchSuite, result } from './lib.js';

// Sustained throughput of the local endpoint for a mixed create/describe/list workload sent by
// the real SDK clients, against a bare node:http echo server round trip in the same run.
const WORKERS = 8;
const CYCLES = 150;
const OPS_PER_CYCLE = 7;

const credentials = { accessKeyId: 'bench', secretAccessKey: 'bench' };
const listener = { listeners: [{ portMapping: { port: 8080, protocol: 'http' as const } }] };

interface Target {
  url: string;
  resetStats(): void;
  stats(): { calls: number; writes: number };
  close(): Promise<void>;
}

async function workloadOpsPerSecond(
  target: Target,
): Promise<{ opsPerSecond: number; calls: number; writes: number }> {
  const endpoint = target;
  const appMesh = new AppMeshClient({ endpoint: endpoint.url, region: 'us-east-1', credentials });
  const cloudMap = new ServiceDiscoveryClient({
    endpoint: endpoint.url,
    region: 'us-east-1',
    credentials,
    disableHostPrefix: true,
  });
  await appMesh.send(new CreateMeshCommand({ meshName: 'bench' }));
  const { OperationId = 'op-stub' } = await cloudMap.send(
    new CreateHttpNamespaceCommand({ Name: 'bench.local' }),
  );
  const operation = await cloudMap.send(new GetOperationCommand({ OperationId }));
  const namespaceId = operation.Operation?.Targets?.NAMESPACE ?? 'ns-stub';
  const service = await cloudMap.send(new CreateServiceCommand({ Name: 'api', NamespaceId: namespaceId }));
  await cloudMap.send(
    new RegisterInstanceCommand({
      ServiceId: service.Service?.Id ?? 'srv-stub',
      InstanceId: 'i-1',
      Attributes: { AWS_INSTANCE_IPV4: '10.0.0.1', AWS_INSTANCE_PORT: '8080' },
    }),
  );

  async function worker(w: number, cycles: number): Promise<void> {
    for (let i = 0; i < cycles; i++) {
      const name = `node-${w}-${i}`;
      await appMesh.send(
        new CreateVirtualNodeCommand({ meshName: 'bench', virtualNodeName: name, spec: listener }),
      );
      await appMesh.send(new DescribeVirtualNodeCommand({ meshName: 'bench', virtualNodeName: name }));
      await appMesh.send(new ListVirtualNodesCommand({ meshName: 'bench', limit: 25 }));
      await appMesh.send(new DescribeMeshCommand({ meshName: 'bench' }));
      await cloudMap.send(new DiscoverInstancesCommand({ NamespaceName: 'bench.local', ServiceName: 'api' }));
      await cloudMap.send(new DiscoverInstancesCommand({ NamespaceName: 'bench.local', ServiceName: 'api' }));
      // Deleting keeps the mesh under its 200-node quota however long the run.
      await appMesh.send(new DeleteVirtualNodeCommand({ meshName: 'bench', virtualNodeName: name }));
    }
  }

  await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w + 100, 10)));
  endpoint.resetStats();
  const start = performance.now();
  await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w, CYCLES)));
  const seconds = (performance.now() - start) / 1000;
  const stats = endpoint.stats();
  appMesh.destroy();
  cloudMap.destroy();
  await endpoint.close();
  return {
    opsPerSecond: (WORKERS * CYCLES * OPS_PER_CYCLE) / seconds,
    calls: stats.calls,
    writes: stats.writes,
  };
}

/** A node:http server that answers every request with a canned body: the cost floor of a round trip. */
async function startStub(
  contentType: (req: IncomingMessage) => string,
  bodyFor: (req: IncomingMessage, body: Buffer) => string,
): Promise<Target> {
  let calls = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      calls++;
      const body = bodyFor(req, Buffer.concat(chunks));
      res.writeHead(200, { 'content-type': contentType(req), 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    resetStats: () => {
      calls = 0;
    },
    stats: () => ({ calls, writes: 0 }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** CPU seconds (user + system, all threads) this process spends in `run`. */
async function cpuSecondsOf(run: () => Promise<void>): Promise<number> {
  const before = process.cpuUsage();
  await run();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1e6;
}

/**
 * Raw keep-alive HTTP GETs of one path from WORKERS concurrent loops, in requests per CPU-second
 * of this process (client and server together): other processes' load on a shared machine
 * changes wall-clock rates a lot and CPU time little.
 */
async function rawGetsPerCpuSecond(url: string, path: string, total: number): Promise<number> {
  const { hostname, port } = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: WORKERS });
  const roundTrip = () =>
    new Promise<void>((resolve, reject) => {
      const req = request({ host: hostname, port, method: 'GET', path, agent }, (res) => {
        res.on('data', () => {});
        res.on('end', resolve);
      });
      req.on('error', reject);
      req.end();
    });
  const worker = async (n: number) => {
    for (let i = 0; i < n; i++) await roundTrip();
  };
  await Promise.all(Array.from({ length: WORKERS }, () => worker(50)));
  const seconds = await cpuSecondsOf(async () => {
    await Promise.all(Array.from({ length: WORKERS }, () => worker(total / WORKERS)));
  });
  agent.destroy();
  return total / seconds;
}

/**
 * Raw DescribeMesh against the endpoint vs the same GETs against a bare echo server, in alternating
 * rounds (echo, endpoint, echo, …) so a load spike on a shared machine hits both sides; the best
 * round of each side is kept.
 */
async function rawDescribeVersusEcho(rounds: number): Promise<{ describeRate: number; echoRate: number }> {
  const echo = await startStub(
    () => 'application/json',
    (req) => JSON.stringify({ path: req.url }),
  );
  const endpoint = await startLocalEndpoint({ port: 0 });
  await fetch(`${endpoint.url}/v20190125/meshes`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ meshName: 'bench' }),
  });
  let echoRate = 0;
  let describeRate = 0;
  for (let round = 0; round < rounds; round++) {
    echoRate = Math.max(echoRate, await rawGetsPerCpuSecond(echo.url, '/v20190125/meshes/bench', 8000));
    describeRate = Math.max(
      describeRate,
      await rawGetsPerCpuSecond(endpoint.url, '/v20190125/meshes/bench', 8000),
    );
  }
  await echo.close();
  await endpoint.close();
  return { describeRate, echoRate };
}

/** A state file of about 2 MB: one mesh of 170 virtual nodes with 50 long backend names each. */
async function bigStateFile(path: string): Promise<number> {
  const appMesh = createAppMeshService();
  const ctx = { region: 'us-east-1', accountId: '000000000000', now: () => new Date() };
  await appMesh.handle('CreateMesh', { meshName: 'big' }, ctx);
  const backends = Array.from({ length: 50 }, (_, i) => ({
    virtualService: { virtualServiceName: `${'b'.repeat(230)}-${i}.local` },
  }));
  for (let n = 0; n < 170; n++)
    await appMesh.handle(
      'CreateVirtualNode',
      { meshName: 'big', virtualNodeName: `n${n}`, spec: { ...listener, backends } },
      ctx,
    );
  await writeStateFileAtomically(path, { appmesh: appMesh.snapshot() });
  return (await stat(path)).size;
}

/** Sequential write calls (CreateMesh then DeleteMesh) per CPU-second against an endpoint with a state file. */
async function stateFileWritesPerCpuSecond(stateFile: string, writes: number): Promise<number> {
  const endpoint = await startLocalEndpoint({ port: 0, stateFile });
  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${endpoint.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    }).then((r) => r.arrayBuffer());
  const cycle = async (i: number) => {
    await call('PUT', '/v20190125/meshes', { meshName: `w${i}` });
    await call('DELETE', `/v20190125/meshes/w${i}`);
  };
  for (let i = 0; i < 10; i++) await cycle(i);
  // CPU time, not wall-clock: the fsync waits are the disk's (and other processes'), while
  // rewriting a whole state per write is CPU (serializing and copying megabytes).
  const seconds = await cpuSecondsOf(async () => {
    for (let i = 0; i < writes / 2; i++) await cycle(i);
  });
  await endpoint.close();
  return writes / seconds;
}

/** Writes per CPU-second with a ~2.5 MB state file vs an empty one, alternating, best of each. */
async function stateFileWriteCost(): Promise<{ small: number; big: number; bytes: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'meshplane-bench-'));
  const bigFile = join(dir, 'big.json');
  const bytes = await bigStateFile(bigFile);
  let small = 0;
  let big = 0;
  // Four alternating rounds of 300 writes (not two of 200): a round is ~0.3 CPU-s, and process CPU
  // time counts GC helper threads, so the best of two rounds of the empty-file baseline swung from
  // 671 to 891 writes/CPU-s between runs while the big-file figure held at ~600.
  for (let round = 0; round < 4; round++) {
    small = Math.max(small, await stateFileWritesPerCpuSecond(join(dir, `small-${round}.json`), 300));
    big = Math.max(big, await stateFileWritesPerCpuSecond(bigFile, 300));
  }
  await rm(dir, { recursive: true, force: true });
  return { small, big, bytes };
}

const suite: BenchSuite = {
  suite: 'local',
  async run() {
    const expectedCalls = WORKERS * CYCLES * OPS_PER_CYCLE;
    // Same SDK clients, same workload, against a stub answering `{}`: what the clients alone cost.
    // Two alternating rounds each, best kept, so JIT warm-up does not favour either side.
    let floor = 0;
    let measured = { opsPerSecond: 0, calls: 0, writes: 0 };
    for (let round = 0; round < 2; round++) {
      const stub = await startStub(
        (req) => (req.headers['x-amz-target'] ? 'application/x-amz-json-1.1' : 'application/json'),
        () => '{}',
      );
      floor = Math.max(floor, (await workloadOpsPerSecond(stub)).opsPerSecond);
      const run = await workloadOpsPerSecond(await startLocalEndpoint({ port: 0 }));
      if (run.opsPerSecond > measured.opsPerSecond) measured = run;
    }
    // Server capacity without the SDK's signing and parsing: raw GETs vs a bare echo server.
    const { describeRate, echoRate } = await rawDescribeVersusEcho(3);
    const writeCost = await stateFileWriteCost();
    return [
      result({
        suite: 'local',
        name: 'mixed create/describe/list/discover/delete from the SDK clients, 8 concurrent (baseline: same clients vs a canned-answer stub)',
        unit: 'ops/s',
        value: Math.round(measured.opsPerSecond),
        baseline: Math.round(floor),
        target: '>= 0.5x the same SDK workload against a canned stub',
        pass: measured.opsPerSecond / floor >= 0.5,
      }),
      result({
        suite: 'local',
        name: 'DescribeMesh over raw keep-alive HTTP, 8 concurrent, per CPU-second of the process (baseline: bare node:http echo round trip)',
        unit: 'req/CPU-s',
        value: Math.round(describeRate),
        baseline: Math.round(echoRate),
        target: '>= 0.5x a bare node:http echo round trip (best of 3 alternating rounds each)',
        pass: describeRate / echoRate >= 0.5,
      }),
      result({
        suite: 'local',
        name: `sequential write calls with a ${(writeCost.bytes / 1e6).toFixed(1)} MB state file (baseline: the same writes with an empty state file)`,
        unit: 'writes/CPU-s',
        value: Math.round(writeCost.big),
        baseline: Math.round(writeCost.small),
        target:
          '>= 0.7x the writes/s of an empty state file (a write appends what it changed; it does not rewrite the state)',
        pass: writeCost.big / writeCost.small >= 0.7,
      }),
      result({
        suite: 'local',
        name: 'calls counted by stats() for the SDK workload (writes = creates + deletes)',
        unit: 'calls',
        value: measured.calls,
        baseline: expectedCalls,
        target: `exactly ${expectedCalls} calls, ${WORKERS * CYCLES * 2} writes`,
        pass: measured.calls === expectedCalls && measured.writes === WORKERS * CYCLES * 2,
      }),
    ];
  },
};

export default suite;
