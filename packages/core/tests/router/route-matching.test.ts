import type { HttpRouteMatch, RouteSpec } from '@aws-sdk/client-app-mesh';
import { afterEach, describe, expect, it } from 'vitest';
import { register } from '../../src/re2/index.js';
import { createRouter, type MeshRouter, NoRouteMatchedError } from '../../src/router/index.js';
import { instance, meshModel, node, route, router, service, staticDiscovery } from './helpers.js';

// Regex matches need RE2 registered, as an application using @meshplane/core/router does.
register();

const SVC = 'api.prod.svc.cluster.local';
const BASE = `http://${SVC}:9080`;
const routers: MeshRouter[] = [];

const httpRoute = (match: HttpRouteMatch, priority?: number, target = 'api-v1'): RouteSpec => ({
  ...(priority === undefined ? {} : { priority }),
  httpRoute: { match, action: { weightedTargets: [{ virtualNode: target, weight: 1 }] } },
});

/** A node whose one listener, 9080, has the given protocol (a route targets its own protocol). */
const nodeOf = (name: string, protocol: string) =>
  node(name, { listeners: [{ portMapping: { port: 9080, protocol: protocol as 'http' } }] });

function build(routes: Record<string, RouteSpec>, protocol = 'http') {
  return serve(
    meshModel(
      [SVC],
      [
        nodeOf('api-v1', protocol),
        nodeOf('api-v2', protocol),
        router('api-router', 9080, protocol),
        ...Object.entries(routes).map(([name, spec]) => route('api-router', name, spec)),
        service(SVC, { router: 'api-router' }),
      ],
    ),
  );
}

function serve(model: ReturnType<typeof meshModel>) {
  const discovery = staticDiscovery({ 'api-v1': [instance('a', 1)], 'api-v2': [instance('b', 2)] });
  const r = createRouter({ model, sourceNode: 'client', discovery });
  routers.push(r);
  return r;
}

afterEach(async () => {
  await Promise.all(routers.splice(0).map((r) => r.close()));
});

