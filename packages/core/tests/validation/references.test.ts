import { describe, expect, test } from 'vitest';
import { assertValid, MeshValidationError, validate } from '../../src/index.js';
import { codes, find, sampleModel } from './sample-models.js';

describe('references', () => {
  test('the sample model is valid', () => {
    expect(validate(sampleModel())).toEqual({ valid: true, issues: [] });
  });

  test('every broken reference is reported at once, each at its own path, in model order', () => {
    // Prepare
    const model = sampleModel();
    const targets = find(model, 'route', 'cart-route').spec.httpRoute?.action?.weightedTargets ?? [];
    (targets[1] as { virtualNode: string }).virtualNode = 'cart-v3';
    find(model, 'virtualService', 'cart.shop.local').spec.provider = {
      virtualRouter: { virtualRouterName: 'ghost-router' },
    };
    const gatewayRoute = find(model, 'gatewayRoute', 'to-cart');
    const target = gatewayRoute.spec.httpRoute?.action?.target;
    if (target?.virtualService) target.virtualService.virtualServiceName = 'nowhere.shop.local';
    // Act
    const result = validate(model);
    // Assess
    expect(result.valid).toBe(false);
    expect(result.issues).toEqual([
      {
        code: 'UNKNOWN_TARGET',
        path: 'routers.cart-router.routes.cart-route.spec.httpRoute.action.weightedTargets[1].virtualNode',
        message:
          'weighted target "cart-v3" is not a virtual node of mesh "shop" (declared: front, cart-v1, cart-v2)',
        severity: 'error',
      },
      {
        code: 'UNKNOWN_PROVIDER',
        path: 'services.cart.shop.local.spec.provider.virtualRouter.virtualRouterName',
        message: 'provider "ghost-router" is not a virtual router of mesh "shop" (declared: cart-router)',
        severity: 'error',
      },
      {
        code: 'UNKNOWN_GATEWAY_TARGET',
        path: 'gateways.edge.gatewayRoutes.to-cart.spec.httpRoute.action.target.virtualService.virtualServiceName',
        message:
          'target "nowhere.shop.local" is not a virtual service of mesh "shop" (declared: cart.shop.local)',
        severity: 'error',
      },
    ]);
  });

  test('a node provider must be a declared node', () => {
    const model = sampleModel();
    find(model, 'virtualService', 'cart.shop.local').spec.provider = {
      virtualNode: { virtualNodeName: 'cart' },
    };
    expect(validate(model).issues).toEqual([
      expect.objectContaining({
        code: 'UNKNOWN_PROVIDER',
        path: 'services.cart.shop.local.spec.provider.virtualNode.virtualNodeName',
      }),
    ]);
  });

  test("a route's router and a gateway route's gateway must exist", () => {
    const model = sampleModel();
    find(model, 'route', 'cart-route').virtualRouterName = 'gone-router';
    find(model, 'gatewayRoute', 'to-cart').virtualGatewayName = 'gone-gateway';
    const result = validate(model);
    expect(result.issues).toEqual([
      expect.objectContaining({
        code: 'UNKNOWN_ROUTER',
        path: 'routers.gone-router.routes.cart-route.virtualRouterName',
      }),
      expect.objectContaining({
        code: 'UNKNOWN_GATEWAY',
        path: 'gateways.gone-gateway.gatewayRoutes.to-cart.virtualGatewayName',
      }),
    ]);
  });

  test('resources of a mesh the model does not declare are reported', () => {
    const model = sampleModel();
    find(model, 'virtualNode', 'front').meshName = 'other';
    const result = validate(model);
    expect(result.issues).toContainEqual(
      expect.objectContaining({
        code: 'UNKNOWN_MESH',
        path: 'nodes.front.meshName',
        message: 'mesh "other" is not declared in the model (declared: shop)',
      }),
    );
  });

  test('a model without any mesh resource (e.g. controller YAML) is not asked for one', () => {
    const model = sampleModel();
    model.resources = model.resources.filter((r) => r.kind !== 'mesh');
    expect(validate(model)).toEqual({ valid: true, issues: [] });
  });

  test('the meshName of a mesh resource must be its name', () => {
    const model = sampleModel();
    find(model, 'mesh', 'shop').meshName = 'shop2';
    expect(codes(validate(model))).toContain('INVALID_RESOURCE');
  });
});

