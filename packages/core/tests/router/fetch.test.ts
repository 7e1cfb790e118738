import type { HttpRetryPolicy, HttpTimeout, OutlierDetection } from '@aws-sdk/client-app-mesh';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createMeshFetch,
  createRouter,
  InvalidRequestError,
  type MeshAttemptEndEvent,
  type MeshRouter,
  MeshTimeoutError,
  meshFetch,
  RetriesExhaustedError,
  setDefaultRouter,
  UpstreamConnectionError,
} from '../../src/router/index.js';
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

const SVC = 'jazz.prod.svc.cluster.local';
const URL_ = `http://${SVC}:9080/artists`;
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((f) => f()));
});

interface Setup {
  ports: number[];
  retryPolicy?: HttpRetryPolicy;
  timeout?: HttpTimeout;
  outlierDetection?: OutlierDetection;
  defaultRetryPolicy?: 'app-mesh' | 'none';
  retryBudget?: { percent?: number; minRetryConcurrency?: number };
  now?: () => number;
  hooks?: Parameters<typeof createRouter>[0]['hooks'];
}

function makeRouter(s: Setup): MeshRouter {
  const model = meshModel(
    [SVC],
    [
      node('jazz-v1', {
        listeners: [
          {
            portMapping: { port: 9080, protocol: 'http' },
            ...(s.outlierDetection ? { outlierDetection: s.outlierDetection } : {}),
          },
        ],
      }),
      router('jazz-router'),
      route('jazz-router', 'jazz-route', {
        httpRoute: {
          match: { prefix: '/' },
          action: { weightedTargets: [{ virtualNode: 'jazz-v1', weight: 100 }] },
          ...(s.retryPolicy ? { retryPolicy: s.retryPolicy } : {}),
          ...(s.timeout ? { timeout: s.timeout } : {}),
        },
      }),
      service(SVC, { router: 'jazz-router' }),
    ],
  );
  const discovery = staticDiscovery({ 'jazz-v1': s.ports.map((p, i) => instance(`i-${i}`, p)) });
  const r = createRouter({
    model,
    sourceNode: 'client',
    discovery,
    retryBackoff: { baseMs: 1 },
    ...(s.defaultRetryPolicy ? { defaultRetryPolicy: s.defaultRetryPolicy } : {}),
    ...(s.retryBudget ? { retryBudget: s.retryBudget } : {}),
    ...(s.now ? { now: s.now } : {}),
    ...(s.hooks ? { hooks: s.hooks } : {}),
  });
  cleanup.push(() => r.close());
  return r;
}

async function upstream(handler: Parameters<typeof startUpstream>[0]): Promise<Upstream> {
  const u = await startUpstream(handler);
  cleanup.push(() => u.close());
  return u;
}

const answer =
  (status: number, body = '') =>
  (_req: unknown, res: import('node:http').ServerResponse) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(body);
  };

const gatewayRetries = (maxRetries: number, perRetryMs = 2000): HttpRetryPolicy => ({
  maxRetries,
  perRetryTimeout: { value: perRetryMs, unit: 'ms' },
  httpRetryEvents: ['gateway-error'],
});

