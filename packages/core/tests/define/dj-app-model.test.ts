import { describe, expect, test } from 'vitest';
import djAppDefault, { djAppMesh } from '../../../../examples/dj-app/src/mesh.js';
import { resourceKey, validate } from '../../src/index.js';

// The DJ app model is the shared example every area builds on; its agreed shape is checked here,
// next to defineMesh, so that a change to either shows up at once.
describe('the DJ app model (examples/dj-app/src/mesh.ts)', () => {
  test('declares the agreed resources', () => {
    // Act
    const keys = djAppMesh().resources.map((r) => resourceKey(r));
    // Assess
    expect(keys).toEqual([
      'mesh:dj-app',
      'virtualNode:dj-app/dj',
      'virtualNode:dj-app/jazz-v1',
      'virtualNode:dj-app/jazz-v2',
      'virtualNode:dj-app/metal-v1',
      'virtualNode:dj-app/metal-v2',
      'virtualRouter:dj-app/jazz-router',
      'virtualRouter:dj-app/metal-router',
      'route:dj-app/jazz-router/jazz-route',
      'route:dj-app/metal-router/metal-route',
      'virtualService:dj-app/jazz.prod.svc.cluster.local',
      'virtualService:dj-app/metal.prod.svc.cluster.local',
    ]);
    expect(djAppDefault).toEqual(djAppMesh());
  });

  test('is valid, also in strict mode under DROP_ALL', () => {
    expect(validate(djAppMesh(), { strict: true })).toEqual({ valid: true, issues: [] });
    expect(
      validate(djAppMesh({ egressFilter: 'DROP_ALL', jazz: { v1: 10, v2: 90 } }), { strict: true }).valid,
    ).toBe(true);
  });

  test('uses Cloud Map discovery with a version attribute and weights v1 100 / v2 0 by default', () => {
    // Act
    const model = djAppMesh();
    const jazzV2 = model.resources.find((r) => r.kind === 'virtualNode' && r.name === 'jazz-v2');
    const route = model.resources.find((r) => r.kind === 'route' && r.name === 'jazz-route');
    // Assess
    expect(jazzV2?.spec).toEqual({
      listeners: [{ portMapping: { port: 9080, protocol: 'http' } }],
      serviceDiscovery: {
        awsCloudMap: {
          namespaceName: 'prod.svc.cluster.local',
          serviceName: 'jazz',
          attributes: [{ key: 'version', value: 'v2' }],
        },
      },
    });
    expect(route?.spec).toEqual({
      httpRoute: {
        match: { prefix: '/' },
        action: {
          weightedTargets: [
            { virtualNode: 'jazz-v1', weight: 100 },
            { virtualNode: 'jazz-v2', weight: 0 },
          ],
        },
      },
    });
  });

  test('takes the weights, mesh name and namespace as options', () => {
    const model = djAppMesh({ meshName: 'dj2', namespace: 'test.local', metal: { v1: 50, v2: 50 } });
    expect(model.resources.every((r) => r.meshName === 'dj2')).toBe(true);
    expect(model.resources.filter((r) => r.kind === 'virtualService').map((r) => r.name)).toEqual([
      'jazz.test.local',
      'metal.test.local',
    ]);
    expect(validate(model).valid).toBe(true);
  });
});
