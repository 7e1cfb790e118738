import { Readable } from 'node:stream';
import type { RouteSpec } from '@aws-sdk/client-app-mesh';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createMeshFetch,
  createRouter,
  InvalidRequestError,
  LatticeAccessDeniedError,
  LatticeCredentialsError,
  type LatticeOptions,
  MeshTimeoutError,
  meshFetch,
  RetriesExhaustedError,
  UpstreamConnectionError,
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
} from './helpers.js';
import {
  type Answer,
  type ExpectedSigner,
  LatticeStandIn,
  type Received,
  SigV4Verifier,
} from './lattice-stand-in.js';

// Issue 15 item 5: after the migration a virtual service is a VPC Lattice service; the router
// sends its requests there, signed with SigV4 for vpc-lattice-svcs, and keeps the model's retries
// and timeouts. The stand-in Lattice service checks every signature with botocore.
const JAZZ = 'jazz.prod.svc.cluster.local';
const METAL = 'metal.prod.svc.cluster.local';
const CREDENTIALS = {
  accessKeyId: 'AKIDLATTICETEST',
  secretAccessKey: 'lattice/test+secret',
  sessionToken: 'token=/+abc',
};
const EXPECT: ExpectedSigner = { ...CREDENTIALS, region: 'eu-west-1' };

let verifier: SigV4Verifier;
beforeAll(() => {
  verifier = new SigV4Verifier();
});
afterAll(() => verifier.close());
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((f) => f()));
});

/** jazz: a router whose route sends 90/10 to jazz-v1/jazz-v2 (both Cloud Map nodes); metal: a node. */
function djModel(routeSpec: Partial<RouteSpec['httpRoute']> = {}) {
  return meshModel(
    [JAZZ, METAL],
    [
      node('jazz-v1'),
      node('jazz-v2'),
      node('metal-v1'),
      router('jazz-router'),
      route('jazz-router', 'jazz-route', {
        httpRoute: {
          match: { prefix: '/' },
          action: {
            weightedTargets: [
              { virtualNode: 'jazz-v1', weight: 90 },
              { virtualNode: 'jazz-v2', weight: 10 },
            ],
          },
          ...routeSpec,
        },
      }),
      service(JAZZ, { router: 'jazz-router' }),
      service(METAL, { node: 'metal-v1' }),
    ],
  );
}

async function standIn(handler: (r: Received, i: number) => Answer = () => ({ status: 200, body: 'ok' })) {
  const lattice = await new LatticeStandIn(verifier, EXPECT, handler).start();
  cleanup.push(() => lattice.close());
  return lattice;
}

function latticeRouter(
  url: string,
  extra: { routeSpec?: Partial<RouteSpec['httpRoute']>; lattice?: Partial<LatticeOptions> } & Record<
    string,
    unknown
  > = {},
) {
  const { routeSpec, lattice, ...options } = extra;
  const r = createRouter({
    model: djModel(routeSpec),
    sourceNode: 'client',
    lattice: { services: { [JAZZ]: url }, region: 'eu-west-1', credentials: CREDENTIALS, ...lattice },
    retryBackoff: { baseMs: 1 },
    // metal stays on Cloud Map unless the test maps it too.
    discovery: staticDiscovery({}),
    ...options,
  });
  cleanup.push(() => r.close());
  return r;
}

