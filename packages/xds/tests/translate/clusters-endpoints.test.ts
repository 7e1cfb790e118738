import { describe, expect, it } from 'vitest';
import type { ServiceEndpoints } from '../../src/contract.js';
import { translateNode } from '../../src/translate/index.js';
import { cloudMap, find, listener, model, r, sec } from './support/model.js';

/** A caller `client` whose backend `svc` is provided by node `p` with the given spec. */
function viaProvider(spec: Record<string, unknown>, meshSpec: Record<string, unknown> = {}) {
  return model(
    r.mesh(meshSpec),
    r.node('client', { backends: [{ virtualService: { virtualServiceName: 'svc' } }] }),
    r.node('p', spec),
    r.service('svc', { virtualNode: { virtualNodeName: 'p' } }),
  );
}
const endpoints = (instances: ServiceEndpoints['instances']) =>
  new Map([['ns/p', { namespaceName: 'ns', serviceName: 'p', instances }]]);
const inst = (
  instanceId: string,
  address: string,
  port: number,
  health: 'HEALTHY' | 'UNHEALTHY' | 'UNKNOWN',
  attributes: Record<string, string> = {},
) => ({ instanceId, address, port, health, attributes });

describe('EDS from Cloud Map', () => {
  it('is health-aware, applies the attribute filter, sorts, and uses the instance port of a one-listener node', () => {
    // Arrange
    const m = viaProvider({
      listeners: [listener(8080)],
      serviceDiscovery: cloudMap('p', { stage: 'prod' }),
    });
    const found = endpoints([
      inst('c', '10.0.0.3', 9000, 'UNKNOWN', { stage: 'prod' }),
      inst('a', '10.0.0.1', 9000, 'HEALTHY', { stage: 'prod' }),
      inst('b', '10.0.0.2', 0, 'UNHEALTHY', { stage: 'prod' }),
      inst('d', '10.0.0.4', 9000, 'HEALTHY', { stage: 'test' }),
    ]);

    // Act
    const result = translateNode({ model: m, endpoints: found }, 'mesh/m/virtualNode/client');

    // Assess
    expect(find(result, 'cluster', 'cds_egress_m_p_http_8080')).toMatchObject({
      type: 'EDS',
      eds_cluster_config: { eds_config: { ads: {}, resource_api_version: 'V3' } },
      connect_timeout: '1s',
    });
    expect(find(result, 'clusterLoadAssignment', 'cds_egress_m_p_http_8080').endpoints).toEqual([
      {
        lb_endpoints: [
          {
            endpoint: { address: { socket_address: { address: '10.0.0.1', port_value: 9000 } } },
            health_status: 'HEALTHY',
          },
          {
            endpoint: { address: { socket_address: { address: '10.0.0.2', port_value: 8080 } } },
            health_status: 'UNHEALTHY',
          },
          {
            endpoint: { address: { socket_address: { address: '10.0.0.3', port_value: 9000 } } },
            health_status: 'HEALTHY',
          },
        ],
      },
    ]);
  });

  it("picks each instance's address by ipPreference (the node's, else the mesh's)", () => {
    // Arrange
    const both = { AWS_INSTANCE_IPV4: '10.0.0.1', AWS_INSTANCE_IPV6: 'fd00::1' };
    const found = endpoints([
      inst('a', '10.0.0.1', 8080, 'HEALTHY', both),
      inst('b', '10.0.0.2', 8080, 'HEALTHY', { AWS_INSTANCE_IPV4: '10.0.0.2' }),
    ]);
    const addresses = (nodePreference: string | undefined, meshPreference: string | undefined) => {
      const discovery = {
        awsCloudMap: {
          namespaceName: 'ns',
          serviceName: 'p',
          ...(nodePreference ? { ipPreference: nodePreference } : {}),
        },
      };
      const m = viaProvider(
        { listeners: [listener(8080)], serviceDiscovery: discovery },
        meshPreference ? { serviceDiscovery: { ipPreference: meshPreference } } : {},
      );
      const cla = find(
        translateNode({ model: m, endpoints: found }, 'mesh/m/virtualNode/client'),
        'clusterLoadAssignment',
        'cds_egress_m_p_http_8080',
      );
      return (cla.endpoints[0]?.lb_endpoints ?? []).map(
        (e: { endpoint: { address: { socket_address: { address: string } } } }) =>
          e.endpoint.address.socket_address.address,
      );
    };

    // Act + Assess
    expect(addresses(undefined, undefined)).toEqual(['10.0.0.1', '10.0.0.2']);
    expect(addresses('IPv6_PREFERRED', undefined)).toEqual(['10.0.0.2', 'fd00::1']);
    expect(addresses(undefined, 'IPv6_ONLY')).toEqual(['fd00::1']);
    expect(addresses('IPv4_ONLY', 'IPv6_ONLY')).toEqual(['10.0.0.1', '10.0.0.2']);
  });

  it('gives a service not discovered yet an empty assignment (the cluster is ready, with no host)', () => {
    // Act
    const result = translateNode(
      {
        model: viaProvider({ listeners: [listener(8080)], serviceDiscovery: cloudMap('p') }),
        endpoints: new Map(),
      },
      'mesh/m/virtualNode/client',
    );

    // Assess
    expect(find(result, 'clusterLoadAssignment', 'cds_egress_m_p_http_8080')).toEqual({
      '@type': 'type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment',
      cluster_name: 'cds_egress_m_p_http_8080',
      endpoints: [],
    });
  });
});