describe('router.fetch', () => {
  it('sends to the discovered endpoint with the virtual service as Host and returns the body', async () => {
    // Prepare
    const u = await upstream(answer(200, '["Astrud Gilberto","Miles Davis"]'));
    const r = makeRouter({ ports: [u.port] });
    // Act
    const response = await r.fetch(`${URL_}?page=2`, { headers: { 'X-Req': 'a' } });
    const body = await response.json();
    // Assess
    expect(response.status).toBe(200);
    expect(response.ok).toBe(true);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(body).toEqual(['Astrud Gilberto', 'Miles Davis']);
    expect(response.mesh).toMatchObject({
      routeName: 'jazz-route',
      targetNode: 'jazz-v1',
      attempts: 1,
      instanceId: 'i-0',
    });
    expect(u.requests[0]).toMatchObject({ method: 'GET', url: '/artists?page=2' });
    expect(u.requests[0]!.headers.host).toBe(`${SVC}:9080`);
    expect(u.requests[0]!.headers['x-req']).toBe('a');
  });

  it('retries gateway errors and returns the first good answer', async () => {
    // Prepare
    const u = await upstream((req, res, n) => answer(n < 3 ? 503 : 200, 'ok')(req, res));
    const ends: MeshAttemptEndEvent[] = [];
    const r = makeRouter({
      ports: [u.port],
      retryPolicy: gatewayRetries(2),
      hooks: { onAttemptEnd: (e) => ends.push(e) },
    });
    // Act
    const response = await r.fetch(URL_, { method: 'POST', body: 'payload' });
    // Assess
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('ok');
    expect(response.mesh.attempts).toBe(3);
    expect(u.requests.map((q) => q.method)).toEqual(['POST', 'POST', 'POST']);
    expect(ends.map((e) => [e.attempt, e.statusCode, e.willRetry])).toEqual([
      [1, 503, true],
      [2, 503, true],
      [3, 200, false],
    ]);
  });

  it('returns the last retryable answer once maxRetries is spent, and leaves other statuses alone', async () => {
    // Prepare
    const failing = await upstream(answer(502));
    const server = await upstream(answer(500));
    const conflict = await upstream((req, res, n) => answer(n === 1 ? 409 : 201)(req, res));
    const r1 = makeRouter({ ports: [failing.port], retryPolicy: gatewayRetries(1) });
    const r2 = makeRouter({ ports: [server.port], retryPolicy: gatewayRetries(3) });
    const r3 = makeRouter({
      ports: [conflict.port],
      retryPolicy: {
        maxRetries: 1,
        perRetryTimeout: { value: 1, unit: 's' },
        httpRetryEvents: ['client-error'],
      },
    });
    // Act
    const [a, b, c] = await Promise.all([r1.fetch(URL_), r2.fetch(URL_), r3.fetch(URL_)]);
    // Assess
    expect([a.status, a.mesh.attempts, failing.requests.length]).toEqual([502, 2, 2]);
    expect([b.status, b.mesh.attempts, server.requests.length]).toEqual([500, 1, 1]);
    expect([c.status, c.mesh.attempts]).toEqual([201, 2]);
  });

  it('retries connection errors and throws RetriesExhaustedError naming the attempts', async () => {
    // Prepare
    const port = await closedPort();
    const r = makeRouter({
      ports: [port],
      retryPolicy: {
        maxRetries: 2,
        perRetryTimeout: { value: 1, unit: 's' },
        tcpRetryEvents: ['connection-error'],
      },
    });
    // Act
    const error = await r.fetch(URL_).catch((e: unknown) => e);
    // Assess
    expect(error).toBeInstanceOf(RetriesExhaustedError);
    expect((error as RetriesExhaustedError).attempts).toBe(3);
    expect((error as RetriesExhaustedError).budgetExhausted).toBe(false);
    expect((error as Error).cause).toBeInstanceOf(UpstreamConnectionError);
    expect((error as Error).message).toMatch(
      /jazz.prod.svc.cluster.local -> jazz-v1: 3 attempt\(s\) \(maxRetries 2\) all failed/,
    );
  });

  it('throws UpstreamConnectionError when no retry policy applies', async () => {
    // Prepare
    const port = await closedPort();
    const r = makeRouter({ ports: [port], defaultRetryPolicy: 'none' });
    // Act
    const error = await r.fetch(URL_).catch((e: unknown) => e);
    // Assess
    expect(error).toBeInstanceOf(UpstreamConnectionError);
    expect((error as Error).message).toMatch(
      /route "jazz-route" -> jazz-v1 at http:\/\/127.0.0.1:\d+ failed/,
    );
  });

  it('applies the App Mesh default retry policy (503) to routes without one', async () => {
    // Prepare
    const u = await upstream((req, res, n) => answer(n === 1 ? 503 : 200)(req, res));
    const r = makeRouter({ ports: [u.port] });
    // Act
    const response = await r.fetch(URL_);
    // Assess
    expect(response.status).toBe(200);
    expect(response.mesh.attempts).toBe(2);
  });

  it('replays a reset request under the default policy only when its method is idempotent', async () => {
    // Prepare: the upstream drops the connection of the first request it sees, without an answer.
    const drops = async () =>
      upstream((req, res, n) => (n === 1 ? req.socket.destroy() : answer(200, 'ok')(req, res)));
    const forGet = await drops();
    const forPost = await drops();
    const forExplicit = await drops();
    const getRouter = makeRouter({ ports: [forGet.port] });
    const postRouter = makeRouter({ ports: [forPost.port] });
    const explicitRouter = makeRouter({ ports: [forExplicit.port], retryPolicy: gatewayRetries(2) });
    // Act
    const get = await getRouter.fetch(URL_);
    const post = await postRouter.fetch(URL_, { method: 'POST', body: 'charge' }).catch((e: unknown) => e);
    const explicitPost = await explicitRouter.fetch(URL_, { method: 'POST', body: 'charge' });
    // Assess
    expect([get.status, get.mesh.attempts, forGet.requests.length]).toEqual([200, 2, 2]);
    expect(post).toBeInstanceOf(UpstreamConnectionError);
    expect(forPost.requests.map((q) => q.method)).toEqual(['POST']);
    // A route policy with gateway-error includes Envoy's reset policy, whatever the method.
    expect([explicitPost.status, explicitPost.mesh.attempts]).toEqual([200, 2]);
  });

  it('fails with MeshTimeoutError when the route per-request timeout expires, without retrying', async () => {
    // Prepare
    const u = await upstream(() => undefined);
    const r = makeRouter({
      ports: [u.port],
      timeout: { perRequest: { value: 150, unit: 'ms' } },
      retryPolicy: gatewayRetries(3, 10_000),
    });
    // Act
    const error = await r.fetch(URL_).catch((e: unknown) => e);
    // Assess
    expect(error).toBeInstanceOf(MeshTimeoutError);
    expect(error).toMatchObject({ timeout: 'perRequest', timeoutMs: 150 });
    expect((error as Error).message).toMatch(/perRequest timeout of 150 ms expired.*from the route spec/);
    expect(u.requests).toHaveLength(1);
  });

  it('keeps the per-request timeout over the body: a stalled body fails with MeshTimeoutError', async () => {
    // Prepare
    const u = await upstream((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('partial');
    });
    const r = makeRouter({ ports: [u.port], timeout: { perRequest: { value: 150, unit: 'ms' } } });
    const response = await r.fetch(URL_);
    // Act
    const error = await response.text().catch((e: unknown) => e);
    // Assess
    expect(response.status).toBe(200);
    expect(error).toBeInstanceOf(MeshTimeoutError);
    expect(error).toMatchObject({ timeout: 'perRequest', timeoutMs: 150 });
  });

  it('retries an attempt that exceeds the per-retry timeout', async () => {
    // Prepare
    const u = await upstream((req, res, n) => {
      if (n > 1) answer(200, 'late but fine')(req, res);
    });
    const r = makeRouter({ ports: [u.port], retryPolicy: gatewayRetries(2, 100) });
    // Act
    const response = await r.fetch(URL_);
    // Assess
    expect(await response.text()).toBe('late but fine');
    expect(response.mesh.attempts).toBe(2);
  });

  it('reports per-retry timeouts on every attempt as RetriesExhaustedError', async () => {
    // Prepare
    const u = await upstream(() => undefined);
    const r = makeRouter({ ports: [u.port], retryPolicy: gatewayRetries(1, 80) });
    // Act
    const error = await r.fetch(URL_).catch((e: unknown) => e);
    // Assess
    expect(error).toBeInstanceOf(RetriesExhaustedError);
    expect((error as Error).cause).toBeInstanceOf(MeshTimeoutError);
    expect((error as Error).cause).toMatchObject({ timeout: 'perRetry', timeoutMs: 80 });
    expect(u.requests).toHaveLength(2);
  });

  it('stops retrying when the retry budget is spent', async () => {
    // Prepare
    const u = await upstream(answer(503));
    const port = await closedPort();
    const noBudget = { percent: 0, minRetryConcurrency: 0 };
    const r1 = makeRouter({ ports: [u.port], retryPolicy: gatewayRetries(3), retryBudget: noBudget });
    const r2 = makeRouter({
      ports: [port],
      retryPolicy: {
        maxRetries: 3,
        perRetryTimeout: { value: 1, unit: 's' },
        tcpRetryEvents: ['connection-error'],
      },
      retryBudget: noBudget,
    });
    // Act
    const response = await r1.fetch(URL_);
    const error = await r2.fetch(URL_).catch((e: unknown) => e);
    // Assess
    expect([response.status, response.mesh.attempts]).toEqual([503, 1]);
    expect(error).toBeInstanceOf(RetriesExhaustedError);
    expect(error).toMatchObject({ attempts: 1, budgetExhausted: true });
    expect((error as Error).message).toMatch(/retry budget was exhausted/);
  });

  it('ejects an endpoint after maxServerErrors consecutive 5xx and lets it back after the ejection', async () => {
    // Prepare
    let clock = 1_000_000;
    const good = await upstream(answer(200, 'good'));
    const bad = await upstream(answer(500, 'bad'));
    const r = makeRouter({
      ports: [good.port, bad.port],
      defaultRetryPolicy: 'none',
      now: () => clock,
      outlierDetection: {
        maxServerErrors: 2,
        interval: { value: 10, unit: 's' },
        baseEjectionDuration: { value: 30, unit: 's' },
        maxEjectionPercent: 50,
      },
    });
    // Act
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await r.fetch(URL_)).status);
    const ejected = r.ejectedEndpoints();
    clock += 30_000;
    const afterEjection = [(await r.fetch(URL_)).status, (await r.fetch(URL_)).status].sort();
    // Assess
    expect(statuses.slice(0, 4).sort()).toEqual([200, 200, 500, 500]);
    expect(statuses.slice(4)).toEqual([200, 200, 200, 200]);
    expect(ejected).toEqual([
      {
        virtualNode: 'jazz-v1',
        port: 9080,
        endpoint: `http://127.0.0.1:${bad.port}`,
        until: 1_030_000,
        timesEjected: 1,
      },
    ]);
    expect(afterEjection).toEqual([200, 500]);
    expect(bad.requests).toHaveLength(3);
  });

  it('retries gRPC answers whose grpc-status is a configured grpcRetryEvent', async () => {
    // Prepare
    const u = await upstream((_req, res, n) => {
      res.writeHead(200, { 'content-type': 'application/grpc', 'grpc-status': n === 1 ? '14' : '0' });
      res.end();
    });
    const model = meshModel(
      [SVC],
      [
        node('jazz-v1', { listeners: [{ portMapping: { port: 9080, protocol: 'grpc' } }] }),
        router('jazz-router', 9080, 'grpc'),
        route('jazz-router', 'jazz-grpc', {
          grpcRoute: {
            match: { serviceName: 'jazz.Artists' },
            action: { weightedTargets: [{ virtualNode: 'jazz-v1', weight: 1 }] },
            retryPolicy: {
              maxRetries: 1,
              perRetryTimeout: { value: 1, unit: 's' },
              grpcRetryEvents: ['unavailable'],
            },
          },
        }),
        service(SVC, { router: 'jazz-router' }),
      ],
    );
    const r = createRouter({
      model,
      sourceNode: 'client',
      discovery: staticDiscovery({ 'jazz-v1': [instance('g', u.port)] }),
      retryBackoff: { baseMs: 0 },
    });
    cleanup.push(() => r.close());
    // Act
    const response = await r.fetch(`http://${SVC}:9080/jazz.Artists/List`, {
      method: 'POST',
      body: new Uint8Array(5),
    });
    // Assess
    expect(response.headers.get('grpc-status')).toBe('0');
    expect(response.mesh).toMatchObject({ routeName: 'jazz-grpc', attempts: 2 });
  });

  it('lets hooks add a header per attempt and observe the call', async () => {
    // Prepare
    const u = await upstream((req, res, n) => answer(n === 1 ? 503 : 200)(req, res));
    const seen: string[] = [];
    const r = makeRouter({
      ports: [u.port],
      retryPolicy: gatewayRetries(1),
      hooks: {
        onRequestStart: (e) => seen.push(`start ${e.call.virtualServiceName} ${e.call.routeName}`),
        onAttempt: (e) => {
          e.headers['x-amzn-trace-id'] = `Root=1-abc;Parent=${e.attempt}`;
        },
        onResponse: (e) => seen.push(`response ${e.statusCode} after ${e.attempts}`),
        onError: (e) => seen.push(`error ${e.error.name}`),
      },
    });
    // Act
    await (await r.fetch(URL_)).dump();
    await r.fetch('http://nowhere.example/').catch(() => undefined);
    // Assess
    expect(u.requests.map((q) => q.headers['x-amzn-trace-id'])).toEqual([
      'Root=1-abc;Parent=1',
      'Root=1-abc;Parent=2',
    ]);
    expect(seen).toEqual([`start ${SVC} jazz-route`, 'response 200 after 2', 'error UndeclaredBackendError']);
  });

  it('honours the caller abort signal', async () => {
    // Prepare
    const u = await upstream(() => undefined);
    const r = makeRouter({ ports: [u.port] });
    const controller = new AbortController();
    // Act
    const pending = r.fetch(URL_, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('caller gave up')), 20);
    // Assess
    await expect(pending).rejects.toThrow('caller gave up');
  });

  it('refuses a malformed request naming the field, without sending, retrying or ejecting', async () => {
    // Prepare
    const u = await upstream(answer(200, 'ok'));
    const ends: MeshAttemptEndEvent[] = [];
    const r = makeRouter({
      ports: [u.port],
      hooks: { onAttemptEnd: (e) => ends.push(e) },
      outlierDetection: {
        maxServerErrors: 1,
        interval: { value: 10, unit: 's' },
        baseEjectionDuration: { value: 30, unit: 's' },
        maxEjectionPercent: 100,
      },
    });
    const bad: [string, () => Promise<unknown>][] = [
      ['url', () => r.fetch('not a url')],
      ['url', () => r.fetch(42 as unknown as string)],
      ['method', () => r.fetch(URL_, { method: 'GE T' })],
      ['method', () => r.fetch(URL_, { method: 5 as unknown as string })],
      ['headers', () => r.fetch(URL_, { headers: 5 as unknown as Record<string, string> })],
      ['headers.x-count', () => r.fetch(URL_, { headers: { 'x-count': 5 as unknown as string } })],
      ['headers', () => r.fetch(URL_, { headers: { 'bad name': 'x' } })],
      ['headers.x-a', () => r.fetch(URL_, { headers: { 'x-a': 'v\r\nx-b: injected' } })],
      ['body', () => r.fetch(URL_, { method: 'POST', body: { a: 1 } as unknown as string })],
      ['signal', () => r.fetch(URL_, { signal: 5 as unknown as AbortSignal })],
      ['init', () => r.fetch(URL_, 'POST' as unknown as undefined)],
    ];
    // Act
    const errors = await Promise.all(bad.map(([, call]) => call().catch((e: unknown) => e)));
    const after = await r.fetch(URL_);
    // Assess
    errors.forEach((error, i) => {
      expect(error, `case ${i}`).toBeInstanceOf(InvalidRequestError);
      expect(error, `case ${i}`).toMatchObject({ code: 'INVALID_REQUEST', field: bad[i]![0] });
      expect((error as Error).message.startsWith(`${bad[i]![0]}: `), `case ${i}`).toBe(true);
    });
    expect((errors[2] as Error).message).toMatch(/"GE T" must be an HTTP method token/);
    expect((errors[5] as Error).message).toMatch(/headers\.x-count: 5 must be a string/);
    expect((errors[6] as Error).message).toMatch(/"bad name" is not a valid header name/);
    expect((errors[7] as Error).message).toMatch(/must not contain CR, LF or NUL/);
    expect(ends.filter((e) => e.willRetry)).toEqual([]);
    expect(u.requests).toHaveLength(1);
    expect(r.ejectedEndpoints()).toEqual([]);
    expect(after.status).toBe(200);
  });

  it('offers meshFetch with an explicit or default router, and createMeshFetch', async () => {
    // Prepare
    const u = await upstream(answer(200, 'x'));
    const r = makeRouter({ ports: [u.port] });
    const bound = createMeshFetch(r);
    // Act
    const viaInit = await meshFetch(URL_, { router: r });
    const missing = await meshFetch(URL_).catch((e: unknown) => e);
    setDefaultRouter(r);
    const viaDefault = await meshFetch(URL_);
    setDefaultRouter(undefined);
    const viaBound = await bound(URL_);
    // Assess
    expect([viaInit.status, viaDefault.status, viaBound.status]).toEqual([200, 200, 200]);
    expect(missing).toBeInstanceOf(TypeError);
    expect(bound.router).toBe(r);
    const web = await viaBound.toResponse();
    expect(await web.text()).toBe('x');
  });
});
