import { describe, expect, it } from 'vitest';
import { TYPE_URLS, type XdsResource } from '../../src/contract.js';
import { MeshplaneXdsError } from '../../src/errors.js';
import {
  decodeResource,
  encodeResource,
  envoyProtoRoot,
  protoLoadMs,
  XdsResourceError,
} from '../../src/protos/index.js';
import { HCM, listener } from '../support/resources.js';

const cluster = (body: Record<string, unknown>): XdsResource => ({
  name: 'c',
  typeUrl: TYPE_URLS.cluster,
  resource: { '@type': TYPE_URLS.cluster, name: 'c', ...body },
});
const roundTrip = (r: XdsResource) => decodeResource(r.typeUrl, encodeResource(r));
const problemsOf = (r: XdsResource): string[] => {
  try {
    encodeResource(r);
  } catch (error) {
    expect(error).toBeInstanceOf(XdsResourceError);
    expect(error).toBeInstanceOf(MeshplaneXdsError);
    return (error as XdsResourceError).problems.map((p) => `${p.path}: ${p.message}`);
  }
  throw new Error('expected an error');
};

describe('proto3 JSON codec', () => {
  it('encodes well-known types in their JSON forms and decodes them back (snake_case, as /config_dump)', () => {
    const decoded = roundTrip(
      cluster({
        connectTimeout: '0.250s',
        type: 'STRICT_DNS',
        perConnectionBufferLimitBytes: 32768,
        commonLbConfig: { healthyPanicThreshold: { value: 50 } },
        circuitBreakers: { thresholds: [{ maxConnections: 10, maxRetries: 3, priority: 'HIGH' }] },
        outlierDetection: {
          consecutive5xx: 5,
          interval: '10s',
          baseEjectionTime: '30s',
          maxEjectionPercent: 10,
        },
        metadata: {
          filterMetadata: {
            'aws.appmesh': { mesh: 'dj-app', weights: [1, 2.5, null, true], nested: { a: 'b' } },
          },
        },
        typedExtensionProtocolOptions: {
          'envoy.extensions.upstreams.http.v3.HttpProtocolOptions': {
            '@type': 'type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions',
            explicitHttpConfig: { http2ProtocolOptions: {} },
          },
        },
      }),
    );
    expect(decoded).toEqual({
      '@type': TYPE_URLS.cluster,
      name: 'c',
      type: 'STRICT_DNS',
      connect_timeout: '0.250s',
      per_connection_buffer_limit_bytes: 32768,
      common_lb_config: { healthy_panic_threshold: { value: 50 } },
      circuit_breakers: { thresholds: [{ priority: 'HIGH', max_connections: 10, max_retries: 3 }] },
      outlier_detection: {
        consecutive_5xx: 5,
        interval: '10s',
        base_ejection_time: '30s',
        max_ejection_percent: 10,
      },
      metadata: {
        filter_metadata: {
          'aws.appmesh': { mesh: 'dj-app', nested: { a: 'b' }, weights: [1, 2.5, null, true] },
        },
      },
      typed_extension_protocol_options: {
        'envoy.extensions.upstreams.http.v3.HttpProtocolOptions': {
          '@type': 'type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions',
          explicit_http_config: { http2_protocol_options: {} },
        },
      },
    });
  });

  it('nested Any (an HTTP connection manager in a listener) decodes with its @type', () => {
    const decoded = roundTrip(listener('lds', 15001, 'rds')) as {
      filter_chains: { filters: { typed_config: Record<string, unknown> }[] }[];
    };
    const hcm = decoded.filter_chains[0]!.filters[0]!.typed_config;
    expect(hcm['@type']).toBe(HCM);
    expect(hcm.rds).toEqual({
      route_config_name: 'rds',
      config_source: { ads: {}, resource_api_version: 'V3' },
    });
  });

  it('wrapper types are plain values; 64-bit integers accept strings; an Any may hold a well-known type', () => {
    const r: XdsResource = {
      name: 'r',
      typeUrl: TYPE_URLS.routeConfiguration,
      resource: {
        '@type': TYPE_URLS.routeConfiguration,
        name: 'r',
        validateClusters: false,
        maxDirectResponseBodySizeBytes: 4096,
        typedPerFilterConfig: {
          x: { '@type': 'type.googleapis.com/google.protobuf.Duration', value: '1.5s' },
        },
        virtualHosts: [
          {
            name: 'v',
            domains: ['*'],
            routes: [
              { match: { prefix: '/' }, route: { cluster: 'c', weightedClusters: undefined, timeout: '0s' } },
            ],
          },
        ],
      },
    };
    // `undefined` members are absent in JSON; drop it the way JSON.stringify would.
    const json = JSON.parse(JSON.stringify(r)) as XdsResource;
    const decoded = roundTrip(json) as Record<string, unknown>;
    expect(decoded.validate_clusters).toBe(false);
    expect(decoded.max_direct_response_body_size_bytes).toBe(4096);
    expect(decoded.typed_per_filter_config).toEqual({
      x: { '@type': 'type.googleapis.com/google.protobuf.Duration', value: '1.500s' },
    });
    const ring = roundTrip(
      cluster({
        lbPolicy: 'RING_HASH',
        ringHashLbConfig: { minimumRingSize: '1024', maximumRingSize: 4096 },
      }),
    ) as Record<string, unknown>;
    expect(ring.ring_hash_lb_config).toEqual({ minimum_ring_size: '1024', maximum_ring_size: '4096' });
  });

  it('reports every problem at once with its JSON path: unknown fields, wrong types, bad enums, durations, Any types, oneofs', () => {
    const problems = problemsOf(
      cluster({
        connectTimeout: 5,
        typo: 1,
        type: 'NOPE',
        lbPolicy: 'ROUND_ROBIN',
        circuitBreakers: { thresholds: [{ maxConnections: -1 }] },
        loadAssignment: {
          clusterName: 'c',
          endpoints: [{ lbEndpoints: [{ endpoint: { address: { socketAddress: { portValue: 'x' } } } }] }],
        },
        typedExtensionProtocolOptions: { x: { '@type': 'type.googleapis.com/envoy.Nope' } },
        edsClusterConfig: { serviceName: 'c', edsConfig: { ads: {}, path: '/x' } },
        metadata: { filterMetadata: ['not an object'] },
      }),
    );
    expect(problems).toEqual([
      '$.connectTimeout: expected a string (google.protobuf.Duration), got 5',
      '$.typo: unknown field "typo" in envoy.config.cluster.v3.Cluster',
      expect.stringMatching(
        /^\$\.type: "NOPE" is not a value of enum envoy\.config\.cluster\.v3\.Cluster\.DiscoveryType \(STATIC, STRICT_DNS/,
      ),
      '$.circuitBreakers.thresholds[0].maxConnections: expected an integer in [0, 4294967295] (uint32) (google.protobuf.UInt32Value), got -1',
      '$.loadAssignment.endpoints[0].lbEndpoints[0].endpoint.address.socketAddress.portValue: expected an integer in [0, 4294967295] (uint32), got "x"',
      '$.typedExtensionProtocolOptions.x.@type: unknown type "type.googleapis.com/envoy.Nope" (no Envoy v3 proto defines it)',
      '$.edsClusterConfig.edsConfig: at most one of oneof "config_source_specifier" may be set, got path, ads',
      '$.metadata.filterMetadata: expected an object (map<string, …>), got ["not an object"]',
    ]);
  });

  it('names the resource in the error, checks @type and the name, refuses a field given twice and a malformed duration', () => {
    expect(() =>
      encodeResource({ ...cluster({}), resource: { '@type': TYPE_URLS.listener, name: 'c' } }),
    ).toThrow(
      /resource "c" \(type\.googleapis\.com\/envoy\.config\.cluster\.v3\.Cluster\).*\$\.@type: "@type" must be type\.googleapis\.com\/envoy\.config\.cluster\.v3\.Cluster/,
    );
    expect(problemsOf({ ...cluster({}), name: 'other' })).toEqual([
      '$.name: the resource\'s name is "other" but its message says "c"',
    ]);
    expect(problemsOf(cluster({ connectTimeout: '1s', connect_timeout: '2s' }))).toEqual([
      '$.connect_timeout: field "connect_timeout" given twice (as "connectTimeout" and "connect_timeout")',
    ]);
    expect(problemsOf(cluster({ connectTimeout: '1 second' }))[0]).toContain(
      'a Duration is a string such as "15s"',
    );
  });

  it('equal maps in a different key order encode to equal bytes (versions are hashes of these bytes)', () => {
    const a = encodeResource(cluster({ metadata: { filterMetadata: { x: { a: 1, b: 2 }, y: {} } } }));
    const b = encodeResource(cluster({ metadata: { filterMetadata: { y: {}, x: { b: 2, a: 1 } } } }));
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('loads the Envoy protos once and says how long it took', () => {
    const root = envoyProtoRoot();
    expect(protoLoadMs()).toBeGreaterThan(0);
    expect(envoyProtoRoot()).toBe(root);
    expect(root.lookupType('envoy.service.discovery.v3.DiscoveryRequest').fields.node).toBeDefined();
  });
});
