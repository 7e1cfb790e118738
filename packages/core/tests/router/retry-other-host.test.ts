import { afterEach, describe, expect, it } from 'vitest';
import {
  APP_MESH_DEFAULT_RETRY_POLICY,
  compileRetryPolicy,
  createRouter,
  type MeshAttemptEndEvent,
  type MeshRouter,
  RetriesExhaustedError,
} from '../../src/router/internals.js';
import {
  closedPort,
  instance,
  meshModel,
  node,
  route,
  router,
  service,
  startUpstream,
  staticDiscovery,
  type Upstream,
} from './helpers.js';

// Issue 13 item 12: without outlier detection, one dead instance failed 36% of the requests to its
// node with 4 concurrent callers, because a retry could land on the host that had just refused the
// connection. App Mesh's default retry policy sets Envoy's `retry_host_predicate: previous_hosts`
// (a real config_dump: `retry_on: reset,refused-stream,retriable-status-codes`, REFERENCE.md):
// a retry goes to a host the call has not tried yet, whenever the node has one.
const SVC = 'jazz.prod.svc.cluster.local';
const URL_ = `http://${SVC}:9080/artists`;
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((f) => f()));
});

function makeRouter(
  ports: number[],
  onAttemptEnd?: (e: MeshAttemptEndEvent) => void,
  retryBudget?: { minRetryConcurrency: number },
): MeshRouter {
  const model = meshModel(
    [SVC],
    [
      node('jazz-v1'),
      router('jazz-router'),
      route('jazz-router', 'jazz-route', {
        httpRoute: {
          match: { prefix: '/' },
          action: { weightedTargets: [{ virtualNode: 'jazz-v1', weight: 100 }] },
        },
      }),
      service(SVC, { router: 'jazz-router' }),
    ],
  );
  const discovery = staticDiscovery({ 'jazz-v1': ports.map((p, i) => instance(`i-${i}`, p)) });
  const r = createRouter({
    model,
    sourceNode: 'client',
    discovery,
    retryBackoff: { baseMs: 1 },
    ...(retryBudget ? { retryBudget } : {}),
    ...(onAttemptEnd ? { hooks: { onAttemptEnd } } : {}),
  });
  cleanup.push(() => r.close());
  return r;
}

async function live(): Promise<Upstream> {
  const u = await startUpstream((_req, res) => {
    res.writeHead(200).end('ok');
  });
  cleanup.push(() => u.close());
  return u;
}

describe('retries go to another host (previous_hosts)', () => {
  it('the App Mesh default policy and route policies carry the previous_hosts predicate', () => {
    expect(APP_MESH_DEFAULT_RETRY_POLICY.retryOtherHosts).toBe(true);
    const policy = compileRetryPolicy({
      maxRetries: 1,
      perRetryTimeout: { value: 1, unit: 's' },
      tcpRetryEvents: ['connection-error'],
    });
    expect(policy.retryOtherHosts).toBe(true);
  });

  /** 4 callers, 40 sequential calls each, to a node of one dead and one live instance. */
  async function fourCallers(retryBudget?: { minRetryConcurrency: number }) {
    const dead = await closedPort();
    const up = await live();
    const attempts = new Map<object, string[]>();
    const r = makeRouter(
      [dead, up.port],
      (e) => {
        attempts.set(e.call, [...(attempts.get(e.call) ?? []), e.endpoint]);
      },
      retryBudget,
    );
    const failures: unknown[] = [];
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let i = 0; i < 40; i++) {
          try {
            const response = await r.fetch(URL_);
            await response.text();
          } catch (error) {
            failures.push(error);
          }
        }
      }),
    );
    const deadOrigin = `http://127.0.0.1:${dead}`;
    const deadTwice = [...attempts.values()].filter(
      (list) => list.filter((o) => o === deadOrigin).length > 1,
    );
    const retried = [...attempts.values()].filter((list) => list.length > 1);
    return { failures, deadTwice, retried, deadOrigin, liveOrigin: `http://127.0.0.1:${up.port}`, up };
  }

  it('one dead instance of two, 4 concurrent callers: no request fails, no call tries the dead host twice', async () => {
    // Act: a retry budget that lets the 4 callers retry at once (see the next test for the default).
    const run = await fourCallers({ minRetryConcurrency: 4 });
    // Assess
    expect(run.failures).toEqual([]);
    expect(run.up.requests).toHaveLength(160);
    expect(run.deadTwice).toEqual([]);
    // Round robin sends about half of the first attempts to the dead host: each was retried once.
    expect(run.retried.length).toBeGreaterThan(0);
    for (const list of run.retried) expect(list).toEqual([run.deadOrigin, run.liveOrigin]);
  });

  it('with the default retry budget, a call fails only when the budget refuses its retry', async () => {
    // Envoy's retry budget (20% of the requests in flight, at least 3 retries at once) still bounds
    // the retries in flight: with 4 callers, all 4 can be retrying at once now and then.
    const run = await fourCallers();
    expect(run.deadTwice).toEqual([]);
    for (const failure of run.failures) {
      expect(failure).toBeInstanceOf(RetriesExhaustedError);
      expect(failure).toMatchObject({ attempts: 1, budgetExhausted: true });
    }
    for (const list of run.retried) expect(list).toEqual([run.deadOrigin, run.liveOrigin]);
  });

  it('retries on the same host when the node has only that one', async () => {
    // Prepare: the first connection is dropped without an answer, the second is served.
    const u = await startUpstream((req, res, n) =>
      n === 1 ? req.socket.destroy() : res.writeHead(200).end(),
    );
    cleanup.push(() => u.close());
    const r = makeRouter([u.port]);
    // Act
    const response = await r.fetch(URL_);
    // Assess
    expect([response.status, response.mesh.attempts, u.requests.length]).toEqual([200, 2, 2]);
  });
});
