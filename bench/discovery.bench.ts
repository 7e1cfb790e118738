import { performance } from 'node:perf_hooks';
import { ServiceDiscoveryClient } from '@aws-sdk/client-servicediscovery';
import { createDiscovery, ensureNamespace, ensureService, registerInstance } from '@meshplane/core/cloudmap';
import { startLocalEndpoint } from '@meshplane/local';
import { type BenchResult, type BenchSuite, result } from './lib.js';

// Discovery cache figures, counted at the local endpoint (its stats()), in one run:
// - 100 concurrent cold lookups of one service → exactly 1 DiscoverInstances call;
// - steady state: Cloud Map calls per service per TTL over a run of continuous lookups;
// - an outage: every discovery call fails for a window after warm-up; 0 lookups may fail.
//   The issue asks for 60 s; the bench scales it to OUTAGE_MS (and the TTL and refresh timer
//   with it) so that `npm run bench` stays short. The ratio of window to TTL is what matters.
const SUITE = 'discovery';
const NAMESPACE = 'bench.svc.cluster.local';
const SERVICES = ['jazz', 'metal', 'dj'];
const STEADY_RUN_MS = 3_000;
const STEADY_TTL_MS = 250;
const OUTAGE_MS = 3_000;
const OUTAGE_TTL_MS = 200;

