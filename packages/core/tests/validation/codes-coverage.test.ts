import { describe, expect, test } from 'vitest';
import {
  type MeshModel,
  type MeshplaneResource,
  VALIDATION_CODES,
  type ValidationCode,
  validate,
} from '../../src/index.js';
import { find, names, sampleModel } from './sample-models.js';

/** The sample model after a change, as one row of the table below. */
function changed(change: (model: MeshModel) => void, strict = false) {
  return () => {
    const model = sampleModel();
    change(model);
    return { model, strict };
  };
}
const raw = (model: unknown) => () => ({ model: model as MeshModel, strict: false });
const add = (model: MeshModel, ...resources: MeshplaneResource[]) => model.resources.push(...resources);
const cartRoute = (model: MeshModel) => {
  const body = find(model, 'route', 'cart-route').spec.httpRoute;
  if (body === undefined) throw new Error('the sample route is an http route');
  return body as unknown as Record<string, unknown> & { match: Record<string, unknown> };
};
const targets = (model: MeshModel) =>
  find(model, 'route', 'cart-route').spec.httpRoute?.action?.weightedTargets ?? [];
const front = (model: MeshModel) => find(model, 'virtualNode', 'front');

const WARNING_CODES: readonly ValidationCode[] = ['DUPLICATE_PRIORITY'];

