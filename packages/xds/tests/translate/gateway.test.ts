import { describe, expect, it } from 'vitest';
import { translateNode } from '../../src/translate/index.js';
import { cloudMap, egressRoutes, find, listener, model, r, to } from './support/model.js';

const target = (service: string, extra: Record<string, unknown> = {}) => ({
  target: { virtualService: { virtualServiceName: service } },
  ...extra,
});
/** Gateway `gw` over router-provided service `svc` (node `a`, http 8080). */
const withGateway = (listeners: object[], routes: Record<string, Record<string, unknown>>) =>
  model(
    r.node('a', { listeners: [listener(8080)], serviceDiscovery: cloudMap('a') }),
    r.router('rt', { listeners: [listener(8080)] }),
    r.route('rt', 'all', {
      httpRoute: {
        match: { prefix: '/' },
        action: to({ a: 1 }),
        timeout: { perRequest: { value: 40, unit: 's' } },
      },
    }),
    r.service('svc', { virtualRouter: { virtualRouterName: 'rt' } }),
    r.gateway('gw', { listeners }),
    ...Object.entries(routes).map(([name, spec]) => r.gatewayRoute('gw', name, spec)),
  );
const translate = (m: ReturnType<typeof model>) =>
  translateNode({ model: m, endpoints: new Map() }, 'mesh/m/virtualGateway/gw');
const ingressRoutes = (result: ReturnType<typeof translate>, name = 'rds_ingress_http_8088') =>
  find(result, 'routeConfiguration', name).virtual_hosts[0].routes;