describe('http route matching', () => {
  it('matches a prefix character by character, like Envoy', () => {
    // Prepare
    const r = build({ metrics: httpRoute({ prefix: '/metrics' }) });
    // Act
    const hits = ['/metrics', '/metrics/cpu', '/metricsfoo'].map((p) => r.decide(`${BASE}${p}`).routeName);
    const miss = () => r.decide(`${BASE}/metric`);
    // Assess
    expect(hits).toEqual(['metrics', 'metrics', 'metrics']);
    expect(miss).toThrow(NoRouteMatchedError);
  });

  it('matches an exact path without its query string, and a regex against the whole path', () => {
    // Prepare
    const r = build({
      exact: httpRoute({ path: { exact: '/health' } }),
      regex: httpRoute({ path: { regex: '/users/[0-9]+' } }),
    });
    // Act
    const exact = r.decide(`${BASE}/health?verbose=1`).routeName;
    const regex = r.decide(`${BASE}/users/42`).routeName;
    // Assess
    expect(exact).toBe('exact');
    expect(regex).toBe('regex');
    expect(() => r.decide(`${BASE}/health/deep`)).toThrow(NoRouteMatchedError);
    expect(() => r.decide(`${BASE}/users/42/orders`)).toThrow(/none of the 2 http route\(s\) matched/);
  });

  it.each([
    ['exact', { exact: 'beta' }, ['beta'], ['beta2', undefined]],
    ['prefix', { prefix: 'v2' }, ['v2', 'v2-rc1'], ['xv2', undefined]],
    ['suffix', { suffix: '-canary' }, ['eu-canary'], ['canary-eu', undefined]],
    ['regex', { regex: 'v[0-9]+' }, ['v12'], ['xv1', 'v1x', undefined]],
    ['range', { range: { start: 10, end: 20 } }, ['10', '19'], ['20', '9', '1x', undefined]],
  ] as const)('matches a header by %s', (_kind, match, hits, misses) => {
    // Prepare
    const r = build({ header: httpRoute({ prefix: '/', headers: [{ name: 'X-Flag', match }] }) });
    const decide = (value: string | undefined) => () =>
      r.decide(`${BASE}/`, { headers: value === undefined ? {} : { 'x-flag': value } });
    // Act / Assess
    for (const v of hits) expect(decide(v)().routeName).toBe('header');
    for (const v of misses) expect(decide(v)).toThrow(NoRouteMatchedError);
  });

  it('inverts a header match, but an absent header never satisfies a value match (Envoy)', () => {
    // Prepare
    const r = build({
      inverted: httpRoute({
        prefix: '/',
        headers: [{ name: 'x-env', invert: true, match: { exact: 'prod' } }],
      }),
    });
    // Act
    const other = r.decide(`${BASE}/`, { headers: { 'X-Env': 'staging' } }).routeName;
    // Assess
    expect(other).toBe('inverted');
    expect(() => r.decide(`${BASE}/`, { headers: { 'x-env': 'prod' } })).toThrow(NoRouteMatchedError);
    expect(() => r.decide(`${BASE}/`)).toThrow(NoRouteMatchedError);
  });

  it('treats a header without match as presence, and inverted presence as absence', () => {
    // Prepare
    const r = build({
      present: httpRoute({ path: { exact: '/p' }, headers: [{ name: 'x-debug' }] }),
      absent: httpRoute({ path: { exact: '/a' }, headers: [{ name: 'x-debug', invert: true }] }),
    });
    // Act / Assess
    expect(r.decide(`${BASE}/p`, { headers: { 'x-debug': '' } }).routeName).toBe('present');
    expect(() => r.decide(`${BASE}/p`)).toThrow(NoRouteMatchedError);
    expect(r.decide(`${BASE}/a`).routeName).toBe('absent');
    expect(() => r.decide(`${BASE}/a`, { headers: { 'x-debug': '1' } })).toThrow(NoRouteMatchedError);
  });

  it('requires every header to match (AND) and joins repeated values with commas', () => {
    // Prepare
    const r = build({
      both: httpRoute({
        prefix: '/',
        headers: [
          { name: 'a', match: { exact: '1' } },
          { name: 'b', match: { exact: 'x,y' } },
        ],
      }),
    });
    // Act
    const ok = r.decide(`${BASE}/`, {
      headers: [
        ['a', '1'],
        ['b', 'x'],
        ['b', 'y'],
      ],
    }).routeName;
    // Assess
    expect(ok).toBe('both');
    expect(() => r.decide(`${BASE}/`, { headers: { a: '1' } })).toThrow(NoRouteMatchedError);
  });

  it('matches query parameters exactly, or by presence', () => {
    // Prepare
    const r = build({
      exact: httpRoute({
        path: { exact: '/q' },
        queryParameters: [{ name: 'tier', match: { exact: 'gold' } }],
      }),
      present: httpRoute({ path: { exact: '/p' }, queryParameters: [{ name: 'debug' }] }),
    });
    // Act / Assess
    expect(r.decide(`${BASE}/q?a=1&tier=gold`).routeName).toBe('exact');
    expect(() => r.decide(`${BASE}/q?tier=silver`)).toThrow(NoRouteMatchedError);
    expect(() => r.decide(`${BASE}/q`)).toThrow(NoRouteMatchedError);
    expect(r.decide(`${BASE}/p?debug`).routeName).toBe('present');
    expect(() => r.decide(`${BASE}/p?x=1`)).toThrow(NoRouteMatchedError);
  });

  it('matches method, scheme and port', () => {
    // Prepare
    const r = build({
      post: httpRoute({ path: { exact: '/m' }, method: 'POST' }),
      https: httpRoute({ path: { exact: '/s' }, scheme: 'https' }),
      port: httpRoute({ path: { exact: '/port' }, port: 9080 }),
    });
    // Act / Assess
    expect(r.decide(`${BASE}/m`, { method: 'post' }).routeName).toBe('post');
    expect(() => r.decide(`${BASE}/m`, { method: 'GET' })).toThrow(NoRouteMatchedError);
    expect(r.decide(`https://${SVC}:9080/s`).routeName).toBe('https');
    expect(() => r.decide(`${BASE}/s`)).toThrow(NoRouteMatchedError);
    expect(r.decide(`${BASE}/port`).routeName).toBe('port');
  });

  it('uses the only router listener when the URL has no port, and rejects another port', () => {
    // Prepare
    const r = build({ all: httpRoute({ prefix: '/' }) });
    // Act
    const decision = r.decide(`http://${SVC}/`);
    // Assess
    expect(decision.listenerPort).toBe(9080);
    expect(() => r.decide(`http://${SVC}:8080/`)).toThrow(/no listener on port 8080 \(listeners: 9080\)/);
  });
});

