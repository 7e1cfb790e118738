import { AppMeshClient } from '@aws-sdk/client-app-mesh';
import { describe, expect, it, vi } from 'vitest';
import {
  apply,
  canary,
  canaryWeights,
  canonicalJson,
  checkConcurrency,
  clientTokenFor,
  createAppMeshClient,
  createSalt,
  createWritePacer,
  mapBounded,
  mergeWeights,
  normalizeSpec,
  plan,
  readMesh,
  routeRefProblems,
  shiftTraffic,
} from '../../src/appmesh/internals.js';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    // Prepare
    const value = { b: { d: 1, c: [2, { z: 1, y: undefined }] }, a: 'x' };
    // Act
    const json = canonicalJson(value);
    // Assess
    expect(json).toBe('{"a":"x","b":{"c":[2,{"z":1}],"d":1}}');
  });
});

describe('normalizeSpec', () => {
  it('removes the defaults the API fills in and sorts lists', () => {
    // Prepare
    const spec = {
      egressFilter: { type: 'DROP_ALL' as const },
    };
    const node = {
      listeners: [
        { portMapping: { port: 9090, protocol: 'http' as const } },
        { portMapping: { port: 8080, protocol: 'http' as const } },
      ],
      backends: [],
      backendDefaults: {
        clientPolicy: { tls: { enforce: true, validation: { trust: { file: { certificateChain: 'c' } } } } },
      },
    };
    // Act
    const mesh = normalizeSpec({ kind: 'mesh', spec });
    const vn = normalizeSpec({ kind: 'virtualNode', spec: node });
    // Assess
    expect(mesh).toEqual({});
    expect(vn).toEqual({
      listeners: [
        { portMapping: { port: 8080, protocol: 'http' } },
        { portMapping: { port: 9090, protocol: 'http' } },
      ],
      backendDefaults: {
        clientPolicy: { tls: { validation: { trust: { file: { certificateChain: 'c' } } } } },
      },
    });
  });

  it('keeps a non-default egress filter', () => {
    // Act
    const mesh = normalizeSpec({ kind: 'mesh', spec: { egressFilter: { type: 'ALLOW_ALL' } } });
    // Assess
    expect(mesh).toEqual({ egressFilter: { type: 'ALLOW_ALL' } });
  });
});

describe('clientTokenFor', () => {
  it('is stable for equal desired state and changes with the spec', () => {
    // Prepare
    const a = { kind: 'mesh' as const, meshName: 'm', name: 'm', spec: {} };
    const b = {
      kind: 'mesh' as const,
      meshName: 'm',
      name: 'm',
      spec: { egressFilter: { type: 'DROP_ALL' as const } },
    };
    const c = {
      kind: 'mesh' as const,
      meshName: 'm',
      name: 'm',
      spec: { egressFilter: { type: 'ALLOW_ALL' as const } },
    };
    // Act
    const [ta, tb, tc, tu] = [
      clientTokenFor('create', a),
      clientTokenFor('create', b),
      clientTokenFor('create', c),
      clientTokenFor('update', a),
    ];
    // Assess
    expect(ta).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(ta).toHaveLength(36);
    expect(tb).toBe(ta);
    expect(tc).not.toBe(ta);
    expect(tu).not.toBe(ta);
  });

  it('gives a create in a re-created mesh (new uid) a new token, and the same one in the same mesh', () => {
    // Prepare
    const node = {
      kind: 'virtualNode' as const,
      meshName: 'm',
      name: 'n',
      spec: { listeners: [{ portMapping: { port: 80, protocol: 'http' as const } }] },
    };
    // Act
    const before = clientTokenFor('create', node, createSalt(node.kind, 'uid-1'));
    const rerun = clientTokenFor('create', node, createSalt(node.kind, 'uid-1'));
    const recreated = clientTokenFor('create', node, createSalt(node.kind, 'uid-2'));
    // Assess
    expect(rerun).toBe(before);
    expect(recreated).not.toBe(before);
    expect(createSalt('mesh', 'uid-1')).toBe('');
    expect(createSalt('virtualNode', undefined)).toBe('');
  });
});

