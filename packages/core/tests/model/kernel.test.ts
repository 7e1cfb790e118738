import { describe, expect, it } from 'vitest';
import {
  hardReferenceKeys,
  KINDS,
  listenerPorts,
  type MeshplaneResource,
  RESOURCE_COLLECTIONS,
  RESOURCE_KINDS,
  ROUTE_PROTOCOL,
  ROUTE_TYPES,
  references,
  routeBody,
  routeMatchPort,
  routeTypeForProtocol,
  serviceProvider,
  weightedTargets,
} from '../../src/index.js';
import { GATEWAY_ROUTE_TYPES, routeTypesSet, weightedTargetList } from '../../src/model/spec-accessors.js';

describe('model kernel', () => {
  it('has one entry per kind, agreeing with the collections and the create order', () => {
    expect(Object.keys(KINDS).sort()).toEqual([...RESOURCE_KINDS].sort());
    for (const kind of RESOURCE_KINDS) {
      expect(KINDS[kind].collection).toBe(RESOURCE_COLLECTIONS[kind]);
      expect(KINDS[kind].operations.create).toBe(`Create${KINDS[kind].noun}`);
    }
    expect(KINDS.mesh.operations.list).toBe('ListMeshes');
    // The message noun is the API noun in words: VirtualNode → virtual node.
    for (const kind of RESOURCE_KINDS) {
      expect(KINDS[kind].label).toBe(KINDS[kind].noun.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase());
    }
    const ranks = RESOURCE_KINDS.map((k) => KINDS[k].rank);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });

  it('lists every reference of a route with its path and weight', () => {
    const route: MeshplaneResource = {
      kind: 'route',
      meshName: 'dj-app',
      name: 'jazz-route',
      virtualRouterName: 'jazz-router',
      spec: {
        httpRoute: {
          match: { prefix: '/', port: 9080 },
          action: {
            weightedTargets: [
              { virtualNode: 'jazz-v1', weight: 90 },
              { virtualNode: 'jazz-v2', weight: 10, port: 9080 },
            ],
          },
        },
      },
    };
    expect(references(route)).toEqual([
      expect.objectContaining({ role: 'mesh', key: 'mesh:dj-app', strength: 'hard' }),
      expect.objectContaining({
        role: 'parent',
        key: 'virtualRouter:dj-app/jazz-router',
        path: 'virtualRouterName',
      }),
      expect.objectContaining({
        role: 'routeTarget',
        key: 'virtualNode:dj-app/jazz-v1',
        path: 'spec.httpRoute.action.weightedTargets[0].virtualNode',
        weight: 90,
      }),
      expect.objectContaining({ role: 'routeTarget', key: 'virtualNode:dj-app/jazz-v2', weight: 10 }),
    ]);
    expect(routeBody(route.spec)?.type).toBe('httpRoute');
    expect(routeMatchPort(route.spec)).toBe(9080);
    expect(weightedTargets(route.spec).map((t) => t.port)).toEqual([undefined, 9080]);
  });

  it('keeps backends soft and providers, gateway route targets hard', () => {
    const node: MeshplaneResource = {
      kind: 'virtualNode',
      meshName: 'm',
      name: 'dj',
      spec: { backends: [{ virtualService: { virtualServiceName: 'jazz.local' } }] },
    };
    expect(references(node).map((r) => [r.role, r.strength, r.key])).toEqual([
      ['mesh', 'hard', 'mesh:m'],
      ['backend', 'soft', 'virtualService:m/jazz.local'],
    ]);
    expect(hardReferenceKeys(node)).toEqual(['mesh:m']);
    const gr: MeshplaneResource = {
      kind: 'gatewayRoute',
      meshName: 'm',
      name: 'web',
      virtualGatewayName: 'edge',
      spec: {
        httpRoute: {
          match: { prefix: '/' },
          action: { target: { virtualService: { virtualServiceName: 's' } } },
        },
      },
    };
    expect(hardReferenceKeys(gr)).toEqual(['mesh:m', 'virtualGateway:m/edge', 'virtualService:m/s']);
    expect(serviceProvider({ provider: { virtualRouter: { virtualRouterName: 'r' } } })).toEqual({
      kind: 'virtualRouter',
      name: 'r',
    });
  });

  it('maps a listener protocol to the route type that serves it, the inverse of ROUTE_PROTOCOL', () => {
    expect(ROUTE_TYPES.map((type) => routeTypeForProtocol(ROUTE_PROTOCOL[type]))).toEqual(ROUTE_TYPES);
    expect(routeTypeForProtocol('http2')).toBe('http2Route');
    expect(routeTypeForProtocol('grpc')).toBe('grpcRoute');
    for (const unknown of ['udp', 'HTTP', '', 'constructor', 'toString', 'httpRoute'])
      expect(routeTypeForProtocol(unknown)).toBeUndefined();
  });

  it('reads malformed specs as empty instead of throwing', () => {
    for (const spec of [undefined, null, 7, 'x', [], { listeners: 'x' }, { httpRoute: [] }]) {
      expect(listenerPorts(spec)).toEqual([]);
      expect(weightedTargets(spec)).toEqual([]);
      expect(routeBody(spec)).toBeUndefined();
      expect(serviceProvider(spec)).toBeUndefined();
    }
  });
});

describe('route members and weighted target lists (kernel internals)', () => {
  it('counts every route member set to something, a body of the wrong type included', () => {
    expect(routeTypesSet({ httpRoute: {}, tcpRoute: 5, grpcRoute: null })).toEqual(['httpRoute', 'tcpRoute']);
    expect(routeTypesSet({ tcpRoute: {} }, GATEWAY_ROUTE_TYPES)).toEqual([]);
    expect(routeTypesSet('not a spec')).toEqual([]);
  });

  it('gives the weighted target list itself, so a shift writes into a cloned spec', () => {
    const spec = { tcpRoute: { action: { weightedTargets: [{ virtualNode: 'a', weight: 1 }] } } };
    expect(weightedTargetList(spec)).toBe(spec.tcpRoute.action.weightedTargets);
    expect(weightedTargetList({ httpRoute: { action: { weightedTargets: 'x' } } })).toBeUndefined();
    expect(weightedTargetList(undefined)).toBeUndefined();
  });
});