describe('DNS discovery', () => {
  it("LOADBALANCER (App Mesh's default) is LOGICAL_DNS with 1 s connect timeout and an absolute host name", () => {
    // Act
    const result = translateNode(
      {
        model: viaProvider({
          listeners: [listener(8080)],
          serviceDiscovery: { dns: { hostname: 'p.example.com' } },
        }),
        endpoints: new Map(),
      },
      'mesh/m/virtualNode/client',
    );

    // Assess
    const cluster = find(result, 'cluster', 'cds_egress_m_p_http_8080');
    expect(cluster).toMatchObject({ type: 'LOGICAL_DNS', connect_timeout: '1s' });
    expect(cluster.load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address).toEqual({
      address: 'p.example.com.',
      port_value: 8080,
    });
    expect(result.resources.some((x) => x.typeUrl.endsWith('ClusterLoadAssignment'))).toBe(false);
  });

  it('ENDPOINTS is STRICT_DNS; ipPreference (node, else mesh) sets the lookup family; single-label names stay as they are', () => {
    // Act
    const strict = translateNode(
      {
        model: viaProvider({
          listeners: [listener(8080)],
          serviceDiscovery: {
            dns: { hostname: 'p.example.com', responseType: 'ENDPOINTS', ipPreference: 'IPv6_ONLY' },
          },
        }),
        endpoints: new Map(),
      },
      'mesh/m/virtualNode/client',
    );
    const meshWide = translateNode(
      {
        model: viaProvider(
          { listeners: [listener(8080)], serviceDiscovery: { dns: { hostname: 'localhost' } } },
          { serviceDiscovery: { ipPreference: 'IPv4_ONLY' } },
        ),
        endpoints: new Map(),
      },
      'mesh/m/virtualNode/client',
    );

    // Assess
    expect(find(strict, 'cluster', 'cds_egress_m_p_http_8080')).toMatchObject({
      type: 'STRICT_DNS',
      dns_lookup_family: 'V6_ONLY',
    });
    const local = find(meshWide, 'cluster', 'cds_egress_m_p_http_8080');
    expect(local.dns_lookup_family).toBe('V4_ONLY');
    expect(local.load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address.address).toBe(
      'localhost',
    );
  });

  it('a target without service discovery is an issue', () => {
    // Act
    const result = translateNode(
      { model: viaProvider({ listeners: [listener(8080)] }), endpoints: new Map() },
      'mesh/m/virtualNode/client',
    );

    // Assess
    expect(result.issues).toEqual([
      expect.objectContaining({
        code: 'XDS_NO_DISCOVERY',
        path: 'nodes.p.spec.serviceDiscovery',
        severity: 'error',
      }),
    ]);
  });
});