describe('route order', () => {
  it('tries routes with a priority first, 0 highest, before any route without one', () => {
    // Prepare
    const r = build({
      specific: httpRoute({ prefix: '/api/v2' }, undefined, 'api-v2'),
      low: httpRoute({ prefix: '/' }, 10),
      high: httpRoute({ prefix: '/api' }, 0),
    });
    // Act
    const api = r.decide(`${BASE}/api/v2/x`).routeName;
    const root = r.decide(`${BASE}/other`).routeName;
    // Assess
    expect(api).toBe('high');
    expect(root).toBe('low');
  });

  it('orders routes without priority most specific first: exact, regex, longest prefix', () => {
    // Prepare
    const r = build({
      all: httpRoute({ prefix: '/' }),
      api: httpRoute({ prefix: '/api' }),
      apiv2: httpRoute({ prefix: '/api/v2' }),
      regex: httpRoute({ path: { regex: '/api/v2/[a-z]+' } }),
      exact: httpRoute({ path: { exact: '/api/v2/ping' } }),
    });
    // Act
    const names = ['/api/v2/ping', '/api/v2/pong', '/api/v2/1', '/api/x', '/'].map(
      (p) => r.decide(`${BASE}${p}`).routeName,
    );
    // Assess
    expect(names).toEqual(['exact', 'regex', 'apiv2', 'api', 'all']);
  });

  it('breaks a priority tie by specificity, then by route name, whatever the model order', () => {
    // Prepare
    const tie = { b: httpRoute({ prefix: '/' }, 5), a: httpRoute({ prefix: '/' }, 5) };
    const r1 = build(tie);
    const r2 = build({ a: tie.a, b: tie.b });
    const r3 = build({ broad: httpRoute({ prefix: '/' }, 5), narrow: httpRoute({ prefix: '/x' }, 5) });
    // Act / Assess
    expect(r1.decide(`${BASE}/`).routeName).toBe('a');
    expect(r2.decide(`${BASE}/`).routeName).toBe('a');
    expect(r3.decide(`${BASE}/x`).routeName).toBe('narrow');
  });

  it('prefers the route with more conditions when paths tie', () => {
    // Prepare
    const r = build({
      plain: httpRoute({ prefix: '/' }),
      canary: httpRoute(
        { prefix: '/', headers: [{ name: 'x-canary', match: { exact: '1' } }] },
        undefined,
        'api-v2',
      ),
    });
    // Act / Assess
    expect(r.decide(`${BASE}/`, { headers: { 'x-canary': '1' } }).routeName).toBe('canary');
    expect(r.decide(`${BASE}/`).routeName).toBe('plain');
  });
});

describe('grpc and tcp routes', () => {
  const grpcRoute = (
    match: RouteSpec['grpcRoute'] extends infer G ? (G extends { match?: infer M } ? M : never) : never,
  ) =>
    ({
      grpcRoute: { match, action: { weightedTargets: [{ virtualNode: 'api-v1', weight: 1 }] } },
    }) as RouteSpec;

  it('matches serviceName, methodName and metadata on a grpc listener', () => {
    // Prepare
    const r = build(
      {
        method: grpcRoute({ serviceName: 'shop.Cart', methodName: 'Add' }),
        service: grpcRoute({ serviceName: 'shop.Cart' }),
        meta: grpcRoute({ metadata: [{ name: 'x-tenant', match: { prefix: 'acme' } }] }),
      },
      'grpc',
    );
    // Act / Assess
    expect(r.decide(`${BASE}/shop.Cart/Add`, { method: 'POST' }).routeName).toBe('method');
    expect(r.decide(`${BASE}/shop.Cart/Remove`, { method: 'POST' }).routeName).toBe('service');
    expect(r.decide(`${BASE}/shop.Orders/Get`, { headers: { 'x-tenant': 'acme-1' } }).routeName).toBe('meta');
    expect(() => r.decide(`${BASE}/shop.Orders/Get`)).toThrow(NoRouteMatchedError);
  });

  it('routes tcp by port and ignores routes of another protocol', () => {
    // Prepare: a tcp listener and an http listener; each route names its listener's port, as
    // App Mesh requires on a router with several listeners.
    const apiRouter = router('api-router', 9080, 'tcp');
    apiRouter.spec = {
      listeners: [
        { portMapping: { port: 9080, protocol: 'tcp' } },
        { portMapping: { port: 8080, protocol: 'http' } },
      ],
    };
    const r = serve(
      meshModel(
        [SVC],
        [
          nodeOf('api-v1', 'http'),
          nodeOf('api-v2', 'tcp'),
          apiRouter,
          route('api-router', 'tcp', {
            tcpRoute: {
              match: { port: 9080 },
              action: { weightedTargets: [{ virtualNode: 'api-v2', weight: 1 }] },
            },
          }),
          route('api-router', 'http', {
            httpRoute: {
              match: { prefix: '/', port: 8080 },
              action: { weightedTargets: [{ virtualNode: 'api-v1', weight: 1 }] },
            },
          }),
          service(SVC, { router: 'api-router' }),
        ],
      ),
    );
    // Act
    const decision = r.decide(`${BASE}/anything`);
    // Assess
    expect(decision.routeName).toBe('tcp');
    expect(decision.targetNode).toBe('api-v2');
    expect(decision.timeouts.perRequestMs).toBe(0);
  });
});
