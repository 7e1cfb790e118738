import { describe, expect, test } from 'vitest';
import { validate } from '../../src/index.js';
import { codes, find, sampleModel } from './sample-models.js';

describe('resource names (ResourceName 1-255)', () => {
  test.each([
    [1, true],
    [255, true],
    [256, false],
  ])('a node name of %i characters is valid: %s', (length, valid) => {
    // Prepare
    const model = sampleModel();
    const node = find(model, 'virtualNode', 'front');
    node.name = 'n'.repeat(length);
    // Act
    const result = validate(model);
    // Assess
    expect(result.valid).toBe(valid);
    if (!valid) {
      expect(result.issues).toEqual([
        expect.objectContaining({
          code: 'SHAPE_LENGTH',
          path: `nodes.${node.name}.name`,
          message: expect.stringContaining('must have 1 to 255 characters'),
        }),
      ]);
    }
  });

  test('an empty name is reported, and so is a missing one', () => {
    // Prepare
    const model = sampleModel();
    find(model, 'virtualService', 'cart.shop.local').name = '';
    (find(model, 'virtualGateway', 'edge') as { name?: string }).name = undefined;
    // Act
    const result = validate(model);
    // Assess
    expect(result.issues).toContainEqual(
      expect.objectContaining({
        code: 'EMPTY_NAME',
        path: 'services..name',
        message: 'name must not be empty (ServiceName)',
      }),
    );
    expect(result.issues).toContainEqual(
      expect.objectContaining({
        code: 'SHAPE_REQUIRED',
        path: 'resources[5].name',
        message: 'name is required (ResourceName)',
      }),
    );
  });
});

describe('tags (TagList 0-50, TagKey 1-128, TagValue 0-256)', () => {
  const tags = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: 'v' }));

  test.each([
    [50, []],
    [51, ['SHAPE_LENGTH']],
  ])('%i tags give %j', (n, expected) => {
    const model = sampleModel();
    find(model, 'virtualNode', 'front').tags = tags(n);
    expect(codes(validate(model))).toEqual(expected);
  });

  test.each([
    ['k'.repeat(128), 'v'.repeat(256), []],
    ['k'.repeat(129), 'v', ['SHAPE_LENGTH']],
    ['', 'v', ['SHAPE_LENGTH']],
    ['k', 'v'.repeat(257), ['SHAPE_LENGTH']],
    ['k', '', []],
  ])('tag key of %#', (key, value, expected) => {
    const model = sampleModel();
    find(model, 'mesh', 'shop').tags = [{ key, value }];
    const result = validate(model);
    expect(codes(result)).toEqual(expected);
    if (expected.length > 0) expect(result.issues[0]?.path).toMatch(/^mesh\.shop\.tags\[0\]\.(key|value)$/);
  });

  test('a tag without a value is reported as missing the required member', () => {
    const model = sampleModel();
    find(model, 'mesh', 'shop').tags = [{ key: 'k' } as never];
    expect(validate(model).issues).toEqual([
      expect.objectContaining({ code: 'SHAPE_REQUIRED', path: 'mesh.shop.tags[0].value' }),
    ]);
  });
});

describe('spec shapes from the App Mesh model', () => {
  test.each([
    [1, []],
    [65535, []],
    [0, ['SHAPE_RANGE']],
    [65536, ['SHAPE_RANGE']],
  ])('listener port %i', (port, expected) => {
    const model = sampleModel();
    const node = find(model, 'virtualNode', 'cart-v2');
    const listener = node.spec.listeners?.[0];
    if (listener?.portMapping) listener.portMapping.port = port;
    // The route targets cart-v2 without a port, so only the shape rule may fire.
    expect(codes(validate(model)).filter((c) => c.startsWith('SHAPE'))).toEqual(expected);
  });

  test.each([
    [0, []],
    [1000, []],
    [1001, ['SHAPE_RANGE']],
    [-1, ['SHAPE_RANGE']],
  ])('route priority %i', (priority, expected) => {
    const model = sampleModel();
    find(model, 'route', 'cart-route').spec.priority = priority;
    expect(codes(validate(model))).toEqual(expected);
  });

  test.each([
    [0, 100, []],
    [100, 0, []],
    [101, 0, ['SHAPE_RANGE', 'WEIGHT_TOTAL']],
    [-1, 2, ['SHAPE_RANGE']],
  ])('weights %i and %i', (a, b, expected) => {
    const model = sampleModel();
    const targets = find(model, 'route', 'cart-route').spec.httpRoute?.action?.weightedTargets ?? [];
    (targets[0] as { weight: number }).weight = a;
    (targets[1] as { weight: number }).weight = b;
    const result = validate(model);
    expect(codes(result)).toEqual(expected);
    if (expected[0] === 'SHAPE_RANGE') {
      expect(result.issues[0]).toMatchObject({
        path: 'routers.cart-router.routes.cart-route.spec.httpRoute.action.weightedTargets[0].weight',
        message: `weight must be 0 to 100 (PercentInt), got ${a}`,
      });
    }
  });

  test('an enum value outside the model, an unknown member and a wrong type are all reported at once', () => {
    const model = sampleModel();
    const node = find(model, 'virtualNode', 'front');
    (node.spec.listeners?.[0]?.portMapping as { protocol: string }).protocol = 'udp';
    (node.spec as Record<string, unknown>).backendz = [];
    (find(model, 'mesh', 'shop').spec as Record<string, unknown>).egressFilter = { type: 7 };
    const result = validate(model);
    expect(result.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: 'SHAPE_ENUM',
          path: 'nodes.front.spec.listeners[0].portMapping.protocol',
        }),
        expect.objectContaining({ code: 'SHAPE_UNKNOWN_MEMBER', path: 'nodes.front.spec.backendz' }),
        expect.objectContaining({ code: 'SHAPE_TYPE', path: 'mesh.shop.spec.egressFilter.type' }),
      ]),
    );
  });

  test('a missing spec is required except on a mesh', () => {
    const model = sampleModel();
    (find(model, 'virtualRouter', 'cart-router') as { spec?: unknown }).spec = undefined;
    (find(model, 'mesh', 'shop') as { spec?: unknown }).spec = undefined;
    const result = validate(model);
    expect(result.issues).toContainEqual(
      expect.objectContaining({ code: 'SHAPE_REQUIRED', path: 'routers.cart-router.spec' }),
    );
    expect(result.issues.some((i) => i.path.startsWith('mesh.'))).toBe(false);
  });

  test('a service provider union must set exactly one member', () => {
    const model = sampleModel();
    find(model, 'virtualService', 'cart.shop.local').spec.provider = {
      virtualRouter: { virtualRouterName: 'cart-router' },
      virtualNode: { virtualNodeName: 'front' },
    } as never;
    expect(codes(validate(model))).toContain('SHAPE_UNION');
  });
});