describe('mergeWeights', () => {
  const targets = [
    { virtualNode: 'jazz-v1', weight: 100 },
    { virtualNode: 'jazz-v2', weight: 0 },
  ];

  it('changes only the named weights', () => {
    // Act
    const merged = mergeWeights('r', targets, { 'jazz-v2': 10, 'jazz-v1': 90 });
    // Assess
    expect(merged).toEqual({ 'jazz-v1': 90, 'jazz-v2': 10 });
  });

  it('accepts the edges: 0 and 100, total 1 and 100', () => {
    // Act / Assess
    expect(mergeWeights('r', targets, { 'jazz-v1': 0, 'jazz-v2': 100 })).toEqual({
      'jazz-v1': 0,
      'jazz-v2': 100,
    });
    expect(mergeWeights('r', targets, { 'jazz-v1': 1 })).toEqual({ 'jazz-v1': 1, 'jazz-v2': 0 });
  });

  it('reports every problem at once: unknown target, out of range, not an integer', () => {
    // Act
    const act = () =>
      mergeWeights('dj-app/jazz-router/jazz-route', targets, {
        'jazz-v3': 5,
        'jazz-v1': 101,
        'jazz-v2': 1.5,
      });
    // Assess
    expect(act).toThrow(
      /weights\["jazz-v3"\]: route dj-app\/jazz-router\/jazz-route has no weighted target "jazz-v3"/,
    );
    expect(act).toThrow(/weights\["jazz-v1"\]: 101 must be an integer from 0 to 100/);
    expect(act).toThrow(/weights\["jazz-v2"\]: 1.5 must be an integer/);
  });

  it('rejects a total of 0 and a total of 101', () => {
    // Act / Assess
    expect(() => mergeWeights('r', targets, { 'jazz-v1': 0 })).toThrow(/total 0 must be from 1 to 100/);
    expect(() => mergeWeights('r', targets, { 'jazz-v2': 1 })).toThrow(/total 101 must be from 1 to 100/);
  });

  it('addresses a node listed twice by node:port', () => {
    // Prepare
    const twice = [
      { virtualNode: 'a', weight: 50, port: 8080 },
      { virtualNode: 'a', weight: 50, port: 9090 },
    ];
    // Act
    const merged = mergeWeights('r', twice, { 'a:8080': 20, 'a:9090': 80 });
    // Assess
    expect(merged).toEqual({ 'a:8080': 20, 'a:9090': 80 });
  });
});

describe('canaryWeights', () => {
  it('gives the seed scenarios', () => {
    // Act / Assess
    expect(canaryWeights({ 'jazz-v1': 100, 'jazz-v2': 0 }, 'jazz-v2', 10)).toEqual({
      'jazz-v1': 90,
      'jazz-v2': 10,
    });
    expect(canaryWeights({ 'metal-v1': 100, 'metal-v2': 0 }, 'metal-v2', 50)).toEqual({
      'metal-v1': 50,
      'metal-v2': 50,
    });
    expect(canaryWeights({ 'product-v1': 1, 'product-v2': 0 }, 'product-v2', 50)).toEqual({
      'product-v1': 50,
      'product-v2': 50,
    });
    expect(canaryWeights({ 'customer-v1': 100, 'customer-v1-5': 0 }, 'customer-v1-5', 25)).toEqual({
      'customer-v1': 75,
      'customer-v1-5': 25,
    });
  });

  it('shares the rest in proportion and totals exactly 100', () => {
    // Act
    const w = canaryWeights({ a: 1, b: 1, c: 1, d: 0 }, 'd', 10);
    // Assess
    expect(Object.values(w).reduce((x, y) => x + y, 0)).toBe(100);
    expect(w.d).toBe(10);
    expect([w.a, w.b, w.c].sort()).toEqual([30, 30, 30]);
  });

  it('rejects a target that is not in the route', () => {
    // Act / Assess
    expect(() => canaryWeights({ a: 100 }, 'b', 10)).toThrow(/target "b" is not a weighted target/);
  });
});

