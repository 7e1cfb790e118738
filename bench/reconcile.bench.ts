import { performance } from 'node:perf_hooks';
import type { AppMeshClient } from '@aws-sdk/client-app-mesh';
import type { MeshModel, MeshplaneResource } from '@meshplane/core';
import { apply, createAppMeshClient, type Plan, plan, readMesh } from '@meshplane/core/appmesh';
import { DEFAULT_THROTTLE, type LocalEndpoint, startLocalEndpoint } from '@meshplane/local';
import { type BenchResult, type BenchSuite, median, result } from './lib.js';

const SUITE = 'reconcile';
const LATENCY_MS = 20;
const credentials = { accessKeyId: 'bench', secretAccessKey: 'bench' };

/**
 * `services` services, each a virtual node (listener with health check, Cloud Map discovery,
 * backends, tags), a virtual router, a route (header match, retry policy, two weighted targets
 * when `split`) and a virtual service: 4 × services + 1 resources.
 */
export function serviceModel(services: number, meshName: string, split = false): MeshModel {
  const resources: MeshplaneResource[] = [{ kind: 'mesh', meshName, name: meshName, spec: {} }];
  for (let i = 0; i < services; i++) {
    const app = `svc-${String(i).padStart(3, '0')}`;
    const backends = [1, 2, 3]
      .map((d) => (i + d) % services)
      .filter((j) => j !== i)
      .map((j) => ({
        virtualService: { virtualServiceName: `svc-${String(j).padStart(3, '0')}.${meshName}.local` },
      }));
    resources.push(
      {
        kind: 'virtualNode',
        meshName,
        name: `${app}-v1`,
        spec: {
          listeners: [
            {
              portMapping: { port: 8080, protocol: 'http' },
              healthCheck: {
                protocol: 'http',
                path: '/health',
                healthyThreshold: 2,
                unhealthyThreshold: 3,
                intervalMillis: 5000,
                timeoutMillis: 2000,
              },
            },
          ],
          serviceDiscovery: {
            awsCloudMap: {
              namespaceName: `${meshName}.local`,
              serviceName: app,
              attributes: [{ key: 'v', value: '1' }],
            },
          },
          backends,
        },
        tags: [{ key: 'app', value: app }],
      },
      {
        kind: 'virtualRouter',
        meshName,
        name: `${app}-router`,
        spec: { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] },
      },
      {
        kind: 'route',
        meshName,
        virtualRouterName: `${app}-router`,
        name: `${app}-route`,
        spec: {
          httpRoute: {
            match: { prefix: '/', headers: [{ name: 'x-canary', match: { exact: 'true' }, invert: true }] },
            retryPolicy: {
              maxRetries: 2,
              perRetryTimeout: { unit: 'ms', value: 500 },
              httpRetryEvents: ['server-error'],
            },
            action: {
              weightedTargets: split
                ? [
                    { virtualNode: `${app}-v1`, weight: 90 },
                    { virtualNode: `${app}-v1`, weight: 10, port: 8080 },
                  ]
                : [{ virtualNode: `${app}-v1`, weight: 100 }],
            },
          },
        },
      },
      {
        kind: 'virtualService',
        meshName,
        name: `${app}.${meshName}.local`,
        spec: { provider: { virtualRouter: { virtualRouterName: `${app}-router` } } },
      },
    );
  }
  return { resources };
}

/** Longest chain of dependsOn in a plan, counting the changes on it (1 = no dependencies). */
function dependencyDepth(p: Plan): number {
  const depth = new Map<string, number>();
  for (const change of p.changes) {
    // Plan order is topological, so every dependency already has its depth.
    depth.set(change.id, 1 + Math.max(0, ...change.dependsOn.map((d) => depth.get(d) ?? 0)));
  }
  return Math.max(0, ...depth.values());
}

async function reconcile(client: AppMeshClient, desired: MeshModel, meshName: string, writeRate = true) {
  const changes = plan(desired, await readMesh(client, meshName));
  const applied = await apply(changes, {
    client,
    concurrency: 8,
    // The endpoint's default write quota (AWS's controller client: 8/s, burst 5), 2 % under it so
    // clock rounding between the two buckets never produces a throttle.
    ...(writeRate
      ? { writeRate: { rate: DEFAULT_THROTTLE.writes.rate * 0.98, burst: DEFAULT_THROTTLE.writes.burst } }
      : {}),
  });
  return { changes, applied };
}

