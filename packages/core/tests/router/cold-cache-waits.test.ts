import { afterEach, describe, expect, it } from 'vitest';
import {
  createRouter,
  type MeshRouter,
  MeshTimeoutError,
  type RouterDiscovery,
  type RouterDiscoveryQuery,
} from '../../src/router/index.js';
import {
  instance,
  meshModel,
  node,
  route,
  router,
  service,
  startUpstream,
  staticDiscovery,
} from './helpers.js';

// Issue 13 item 3: on a cold cache, when Cloud Map accepts the connection but never answers, the
// first request waited for discovery forever; the route's per-request timeout and the caller's
// AbortSignal must bound that wait like any other.
const SVC = 'jazz.prod.svc.cluster.local';
const URL_ = `http://${SVC}:9080/artists`;

/** Cloud Map that never answers: nothing cached, every DiscoverInstances call pending forever. */
function silentDiscovery(): RouterDiscovery & { calls: RouterDiscoveryQuery[] } {
  const calls: RouterDiscoveryQuery[] = [];
  return {
    calls,
    discover(q) {
      calls.push(q);
      return new Promise(() => undefined);
    },
    peek: () => undefined,
  };
}

const routers: MeshRouter[] = [];
afterEach(async () => {
  await Promise.all(routers.splice(0).map((r) => r.close()));
});

function makeRouter(discovery: RouterDiscovery, perRequestMs?: number, backoffMs?: number): MeshRouter {
  const model = meshModel(
    [SVC],
    [
      node('jazz-v1'),
      router('jazz-router'),
      route('jazz-router', 'jazz-route', {
        httpRoute: {
          match: { prefix: '/' },
          action: { weightedTargets: [{ virtualNode: 'jazz-v1', weight: 100 }] },
          ...(perRequestMs === undefined
            ? {}
            : { timeout: { perRequest: { value: perRequestMs, unit: 'ms' as const } } }),
        },
      }),
      service(SVC, { router: 'jazz-router' }),
    ],
  );
  const r = createRouter({
    model,
    sourceNode: 'client',
    discovery,
    ...(backoffMs === undefined ? {} : { retryBackoff: { baseMs: backoffMs, maxMs: backoffMs } }),
  });
  routers.push(r);
  return r;
}

describe('router.fetch on a cold cache with a discovery that never answers', () => {
  it('fails with the route per-request timeout, naming the virtual node and its discovery', async () => {
    const discovery = silentDiscovery();
    const r = makeRouter(discovery, 200);
    const error = await r.fetch(URL_).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MeshTimeoutError);
    expect(error).toMatchObject({ timeout: 'perRequest', timeoutMs: 200 });
    expect((error as Error).message).toContain('perRequest timeout of 200 ms expired');
    expect((error as Error).message).toContain('jazz-v1');
    expect((error as Error).message).toContain('Cloud Map prod.svc.cluster.local/jazz-v1');
    expect((error as Error).message).toContain('(from the route spec)');
    expect(discovery.calls).toHaveLength(1);
  });

  it("rejects with the caller's abort reason when the AbortSignal fires during the wait", async () => {
    const r = makeRouter(silentDiscovery());
    const controller = new AbortController();
    const reason = new Error('the caller gave up');
    const pending = r.fetch(URL_, { signal: controller.signal });
    setTimeout(() => controller.abort(reason), 50);
    await expect(pending).rejects.toBe(reason);
  });

  it('honours an AbortSignal.timeout() with the per-request timeout disabled (0)', async () => {
    const r = makeRouter(silentDiscovery(), 0);
    const error = await r.fetch(URL_, { signal: AbortSignal.timeout(100) }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('TimeoutError');
  });

  it('keeps the earlier bound: a signal later than the route timeout still ends at the route timeout', async () => {
    const r = makeRouter(silentDiscovery(), 200);
    const error = await r.fetch(URL_, { signal: AbortSignal.timeout(60_000) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MeshTimeoutError);
  });
});

describe('router.fetch backoff between retries', () => {
  it("ends at the caller's abort, not after the backoff", async () => {
    const upstream = await startUpstream((_req, res) => {
      res.writeHead(503).end();
    });
    try {
      const discovery = staticDiscovery({ 'jazz-v1': [instance('i-1', upstream.port)] });
      // A 10-minute backoff: the retry of the 503 (App Mesh default policy) would wait that long.
      const r = makeRouter(discovery, 0, 600_000);
      const controller = new AbortController();
      const reason = new Error('the caller gave up');
      const pending = r.fetch(URL_, {
        signal: controller.signal,
      });
      const poll = setInterval(() => {
        if (upstream.requests.length >= 1) controller.abort(reason);
      }, 5);
      await expect(pending).rejects.toBe(reason);
      clearInterval(poll);
      expect(upstream.requests).toHaveLength(1);
    } finally {
      await upstream.close();
    }
  });
});
