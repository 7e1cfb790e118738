import type { Listener, PortProtocol } from '@aws-sdk/client-app-mesh';
import { describe, expect, test } from 'vitest';
import { defineMesh, dns, grpc, http, http2, type MeshModel, tcp, validate } from '../../src/index.js';
import { codes, find, sampleModel } from './sample-models.js';

/** A router with the given listeners in front of a node with the given listeners. */
function pair(routerListeners: Listener[], nodeListeners: Listener[]): MeshModel {
  return defineMesh({
    name: 'p',
    nodes: { n: { listeners: nodeListeners, discovery: dns('n.local') } },
    routers: { r: { listeners: routerListeners } },
  });
}

function addRoute(model: MeshModel, name: string, spec: Record<string, unknown>): void {
  model.resources.push({ kind: 'route', meshName: 'p', name, virtualRouterName: 'r', spec });
}

const toN = { weightedTargets: [{ virtualNode: 'n', weight: 1 }] };

describe('route protocol and router listeners', () => {
  test.each([
    ['httpRoute', http(80), []],
    ['http2Route', http2(80), []],
    ['grpcRoute', grpc(80), []],
    ['tcpRoute', tcp(80), []],
    ['httpRoute', http2(80), ['ROUTE_PROTOCOL', 'TARGET_PROTOCOL']],
    ['grpcRoute', http(80), ['ROUTE_PROTOCOL', 'TARGET_PROTOCOL']],
    ['tcpRoute', grpc(80), ['ROUTE_PROTOCOL', 'TARGET_PROTOCOL']],
  ] as const)('%s on a %o listener', (key, listener, expected) => {
    // Prepare
    const model = pair([listener], [listener]);
    // The node always matches the route's protocol here, so only mismatches with the router fire…
    const protocols: Record<string, PortProtocol> = {
      httpRoute: 'http',
      http2Route: 'http2',
      grpcRoute: 'grpc',
      tcpRoute: 'tcp',
    };
    const protocol = protocols[key];
    const node = find(model, 'virtualNode', 'n');
    if (expected.length === 0) node.spec.listeners = [{ portMapping: { port: 80, protocol } }];
    const match =
      key === 'httpRoute' || key === 'http2Route' ? { prefix: '/' } : key === 'grpcRoute' ? {} : undefined;
    addRoute(model, 'x', { [key]: { ...(match ? { match } : {}), action: toN } });
    // Act
    const result = validate(model);
    // Assess
    expect(codes(result)).toEqual(expected);
  });

  test('a mismatch names both protocols', () => {
    const model = pair([grpc(80)], [http(80)]);
    addRoute(model, 'x', { httpRoute: { match: { prefix: '/' }, action: toN } });
    expect(validate(model).issues[0]).toEqual({
      code: 'ROUTE_PROTOCOL',
      path: 'routers.r.routes.x.spec.httpRoute',
      message: 'an http route must match an http listener, but virtual router "r" listens with 80/grpc',
      severity: 'error',
    });
  });

  test('a route must set exactly one route type', () => {
    const model = pair([http(80)], [http(80)]);
    addRoute(model, 'none', {});
    addRoute(model, 'two', {
      httpRoute: { match: { prefix: '/' }, action: toN },
      tcpRoute: { action: toN },
    });
    const result = validate(model);
    expect(result.issues).toEqual([
      expect.objectContaining({
        code: 'ROUTE_TYPE',
        path: 'routers.r.routes.none.spec',
        message: expect.stringContaining('got none'),
      }),
      expect.objectContaining({
        code: 'ROUTE_TYPE',
        path: 'routers.r.routes.two.spec',
        message: expect.stringContaining('httpRoute and tcpRoute'),
      }),
    ]);
  });

  test('with several router listeners a route must name its port, and the port must be a listener', () => {
    const model = pair([http(80), grpc(81)], [http(80)]);
    addRoute(model, 'no-port', { httpRoute: { match: { prefix: '/' }, action: toN } });
    addRoute(model, 'bad-port', { httpRoute: { match: { prefix: '/', port: 82 }, action: toN } });
    addRoute(model, 'wrong-protocol', { httpRoute: { match: { prefix: '/', port: 81 }, action: toN } });
    addRoute(model, 'good', { httpRoute: { match: { prefix: '/', port: 80 }, action: toN } });
    const result = validate(model);
    expect(result.issues).toEqual([
      expect.objectContaining({
        code: 'ROUTE_PORT_REQUIRED',
        path: 'routers.r.routes.no-port.spec.httpRoute.match.port',
        message:
          'virtual router "r" has several listeners (80/http, 81/grpc), so the route must set match.port',
      }),
      expect.objectContaining({
        code: 'ROUTE_PORT',
        path: 'routers.r.routes.bad-port.spec.httpRoute.match.port',
        message: 'match.port 82 is not a listener port of virtual router "r" (listeners: 80/http, 81/grpc)',
      }),
      expect.objectContaining({
        code: 'ROUTE_PROTOCOL',
        path: 'routers.r.routes.wrong-protocol.spec.httpRoute',
      }),
    ]);
  });

  test('a router without listeners cannot carry a route', () => {
    const model = pair([], [http(80)]);
    addRoute(model, 'x', { httpRoute: { match: { prefix: '/' }, action: toN } });
    expect(codes(validate(model))).toEqual(['ROUTE_PROTOCOL']);
  });
});