// One model per code: the Record type makes the table fail to compile when a code is added
// to VALIDATION_CODES without a case here.
const cases: Record<ValidationCode, () => { model: MeshModel; strict: boolean }> = {
  INVALID_MODEL: raw(null),
  INVALID_RESOURCE: raw({ resources: [42] }),
  UNREADABLE_VALUE: raw({
    resources: [
      Object.defineProperty({ kind: 'mesh', meshName: 'm', spec: {} }, 'name', {
        enumerable: true,
        get() {
          throw new Error('no name today');
        },
      }),
    ],
  }),
  UNKNOWN_KIND: raw({ resources: [{ kind: 'virtualPod', meshName: 'm', name: 'a', spec: {} }] }),
  SHAPE_TYPE: changed((m) => {
    find(m, 'route', 'cart-route').spec.priority = '1' as never;
  }),
  SHAPE_REQUIRED: changed((m) => {
    front(m).spec.listeners = [{ portMapping: { port: 8080 } } as never];
  }),
  SHAPE_LENGTH: changed((m) => {
    front(m).name = 'x'.repeat(256);
  }),
  SHAPE_RANGE: changed((m) => {
    find(m, 'route', 'cart-route').spec.priority = 1001;
  }),
  SHAPE_PATTERN: changed((m) => {
    find(m, 'virtualNode', 'cart-v1').spec.serviceDiscovery = {
      awsCloudMap: {
        namespaceName: 'shop.local',
        serviceName: 'cart',
        attributes: [{ key: 'has space', value: 'v1' }],
      },
    };
  }),
  SHAPE_ENUM: changed((m) => {
    find(m, 'mesh', 'shop').spec.egressFilter = { type: 'DENY_ALL' as never };
  }),
  SHAPE_UNION: changed((m) => {
    find(m, 'virtualService', 'cart.shop.local').spec.provider = {} as never;
  }),
  SHAPE_UNKNOWN_MEMBER: changed((m) => {
    (front(m).spec as Record<string, unknown>).listener = [];
  }),
  SHAPE_UNIQUE: changed((m) => {
    front(m).spec.backendDefaults = {
      clientPolicy: { tls: { ports: [443, 443], validation: { trust: { sds: { secretName: 'ca' } } } } },
    };
  }),
  EMPTY_NAME: changed((m) => {
    add(m, { kind: 'virtualService', meshName: 'shop', name: '', spec: {} });
  }),
  DUPLICATE_RESOURCE: changed((m) => {
    add(m, structuredClone(front(m)));
  }),
  UNKNOWN_MESH: changed((m) => {
    add(m, { kind: 'virtualService', meshName: 'elsewhere', name: 's', spec: {} });
  }),
  UNKNOWN_ROUTER: changed((m) => {
    find(m, 'route', 'cart-route').virtualRouterName = 'ghost';
  }),
  UNKNOWN_GATEWAY: changed((m) => {
    find(m, 'gatewayRoute', 'to-cart').virtualGatewayName = 'ghost';
  }),
  UNKNOWN_TARGET: changed((m) => {
    (targets(m)[0] as { virtualNode: string }).virtualNode = 'ghost';
  }),
  UNKNOWN_PROVIDER: changed((m) => {
    find(m, 'virtualService', 'cart.shop.local').spec.provider = {
      virtualNode: { virtualNodeName: 'ghost' },
    };
  }),
  UNKNOWN_GATEWAY_TARGET: changed((m) => {
    const target = find(m, 'gatewayRoute', 'to-cart').spec.httpRoute?.action?.target;
    if (target?.virtualService) target.virtualService.virtualServiceName = 'ghost';
  }),
  UNDECLARED_BACKEND: changed((m) => {
    front(m).spec.backends?.push({ virtualService: { virtualServiceName: 'ghost' } });
  }, true),
  QUOTA_MESHES: raw({
    resources: names('mesh', 16).map((name) => ({ kind: 'mesh', meshName: name, name, spec: {} })),
  }),
  QUOTA_VIRTUAL_NODES: changed((m) => {
    for (const name of names('n', 198)) add(m, { kind: 'virtualNode', meshName: 'shop', name, spec: {} });
  }),
  QUOTA_VIRTUAL_ROUTERS: changed((m) => {
    for (const name of names('r', 200)) add(m, { kind: 'virtualRouter', meshName: 'shop', name, spec: {} });
  }),
  QUOTA_VIRTUAL_SERVICES: changed((m) => {
    for (const name of names('s', 200)) add(m, { kind: 'virtualService', meshName: 'shop', name, spec: {} });
  }),
  QUOTA_ROUTES: changed((m) => {
    const route = find(m, 'route', 'cart-route');
    for (const name of names('extra', 50))
      add(m, { ...structuredClone(route), name, spec: { httpRoute: route.spec.httpRoute } });
  }),
  QUOTA_BACKENDS: changed((m) => {
    front(m).spec.backends = names('svc', 51).map((virtualServiceName) => ({
      virtualService: { virtualServiceName },
    }));
  }),
  WEIGHT_TOTAL: changed((m) => {
    (targets(m)[0] as { weight: number }).weight = 95;
  }),
  DUPLICATE_TARGET: changed((m) => {
    (targets(m)[1] as { virtualNode: string }).virtualNode = 'cart-v1';
  }),
  ROUTE_TYPE: changed((m) => {
    find(m, 'route', 'cart-route').spec = {};
  }),
  ROUTE_PROTOCOL: changed((m) => {
    find(m, 'virtualRouter', 'cart-router').spec.listeners = [
      { portMapping: { port: 8080, protocol: 'grpc' } },
    ];
  }),
  ROUTE_PORT: changed((m) => {
    cartRoute(m).match.port = 9999;
  }),
  ROUTE_PORT_REQUIRED: changed((m) => {
    find(m, 'virtualRouter', 'cart-router').spec.listeners?.push({
      portMapping: { port: 8081, protocol: 'http' },
    });
  }),
  ROUTE_MATCH: changed((m) => {
    cartRoute(m).match.prefix = 'cart';
  }),
  TARGET_PORT: changed((m) => {
    (targets(m)[0] as { port?: number }).port = 9999;
  }),
  TARGET_PORT_REQUIRED: changed((m) => {
    find(m, 'virtualNode', 'cart-v1').spec.listeners?.push({ portMapping: { port: 8081, protocol: 'http' } });
  }),
  TARGET_PROTOCOL: changed((m) => {
    find(m, 'virtualNode', 'cart-v1').spec.listeners = [{ portMapping: { port: 8080, protocol: 'grpc' } }];
  }),
  TARGET_NO_LISTENER: changed((m) => {
    const node = find(m, 'virtualNode', 'cart-v1');
    node.spec.listeners = [];
  }),
  RETRY_EVENTS: changed((m) => {
    cartRoute(m).retryPolicy = { maxRetries: 1, perRetryTimeout: { value: 1, unit: 's' } };
  }),
  DUPLICATE_PRIORITY: changed((m) => {
    const route = find(m, 'route', 'cart-route');
    add(m, { ...structuredClone(route), name: 'cart-route-2' });
  }),
  HEALTH_CHECK_PORT: changed((m) => {
    const listener = front(m).spec.listeners?.[0];
    if (listener === undefined) throw new Error('the sample node has a listener');
    listener.healthCheck = {
      protocol: 'http',
      path: '/ping',
      port: 9090,
      healthyThreshold: 2,
      unhealthyThreshold: 2,
      intervalMillis: 5000,
      timeoutMillis: 2000,
    };
  }),
  MESH_NAME_ARN: changed((m) => {
    front(m).meshName = 'arn:aws:appmesh:us-east-1:111122223333:mesh/shop';
  }),
  DUPLICATE_PORT: changed((m) => {
    front(m).spec.listeners?.push({ portMapping: { port: 8080, protocol: 'http2' } });
  }),
  DUPLICATE_BACKEND: changed((m) => {
    front(m).spec.backends?.push({ virtualService: { virtualServiceName: 'cart.shop.local' } });
  }),
  LISTENER_PROTOCOL: changed((m) => {
    const listener = front(m).spec.listeners?.[0];
    if (listener) listener.timeout = { tcp: { idle: { value: 1, unit: 's' } } };
  }),
  MISSING_SERVICE_DISCOVERY: changed((m) => {
    front(m).spec.serviceDiscovery = undefined;
  }),
  REGEX_SYNTAX: changed((m) => {
    cartRoute(m).match = { path: { regex: '/cart/(?=v2)' } };
  }),
};

describe('every validation code', () => {
  test('has a case in this table, and the table names no other code', () => {
    expect(Object.keys(cases).sort()).toEqual(Object.keys(VALIDATION_CODES).sort());
  });

  test.each(Object.entries(cases))('%s is reported, with a message and a friendly path', (code, build) => {
    // Prepare
    const { model, strict } = build();
    // Act
    const result = validate(model, { strict });
    // Assess
    const issue = result.issues.find((i) => i.code === code);
    expect(issue, `no ${code} in ${JSON.stringify(result.issues.map((i) => i.code))}`).toBeDefined();
    // DUPLICATE_PRIORITY is a warning: App Mesh accepts equal priorities (issue 13 item 13).
    const warning = WARNING_CODES.includes(code as ValidationCode);
    expect(issue?.severity).toBe(warning ? 'warning' : 'error');
    expect(issue?.message.length).toBeGreaterThan(10);
    expect(issue?.path).toMatch(/^(resources|mesh|nodes|routers|services|gateways)\b/);
    expect(result.valid).toBe(warning);
  });
});