describe('undeclared backends', () => {
  function withUndeclaredBackend(egressFilter?: 'ALLOW_ALL' | 'DROP_ALL') {
    const model = sampleModel(egressFilter === undefined ? {} : { egressFilter });
    find(model, 'virtualNode', 'front').spec.backends?.push({
      virtualService: { virtualServiceName: 'payments.ext' },
    });
    return model;
  }
  const path = 'nodes.front.spec.backends[1].virtualService.virtualServiceName';

  test('are a warning by default, and the model stays valid', () => {
    const result = validate(withUndeclaredBackend('DROP_ALL'));
    expect(result).toEqual({
      valid: true,
      issues: [expect.objectContaining({ code: 'UNDECLARED_BACKEND', path, severity: 'warning' })],
    });
  });

  test('are an error in strict mode under DROP_ALL, explicit or the API default', () => {
    for (const model of [withUndeclaredBackend('DROP_ALL'), withUndeclaredBackend()]) {
      const result = validate(model, { strict: true });
      expect(result.valid).toBe(false);
      expect(result.issues).toEqual([
        expect.objectContaining({
          code: 'UNDECLARED_BACKEND',
          path,
          severity: 'error',
          message: expect.stringContaining('egress filter DROP_ALL'),
        }),
      ]);
    }
  });

  test('stay a warning in strict mode under ALLOW_ALL', () => {
    const result = validate(withUndeclaredBackend('ALLOW_ALL'), { strict: true });
    expect(result.valid).toBe(true);
    expect(result.issues.map((i) => i.severity)).toEqual(['warning']);
  });

  test('a backend listed twice is reported', () => {
    const model = sampleModel();
    find(model, 'virtualNode', 'front').spec.backends?.push({
      virtualService: { virtualServiceName: 'cart.shop.local' },
    });
    expect(validate(model).issues).toEqual([expect.objectContaining({ code: 'DUPLICATE_BACKEND', path })]);
  });
});

describe('duplicates', () => {
  test('a second resource with the same kind, mesh and name is reported at its path', () => {
    const model = sampleModel();
    model.resources.push(structuredClone(find(model, 'virtualNode', 'cart-v1')));
    const result = validate(model);
    expect(result.issues).toEqual([
      {
        code: 'DUPLICATE_RESOURCE',
        path: 'nodes.cart-v1',
        message:
          'virtual node "cart-v1" is declared twice in mesh "shop" (resources[2] and resources[9]); names are unique per kind',
        severity: 'error',
      },
    ]);
  });

  test('the same route name under two routers, or a node and a service with one name, are fine', () => {
    const model = sampleModel();
    model.resources.push({
      kind: 'virtualRouter',
      meshName: 'shop',
      name: 'r2',
      spec: { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] },
    });
    model.resources.push({ ...structuredClone(find(model, 'route', 'cart-route')), virtualRouterName: 'r2' });
    model.resources.push({ kind: 'virtualService', meshName: 'shop', name: 'front', spec: {} });
    expect(validate(model)).toEqual({ valid: true, issues: [] });
  });
});

describe('source locations and assertValid', () => {
  test('issues carry the file, line and column of the resource', () => {
    const model = sampleModel();
    const route = find(model, 'route', 'cart-route');
    route.source = { file: 'mesh/cart-route.json', line: 4, column: 7 };
    route.spec.priority = 5000;
    expect(validate(model).issues).toEqual([
      expect.objectContaining({ code: 'SHAPE_RANGE', file: 'mesh/cart-route.json', line: 4, column: 7 }),
    ]);
  });

  test('assertValid throws a MeshValidationError with every issue, and returns warnings otherwise', () => {
    const model = sampleModel();
    find(model, 'route', 'cart-route').spec.priority = -1;
    find(model, 'virtualNode', 'front').name = '';
    let caught: unknown;
    try {
      assertValid(model);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(MeshValidationError);
    expect((caught as MeshValidationError).code).toBe('MESH_VALIDATION');
    expect((caught as MeshValidationError).issues.map((i) => i.code)).toEqual([
      'SHAPE_LENGTH',
      'SHAPE_RANGE',
    ]);
    expect(assertValid(sampleModel()).issues).toEqual([]);
  });
});
