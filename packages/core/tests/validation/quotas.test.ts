import { describe, expect, test } from 'vitest';
import { MESH_QUOTAS, type MeshModel, type MeshplaneResource, validate } from '../../src/index.js';
import { codes, find, names, sampleModel } from './sample-models.js';

const mesh = (name: string): MeshplaneResource => ({ kind: 'mesh', meshName: name, name, spec: {} });

describe('per-mesh quotas', () => {
  test.each([
    ['virtualNode', 'nodes', 'QUOTA_VIRTUAL_NODES', MESH_QUOTAS.virtualNodesPerMesh],
    ['virtualRouter', 'routers', 'QUOTA_VIRTUAL_ROUTERS', MESH_QUOTAS.virtualRoutersPerMesh],
    ['virtualService', 'services', 'QUOTA_VIRTUAL_SERVICES', MESH_QUOTAS.virtualServicesPerMesh],
  ] as const)('%s: %s at the limit is valid, one past it is %s', (kind, collection, code, limit) => {
    const build = (n: number): MeshModel => ({
      resources: [
        mesh('m'),
        ...names('r', n).map((name) => ({ kind, meshName: 'm', name, spec: {} }) as MeshplaneResource),
      ],
    });
    // Act
    const atLimit = validate(build(limit));
    const past = validate(build(limit + 1));
    // Assess
    expect(atLimit).toEqual({ valid: true, issues: [] });
    expect(past.issues).toEqual([
      {
        code,
        path: collection,
        message: expect.stringMatching(new RegExp(`at most ${limit} .*mesh "m" has ${limit + 1}`)),
        severity: 'error',
      },
    ]);
  });

  test('15 meshes are valid, 16 are not', () => {
    const build = (n: number): MeshModel => ({ resources: names('mesh', n).map(mesh) });
    expect(validate(build(15)).valid).toBe(true);
    expect(validate(build(16)).issues).toEqual([
      expect.objectContaining({
        code: 'QUOTA_MESHES',
        path: 'mesh',
        message: expect.stringContaining('declares 16'),
      }),
    ]);
  });

  test.each([
    [50, []],
    [51, ['QUOTA_ROUTES']],
  ])('%i routes on one router give %j', (n, expected) => {
    // Prepare
    const model = sampleModel();
    const template = find(model, 'route', 'cart-route');
    for (const name of names('extra', n - 1)) {
      model.resources.push({
        ...structuredClone(template),
        name,
        spec: { ...structuredClone(template.spec), priority: undefined },
      });
    }
    // Act
    const result = validate(model);
    // Assess
    expect(codes(result)).toEqual(expected);
    if (expected.length > 0) {
      expect(result.issues[0]).toMatchObject({
        path: 'routers.cart-router.routes',
        message: expect.stringContaining('has 51'),
      });
    }
  });

  test.each([
    [50, []],
    [51, ['QUOTA_BACKENDS']],
  ])('%i backends on one node give %j', (n, expected) => {
    // Prepare
    const model = sampleModel({ egressFilter: 'ALLOW_ALL' });
    const front = find(model, 'virtualNode', 'front');
    front.spec.backends = [
      { virtualService: { virtualServiceName: 'cart.shop.local' } },
      ...names('svc', n - 1).map((virtualServiceName) => {
        model.resources.push({
          kind: 'virtualService',
          meshName: 'shop',
          name: virtualServiceName,
          spec: {},
        });
        return { virtualService: { virtualServiceName } };
      }),
    ];
    // Act
    const result = validate(model);
    // Assess
    expect(codes(result)).toEqual(expected);
    if (expected.length > 0) expect(result.issues[0]?.path).toBe('nodes.front.spec.backends');
  });
});

describe('weighted targets per route (1-10) and total weight (1-100)', () => {
  function routeWithTargets(count: number, weight: (i: number) => number): MeshModel {
    const model = sampleModel();
    const nodeNames = names('t', count);
    for (const name of nodeNames) {
      model.resources.push({
        kind: 'virtualNode',
        meshName: 'shop',
        name,
        spec: {
          listeners: [{ portMapping: { port: 8080, protocol: 'http' } }],
          serviceDiscovery: { dns: { hostname: `${name}.local` } },
        },
      });
    }
    const action = find(model, 'route', 'cart-route').spec.httpRoute?.action;
    if (action)
      action.weightedTargets = nodeNames.map((virtualNode, i) => ({ virtualNode, weight: weight(i) }));
    return model;
  }

  test.each([
    [1, () => 100, []],
    [10, () => 10, []],
    [11, () => 1, ['SHAPE_LENGTH']],
    [0, () => 1, ['SHAPE_LENGTH']],
    [2, () => 50, []],
    [2, (i: number) => (i === 0 ? 50 : 51), ['WEIGHT_TOTAL']],
    [2, () => 0, ['WEIGHT_TOTAL']],
    [2, (i: number) => (i === 0 ? 1 : 0), []],
  ])('%i targets %#', (count, weight, expected) => {
    const result = validate(routeWithTargets(count, weight));
    expect(codes(result)).toEqual(expected);
  });

  test('the total names the rule and the value', () => {
    const result = validate(routeWithTargets(2, (i) => (i === 0 ? 50 : 51)));
    expect(result.issues[0]).toEqual({
      code: 'WEIGHT_TOTAL',
      path: 'routers.cart-router.routes.cart-route.spec.httpRoute.action.weightedTargets',
      message: 'the weights of a route must add up to 1-100, got 101',
      severity: 'error',
    });
  });
});