describe('canary options', () => {
  it('reports every bad option before any API call', async () => {
    // Prepare: a client that would fail loudly if it were used.
    const client = createAppMeshClient({
      clientConfig: { region: 'us-east-1', endpoint: 'http://127.0.0.1:9' },
    });
    // Act
    const act = canary({
      client,
      meshName: 'dj-app',
      virtualRouterName: 'jazz-router',
      routeName: 'jazz-route',
      target: 'jazz-v2',
      steps: [10, 120, 2.5],
      bakeSeconds: -1,
      check: () => true,
    });
    // Assess
    await expect(act).rejects.toThrow(
      /steps\[1\]: 120 must be an integer from 0 to 100; steps\[2\]: 2.5 must be an integer from 0 to 100; bakeSeconds: -1 must be a number >= 0/,
    );
  });
});

describe('shiftTraffic and canary inputs', () => {
  const deadClient = () =>
    createAppMeshClient({
      clientConfig: {
        region: 'us-east-1',
        endpoint: 'http://127.0.0.1:9',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        maxAttempts: 1,
      },
    });

  it('shiftTraffic names each bad route name and non-object weights before any call', async () => {
    // Prepare: a client that would fail with a connection error if it were used.
    const client = deadClient();
    // Act
    const act = shiftTraffic({
      client,
      meshName: '',
      virtualRouterName: 'r'.repeat(256),
      routeName: undefined as never,
      weights: null as never,
    });
    // Assess
    await expect(act).rejects.toMatchObject({
      code: 'INVALID_SHIFT',
      message:
        'meshName: "" must be a name of 1-255 characters; ' +
        `virtualRouterName: "${'r'.repeat(256)}" must be a name of 1-255 characters; ` +
        'routeName: undefined must be a name of 1-255 characters; ' +
        'weights: null must be an object of target name → weight, e.g. { "jazz-v2": 10 }',
    });
    expect(routeRefProblems({ meshName: 'm', virtualRouterName: 'r'.repeat(255), routeName: 'x' })).toEqual(
      [],
    );
  });

  it('canary names a missing check, a bad target and steps that are not a list before any call', async () => {
    // Act
    const act = canary({
      client: deadClient(),
      meshName: 'dj-app',
      virtualRouterName: 'jazz-router',
      routeName: '',
      target: '' as string,
      steps: 50 as never,
      bakeSeconds: 0,
      check: undefined as never,
    });
    // Assess
    await expect(act).rejects.toMatchObject({
      code: 'INVALID_CANARY',
      message:
        'routeName: "" must be a name of 1-255 characters; ' +
        'steps: 50 must be a list of percentages, e.g. [10, 25, 50, 100]; ' +
        'target: "" must be the name of a weighted target of the route; ' +
        'check: undefined must be a function returning (a promise of) true or false',
    });
  });

  it('quotes a weight given as a string, so the message does not read like a valid number', () => {
    // Act / Assess
    expect(() =>
      mergeWeights('m/r/x', [{ virtualNode: 'a', weight: 100 }], { a: '90' as unknown as number }),
    ).toThrow('weights["a"]: "90" must be an integer from 0 to 100');
  });
});