describe('weighted target ports', () => {
  test('a target port must be a listener port of the target node', () => {
    const model = pair([http(80)], [http(80), http(8080)]);
    addRoute(model, 'x', {
      httpRoute: {
        match: { prefix: '/' },
        action: {
          weightedTargets: [
            { virtualNode: 'n', weight: 50, port: 8080 },
            { virtualNode: 'n', weight: 50, port: 9090 },
          ],
        },
      },
    });
    expect(validate(model).issues).toEqual([
      expect.objectContaining({
        code: 'TARGET_PORT',
        path: 'routers.r.routes.x.spec.httpRoute.action.weightedTargets[1].port',
        message: 'port 9090 is not a listener port of virtual node "n" (listeners: 80/http, 8080/http)',
      }),
    ]);
  });

  test('a node with several listeners needs the target port', () => {
    const model = pair([http(80)], [http(80), http(8080)]);
    addRoute(model, 'x', { httpRoute: { match: { prefix: '/' }, action: toN } });
    expect(validate(model).issues).toEqual([
      expect.objectContaining({
        code: 'TARGET_PORT_REQUIRED',
        path: 'routers.r.routes.x.spec.httpRoute.action.weightedTargets[0].port',
      }),
    ]);
  });

  test('a target node without a listener is reported', () => {
    const model = pair([http(80)], []);
    addRoute(model, 'x', { httpRoute: { match: { prefix: '/' }, action: toN } });
    expect(codes(validate(model))).toEqual(['TARGET_NO_LISTENER']);
  });

  test('the same node and port twice is reported', () => {
    const model = pair([http(80)], [http(80)]);
    addRoute(model, 'x', {
      httpRoute: {
        match: { prefix: '/' },
        action: {
          weightedTargets: [
            { virtualNode: 'n', weight: 50 },
            { virtualNode: 'n', weight: 50 },
          ],
        },
      },
    });
    expect(codes(validate(model))).toEqual(['DUPLICATE_TARGET']);
  });
});

