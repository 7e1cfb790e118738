import { describe, expect, test } from 'vitest';
import {
  backend,
  cloudMap,
  defineMesh,
  dns,
  fileAccessLog,
  grpc,
  http,
  http2,
  MeshDefinitionError,
  millis,
  seconds,
  tcp,
  validate,
  weights,
} from '../../src/index.js';

describe('listener helpers', () => {
  test.each([1, 9080, 65535])('accept port %i', (port) => {
    // Act
    const listener = http(port);
    // Assess
    expect(listener).toEqual({ portMapping: { port, protocol: 'http' } });
  });

  test.each([0, 65536, -1, 80.5, Number.NaN])(
    'reject port %s with a MeshDefinitionError naming the field',
    (port) => {
      // Act / Assess
      expect(() => http(port)).toThrow(MeshDefinitionError);
      expect(() => tcp(port)).toThrow(/tcp listener port must be an integer port from 1 to 65535/);
    },
  );

  test('put the timeout under the protocol key the API expects', () => {
    // Act
    const listeners = [
      http(80, { timeout: { perRequest: seconds(5) } }),
      http2(81, { timeout: { idle: millis(250) } }),
      grpc(82, { timeout: { perRequest: seconds(1) } }),
      tcp(83, { timeout: { idle: seconds(60) } }),
    ];
    // Assess
    expect(listeners.map((l) => l.timeout)).toEqual([
      { http: { perRequest: { value: 5, unit: 's' } } },
      { http2: { idle: { value: 250, unit: 'ms' } } },
      { grpc: { perRequest: { value: 1, unit: 's' } } },
      { tcp: { idle: { value: 60, unit: 's' } } },
    ]);
  });

  test('reject a negative duration', () => {
    expect(() => seconds(-1)).toThrow(/seconds must be a non-negative integer, got -1/);
  });

  test.each([
    [Number.NaN, 'got NaN'],
    [Number.POSITIVE_INFINITY, 'got Infinity'],
    [10n, 'got 10n'],
    [Symbol('p'), 'got Symbol(p)'],
  ])('name the bad port %s as it is, never as null or with a TypeError', (port, shown) => {
    // Act
    let error: unknown;
    try {
      http(port as never);
    } catch (caught) {
      error = caught;
    }
    // Assess
    expect(error).toBeInstanceOf(MeshDefinitionError);
    expect((error as Error).message).toBe(
      `http listener port must be an integer port from 1 to 65535, ${shown}`,
    );
  });

  test('name a cyclic bad value without a TypeError from JSON', () => {
    // Prepare
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    // Act / Assess
    expect(() => seconds(cyclic as never)).toThrow(
      new MeshDefinitionError('INVALID_DURATION', 'seconds', cyclic, 'must be a non-negative integer'),
    );
    expect(() => seconds(cyclic as never)).toThrow('got {"self":<cycle>}');
  });
});

describe('discovery, backend and weight helpers', () => {
  test('render the wire shapes', () => {
    // Act / Assess
    expect(dns('a.local')).toEqual({ dns: { hostname: 'a.local' } });
    expect(cloudMap('ns', 'svc', { version: 'v2' })).toEqual({
      awsCloudMap: { namespaceName: 'ns', serviceName: 'svc', attributes: [{ key: 'version', value: 'v2' }] },
    });
    expect(
      backend('svc', {
        clientPolicy: { tls: { validation: { trust: { file: { certificateChain: '/c' } } } } },
      }),
    ).toEqual({
      virtualService: {
        virtualServiceName: 'svc',
        clientPolicy: { tls: { validation: { trust: { file: { certificateChain: '/c' } } } } },
      },
    });
    expect(fileAccessLog('/dev/stdout')).toEqual({ accessLog: { file: { path: '/dev/stdout' } } });
    expect(weights({ a: 0, b: { weight: 100, port: 8080 } })).toEqual({
      weightedTargets: [
        { virtualNode: 'a', weight: 0 },
        { virtualNode: 'b', weight: 100, port: 8080 },
      ],
    });
  });

  test.each([-1, 101, 1.5])('weights reject weight %s', (weight) => {
    expect(() => weights({ a: weight })).toThrow(/weights\.a must be an integer weight from 0 to 100/);
  });

  test('empty names are rejected where they are given', () => {
    expect(() => dns('')).toThrow(/dns hostname must be a non-empty string, got ""/);
    expect(() => cloudMap('ns', '')).toThrow(/cloudMap serviceName/);
    expect(() => backend('')).toThrow(MeshDefinitionError);
  });
});