describe('requests to a Lattice service are signed as botocore verifies them', () => {
  it('GET with a query whose characters need encoding: canonical query sent, every parameter intact', async () => {
    const lattice = await standIn();
    const r = latticeRouter(lattice.url);
    const query = "q=it's (a) *test*!&path=/a/b&sym=~-_.&plus=1+1&pct=100%25&uni=✓&dup=2&dup=1&bare&eq=a=b";
    const response = await r.fetch(`http://${JAZZ}:9080/artists/be bop?${query}`, {
      headers: { 'x-request-id': 'r-1', accept: 'application/json' },
    });
    expect(await response.text()).toBe('ok');
    const [got] = lattice.received;
    expect(got!.verdict).toMatchObject({ ok: true, problems: [] });
    expect(got!.target).toBe(
      '/artists/be%20bop?q=it%27s%20%28a%29%20%2Atest%2A%21&path=%2Fa%2Fb&sym=~-_.&plus=1%201&pct=100%25&uni=%E2%9C%93&dup=2&dup=1&bare=&eq=a%3Db',
    );
    expect([...new URLSearchParams(got!.target.split('?')[1])]).toEqual([
      ['q', "it's (a) *test*!"],
      ['path', '/a/b'],
      ['sym', '~-_.'],
      ['plus', '1 1'],
      ['pct', '100%'],
      ['uni', '✓'],
      ['dup', '2'],
      ['dup', '1'],
      ['bare', ''],
      ['eq', 'a=b'],
    ]);
    expect(got!.headers).toMatchObject({
      host: new URL(lattice.url).host,
      'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
      'x-amz-security-token': CREDENTIALS.sessionToken,
      'x-request-id': 'r-1',
    });
    expect(got!.verdict.signedHeaders).toEqual(
      expect.arrayContaining([
        'accept',
        'host',
        'x-amz-content-sha256',
        'x-amz-date',
        'x-amz-security-token',
        'x-request-id',
      ]),
    );
    // Lattice chooses the weighted target; the router does not pretend to know it.
    expect(response.mesh).toMatchObject({
      routeName: 'jazz-route',
      targetNode: undefined,
      endpoint: new URL(lattice.url).origin,
    });
  });

  it('POST with a string body, bytes and a stream: UNSIGNED-PAYLOAD, the body arrives whole', async () => {
    const lattice = await standIn((r) => ({ status: 201, body: `got ${r.body.length}` }));
    const r = latticeRouter(lattice.url);
    const json = JSON.stringify({ artist: 'Miles Davis', albums: ['Kind of Blue'] });
    const bodies = [
      json,
      new TextEncoder().encode('bytes ✓'),
      Readable.from([Buffer.from('chunk-1,'), Buffer.from('chunk-2')]),
    ];
    for (const body of bodies) {
      const response = await r.fetch(`http://${JAZZ}:9080/artists`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(response.status).toBe(201);
      await response.text();
    }
    expect(lattice.received.map((g) => [g.method, g.body, g.verdict.ok])).toEqual([
      ['POST', json, true],
      ['POST', 'bytes ✓', true],
      ['POST', 'chunk-1,chunk-2', true],
    ]);
    for (const got of lattice.received) {
      expect(got.headers['x-amz-content-sha256']).toBe('UNSIGNED-PAYLOAD');
      expect(got.verdict.signedHeaders).toContain('content-type');
      expect(got.verdict.signedHeaders).not.toContain('content-length');
    }
  });

  it('never signs hop-by-hop headers (nor those the connection header names)', async () => {
    const lattice = await standIn();
    const r = latticeRouter(lattice.url);
    const response = await r.fetch(`http://${JAZZ}:9080/`, {
      headers: {
        connection: 'keep-alive, x-hop',
        'x-hop': '1',
        'keep-alive': 'timeout=5',
        'x-end-to-end': 'yes',
      },
    });
    await response.text();
    const [got] = lattice.received;
    expect(got!.verdict.ok).toBe(true);
    expect(got!.verdict.signedHeaders).toContain('x-end-to-end');
    for (const hop of ['connection', 'keep-alive', 'x-hop'])
      expect(got!.verdict.signedHeaders).not.toContain(hop);
  });

  it("signs the headers an onAttempt hook adds (X-Ray's trace header is left unsigned, as the SDK does)", async () => {
    const lattice = await standIn();
    const r = latticeRouter(lattice.url, {
      hooks: {
        onAttempt: (e: { attempt: number; headers: Record<string, string> }) => {
          e.headers['x-attempt'] = String(e.attempt);
          e.headers['x-amzn-trace-id'] = 'Root=1-6759e988-000000000000000000000001;Sampled=1';
        },
      },
    });
    await (await r.fetch(`http://${JAZZ}:9080/`)).text();
    const [got] = lattice.received;
    expect(got!.verdict.ok).toBe(true);
    expect(got!.headers['x-attempt']).toBe('1');
    expect(got!.verdict.signedHeaders).toContain('x-attempt');
    expect(got!.verdict.signedHeaders).not.toContain('x-amzn-trace-id');
  });

  it('over HTTPS through an injected undici Agent (the transport it wraps)', async () => {
    const { execFileSync } = await import('node:child_process');
    const { mkdtempSync, readFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'lattice-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost',
      ],
      { stdio: 'ignore' },
    );
    const tls = {
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    };
    const lattice = await new LatticeStandIn(
      verifier,
      EXPECT,
      () => ({ status: 200, body: 'tls ok' }),
      tls,
    ).start();
    cleanup.push(() => lattice.close());
    const { Agent } = await import('undici');
    const agent = new Agent({ connect: { ca: tls.cert } });
    cleanup.push(() => agent.close());
    const r = latticeRouter(lattice.url, { dispatcher: agent });
    const response = await r.fetch(`http://${JAZZ}:9080/secure?x=1`);
    expect(await response.text()).toBe('tls ok');
    expect(lattice.received[0]!.verdict.ok).toBe(true);
    expect(lattice.received[0]!.headers.host).toBe(new URL(lattice.url).host);
  });
});

