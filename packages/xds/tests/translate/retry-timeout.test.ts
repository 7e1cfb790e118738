import { describe, expect, it } from 'vitest';
import { translateNode } from '../../src/translate/index.js';
import { cloudMap, egressRoutes, find, listener, model, r, routed, sec, to } from './support/model.js';

const translate = (m: ReturnType<typeof routed>) =>
  translateNode({ model: m, endpoints: new Map() }, 'mesh/m/virtualNode/client');
const previousHosts = [
  {
    name: 'envoy.retry_host_predicates.previous_hosts',
    typed_config: {
      '@type': 'type.googleapis.com/envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate',
    },
  },
];

describe('timeouts', () => {
  it("writes App Mesh's 15 s default out when a route sets no timeout", () => {
    // Act
    const [route] = egressRoutes(
      translate(routed({ d: { httpRoute: { match: { prefix: '/' }, action: to({ a: 1 }) } } })),
      'svc',
    );

    // Assess
    expect(route.route.timeout).toBe('15s');
    expect(route.route.idle_timeout).toBeUndefined();
  });

  it('maps perRequest (ms and s), idle, and 0 as disabled', () => {
    // Arrange
    const m = routed({
      ms: {
        httpRoute: {
          match: { prefix: '/ms' },
          action: to({ a: 1 }),
          timeout: { perRequest: { value: 1500, unit: 'ms' }, idle: sec(30) },
        },
      },
      off: { httpRoute: { match: { prefix: '/' }, action: to({ a: 1 }), timeout: { perRequest: sec(0) } } },
    });

    // Act
    const [ms, off] = egressRoutes(translate(m), 'svc');

    // Assess
    expect([ms.route.timeout, ms.route.idle_timeout, off.route.timeout]).toEqual(['1.500s', '30s', '0s']);
  });

  it("uses a virtual node provider's listener timeout, and the listener timeout on the node's ingress route", () => {
    // Arrange
    const m = model(
      r.node('client', { backends: [{ virtualService: { virtualServiceName: 'svc' } }] }),
      r.node('p', {
        listeners: [listener(8080, 'http', { timeout: { http: { perRequest: sec(45) } } })],
        serviceDiscovery: cloudMap('p'),
      }),
      r.service('svc', { virtualNode: { virtualNodeName: 'p' } }),
    );

    // Act
    const client = translateNode({ model: m, endpoints: new Map() }, 'mesh/m/virtualNode/client');
    const provider = translateNode({ model: m, endpoints: new Map() }, 'mesh/m/virtualNode/p');

    // Assess
    expect(egressRoutes(client, 'svc')[0].route).toMatchObject({
      cluster: 'cds_egress_m_p_http_8080',
      timeout: '45s',
    });
    expect(
      find(provider, 'routeConfiguration', 'rds_ingress_http_8080').virtual_hosts[0].routes[0].route,
    ).toEqual({
      cluster: 'cds_ingress_m_p_http_8080',
      timeout: '45s',
    });
  });
});

describe('retry policies', () => {
  it("writes App Mesh's default policy out when a route has none (2 retries, 503, connect-failure, refused-stream)", () => {
    // Act
    const [route] = egressRoutes(
      translate(routed({ d: { httpRoute: { match: { prefix: '/' }, action: to({ a: 1 }) } } })),
      'svc',
    );

    // Assess
    expect(route.route.retry_policy).toEqual({
      retry_on: 'connect-failure,refused-stream,retriable-status-codes',
      num_retries: 2,
      retry_host_predicate: previousHosts,
      host_selection_retry_max_attempts: '5',
      retriable_status_codes: [503],
    });
  });

  it('maps retry events as App Mesh did: gateway-error, client-error, stream-error → reset, refused-stream, 502-504 and 409', () => {
    // Arrange
    const retryPolicy = {
      maxRetries: 1,
      perRetryTimeout: sec(5),
      httpRetryEvents: ['gateway-error', 'client-error', 'stream-error'],
    };
    const m = routed({ x: { httpRoute: { match: { prefix: '/' }, action: to({ a: 1 }), retryPolicy } } });

    // Act
    const [route] = egressRoutes(translate(m), 'svc');

    // Assess: byte for byte what App Mesh's own /config_dump shows for this policy.
    expect(route.route.retry_policy).toEqual({
      retry_on: 'reset,refused-stream,retriable-status-codes',
      num_retries: 1,
      per_try_timeout: '5s',
      retry_host_predicate: previousHosts,
      host_selection_retry_max_attempts: '5',
      retriable_status_codes: [502, 503, 504, 409],
    });
  });

  it('maps server-error, connection-error and gRPC events', () => {
    // Arrange
    const m = model(
      r.node('client', { backends: [{ virtualService: { virtualServiceName: 'svc' } }] }),
      r.node('g', { listeners: [listener(50051, 'grpc')], serviceDiscovery: cloudMap('g') }),
      r.router('rt', { listeners: [listener(50051, 'grpc')] }),
      r.route('rt', 'x', {
        grpcRoute: {
          match: {},
          action: to({ g: 1 }),
          retryPolicy: {
            maxRetries: 4,
            perRetryTimeout: { value: 250, unit: 'ms' },
            httpRetryEvents: ['server-error'],
            tcpRetryEvents: ['connection-error'],
            grpcRetryEvents: [
              'cancelled',
              'deadline-exceeded',
              'internal',
              'resource-exhausted',
              'unavailable',
            ],
          },
        },
      }),
      r.route('rt', 'y', { grpcRoute: { match: { serviceName: 's' }, action: to({ g: 1 }) } }),
      r.service('svc', { virtualRouter: { virtualRouterName: 'rt' } }),
    );

    // Act
    const [defaulted, explicit] = egressRoutes(
      translateNode({ model: m, endpoints: new Map() }, 'mesh/m/virtualNode/client'),
      'svc',
    );

    // Assess
    expect(explicit.route.retry_policy).toMatchObject({
      retry_on:
        'connect-failure,reset,retriable-status-codes,cancelled,deadline-exceeded,internal,resource-exhausted,unavailable',
      num_retries: 4,
      per_try_timeout: '0.250s',
      retriable_status_codes: [500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511],
    });
    // The default policy of a gRPC route also retries UNAVAILABLE.
    expect(defaulted.route.retry_policy.retry_on).toBe(
      'connect-failure,refused-stream,retriable-status-codes,unavailable',
    );
  });
});