describe('defineMesh', () => {
  test('renders the friendly form to the App Mesh API shape, parents first', () => {
    // Act
    const model = defineMesh({
      name: 'm',
      egressFilter: 'ALLOW_ALL',
      ipPreference: 'IPv4_PREFERRED',
      tags: { team: 'audio' },
      nodes: {
        a: {
          listeners: [http(80)],
          discovery: dns('a.local'),
          backends: ['s'],
          logging: fileAccessLog('/dev/stdout'),
        },
      },
      routers: {
        r: {
          listeners: [http(80)],
          routes: { x: { priority: 1, http: { match: { prefix: '/' }, action: weights({ a: 100 }) } } },
        },
      },
      services: { s: { provider: { router: 'r' }, tags: { tier: 'gold' } } },
      gateways: {
        g: {
          listeners: [http(8080)],
          gatewayRoutes: {
            y: {
              http: {
                match: { prefix: '/s/' },
                action: { target: { virtualService: { virtualServiceName: 's' }, port: 80 } },
              },
            },
          },
        },
      },
    });
    // Assess
    expect(model.resources.map((r) => `${r.kind}:${r.name}`)).toEqual([
      'mesh:m',
      'virtualNode:a',
      'virtualRouter:r',
      'virtualGateway:g',
      'route:x',
      'virtualService:s',
      'gatewayRoute:y',
    ]);
    expect(model.resources[0]).toEqual({
      kind: 'mesh',
      meshName: 'm',
      name: 'm',
      spec: { egressFilter: { type: 'ALLOW_ALL' }, serviceDiscovery: { ipPreference: 'IPv4_PREFERRED' } },
      tags: [{ key: 'team', value: 'audio' }],
    });
    expect(model.resources[1]?.spec).toEqual({
      listeners: [{ portMapping: { port: 80, protocol: 'http' } }],
      serviceDiscovery: { dns: { hostname: 'a.local' } },
      backends: [{ virtualService: { virtualServiceName: 's' } }],
      logging: { accessLog: { file: { path: '/dev/stdout' } } },
    });
    expect(model.resources[2]?.spec).toEqual({
      listeners: [{ portMapping: { port: 80, protocol: 'http' } }],
    });
    expect(model.resources[4]).toEqual({
      kind: 'route',
      meshName: 'm',
      name: 'x',
      virtualRouterName: 'r',
      spec: {
        priority: 1,
        httpRoute: {
          match: { prefix: '/' },
          action: { weightedTargets: [{ virtualNode: 'a', weight: 100 }] },
        },
      },
    });
    expect(model.resources[5]).toMatchObject({
      spec: { provider: { virtualRouter: { virtualRouterName: 'r' } } },
      tags: [{ key: 'tier', value: 'gold' }],
    });
    expect(model.resources[6]).toMatchObject({
      virtualGatewayName: 'g',
      spec: {
        httpRoute: {
          match: { prefix: '/s/' },
          action: { target: { virtualService: { virtualServiceName: 's' }, port: 80 } },
        },
      },
    });
    expect(validate(model)).toEqual({ valid: true, issues: [] });
  });

  test('renders http2, grpc and tcp routes and node providers', () => {
    // Act
    const model = defineMesh({
      name: 'm',
      nodes: {
        h2: { listeners: [http2(80)], discovery: dns('h2') },
        g: { listeners: [grpc(81)], discovery: dns('g') },
        t: { listeners: [tcp(82)], discovery: dns('t') },
      },
      routers: {
        r2: {
          listeners: [http2(80)],
          routes: { a: { http2: { match: { prefix: '/' }, action: weights({ h2: 1 }) } } },
        },
        rg: {
          listeners: [grpc(81)],
          routes: { b: { grpc: { match: { serviceName: 'x.Y' }, action: weights({ g: 1 }) } } },
        },
        rt: { listeners: [tcp(82)], routes: { c: { tcp: { action: weights({ t: 1 }) } } } },
      },
      services: { s: { provider: { node: 't' } } },
    });
    // Assess
    const specs = model.resources.filter((r) => r.kind === 'route').map((r) => Object.keys(r.spec));
    expect(specs).toEqual([['http2Route'], ['grpcRoute'], ['tcpRoute']]);
    expect(model.resources.at(-1)?.spec).toEqual({ provider: { virtualNode: { virtualNodeName: 't' } } });
    expect(validate(model).issues).toEqual([]);
  });

  test('copies helper values so that a later change to one does not leak into the model', () => {
    // Prepare
    const action = weights({ a: 100 });
    const model = defineMesh({
      name: 'm',
      nodes: { a: { listeners: [http(80)], discovery: dns('a') } },
      routers: { r: { listeners: [http(80)], routes: { x: { http: { match: { prefix: '/' }, action } } } } },
    });
    // Act
    (action.weightedTargets[0] as { weight: number }).weight = 5;
    // Assess
    const route = model.resources.find((r) => r.kind === 'route');
    expect(route?.spec).toMatchObject({ httpRoute: { action: { weightedTargets: [{ weight: 100 }] } } });
  });

  test('rejects a definition that is not an object, an empty mesh name, or a collection that is a list', () => {
    expect(() => defineMesh(null as never)).toThrow(MeshDefinitionError);
    expect(() => defineMesh({ name: '' })).toThrow(/mesh name must be a non-empty string/);
    expect(() => defineMesh({ name: 'm', nodes: [] as never })).toThrow(
      /nodes must be an object keyed by name/,
    );
    expect(() => defineMesh({ name: 'm', nodes: { a: 3 as never } })).toThrow(
      /nodes\.a must be an object, got 3/,
    );
  });

  test('keeps options given to a router listener, for validate to report, instead of dropping them', () => {
    // Act
    const model = defineMesh({
      name: 'm',
      routers: { r: { listeners: [http(80, { timeout: { perRequest: seconds(2) } })] } },
    });
    // Assess
    expect(model.resources[1]?.spec).toEqual({
      listeners: [
        {
          portMapping: { port: 80, protocol: 'http' },
          timeout: { http: { perRequest: { value: 2, unit: 's' } } },
        },
      ],
    });
    expect(validate(model).issues).toEqual([
      expect.objectContaining({ code: 'SHAPE_UNKNOWN_MEMBER', path: 'routers.r.spec.listeners[0].timeout' }),
    ]);
  });

  test('passes malformed values through to validate instead of throwing (JavaScript callers)', () => {
    // Act
    const model = defineMesh({
      name: 'm',
      nodes: { a: { backends: [7, 's'] as never, listeners: 'x' as never } },
      routers: {
        r: { listeners: [http(80)], routes: { x: { http: 'nope' as never, tcp: { action: 5 as never } } } },
      },
      services: { s: { provider: { elsewhere: 'a' } as never } },
      gateways: {
        g: {
          listeners: [http(80)],
          gatewayRoutes: { y: { http: { match: {}, action: { target: 9 as never } } } },
        },
      },
    });
    const result = validate(model);
    // Assess
    expect(result.valid).toBe(false);
    expect(result.issues.map((i) => i.path)).toEqual(
      expect.arrayContaining([
        'nodes.a.spec.listeners',
        'nodes.a.spec.backends[0]',
        'routers.r.routes.x.spec.httpRoute',
        'routers.r.routes.x.spec.tcpRoute.action',
        'services.s.spec.provider.elsewhere',
        'gateways.g.gatewayRoutes.y.spec.httpRoute.action.target',
      ]),
    );
  });

  test('rejects tags that are not an object of keys to values', () => {
    expect(() => defineMesh({ name: 'm', tags: ['a'] as never })).toThrow(
      /tags must be an object of tag keys to values/,
    );
  });
});