describe('route priorities and http matches', () => {
  test('two routes of one router sharing a priority is a warning (App Mesh accepts it); routes of different routers may', () => {
    const model = sampleModel();
    const route = find(model, 'route', 'cart-route');
    model.resources.push({ ...structuredClone(route), name: 'cart-route-2' });
    model.resources.push({
      kind: 'virtualRouter',
      meshName: 'shop',
      name: 'other',
      spec: { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] },
    });
    model.resources.push({ ...structuredClone(route), name: 'cart-route-3', virtualRouterName: 'other' });
    expect(validate(model).issues).toEqual([
      {
        code: 'DUPLICATE_PRIORITY',
        path: 'routers.cart-router.routes.cart-route-2.spec.priority',
        message:
          'priority 10 is also used by route "cart-route" of virtual router "cart-router": App Mesh accepts it but does not say which matches first (meshplane\'s router tries equal priorities in name order); give them distinct priorities',
        severity: 'warning',
      },
    ]);
    expect(validate(model).valid).toBe(true);
  });

  test('http matches set at most one of prefix and path, and a prefix starts with /', () => {
    const model = pair([http(80)], [http(80)]);
    addRoute(model, 'a', { httpRoute: { match: {}, action: toN } });
    addRoute(model, 'b', { httpRoute: { match: { prefix: '/', path: { exact: '/x' } }, action: toN } });
    addRoute(model, 'c', { httpRoute: { match: { prefix: 'api' }, action: toN } });
    addRoute(model, 'd', { httpRoute: { match: { path: { regex: '^/v[12]/' } }, action: toN } });
    // Every HttpRouteMatch member is optional (issue 13 item 13): port, method, headers or query alone.
    addRoute(model, 'e', { httpRoute: { match: { port: 80 }, action: toN } });
    addRoute(model, 'f', { httpRoute: { match: { method: 'GET' }, action: toN } });
    addRoute(model, 'g', { httpRoute: { match: { headers: [{ name: 'x-canary' }] }, action: toN } });
    addRoute(model, 'h', { httpRoute: { match: { queryParameters: [{ name: 'debug' }] }, action: toN } });
    expect(validate(model).issues.map((i) => [i.code, i.path])).toEqual([
      ['ROUTE_MATCH', 'routers.r.routes.b.spec.httpRoute.match'],
      ['ROUTE_MATCH', 'routers.r.routes.c.spec.httpRoute.match.prefix'],
    ]);
  });

  test('a gateway route prefix starts with / too', () => {
    const model = sampleModel();
    const gatewayRoute = find(model, 'gatewayRoute', 'to-cart');
    const body = (gatewayRoute.spec as { httpRoute?: { match?: Record<string, unknown> } }).httpRoute;
    if (body?.match === undefined) throw new Error('the sample gateway route is an http route with a match');
    body.match.prefix = 'cart';
    const result = validate(model);
    expect(result.issues.map((i) => [i.code, i.path])).toEqual([
      ['ROUTE_MATCH', 'gateways.edge.gatewayRoutes.to-cart.spec.httpRoute.match.prefix'],
    ]);
  });
});

describe('listeners', () => {
  test('a node with a listener needs service discovery', () => {
    const model = sampleModel();
    find(model, 'virtualNode', 'front').spec.serviceDiscovery = undefined;
    expect(validate(model).issues).toEqual([
      expect.objectContaining({
        code: 'MISSING_SERVICE_DISCOVERY',
        path: 'nodes.front.spec.serviceDiscovery',
        message:
          'a virtual node with a listener (8080/http) must have service discovery (dns or awsCloudMap)',
      }),
    ]);
  });

  test('a node whose only listener is malformed is not said to have "none"', () => {
    // Prepare
    const model = sampleModel();
    const front = find(model, 'virtualNode', 'front');
    front.spec.serviceDiscovery = undefined;
    front.spec.listeners = [{ portMapping: { port: 'eighty', protocol: 'http' } } as unknown as Listener];
    // Act
    const issues = validate(model).issues;
    // Assess
    expect(issues.map((i) => [i.code, i.path, i.message])).toEqual([
      [
        'SHAPE_TYPE',
        'nodes.front.spec.listeners[0].portMapping.port',
        'port must be a whole number (PortNumber), got "eighty"',
      ],
      [
        'MISSING_SERVICE_DISCOVERY',
        'nodes.front.spec.serviceDiscovery',
        'a virtual node with a listener must have service discovery (dns or awsCloudMap)',
      ],
    ]);
  });

  test('two listeners on one port, and a timeout for another protocol, are reported', () => {
    const model = sampleModel();
    find(model, 'virtualNode', 'front').spec.listeners = [
      http(8080),
      { ...http2(8080) },
      { portMapping: { port: 9000, protocol: 'grpc' }, timeout: { http: { idle: { value: 1, unit: 's' } } } },
    ];
    expect(validate(model).issues.map((i) => [i.code, i.path])).toEqual([
      ['DUPLICATE_PORT', 'nodes.front.spec.listeners[1].portMapping.port'],
      ['LISTENER_PROTOCOL', 'nodes.front.spec.listeners[2].timeout.http'],
    ]);
  });
});

