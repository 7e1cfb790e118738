import { describe, expect, it } from 'vitest';
import { translateNode } from '../../src/translate/index.js';
import { cloudMap, egressRoutes, listener, model, r, routed, to } from './support/model.js';

const translate = (m: ReturnType<typeof routed>) =>
  translateNode({ model: m, endpoints: new Map() }, 'mesh/m/virtualNode/client');

describe('route matches', () => {
  it('maps path prefix, exact path and path regex', () => {
    // Arrange
    const m = routed({
      p: { httpRoute: { match: { prefix: '/api' }, action: to({ a: 1 }) } },
      e: { httpRoute: { match: { path: { exact: '/health' } }, action: to({ a: 1 }) } },
      x: { httpRoute: { match: { path: { regex: '/items/[0-9]+' } }, action: to({ a: 1 }) } },
    });

    // Act
    const routes = egressRoutes(translate(m), 'svc');

    // Assess
    expect(routes.map((x) => x.match)).toEqual([
      { path: '/health' },
      { safe_regex: { regex: '/items/[0-9]+' } },
      { prefix: '/api' },
    ]);
  });

  it('maps every header form, invert included, and header presence', () => {
    // Arrange
    const headers = [
      { name: 'X-Exact', match: { exact: 'v' } },
      { name: 'x-prefix', match: { prefix: 'p' } },
      { name: 'x-suffix', match: { suffix: 's' } },
      { name: 'x-regex', match: { regex: 'a+' } },
      { name: 'x-range', match: { range: { start: 5, end: 10 } } },
      { name: 'x-present' },
      { name: 'x-not', invert: true, match: { exact: 'no' } },
    ];
    const m = routed({ h: { httpRoute: { match: { prefix: '/', headers }, action: to({ a: 1 }) } } });

    // Act
    const [route] = egressRoutes(translate(m), 'svc');

    // Assess
    expect(route.match.headers).toEqual([
      { name: 'x-exact', string_match: { exact: 'v' } },
      { name: 'x-prefix', string_match: { prefix: 'p' } },
      { name: 'x-suffix', string_match: { suffix: 's' } },
      { name: 'x-regex', string_match: { safe_regex: { regex: 'a+' } } },
      { name: 'x-range', range_match: { start: '5', end: '10' } },
      { name: 'x-present', present_match: true },
      { name: 'x-not', string_match: { exact: 'no' }, invert_match: true },
    ]);
  });

  it('maps query parameters (exact and presence), method and scheme', () => {
    // Arrange
    const match = {
      prefix: '/',
      queryParameters: [{ name: 'id', match: { exact: '7' } }, { name: 'debug' }],
      method: 'post',
      scheme: 'HTTPS',
    };
    const m = routed({ q: { httpRoute: { match, action: to({ a: 1 }) } } });

    // Act
    const [route] = egressRoutes(translate(m), 'svc');

    // Assess
    expect(route.match).toEqual({
      prefix: '/',
      headers: [
        { name: ':method', string_match: { exact: 'POST' } },
        { name: ':scheme', string_match: { exact: 'https' } },
      ],
      query_parameters: [
        { name: 'id', string_match: { exact: '7' } },
        { name: 'debug', present_match: true },
      ],
    });
  });

  it('maps gRPC service and method names and metadata, restricted to gRPC requests', () => {
    // Arrange
    const m = model(
      r.node('client', { backends: [{ virtualService: { virtualServiceName: 'svc' } }] }),
      r.node('g', { listeners: [listener(50051, 'grpc')], serviceDiscovery: cloudMap('g') }),
      r.router('rt', { listeners: [listener(50051, 'grpc')] }),
      r.route('rt', 'method', {
        grpcRoute: {
          match: {
            serviceName: 'pkg.Svc',
            methodName: 'Get',
            metadata: [{ name: 'tenant', invert: true, match: { prefix: 'x' } }],
          },
          action: to({ g: 1 }),
        },
      }),
      r.route('rt', 'service', { grpcRoute: { match: { serviceName: 'pkg.Svc' }, action: to({ g: 1 }) } }),
      r.route('rt', 'any', { grpcRoute: { match: {}, action: to({ g: 1 }) } }),
      r.service('svc', { virtualRouter: { virtualRouterName: 'rt' } }),
    );

    // Act
    const routes = egressRoutes(translate(m), 'svc');

    // Assess
    expect(routes.map((x) => x.match)).toEqual([
      {
        path: '/pkg.Svc/Get',
        headers: [{ name: 'tenant', string_match: { prefix: 'x' }, invert_match: true }],
        grpc: {},
      },
      { prefix: '/pkg.Svc/', grpc: {} },
      { prefix: '/', grpc: {} },
    ]);
  });

  it('routes a multi-listener router by port: one virtual host per port, the bare name on the first', () => {
    // Arrange
    const m = routed(
      {
        main: { httpRoute: { match: { prefix: '/', port: 8080 }, action: to({ a: 1 }) } },
        admin: { httpRoute: { match: { prefix: '/', port: 8081 }, action: to({ b: 1 }) } },
      },
      [],
      [listener(8080), listener(8081)],
    );
    const withAdmin = {
      ...m,
      resources: m.resources.map((x) =>
        x.kind === 'virtualNode' && x.name === 'b'
          ? { ...x, spec: { ...x.spec, listeners: [listener(8081)] } }
          : x,
      ),
    } as typeof m;

    // Act
    const result = translate(withAdmin);

    // Assess
    expect(result.issues).toEqual([]);
    const egress = result.resources.find((x) => x.name === 'rds_egress_http_15001');
    expect(egress).toBeDefined();
    const hosts = (egress!.resource as { virtual_hosts: { name: string; domains: string[] }[] })
      .virtual_hosts;
    expect(hosts.map((h) => [h.name, h.domains])).toEqual([
      ['svc_8080', ['svc', 'svc:8080']],
      ['svc_8081', ['svc:8081']],
    ]);
    expect(egressRoutes(result, 'svc_8081')[0].route.weighted_clusters.clusters).toEqual([
      { name: 'cds_egress_m_b_http_8081', weight: 1 },
    ]);
  });
});
