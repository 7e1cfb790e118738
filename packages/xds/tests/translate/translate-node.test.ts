import { describe, expect, it } from 'vitest';
import { djAppMesh } from '../../../../examples/dj-app/src/mesh.js';
import { TYPE_URLS } from '../../src/contract.js';
import { translateNode } from '../../src/translate/index.js';
import { djEndpoints } from './fixtures/dj-endpoints.js';
import { featureEndpoints, featureMesh } from './fixtures/feature-mesh.js';

describe('translateNode', () => {
  it('is deterministic: same input, identical bytes, whatever the order of the model and the endpoints', () => {
    // Arrange
    const model = featureMesh();
    const reversed = { resources: [...model.resources].reverse() };
    const endpoints = featureEndpoints();
    const shuffled = new Map(
      [...endpoints.entries()]
        .reverse()
        .map(([k, v]) => [k, { ...v, instances: [...v.instances].reverse() }]),
    );
    const ids = [
      'mesh/features/virtualNode/web',
      'mesh/features/virtualGateway/ingress-gw',
      'mesh/features/virtualGateway/edge-gw',
    ];

    // Act
    const first = ids.map((id) => JSON.stringify(translateNode({ model, endpoints }, id)));
    const again = ids.map((id) => JSON.stringify(translateNode({ model, endpoints }, id)));
    const reordered = ids.map((id) =>
      JSON.stringify(translateNode({ model: reversed, endpoints: shuffled }, id)),
    );

    // Assess
    expect(again).toEqual(first);
    expect(reordered).toEqual(first);
  });

  it('sorts resources by type URL, then name', () => {
    // Act
    const { resources } = translateNode(
      { model: djAppMesh(), endpoints: djEndpoints() },
      'mesh/dj-app/virtualNode/dj',
    );

    // Assess
    const keys = resources.map((r) => `${r.typeUrl} ${r.name}`);
    expect(keys).toEqual([...keys].sort());
    expect(new Set(resources.map((r) => r.typeUrl))).toEqual(
      new Set([
        TYPE_URLS.cluster,
        TYPE_URLS.clusterLoadAssignment,
        TYPE_URLS.listener,
        TYPE_URLS.routeConfiguration,
      ]),
    );
  });

  it('accepts a full ARN as node id, and names listeners after the ports and address given', () => {
    // Act
    const result = translateNode(
      { model: djAppMesh(), endpoints: new Map() },
      'arn:aws:appmesh:eu-west-1:111122223333:mesh/dj-app/virtualNode/dj',
      { ingressPort: 25000, egressPort: 25001, listenerAddress: '127.0.0.1' },
    );

    // Assess
    expect(result.issues).toEqual([]);
    expect(
      result.resources
        .filter((r) => r.typeUrl === TYPE_URLS.listener || r.typeUrl === TYPE_URLS.routeConfiguration)
        .map((r) => r.name),
    ).toEqual([
      'lds_egress_127.0.0.1_25001',
      'lds_ingress_127.0.0.1_25000',
      'rds_egress_http_25001',
      'rds_ingress_http_9080',
    ]);
  });

  it('answers an unknown node, gateway or malformed id with an issue naming what exists', () => {
    // Act
    const node = translateNode({ model: djAppMesh(), endpoints: new Map() }, 'mesh/dj-app/virtualNode/nope');
    const gateway = translateNode(
      { model: djAppMesh(), endpoints: new Map() },
      'mesh/dj-app/virtualGateway/gw',
    );
    const malformed = translateNode({ model: djAppMesh(), endpoints: new Map() }, 'dj-app/dj');

    // Assess
    expect(node).toEqual({
      resourceId: 'mesh/dj-app/virtualNode/nope',
      resources: [],
      issues: [
        {
          code: 'XDS_UNKNOWN_NODE',
          path: 'resourceId',
          message:
            'virtual node "nope" is not in mesh "dj-app" (virtual nodes: dj, jazz-v1, jazz-v2, metal-v1, metal-v2)',
          severity: 'error',
        },
      ],
    });
    expect(gateway.issues[0]?.message).toBe(
      'virtual gateway "gw" is not in mesh "dj-app" (virtual gateways: none)',
    );
    expect(malformed.issues[0]?.code).toBe('XDS_RESOURCE_ID');
  });

  it('follows a weight change: only the route configuration changes', () => {
    // Act
    const before = translateNode(
      { model: djAppMesh({ jazz: { v1: 100, v2: 0 } }), endpoints: djEndpoints() },
      'mesh/dj-app/virtualNode/dj',
    );
    const after = translateNode(
      { model: djAppMesh({ jazz: { v1: 90, v2: 10 } }), endpoints: djEndpoints() },
      'mesh/dj-app/virtualNode/dj',
    );

    // Assess
    const changed = after.resources
      .filter((r, i) => JSON.stringify(r) !== JSON.stringify(before.resources[i]))
      .map((r) => r.name);
    expect(changed).toEqual(['rds_egress_http_15001']);
  });
});