describe('createWritePacer', () => {
  it('holds writes back until the bucket has refilled, one per interval, in call order', async () => {
    // Prepare: fake timers and a fake performance clock, so waiting is simulated.
    vi.useFakeTimers({ toFake: ['setTimeout', 'performance'] });
    try {
      const pacer = createWritePacer({ rate: 10, burst: 1 });
      const done: number[] = [];
      // Act
      for (const i of [1, 2, 3]) void pacer.take().then(() => done.push(i));
      await vi.advanceTimersByTimeAsync(0);
      const atStart = [...done];
      await vi.advanceTimersByTimeAsync(99);
      const before100 = [...done];
      await vi.advanceTimersByTimeAsync(1);
      const at100 = [...done];
      await vi.advanceTimersByTimeAsync(100);
      // Assess
      expect(atStart).toEqual([1]);
      expect(before100).toEqual([1]);
      expect(at100).toEqual([1, 2]);
      expect(done).toEqual([1, 2, 3]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('rejects a bad budget naming the values', () => {
    // Act / Assess
    expect(() => createWritePacer({ rate: 0, burst: 1 })).toThrow(/rate: 0 must be a finite number > 0/);
    expect(() => createWritePacer({ rate: Number.NaN, burst: 0.5 })).toThrow(
      expect.objectContaining({
        code: 'INVALID_WRITE_RATE',
        message:
          'writeRate.rate: NaN must be a finite number > 0 (writes per second); writeRate.burst: 0.5 must be a finite number >= 1 (bucket size)',
      }),
    );
    expect(() => createWritePacer({ rate: 8, burst: Number.POSITIVE_INFINITY })).toThrow(
      'writeRate.burst: Infinity must be a finite number >= 1 (bucket size)',
    );
  });
});

describe('mapBounded', () => {
  it('keeps order and never exceeds the limit', async () => {
    // Prepare
    let inFlight = 0;
    let peak = 0;
    // Act
    const out = await mapBounded([5, 4, 3, 2, 1, 0], 2, async (n) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setImmediate(r));
      inFlight--;
      return n * 2;
    });
    // Assess
    expect(out).toEqual([10, 8, 6, 4, 2, 0]);
    expect(peak).toBe(2);
  });

  it('refuses a limit that is not a whole number >= 1, naming it (NaN used to start no worker)', async () => {
    // Act / Assess
    for (const limit of [Number.NaN, 0, -1, 1.5, Number.POSITIVE_INFINITY]) {
      await expect(mapBounded([1, 2], limit, async (n) => n)).rejects.toThrow(
        `limit: ${limit} must be a whole number >= 1`,
      );
    }
    expect(() => checkConcurrency('concurrency', '8')).toThrow(
      'concurrency: "8" must be a whole number >= 1',
    );
    expect(checkConcurrency('concurrency', 3)).toBe(3);
  });

  it('makes apply and readMesh refuse a bad concurrency or page size before any call, instead of waiting forever', async () => {
    // Prepare: an endpoint nobody listens on; a call would fail with a connection error instead.
    const client = new AppMeshClient({
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:9',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    const p = plan({ resources: [{ kind: 'mesh', meshName: 'm', name: 'm', spec: {} }] }, { resources: [] });
    // Act / Assess
    await expect(apply(p, { client, concurrency: Number.NaN })).rejects.toMatchObject({
      code: 'INVALID_CONCURRENCY',
      message: 'concurrency: NaN must be a whole number >= 1 (calls in flight at once)',
    });
    await expect(apply(p, { client, concurrency: 0 })).rejects.toMatchObject({ code: 'INVALID_CONCURRENCY' });
    await expect(readMesh(client, 'm', { concurrency: 0 })).rejects.toMatchObject({
      code: 'INVALID_CONCURRENCY',
    });
    for (const pageSize of [0, 101, Number.NaN, 2.5]) {
      await expect(readMesh(client, 'm', { pageSize })).rejects.toMatchObject({
        code: 'INVALID_PAGE_SIZE',
        message: `pageSize: ${pageSize} must be a whole number from 1 to 100 (the List calls' limit)`,
      });
    }
    client.destroy();
  });
});

describe('createAppMeshClient', () => {
  it('configures adaptive retry with enough attempts', async () => {
    // Act
    const client = createAppMeshClient({ clientConfig: { region: 'us-east-1' } });
    // Assess
    expect(await client.config.retryStrategy()).toMatchObject({ mode: 'adaptive' });
    expect(await client.config.maxAttempts()).toBe(10);
  });

  it('refuses client and clientConfig together', () => {
    // Prepare
    const client = createAppMeshClient({ clientConfig: { region: 'us-east-1' } });
    // Act / Assess
    expect(() => createAppMeshClient({ client, clientConfig: {} } as never)).toThrow(
      /either client or clientConfig/,
    );
  });
});
