import { describe, expect, it } from 'vitest';
import { djAppMesh } from '../../../../examples/dj-app/src/mesh.js';
import { configDump, translateNode } from '../../src/translate/index.js';
import { djEndpoints } from './fixtures/dj-endpoints.js';

describe('configDump', () => {
  it('has the shape of an Envoy /config_dump (with EDS) holding every translated resource', () => {
    // Arrange
    const result = translateNode(
      { model: djAppMesh(), endpoints: djEndpoints() },
      'mesh/dj-app/virtualNode/dj',
    );

    // Act
    const dump = configDump(result);

    // Assess
    const [clusters, endpoints, listeners, routes, secrets] = dump.configs as Record<
      string,
      { version_info: string; [k: string]: unknown }[]
    >[];
    expect(dump.configs.map((c) => c['@type'])).toEqual([
      'type.googleapis.com/envoy.admin.v3.ClustersConfigDump',
      'type.googleapis.com/envoy.admin.v3.EndpointsConfigDump',
      'type.googleapis.com/envoy.admin.v3.ListenersConfigDump',
      'type.googleapis.com/envoy.admin.v3.RoutesConfigDump',
      'type.googleapis.com/envoy.admin.v3.SecretsConfigDump',
    ]);
    expect(
      clusters?.dynamic_active_clusters?.map((c) => (c.cluster as unknown as { name: string }).name),
    ).toContain('cds_egress_dj-app_jazz-v1_http_9080');
    expect(endpoints?.dynamic_endpoint_configs).toHaveLength(4);
    expect(listeners?.dynamic_listeners?.map((l) => l.name)).toEqual([
      'lds_egress_0.0.0.0_15001',
      'lds_ingress_0.0.0.0_15000',
    ]);
    expect(
      routes?.dynamic_route_configs?.map((r) => (r.route_config as unknown as { name: string }).name),
    ).toEqual(['rds_egress_http_15001', 'rds_ingress_http_9080']);
    expect(secrets?.dynamic_active_secrets).toEqual([]);
    expect(dump.meshplane_issues).toBeUndefined();
  });

  it('versions each type by content: a weight change changes the routes version only', () => {
    // Act
    const a = configDump(
      translateNode({ model: djAppMesh(), endpoints: djEndpoints() }, 'mesh/dj-app/virtualNode/dj'),
    );
    const b = configDump(
      translateNode(
        { model: djAppMesh({ jazz: { v1: 50, v2: 50 } }), endpoints: djEndpoints() },
        'mesh/dj-app/virtualNode/dj',
      ),
    );
    const version = (dump: typeof a, i: number) =>
      JSON.stringify(dump.configs[i]).match(/"version_info":"([0-9a-f]+)"/)?.[1];

    // Assess
    expect([0, 2].map((i) => version(a, i))).toEqual([0, 2].map((i) => version(b, i)));
    expect(version(a, 3)).not.toBe(version(b, 3));
  });

  it('lists the issues of a translation that must not be served', () => {
    // Act
    const dump = configDump(
      translateNode({ model: djAppMesh(), endpoints: new Map() }, 'mesh/dj-app/virtualNode/nope'),
    );

    // Assess
    expect(dump.meshplane_issues).toEqual([expect.objectContaining({ code: 'XDS_UNKNOWN_NODE' })]);
  });
});