describe("the model's retries and timeouts around Lattice", () => {
  const retryOn503 = {
    retryPolicy: {
      maxRetries: 2,
      perRetryTimeout: { value: 5, unit: 's' as const },
      httpRetryEvents: ['gateway-error'],
    },
  };

  it('a 503 is retried and the retry is signed again, with a new date', async () => {
    const lattice = await standIn((_r, i) =>
      i === 0 ? { status: 503, body: 'upstream busy' } : { status: 200, body: 'second' },
    );
    // A backoff over one second: X-Amz-Date has whole seconds, so the retry's date must differ.
    const r = latticeRouter(lattice.url, {
      routeSpec: retryOn503,
      retryBackoff: { baseMs: 1100 },
      random: () => 0.95,
    });
    const response = await r.fetch(`http://${JAZZ}:9080/`);
    expect([response.status, await response.text(), response.mesh.attempts]).toEqual([200, 'second', 2]);
    const [first, retry] = lattice.received;
    expect([first!.verdict.ok, retry!.verdict.ok]).toEqual([true, true]);
    expect(retry!.verdict.amzDate! > first!.verdict.amzDate!).toBe(true);
    expect(retry!.headers.authorization).not.toBe(first!.headers.authorization);
  });

  it('502s until retries are exhausted: the last answer is returned, every attempt signed', async () => {
    const lattice = await standIn(() => ({ status: 502, body: 'bad gateway' }));
    const r = latticeRouter(lattice.url, { routeSpec: retryOn503 });
    const response = await r.fetch(`http://${JAZZ}:9080/`);
    expect([response.status, response.mesh.attempts]).toEqual([502, 3]);
    expect(lattice.received.map((g) => g.verdict.ok)).toEqual([true, true, true]);
  });

  it("the route's per-request timeout bounds a slow Lattice service", async () => {
    const lattice = await standIn(() => ({ status: 200, body: 'late', delayMs: 3000 }));
    const r = latticeRouter(lattice.url, {
      routeSpec: { timeout: { perRequest: { value: 300, unit: 'ms' } } },
    });
    const error = await r.fetch(`http://${JAZZ}:9080/`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MeshTimeoutError);
    expect(error).toMatchObject({ timeout: 'perRequest', timeoutMs: 300 });
    expect((error as Error).message).toContain(new URL(lattice.url).origin);
  });

  it('a per-retry timeout is retried (gateway-error) and each attempt is signed', async () => {
    const lattice = await standIn((_r, i) =>
      i === 0 ? { status: 200, body: 'late', delayMs: 3000 } : { status: 200, body: 'fast' },
    );
    const r = latticeRouter(lattice.url, {
      routeSpec: {
        retryPolicy: {
          maxRetries: 1,
          perRetryTimeout: { value: 200, unit: 'ms' },
          httpRetryEvents: ['gateway-error'],
        },
      },
    });
    const response = await r.fetch(`http://${JAZZ}:9080/`);
    expect([await response.text(), response.mesh.attempts]).toEqual(['fast', 2]);
    expect(lattice.received.every((g) => g.verdict.ok)).toBe(true);
  });

  it('a connection error to the Lattice service is a connect failure the policy retries', async () => {
    const port = await closedPort();
    const r = latticeRouter(`http://127.0.0.1:${port}`, {
      routeSpec: {
        retryPolicy: {
          maxRetries: 2,
          perRetryTimeout: { value: 1, unit: 's' },
          tcpRetryEvents: ['connection-error'],
        },
      },
    });
    const error = await r.fetch(`http://${JAZZ}:9080/`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetriesExhaustedError);
    expect(error).toMatchObject({ attempts: 3 });
    expect((error as Error).cause).toBeInstanceOf(UpstreamConnectionError);
  });

  it("Lattice's 403 AccessDeniedException is a LatticeAccessDeniedError, never retried", async () => {
    const denial =
      'AccessDeniedException: User: arn:aws:sts::111122223333:assumed-role/dj/i-0abc is not authorized to perform: vpc-lattice-svcs:Invoke on resource: arn:aws:vpc-lattice:eu-west-1:111122223333:service/svc-0123/artists because no service-based policy allows the vpc-lattice-svcs:Invoke action';
    const lattice = await standIn(() => ({ status: 403, body: denial }));
    const r = latticeRouter(lattice.url, {
      routeSpec: {
        retryPolicy: {
          maxRetries: 2,
          perRetryTimeout: { value: 1, unit: 's' },
          httpRetryEvents: ['server-error', 'gateway-error', 'client-error'],
        },
      },
    });
    const error = await r.fetch(`http://${JAZZ}:9080/artists`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LatticeAccessDeniedError);
    expect(error).toMatchObject({ code: 'LATTICE_ACCESS_DENIED', virtualServiceName: JAZZ, reason: denial });
    expect((error as Error).message).toContain('access key AKIDLATTICETEST');
    expect((error as Error).message).not.toContain(CREDENTIALS.secretAccessKey);
    expect(lattice.received).toHaveLength(1);
  });

  it("the service's own 403 is its answer, returned whole", async () => {
    const big = `forbidden by the jazz service ${'x'.repeat(10_000)}`;
    const lattice = await standIn(() => ({ status: 403, body: big }));
    const r = latticeRouter(lattice.url);
    const response = await r.fetch(`http://${JAZZ}:9080/`);
    expect([response.status, await response.text()]).toEqual([403, big]);
  });
});