describe('virtual gateways', () => {
  it("listens on the gateway listener's port and sends gateway routes to its own egress listener (self_redirect)", () => {
    // Act
    const result = translate(
      withGateway([listener(8088)], {
        p: { httpRoute: { match: { prefix: '/api' }, action: target('svc') } },
      }),
    );

    // Assess
    expect(result.issues).toEqual([]);
    expect(result.resources.map((x) => x.name)).toEqual([
      'cds_egress_m_a_http_8080',
      'cds_ingress_m_gw_self_redirect_http_15001',
      'cds_egress_m_a_http_8080',
      'lds_egress_0.0.0.0_15001',
      'lds_ingress_0.0.0.0_8088',
      'rds_egress_http_15001',
      'rds_ingress_http_8088',
    ]);
    expect(find(result, 'cluster', 'cds_ingress_m_gw_self_redirect_http_15001')).toMatchObject({
      type: 'STATIC',
      connect_timeout: '0.250s',
      load_assignment: {
        endpoints: [
          {
            lb_endpoints: [
              { endpoint: { address: { socket_address: { address: '127.0.0.1', port_value: 15001 } } } },
            ],
          },
        ],
      },
    });
    // App Mesh's prefix rewrite to "/", with the "/api/" twin first so "/api/x" becomes "/x";
    // the host is the virtual service; the timeout follows the service's longest route timeout.
    const route = {
      cluster: 'cds_ingress_m_gw_self_redirect_http_15001',
      prefix_rewrite: '/',
      host_rewrite_literal: 'svc',
      timeout: '40s',
    };
    expect(ingressRoutes(result)).toEqual([
      { match: { prefix: '/api/' }, route },
      { match: { prefix: '/api' }, route },
    ]);
    expect(egressRoutes(result, 'svc')[0].route.weighted_clusters.clusters).toEqual([
      { name: 'cds_egress_m_a_http_8080', weight: 1 },
    ]);
  });

  it('maps hostname matches, prefix and path rewrites, and a kept host name routed by header', () => {
    // Arrange
    const m = withGateway([listener(8088)], {
      host: {
        httpRoute: {
          match: { prefix: '/', hostname: { suffix: '.example.com' } },
          action: target('svc', {
            rewrite: {
              hostname: { defaultTargetHostname: 'DISABLED' },
              prefix: { defaultPrefix: 'DISABLED' },
            },
          }),
        },
      },
      value: {
        priority: 1,
        httpRoute: {
          match: { prefix: '/old/', hostname: { exact: 'a.example.com' } },
          action: target('svc', { rewrite: { prefix: { value: '/new/' } } }),
        },
      },
      exact: {
        priority: 2,
        httpRoute: {
          match: { path: { exact: '/s' } },
          action: target('svc', { rewrite: { path: { exact: '/status' } } }),
        },
      },
      regex: {
        priority: 3,
        httpRoute: {
          match: { path: { regex: '/r/[a-z]+' } },
          action: target('svc', { rewrite: { path: { exact: '/r' } } }),
        },
      },
    });

    // Act
    const result = translate(m);
    const routes = ingressRoutes(result);

    // Assess
    expect(result.issues).toEqual([]);
    expect(routes[0]).toMatchObject({
      match: {
        prefix: '/old/',
        headers: [
          { name: ':authority', string_match: { safe_regex: { regex: 'a\\.example\\.com(:[0-9]+)?' } } },
        ],
      },
      route: { prefix_rewrite: '/new/', host_rewrite_literal: 'svc' },
    });
    expect(routes[1]).toMatchObject({ match: { path: '/s' }, route: { prefix_rewrite: '/status' } });
    expect(routes[2]).toMatchObject({
      match: { safe_regex: { regex: '/r/[a-z]+' } },
      route: { regex_rewrite: { pattern: { regex: '/r/[a-z]+' }, substitution: '/r' } },
    });
    expect(routes[3]).toEqual({
      match: {
        prefix: '/',
        headers: [
          { name: ':authority', string_match: { safe_regex: { regex: '.*\\.example\\.com(:[0-9]+)?' } } },
        ],
      },
      route: { cluster: 'cds_ingress_m_gw_self_redirect_http_15001', timeout: '40s' },
      request_headers_to_add: [
        {
          header: { key: 'x-app-mesh-virtual-service', value: 'svc' },
          append_action: 'OVERWRITE_IF_EXISTS_OR_ADD',
        },
      ],
    });
    // The egress side finds the service by that header (App Mesh's default_backend host).
    const [backend] = egressRoutes(result, 'default_backend');
    expect(backend.match.headers).toEqual([
      { name: 'x-app-mesh-virtual-service', string_match: { exact: 'svc' } },
    ]);
    expect(backend.response_headers_to_remove).toEqual(['x-app-mesh-virtual-service']);
  });

  it('names self-redirect clusters per listener port when the gateway has several listeners, and routes by match port', () => {
    // Arrange
    const m = withGateway([listener(8088), listener(8089)], {
      one: {
        httpRoute: {
          match: { prefix: '/', port: 8088 },
          action: target('svc', { target: { virtualService: { virtualServiceName: 'svc' }, port: 8080 } }),
        },
      },
      two: { httpRoute: { match: { prefix: '/two', port: 8089 }, action: target('svc') } },
    });

    // Act
    const result = translate(m);

    // Assess
    expect(ingressRoutes(result, 'rds_ingress_http_8088')).toEqual([
      {
        match: { prefix: '/' },
        route: {
          cluster: 'cds_ingress_m_gw_self_redirect_8088_http_15001',
          prefix_rewrite: '/',
          host_rewrite_literal: 'svc:8080',
          timeout: '40s',
        },
      },
    ]);
    expect(
      ingressRoutes(result, 'rds_ingress_http_8089').map(
        (x: { route: { cluster: string } }) => x.route.cluster,
      ),
    ).toEqual([
      'cds_ingress_m_gw_self_redirect_8089_http_15001',
      'cds_ingress_m_gw_self_redirect_8089_http_15001',
    ]);
  });

  it("a gateway listener's health check has no Envoy form: a warning", () => {
    // Act
    const hc = {
      protocol: 'http',
      path: '/',
      healthyThreshold: 2,
      unhealthyThreshold: 2,
      intervalMillis: 5000,
      timeoutMillis: 2000,
    };
    const result = translate(withGateway([listener(8088, 'http', { healthCheck: hc })], {}));

    // Assess
    expect(result.issues.map((i) => [i.code, i.path, i.severity])).toEqual([
      ['XDS_GATEWAY_HEALTH_CHECK', 'gateways.gw.spec.listeners[0].healthCheck', 'warning'],
    ]);
  });

  it('a gateway route to a service outside the mesh is an issue', () => {
    // Act
    const result = translate(
      withGateway([listener(8088)], {
        lost: { httpRoute: { match: { prefix: '/' }, action: target('nowhere') } },
      }),
    );

    // Assess
    expect(result.issues).toEqual([
      expect.objectContaining({
        code: 'XDS_UNKNOWN_SERVICE',
        path: 'gateways.gw.gatewayRoutes.lost.spec.httpRoute.action.target.virtualService.virtualServiceName',
        severity: 'error',
      }),
    ]);
  });
});