function cpuMs(fn: () => unknown): number {
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/**
 * plan() CPU on 1,005 resources, as a ratio to structuredClone of the same models (same run).
 */
export function planCpuResult(): BenchResult {
  // plan() CPU on 1,005 resources: desired vs the same meshes as the API returns them (lists in
  // another order, defaults filled in), so every resource goes through normalization and diff.
  // plan() validates the desired model first, which is part of its cost; a mesh holds at most
  // 200 virtual nodes (App Mesh quota), so the 1,000 resources are 5 meshes of 50 services.
  const big: MeshModel = {
    resources: [0, 1, 2, 3, 4].flatMap((i) => serviceModel(50, `big-${i}`, true).resources),
  };
  const actual = structuredClone(big);
  for (const r of actual.resources) {
    if (r.kind === 'mesh') r.spec = { egressFilter: { type: 'DROP_ALL' } };
    if (r.kind === 'virtualNode') r.spec.backends?.reverse();
    if (r.kind === 'route') r.spec.httpRoute?.action?.weightedTargets?.reverse();
  }
  for (let i = 0; i < 5; i++) plan(big, actual);
  // The target is a ratio to structuredClone of both models, timed in the same run: both walk
  // and allocate the same 2 × 1,005 resources, so a busy or slower machine moves both alike
  // (a 20 ms absolute target failed at 21.2 ms in a run where the clone itself took 17.2 ms
  // instead of 13-14). Pairs alternate their order, so that GC debt left by one side lands on
  // the other as often as not; the ratio is the median of the 41 pairs' ratios.
  const planSamples: number[] = [];
  const cloneSamples: number[] = [];
  const pairRatios: number[] = [];
  for (let i = 0; i < 41; i++) {
    const clone = () => cloneSamples.push(cpuMs(() => structuredClone([big, actual])));
    if (i % 2) clone();
    planSamples.push(cpuMs(() => plan(big, actual)));
    if (i % 2 === 0) clone();
    pairRatios.push(planSamples.at(-1)! / cloneSamples.at(-1)!);
  }
  const planRatio = median(pairRatios);
  if (plan(big, actual).changes.length !== 0) throw new Error('the 1,005-resource plan should be empty');
  // Ratios seen (issue 14 item 8): 1.13-1.33 in the recorded full runs, 1.22-1.23 in the two
  // that failed the former 20 ms line; 0.95-1.27 in 16 runs at load 4-10 (13 of this
  // measurement alone, 3 of the suite; plan medians 13-24 ms). The former line was 20 ms / ~13.5 ms
  // = 1.5x on an idle machine: 1.5x keeps that bound, 13 % above the highest ratio seen.
  return result({
    suite: SUITE,
    name: `plan() of ${big.resources.length} resources vs their read-back: median CPU (baseline: structuredClone of both models; ratio: median of 41 interleaved pairs' ratios)`,
    unit: 'ms',
    value: Math.round(median(planSamples) * 1000) / 1000,
    baseline: Math.round(median(cloneSamples) * 1000) / 1000,
    ratio: planRatio,
    target: '<= 1.5x structuredClone of both models, same run',
    pass: planRatio <= 1.5,
  });
}

const suite: BenchSuite = {
  suite: SUITE,
  async run(): Promise<BenchResult[]> {
    const results: BenchResult[] = [];
    const meshName = 'bench';
    const desired = serviceModel(50, meshName);
    let endpoint: LocalEndpoint | undefined;
    let client: AppMeshClient | undefined;
    let callerErrors = 0;
    try {
      endpoint = await startLocalEndpoint({
        port: 0,
        faults: { seed: 1, latencyMs: LATENCY_MS, throttle: true },
      });
      client = createAppMeshClient({
        clientConfig: { endpoint: endpoint.url, region: 'us-east-1', credentials },
      });

      // Cold apply against the default throttling.
      const start = performance.now();
      const cold = await reconcile(client, desired, meshName).catch((error: unknown) => {
        callerErrors++;
        throw error;
      });
      const wall = (performance.now() - start) / 1000;
      const writes = cold.applied.writes;
      const { rate, burst } = DEFAULT_THROTTLE.writes;
      const depth = dependencyDepth(cold.changes);
      const bound = Math.max((depth * LATENCY_MS) / 1000, (writes - burst) / rate);
      results.push(
        result({
          suite: SUITE,
          name: `cold apply of ${desired.resources.length} resources (${writes} writes, depth ${depth}), 20 ms latency, default throttling`,
          unit: 's',
          value: Math.round(wall * 1000) / 1000,
          baseline: Math.round(bound * 1000) / 1000,
          target: '<= 1.15x max(depth x latency, (writes - burst) / write rate)',
          pass: wall <= 1.15 * bound,
        }),
      );

      // No-op re-apply: zero writes counted at the endpoint.
      endpoint.resetStats();
      const noop = await reconcile(client, desired, meshName).catch((error: unknown) => {
        callerErrors++;
        throw error;
      });
      const noopWrites = endpoint.stats().writes;
      results.push(
        result({
          suite: SUITE,
          name: `no-op re-apply: write calls at the endpoint (${noop.changes.summary.unchanged} unchanged)`,
          unit: 'writes',
          value: noopWrites,
          baseline: null,
          target: '== 0',
          pass: noopWrites === 0 && noop.changes.changes.length === 0,
        }),
      );

      // One weight changed: exactly one write.
      const shifted = structuredClone(desired);
      const route = shifted.resources.find((r) => r.kind === 'route');
      if (route?.kind !== 'route') throw new Error('the bench model has no route');
      route.spec.httpRoute!.action!.weightedTargets![0]!.weight = 50;
      endpoint.resetStats();
      await reconcile(client, shifted, meshName).catch((error: unknown) => {
        callerErrors++;
        throw error;
      });
      const shiftWrites = endpoint.stats().writes;
      results.push(
        result({
          suite: SUITE,
          name: 'one weight changed: write calls at the endpoint',
          unit: 'writes',
          value: shiftWrites,
          baseline: null,
          target: '== 1',
          pass: shiftWrites === 1,
        }),
      );
    } catch (error) {
      process.stderr.write(`reconcile bench failed: ${(error as Error).message}\n`);
    } finally {
      client?.destroy();
      await endpoint?.close();
    }
    results.push(
      result({
        suite: SUITE,
        name: 'errors that reached the caller during the three applies (throttling is retried by the SDK)',
        unit: 'errors',
        value: callerErrors,
        baseline: null,
        target: '== 0',
        pass: callerErrors === 0 && results.length === 3,
      }),
    );

    results.push(planCpuResult());
    return results;
  },
};

export default suite;