describe('a route with weighted targets, all behind Lattice', () => {
  it('every call goes to the Lattice service (Lattice weighs), no Cloud Map lookup, other services unsigned', async () => {
    const lattice = await standIn((_r, i) => ({ status: 200, body: String(i) }));
    const metal = await startUpstream((_req, res) => res.end('metal'));
    cleanup.push(() => metal.close());
    const discovery = staticDiscovery({ 'metal-v1': [instance('m-1', metal.port)] });
    const r = latticeRouter(lattice.url, { discovery, random: () => 0.5 });
    expect(r.discoveryQueries().map((q) => q.serviceName)).toEqual(['metal-v1']);
    await r.warm();
    for (let i = 0; i < 20; i++) await (await r.fetch(`http://${JAZZ}:9080/`)).text();
    expect(await (await r.fetch(`http://${METAL}:9080/`)).text()).toBe('metal');
    expect(lattice.received).toHaveLength(20);
    expect(lattice.received.every((g) => g.verdict.ok)).toBe(true);
    expect(discovery.calls.map((q) => q.serviceName)).toEqual(['metal-v1']);
    expect(metal.requests[0]!.headers.authorization).toBeUndefined();
    expect(metal.requests[0]!.headers.host).toBe(`${METAL}:9080`);
    const resolution = await r.resolve(`http://${JAZZ}:9080/a?b=c`);
    expect([resolution.url, resolution.targetNode]).toEqual([
      `${new URL(lattice.url).origin}/a?b=c`,
      undefined,
    ]);
  });

  it('a Cloud Map endpoint at the same address as a Lattice service is not signed (the attempt, not the origin, decides)', async () => {
    const lattice = await standIn();
    const port = Number(new URL(lattice.url).port);
    const discovery = staticDiscovery({ 'metal-v1': [instance('m-1', port)] });
    const r = latticeRouter(lattice.url, { discovery });
    const response = await r.fetch(`http://${METAL}:9080/`);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('no SigV4 authorization header');
    expect(lattice.received[0]!.headers.authorization).toBeUndefined();
    expect(lattice.received[0]!.headers.host).toBe(`${METAL}:9080`);
  });

  it('createMeshFetch and meshFetch take the same option (they build the same router)', async () => {
    const lattice = await standIn();
    const fetchJazz = createMeshFetch({
      model: djModel(),
      sourceNode: 'client',
      discovery: staticDiscovery({}),
      lattice: { services: { [JAZZ]: lattice.url }, region: 'eu-west-1', credentials: CREDENTIALS },
    });
    cleanup.push(() => fetchJazz.router.close());
    await (await fetchJazz(`http://${JAZZ}:9080/a`)).text();
    await (await meshFetch(`http://${JAZZ}:9080/b`, { router: fetchJazz.router })).text();
    expect(lattice.received.map((g) => [g.target, g.verdict.ok])).toEqual([
      ['/a', true],
      ['/b', true],
    ]);
  });

  it('a function maps every virtual service (custom domain = the service name style)', async () => {
    const lattice = await standIn();
    const seen: string[] = [];
    const r = latticeRouter(lattice.url, {
      lattice: {
        services: (name: string) => {
          seen.push(name);
          return lattice.url;
        },
      },
    });
    expect(seen.sort()).toEqual([JAZZ, METAL]);
    expect(r.discoveryQueries()).toEqual([]);
    await (await r.fetch(`http://${METAL}:9080/`)).text();
    expect(lattice.received[0]!.verdict.ok).toBe(true);
  });
});

