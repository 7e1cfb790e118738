import { describe, expect, it } from 'vitest';
import { translateNode } from '../../src/translate/index.js';
import { cloudMap, listener, model, r, to } from './support/model.js';

const client = (backends: string[], extra: Record<string, unknown> = {}) =>
  r.node('client', {
    backends: backends.map((virtualServiceName) => ({ virtualService: { virtualServiceName } })),
    ...extra,
  });
const issuesOf = (m: ReturnType<typeof model>, id = 'mesh/m/virtualNode/client') =>
  translateNode({ model: m, endpoints: new Map() }, id).issues.map((i) => ({
    code: i.code,
    path: i.path,
    message: i.message,
    severity: i.severity,
  }));

describe('what Envoy cannot be told is an issue naming the field and the value', () => {
  it('a route target that is not a node of the mesh, or names no listener of it', () => {
    // Arrange
    const m = model(
      client(['svc']),
      r.node('two', { listeners: [listener(8080), listener(8081)], serviceDiscovery: cloudMap('two') }),
      r.node('one', { listeners: [listener(8080)], serviceDiscovery: cloudMap('one') }),
      r.router('rt', { listeners: [listener(8080)] }),
      r.route('rt', 'x', {
        httpRoute: {
          match: { prefix: '/' },
          action: {
            weightedTargets: [
              { virtualNode: 'ghost', weight: 1 },
              { virtualNode: 'two', weight: 1 },
              { virtualNode: 'one', weight: 1, port: 9999 },
            ],
          },
        },
      }),
      r.service('svc', { virtualRouter: { virtualRouterName: 'rt' } }),
    );

    // Act + Assess
    const at = 'routers.rt.routes.x.spec.httpRoute.action.weightedTargets';
    expect(issuesOf(m)).toEqual([
      {
        code: 'XDS_UNKNOWN_TARGET',
        path: `${at}[0]`,
        message: 'virtual node "ghost" is not in mesh "m"',
        severity: 'error',
      },
      // validation's rule (checkTargetListener), in its words, at the field it names
      {
        code: 'XDS_TARGET_LISTENER',
        path: `${at}[1].port`,
        message:
          'virtual node "two" has several listeners (8080/http, 8081/http), so the target must set port',
        severity: 'error',
      },
      {
        code: 'XDS_TARGET_LISTENER',
        path: `${at}[2].port`,
        message: 'port 9999 is not a listener port of virtual node "one" (listeners: 8080/http)',
        severity: 'error',
      },
    ]);
  });

  it('a route without match.port on a router with several listeners is on none: an error, not a silent drop', () => {
    // Arrange: App Mesh "Route must define a port match criteria if the Virtual Router has
    // multiple listeners"; validation's rule (checkRouteAgainstListeners), run by the router too.
    const m = model(
      client(['svc']),
      r.node('one', { listeners: [listener(8080)], serviceDiscovery: cloudMap('one') }),
      r.router('rt', { listeners: [listener(8080), listener(8081)] }),
      r.route('rt', 'x', {
        httpRoute: {
          match: { prefix: '/' },
          action: { weightedTargets: [{ virtualNode: 'one', weight: 1 }] },
        },
      }),
      r.route('rt', 'y', {
        httpRoute: {
          match: { prefix: '/', port: 8081 },
          action: { weightedTargets: [{ virtualNode: 'one', weight: 1 }] },
        },
      }),
      r.service('svc', { virtualRouter: { virtualRouterName: 'rt' } }),
    );

    // Act + Assess
    expect(issuesOf(m)).toEqual([
      {
        code: 'XDS_ROUTE_LISTENER',
        path: 'routers.rt.routes.x.spec.httpRoute.match.port',
        message:
          'virtual router "rt" has several listeners (8080/http, 8081/http), so the route must set match.port',
        severity: 'error',
      },
    ]);
  });

  it('providers that do not exist or have no listener, and a service without provider (warning)', () => {
    // Arrange
    const m = model(
      client(['a', 'b', 'c']),
      r.node('bare', { serviceDiscovery: cloudMap('bare') }),
      r.service('a', { virtualNode: { virtualNodeName: 'nobody' } }),
      r.service('b', { virtualNode: { virtualNodeName: 'bare' } }),
      { kind: 'virtualService', meshName: 'm', name: 'c', spec: {} },
    );

    // Act + Assess
    expect(issuesOf(m)).toEqual([
      {
        code: 'XDS_UNKNOWN_PROVIDER',
        path: 'services.a.spec.provider.virtualNode.virtualNodeName',
        message: 'virtual node "nobody" is not in mesh "m"',
        severity: 'error',
      },
      {
        code: 'XDS_PROVIDER_LISTENER',
        path: 'services.b.spec.provider.virtualNode.virtualNodeName',
        message: 'provider virtual node "bare" has no listener',
        severity: 'error',
      },
      {
        code: 'XDS_NO_PROVIDER',
        path: 'services.c.spec.provider',
        message: 'virtual service "c" has no provider: calls to it get 404',
        severity: 'warning',
      },
    ]);
  });

  it('one target reached under two different client policies', () => {
    // Arrange
    const tls = (ca: string) => ({
      clientPolicy: { tls: { validation: { trust: { file: { certificateChain: ca } } } } },
    });
    const m = model(
      r.node('client', {
        backends: [
          { virtualService: { virtualServiceName: 'a', ...tls('/a.pem') } },
          { virtualService: { virtualServiceName: 'b', ...tls('/b.pem') } },
        ],
      }),
      r.node('p', { listeners: [listener(8080)], serviceDiscovery: cloudMap('p') }),
      r.service('a', { virtualNode: { virtualNodeName: 'p' } }),
      r.service('b', { virtualNode: { virtualNodeName: 'p' } }),
    );

    // Act + Assess
    expect(issuesOf(m)).toEqual([
      {
        code: 'XDS_CLIENT_POLICY_CONFLICT',
        path: 'nodes.client.spec.backends[1].virtualService.clientPolicy.tls',
        message:
          'virtual node "p" port 8080 is reached through services with different client policies; Envoy has one cluster per target, so one TLS setting',
        severity: 'error',
      },
    ]);
  });

  it('a path regex that does not compile', () => {
    // Arrange
    const m = model(
      client(['svc']),
      r.node('p', { listeners: [listener(8080)], serviceDiscovery: cloudMap('p') }),
      r.router('rt', { listeners: [listener(8080)] }),
      r.route('rt', 'bad', { httpRoute: { match: { path: { regex: '/items/(' } }, action: to({ p: 1 }) } }),
      r.service('svc', { virtualRouter: { virtualRouterName: 'rt' } }),
    );

    // Act
    const [issue] = issuesOf(m);

    // Assess
    expect(issue).toMatchObject({
      code: 'XDS_MATCH',
      path: 'routers.rt.routes.bad.spec.httpRoute.match',
      severity: 'error',
    });
    expect(issue?.message).toContain('/items/(');
  });

  it('a gateway route that rewrites the path without a path match, or targets a TCP service', () => {
    // Arrange
    const m = model(
      r.node('db', {
        listeners: [listener(5432, 'tcp')],
        serviceDiscovery: { dns: { hostname: 'db.internal' } },
      }),
      r.node('web', { listeners: [listener(8080)], serviceDiscovery: cloudMap('web') }),
      r.service('db', { virtualNode: { virtualNodeName: 'db' } }),
      r.service('web', { virtualNode: { virtualNodeName: 'web' } }),
      r.gateway('gw', { listeners: [listener(8088)] }),
      r.gatewayRoute('gw', 'tcp', {
        httpRoute: {
          match: { prefix: '/db' },
          action: { target: { virtualService: { virtualServiceName: 'db' } } },
        },
      }),
      r.gatewayRoute('gw', 'rewrite', {
        httpRoute: {
          match: { headers: [{ name: 'x' }] },
          action: {
            target: { virtualService: { virtualServiceName: 'web' } },
            rewrite: { path: { exact: '/x' } },
          },
        },
      }),
    );

    // Act + Assess
    expect(issuesOf(m, 'mesh/m/virtualGateway/gw').map((i) => [i.code, i.path])).toEqual([
      ['XDS_GATEWAY_TCP', 'services.db.spec.provider.virtualNode.virtualNodeName'],
      ['XDS_REWRITE', 'gateways.gw.gatewayRoutes.rewrite.spec.httpRoute.action.rewrite.path'],
    ]);
  });
});