describe('cluster policies', () => {
  it("puts the target listener's outlier detection and health check on the callers' cluster, the health check port on each endpoint", () => {
    // Arrange
    const m = viaProvider({
      listeners: [
        listener(8080, 'http2', {
          outlierDetection: {
            maxServerErrors: 3,
            interval: sec(10),
            baseEjectionDuration: sec(30),
            maxEjectionPercent: 40,
          },
          healthCheck: {
            protocol: 'http2',
            path: '/ping',
            port: 8081,
            healthyThreshold: 2,
            unhealthyThreshold: 3,
            intervalMillis: 5000,
            timeoutMillis: 2000,
          },
        }),
      ],
      serviceDiscovery: cloudMap('p'),
    });

    // Act
    const result = translateNode(
      { model: m, endpoints: endpoints([inst('a', '10.0.0.1', 8080, 'HEALTHY')]) },
      'mesh/m/virtualNode/client',
    );

    // Assess
    const cluster = find(result, 'cluster', 'cds_egress_m_p_http2_8080');
    expect(cluster.outlier_detection).toEqual({
      consecutive_5xx: 3,
      interval: '10s',
      base_ejection_time: '30s',
      max_ejection_percent: 40,
      enforcing_success_rate: 0,
      enforcing_consecutive_gateway_failure: 0,
    });
    expect(cluster.health_checks).toEqual([
      {
        timeout: '2s',
        interval: '5s',
        unhealthy_threshold: 3,
        healthy_threshold: 2,
        http_health_check: { path: '/ping', codec_client_type: 'HTTP2' },
      },
    ]);
    expect(
      cluster.typed_extension_protocol_options['envoy.extensions.upstreams.http.v3.HttpProtocolOptions']
        .explicit_http_config,
    ).toEqual({ http2_protocol_options: {} });
    expect(
      find(result, 'clusterLoadAssignment', 'cds_egress_m_p_http2_8080').endpoints[0].lb_endpoints[0].endpoint
        .health_check_config,
    ).toEqual({ port_value: 8081 });
  });

  it("turns a listener's connection pool into the local app cluster's circuit breakers, unlimited elsewhere", () => {
    // Arrange
    const m = viaProvider({
      listeners: [
        listener(8080, 'http', { connectionPool: { http: { maxConnections: 10, maxPendingRequests: 5 } } }),
        listener(9090, 'grpc', { connectionPool: { grpc: { maxRequests: 7 } } }),
      ],
      serviceDiscovery: cloudMap('p'),
    });

    // Act
    const result = translateNode({ model: m, endpoints: new Map() }, 'mesh/m/virtualNode/p');

    // Assess
    const max = 2147483647;
    expect(find(result, 'cluster', 'cds_ingress_m_p_http_8080')).toMatchObject({
      type: 'STATIC',
      connect_timeout: '0.250s',
      circuit_breakers: {
        thresholds: [{ max_connections: 10, max_pending_requests: 5, max_requests: max, max_retries: max }],
      },
      load_assignment: {
        endpoints: [
          {
            lb_endpoints: [
              { endpoint: { address: { socket_address: { address: '127.0.0.1', port_value: 8080 } } } },
            ],
          },
        ],
      },
    });
    expect(find(result, 'cluster', 'cds_ingress_m_p_grpc_9090').circuit_breakers.thresholds[0]).toEqual({
      max_connections: max,
      max_pending_requests: max,
      max_requests: 7,
      max_retries: max,
    });
  });

  it('tags egress clusters and routes with App Mesh aggregate stats metadata', () => {
    // Act
    const result = translateNode(
      {
        model: viaProvider({ listeners: [listener(8080)], serviceDiscovery: cloudMap('p') }),
        endpoints: new Map(),
      },
      'mesh/m/virtualNode/client',
    );

    // Assess
    expect(find(result, 'cluster', 'cds_egress_m_p_http_8080').metadata).toEqual({
      filter_metadata: {
        'aws.appmesh.aggregate_stats': { config: '{"tags":[{"key":"TargetVirtualNode","value":"p"}]}' },
      },
    });
  });
});