const credentials = { accessKeyId: 'bench', secretAccessKey: 'bench' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const suite: BenchSuite = {
  suite: SUITE,
  async run(): Promise<BenchResult[]> {
    const endpoint = await startLocalEndpoint({ port: 0 });
    const client = new ServiceDiscoveryClient({
      endpoint: endpoint.url,
      region: 'us-east-1',
      credentials,
      disableHostPrefix: true,
      maxAttempts: 2,
    });
    const results: BenchResult[] = [];
    try {
      const ns = await ensureNamespace({ client }, { name: NAMESPACE });
      for (const name of SERVICES) {
        const svc = await ensureService({ client }, { namespaceId: ns.id, name, customHealth: true });
        for (let i = 0; i < 3; i++) {
          await registerInstance(
            { client },
            {
              serviceId: svc.id,
              instanceId: `${name}-${i}`,
              attributes: {
                AWS_INSTANCE_IPV4: '127.0.0.1',
                AWS_INSTANCE_PORT: String(9000 + i),
                version: `v${i}`,
              },
            },
          );
        }
      }
      const discoveryCalls = () => {
        const by = endpoint.stats().byOperation;
        return { discover: by.DiscoverInstances ?? 0, revision: by.DiscoverInstancesRevision ?? 0 };
      };

      // 1. Single-flight on a cold cache.
      {
        const discovery = createDiscovery({ client }, { fullRefreshMs: 0 });
        endpoint.resetStats();
        const lookups = await Promise.all(
          Array.from({ length: 100 }, () =>
            discovery.discover({ namespaceName: NAMESPACE, serviceName: 'jazz' }),
          ),
        );
        const calls = discoveryCalls().discover;
        discovery.close();
        results.push(
          result({
            suite: SUITE,
            name: '100 concurrent cold lookups of one service: DiscoverInstances calls',
            unit: 'calls',
            value: calls,
            baseline: 100,
            target: 'exactly 1 call (ratio 0.01 of the 100 lookups)',
            pass: calls === 1 && lookups.every((l) => l.length === 3),
          }),
        );
      }

      // 1b. A warm-cache lookup (what a router does per request), against a Map.get in the same run.
      {
        const discovery = createDiscovery({ client }, { ttlMs: 60_000, fullRefreshMs: 0 });
        const query = { namespaceName: NAMESPACE, serviceName: 'jazz', queryParameters: { version: 'v1' } };
        await discovery.discover(query);
        const map = new Map([[`${NAMESPACE}/jazz`, [query]]]);
        const N = 200_000;
        const time = (fn: () => unknown) => {
          const best: number[] = [];
          for (let round = 0; round < 5; round++) {
            const start = performance.now();
            for (let i = 0; i < N; i++) fn();
            best.push(((performance.now() - start) * 1e6) / N);
          }
          return Math.min(...best);
        };
        const baseline = time(() => map.get(`${NAMESPACE}/jazz`) && Date.now());
        const peek = time(() => discovery.peek(query));
        discovery.close();
        results.push(
          result({
            suite: SUITE,
            name: 'warm-cache peek() of one service with an attribute filter (best of 5 × 200k)',
            unit: 'ns',
            value: Math.round(peek),
            baseline: Math.round(baseline),
            target: '<= 500 ns per lookup',
            pass: peek <= 500,
          }),
        );
      }

      // 2. Steady state: lookups as fast as the event loop allows, 3 services, for a run.
      {
        const discovery = createDiscovery(
          { client },
          { ttlMs: STEADY_TTL_MS, fullRefreshMs: STEADY_TTL_MS * 4 },
        );
        await discovery.warm(SERVICES.map((serviceName) => ({ namespaceName: NAMESPACE, serviceName })));
        endpoint.resetStats();
        const start = performance.now();
        let lookups = 0;
        while (performance.now() - start < STEADY_RUN_MS) {
          await Promise.all(
            SERVICES.map((serviceName) => discovery.discover({ namespaceName: NAMESPACE, serviceName })),
          );
          lookups += SERVICES.length;
          await sleep(1);
        }
        const elapsed = performance.now() - start;
        const { discover, revision } = discoveryCalls();
        discovery.close();
        const periods = SERVICES.length * (elapsed / STEADY_TTL_MS);
        const context = `${lookups} lookups of ${SERVICES.length} services in ${Math.round(elapsed)} ms, TTL ${STEADY_TTL_MS} ms, full refresh every ${STEADY_TTL_MS * 4} ms`;
        results.push(
          result({
            suite: SUITE,
            name: `steady state: DiscoverInstances calls per service per TTL (${context})`,
            unit: 'calls',
            value: discover,
            baseline: Math.round(periods),
            target: '<= 1 DiscoverInstances call per service per TTL (ratio <= 1)',
            pass: discover <= periods,
          }),
          result({
            suite: SUITE,
            name: `steady state: all Cloud Map calls (${discover} DiscoverInstances + ${revision} DiscoverInstancesRevision) per service per TTL (${context})`,
            unit: 'calls',
            value: discover + revision,
            baseline: Math.round(periods),
            // One revision check per TTL expiry, plus the health refresh timer's share (TTL / 4 TTL).
            target:
              '<= 1.25 calls per service per TTL (1 revision check per expiry + the full-refresh timer)',
            pass: discover + revision <= periods * 1.25,
          }),
        );
      }

      // 3. Outage after warm-up: every discovery call answers 5xx for the window.
      {
        const discovery = createDiscovery(
          { client },
          {
            ttlMs: OUTAGE_TTL_MS,
            fullRefreshMs: OUTAGE_TTL_MS * 2,
            maxStaleMs: OUTAGE_MS * 10,
            errorBackoffMs: 100,
          },
        );
        await discovery.warm(SERVICES.map((serviceName) => ({ namespaceName: NAMESPACE, serviceName })));
        endpoint.resetStats();
        endpoint.setFaults({ errorRate: 1, operations: ['DiscoverInstances', 'DiscoverInstancesRevision'] });
        const start = performance.now();
        let lookups = 0;
        let failed = 0;
        while (performance.now() - start < OUTAGE_MS) {
          const settled = await Promise.allSettled(
            SERVICES.map((serviceName) => discovery.discover({ namespaceName: NAMESPACE, serviceName })),
          );
          lookups += settled.length;
          failed += settled.filter((s) => s.status === 'rejected' || s.value.length === 0).length;
          await sleep(2);
        }
        endpoint.setFaults(undefined);
        const injected = endpoint.stats().faults.serverErrors;
        discovery.close();
        results.push(
          result({
            suite: SUITE,
            name: `outage of ${OUTAGE_MS} ms (scaled from 60 s; TTL ${OUTAGE_TTL_MS} ms): failed lookups out of ${lookups} (${injected} Cloud Map calls failed)`,
            unit: 'lookups',
            value: failed,
            baseline: lookups,
            target: '0 failed lookups while Cloud Map fails (and the outage was real: > 0 failed calls)',
            pass: failed === 0 && injected > 0,
          }),
        );
      }
    } finally {
      client.destroy();
      await endpoint.close();
    }
    return results;
  },
};

export default suite;
