import { describe, expect, it } from 'vitest';
import { djAppMesh } from '../../../../examples/dj-app/src/mesh.js';
import { endpointQueries } from '../../src/translate/index.js';
import { featureMesh } from './fixtures/feature-mesh.js';

describe('endpointQueries', () => {
  it("lists the Cloud Map services a node's routes reach, with each target's attribute filter", () => {
    // Act
    const queries = endpointQueries(djAppMesh(), 'mesh/dj-app/virtualNode/dj');

    // Assess
    const ns = 'prod.svc.cluster.local';
    expect(queries).toEqual([
      { namespaceName: ns, serviceName: 'jazz', attributes: { version: 'v1' } },
      { namespaceName: ns, serviceName: 'jazz', attributes: { version: 'v2' } },
      { namespaceName: ns, serviceName: 'metal', attributes: { version: 'v1' } },
      { namespaceName: ns, serviceName: 'metal', attributes: { version: 'v2' } },
    ]);
  });

  it('needs nothing for a node without backends, nor for DNS targets; a gateway needs its routes targets', () => {
    // Act
    const leaf = endpointQueries(djAppMesh(), 'mesh/dj-app/virtualNode/jazz-v1');
    const gateway = endpointQueries(featureMesh(), 'mesh/features/virtualGateway/edge-gw');
    const unknown = endpointQueries(djAppMesh(), 'mesh/dj-app/virtualNode/nope');

    // Assess
    expect(leaf).toEqual([]);
    expect(gateway).toEqual([
      { namespaceName: 'features.local', serviceName: 'api', attributes: { version: 'v1' } },
      { namespaceName: 'features.local', serviceName: 'api', attributes: { version: 'v2' } },
      { namespaceName: 'features.local', serviceName: 'grpc' },
    ]);
    expect(unknown).toEqual([]);
  });

  it('under ALLOW_ALL, every service of the mesh is reachable, so every Cloud Map target is needed', () => {
    // Act
    const queries = endpointQueries(
      djAppMesh({ egressFilter: 'ALLOW_ALL' }),
      'mesh/dj-app/virtualNode/jazz-v1',
    );

    // Assess
    expect(queries.map((q) => `${q.serviceName}/${q.attributes?.version}`)).toEqual([
      'jazz/v1',
      'jazz/v2',
      'metal/v1',
      'metal/v2',
    ]);
  });
});
