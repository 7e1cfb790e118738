import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createHttpTransport,
  createRouter,
  MeshTimeoutError,
  type Transport,
} from '../../src/router/index.js';
import { AttemptSignal } from '../../src/router/transport.js';
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

// The router's default transport: node:http over keep-alive agents, failures reported with the
// codes the router classifies (undici's names, so that an injected undici Agent fails alike).
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((f) => f()));
});

async function setup(
  handler: Parameters<typeof startUpstream>[0],
): Promise<{ transport: Transport; origin: string; requests: () => number }> {
  const u = await startUpstream(handler);
  const transport = createHttpTransport();
  cleanup.push(async () => {
    await transport.close();
    await u.close();
  });
  return {
    transport,
    origin: `http://127.0.0.1:${u.port}`,
    requests: () => u.requests.length,
  };
}

const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as Error & { code?: string },
  );

describe('createHttpTransport', () => {
  it('reuses one keep-alive connection and sends string and stream bodies', async () => {
    const seen: { port: number | undefined; body: string; length: string | undefined }[] = [];
    const t = await setup((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c.toString();
      });
      req.on('end', () => {
        seen.push({ port: req.socket.remotePort, body, length: req.headers['content-length'] });
        res.writeHead(200).end('ok');
      });
    });
    for (const body of ['one', Readable.from([Buffer.from('t'), Buffer.from('wo')])]) {
      const r = await t.transport.request({
        origin: t.origin,
        path: '/',
        method: 'POST',
        headers: ['host', 'svc.local'],
        body,
      });
      expect(r.statusCode).toBe(200);
      r.body.resume();
      await new Promise((resolve) => r.body.once('end', resolve));
    }
    expect(seen.map((s) => s.body)).toEqual(['one', 'two']);
    // A string body goes with a Content-Length; both requests share the connection.
    expect(seen[0]!.length).toBe('3');
    expect(seen[0]!.port).toBe(seen[1]!.port);
  });

  it('reports a missing response as UND_ERR_HEADERS_TIMEOUT and a silent body as UND_ERR_BODY_TIMEOUT', async () => {
    const t = await setup((req, res, n) => {
      if (n === 2) res.writeHead(200).write('partial');
      void req;
    });
    const headers = await failure(
      t.transport.request({ origin: t.origin, path: '/', method: 'GET', headers: [], headersTimeout: 100 }),
    );
    expect(headers?.code).toBe('UND_ERR_HEADERS_TIMEOUT');
    const r = await t.transport.request({
      origin: t.origin,
      path: '/',
      method: 'GET',
      headers: [],
      bodyTimeout: 100,
    });
    const body = await new Promise<Error & { code?: string }>((resolve) => {
      r.body.on('error', resolve).resume();
    });
    expect(body.code).toBe('UND_ERR_BODY_TIMEOUT');
  });

  it('refuses a header Node cannot send as UND_ERR_INVALID_ARG, sending nothing', async () => {
    const t = await setup((_req, res) => res.writeHead(200).end());
    const error = await failure(
      t.transport.request({
        origin: t.origin,
        path: '/',
        method: 'GET',
        headers: ['x-a', 'v\r\nx-b: injected'],
      }),
    );
    expect(error?.code).toBe('UND_ERR_INVALID_ARG');
    expect(t.requests()).toBe(0);
  });

  it('aborts with the signal reason, before and after the response headers', async () => {
    const t = await setup((_req, res, n) => {
      if (n === 2) res.writeHead(200).write('partial');
    });
    const before = new AttemptSignal();
    const pending = failure(
      t.transport.request({ origin: t.origin, path: '/', method: 'GET', headers: [], signal: before }),
    );
    setTimeout(() => before.abort(new Error('stop before')), 50);
    expect((await pending)?.message).toBe('stop before');
    const after = new AttemptSignal();
    const r = await t.transport.request({
      origin: t.origin,
      path: '/',
      method: 'GET',
      headers: [],
      signal: after,
    });
    const read = new Promise<Error>((resolve) => r.body.on('error', resolve).resume());
    after.abort(new Error('stop after'));
    expect((await read).message).toBe('stop after');
  });
});

describe('router.fetch over the default transport', () => {
  it("fails with the route's idle timeout when the upstream sends no headers", async () => {
    const u = await startUpstream(() => undefined);
    cleanup.push(() => u.close());
    const SVC = 'jazz.prod.svc.cluster.local';
    const model = meshModel(
      [SVC],
      [
        node('jazz-v1'),
        router('jazz-router'),
        route('jazz-router', 'jazz-route', {
          httpRoute: {
            match: { prefix: '/' },
            action: { weightedTargets: [{ virtualNode: 'jazz-v1', weight: 100 }] },
            timeout: { idle: { value: 100, unit: 'ms' } },
          },
        }),
        service(SVC, { router: 'jazz-router' }),
      ],
    );
    const r = createRouter({
      model,
      sourceNode: 'client',
      discovery: staticDiscovery({ 'jazz-v1': [instance('i-1', u.port)] }),
      defaultRetryPolicy: 'none',
    });
    cleanup.push(() => r.close());
    const error = await failure(r.fetch(`http://${SVC}:9080/`));
    expect(error).toBeInstanceOf(MeshTimeoutError);
    expect(error).toMatchObject({ timeout: 'idle', timeoutMs: 100 });
  });
});