describe('gateway routes', () => {
  test('protocol, port and target port agree with the gateway and the service provider', () => {
    // Prepare
    const model = defineMesh({
      name: 'g',
      nodes: { n: { listeners: [http(80), http(81)], discovery: dns('n') } },
      services: { s: { provider: { node: 'n' } } },
      gateways: {
        gw: {
          listeners: [http(8080), grpc(8081)],
          gatewayRoutes: {
            'no-port': { http: { match: { prefix: '/' }, action: { target: 's' } } },
            ok: {
              priority: 1,
              http: {
                match: { prefix: '/', port: 8080 },
                action: { target: { virtualService: { virtualServiceName: 's' }, port: 81 } },
              },
            },
            'bad-target-port': {
              priority: 1,
              grpc: {
                match: { serviceName: 'x', port: 8081 },
                action: { target: { virtualService: { virtualServiceName: 's' }, port: 99 } },
              },
            },
          },
        },
      },
    });
    // Act
    const result = validate(model);
    // Assess
    expect(result.issues.map((i) => [i.code, i.path])).toEqual([
      ['ROUTE_PORT_REQUIRED', 'gateways.gw.gatewayRoutes.no-port.spec.httpRoute.match.port'],
      ['TARGET_PORT_REQUIRED', 'gateways.gw.gatewayRoutes.no-port.spec.httpRoute.action.target.port'],
      ['DUPLICATE_PRIORITY', 'gateways.gw.gatewayRoutes.bad-target-port.spec.priority'],
      ['TARGET_PORT', 'gateways.gw.gatewayRoutes.bad-target-port.spec.grpcRoute.action.target.port'],
    ]);
  });

  test('a tcp gateway route is not an App Mesh shape', () => {
    const model = sampleModel();
    const route = find(model, 'gatewayRoute', 'to-cart');
    route.spec = { tcpRoute: {} } as never;
    expect(codes(validate(model))).toEqual(['SHAPE_UNKNOWN_MEMBER', 'ROUTE_TYPE']);
  });

  test('a tcp listener on a gateway is rejected by the model enum', () => {
    const model = sampleModel();
    find(model, 'virtualGateway', 'edge').spec.listeners = [
      { portMapping: { port: 80, protocol: 'tcp' as never } },
    ];
    expect(codes(validate(model))).toContain('SHAPE_ENUM');
  });
});

describe('retry policies', () => {
  const policy = { maxRetries: 2, perRetryTimeout: { value: 1, unit: 's' } };

  test.each([
    ['httpRoute', http(80), { ...policy, httpRetryEvents: ['server-error'] }, []],
    ['httpRoute', http(80), { ...policy, tcpRetryEvents: ['connection-error'] }, []],
    ['httpRoute', http(80), { ...policy, httpRetryEvents: [] }, ['SHAPE_LENGTH']],
    ['httpRoute', http(80), policy, ['RETRY_EVENTS']],
    ['grpcRoute', grpc(80), { ...policy, grpcRetryEvents: ['unavailable'] }, []],
    ['grpcRoute', grpc(80), policy, ['RETRY_EVENTS']],
  ] as const)('%s with %j gives %j', (key, listener, retryPolicy, expected) => {
    const model = pair([listener], [listener]);
    const match = key === 'httpRoute' ? { prefix: '/' } : {};
    addRoute(model, 'x', { [key]: { match, action: toN, retryPolicy } });
    const result = validate(model);
    expect(codes(result)).toEqual(expected);
    if (expected[0] === 'RETRY_EVENTS')
      expect(result.issues[0]?.path).toBe(`routers.r.routes.x.spec.${key}.retryPolicy`);
  });
});

describe('grpc matches', () => {
  test('a method name needs a service name', () => {
    const model = pair([grpc(80)], [grpc(80)]);
    addRoute(model, 'ok', {
      priority: 1,
      grpcRoute: { match: { serviceName: 'a.B', methodName: 'Get' }, action: toN },
    });
    addRoute(model, 'bad', { priority: 2, grpcRoute: { match: { methodName: 'Get' }, action: toN } });
    expect(validate(model).issues).toEqual([
      expect.objectContaining({
        code: 'ROUTE_MATCH',
        path: 'routers.r.routes.bad.spec.grpcRoute.match.serviceName',
        message: 'a grpc match on methodName "Get" must also set serviceName',
      }),
    ]);
  });
});