describe('credentials', () => {
  it('are resolved once at init and refreshed by the provider 5 minutes before they expire', async () => {
    const lattice = await standIn();
    let calls = 0;
    const provider = async () => {
      calls++;
      // The first expires within 5 minutes: the router asks again; the second lasts an hour.
      return { ...CREDENTIALS, expiration: new Date(Date.now() + (calls === 1 ? 4 : 60) * 60_000) };
    };
    const r = latticeRouter(lattice.url, { lattice: { credentials: provider } });
    await new Promise(setImmediate);
    expect(calls).toBe(1); // at init, before any request
    await r.warm();
    expect(calls).toBe(1);
    for (let i = 0; i < 5; i++) await (await r.fetch(`http://${JAZZ}:9080/`)).text();
    expect(calls).toBe(2); // the first request found them expiring; the second lasts
    expect(lattice.received).toHaveLength(5);
    expect(lattice.received.every((g) => g.verdict.ok)).toBe(true);
  });

  it("default to the AWS SDK's Node.js chain (here its environment provider)", async () => {
    const lattice = await standIn();
    const saved = { ...process.env };
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      AWS_SESSION_TOKEN: CREDENTIALS.sessionToken,
    });
    try {
      const r = createRouter({
        model: djModel(),
        sourceNode: 'client',
        discovery: staticDiscovery({}),
        lattice: { services: { [JAZZ]: lattice.url }, region: 'eu-west-1' },
      });
      cleanup.push(() => r.close());
      await r.warm();
      await (await r.fetch(`http://${JAZZ}:9080/`)).text();
    } finally {
      for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
    }
    expect(lattice.received.map((g) => g.verdict)).toMatchObject([{ ok: true, problems: [] }]);
  });

  it('a failing provider is a LatticeCredentialsError: nothing is sent, nothing retried', async () => {
    const lattice = await standIn();
    const r = latticeRouter(lattice.url, {
      lattice: {
        credentials: async () => Promise.reject(new Error('Could not load credentials from any providers')),
      },
      routeSpec: {
        retryPolicy: {
          maxRetries: 2,
          perRetryTimeout: { value: 1, unit: 's' },
          httpRetryEvents: ['server-error'],
          tcpRetryEvents: ['connection-error'],
        },
      },
    });
    await expect(r.warm()).rejects.toThrow(LatticeCredentialsError);
    const error = await r.fetch(`http://${JAZZ}:9080/`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LatticeCredentialsError);
    expect((error as Error).message).toBe(
      'cannot sign requests to VPC Lattice: the credential provider failed: Could not load credentials from any providers',
    );
    expect(lattice.received).toHaveLength(0);
  });

  it("a caller's own authorization header is refused, not overwritten", async () => {
    const lattice = await standIn();
    const r = latticeRouter(lattice.url);
    const error = await r
      .fetch(`http://${JAZZ}:9080/`, { headers: { authorization: 'Bearer abc' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toMatchObject({ field: 'headers.authorization' });
    expect(lattice.received).toHaveLength(0);
  });
});
