import { describe, expectTypeOf, test } from 'vitest';
import {
  backend,
  cloudMap,
  defineMesh,
  dns,
  grpc,
  http,
  type MeshModel,
  type NodeDefinition,
  tcp,
  type WeightedAction,
  weights,
} from '../src/index.js';

describe('defineMesh types', () => {
  test('a fully declared mesh compiles and returns the normalized model', () => {
    // Prepare / Act
    const model = defineMesh({
      name: 'dj-app',
      nodes: {
        dj: { listeners: [http(9080)], discovery: dns('dj.local'), backends: ['jazz', backend('metal')] },
        'jazz-v1': { listeners: [http(9080)], discovery: cloudMap('ns', 'jazz', { version: 'v1' }) },
        'metal-v1': { listeners: [http(9080)], discovery: cloudMap('ns', 'metal') },
      },
      routers: {
        'jazz-router': {
          listeners: [http(9080)],
          routes: { r: { http: { match: { prefix: '/' }, action: weights({ 'jazz-v1': 100 }) } } },
        },
      },
      services: {
        jazz: { provider: { router: 'jazz-router' } },
        metal: { provider: { node: 'metal-v1' } },
      },
      gateways: {
        gw: {
          listeners: [http(8080)],
          gatewayRoutes: { g: { http: { match: { prefix: '/' }, action: { target: 'jazz' } } } },
        },
      },
    });
    // Assess
    expectTypeOf(model).toEqualTypeOf<MeshModel>();
  });

  test('helpers carry the names they were given', () => {
    expectTypeOf(weights({ a: 1, b: 2 })).toEqualTypeOf<WeightedAction<'a' | 'b'>>();
    expectTypeOf(backend('svc').virtualService.virtualServiceName).toEqualTypeOf<'svc'>();
    expectTypeOf(http(80).portMapping.protocol).toEqualTypeOf<'http'>();
    expectTypeOf(grpc(80).portMapping.protocol).toEqualTypeOf<'grpc'>();
  });

  test('a route target naming an undeclared node does not compile', () => {
    defineMesh({
      name: 'm',
      nodes: { a: { listeners: [http(80)], discovery: dns('a') } },
      routers: {
        r: {
          listeners: [http(80)],
          routes: {
            // @ts-expect-error 'ghost' is not a declared node
            x: { http: { match: { prefix: '/' }, action: weights({ a: 50, ghost: 50 }) } },
          },
        },
      },
    });
  });

  test('a literal weighted target naming an undeclared node does not compile', () => {
    defineMesh({
      name: 'm',
      nodes: { a: {} },
      routers: {
        r: {
          listeners: [tcp(80)],
          routes: {
            // @ts-expect-error 'b' is not a declared node
            x: { tcp: { action: { weightedTargets: [{ virtualNode: 'b', weight: 1 }] } } },
          },
        },
      },
    });
  });

  test('a backend naming an undeclared service does not compile (string and helper form)', () => {
    defineMesh({
      name: 'm',
      // @ts-expect-error 'nowhere' is not a declared service
      nodes: { a: { backends: ['svc', 'nowhere'] } },
      services: { svc: {} },
    });
    defineMesh({
      name: 'm',
      // @ts-expect-error backend('nowhere') names an undeclared service
      nodes: { a: { backends: [backend('nowhere')] } },
      services: { svc: {} },
    });
  });

  test('a backend in a mesh without services does not compile', () => {
    defineMesh({
      name: 'm',
      // @ts-expect-error no service is declared at all
      nodes: { a: { backends: ['svc'] } },
    });
  });

  test('a virtual service provider naming an undeclared router or node does not compile', () => {
    defineMesh({
      name: 'm',
      nodes: { a: {} },
      routers: { r: { listeners: [http(80)] } },
      services: {
        // @ts-expect-error 'ghost-router' is not a declared router
        s1: { provider: { router: 'ghost-router' } },
        // @ts-expect-error 'ghost-node' is not a declared node
        s2: { provider: { node: 'ghost-node' } },
        s3: { provider: { router: 'r' } },
        s4: { provider: { node: 'a' } },
      },
    });
  });

  test('a gateway route target naming an undeclared service does not compile', () => {
    defineMesh({
      name: 'm',
      services: { svc: {} },
      gateways: {
        gw: {
          listeners: [http(80)],
          gatewayRoutes: {
            ok: { http: { match: { prefix: '/' }, action: { target: 'svc' } } },
            // @ts-expect-error 'other' is not a declared service
            bad: { http: { match: { prefix: '/' }, action: { target: 'other' } } },
          },
        },
      },
    });
  });

  test('a gateway does not take a tcp listener', () => {
    defineMesh({
      name: 'm',
      gateways: {
        // @ts-expect-error virtual gateways listen with http, http2 or grpc only
        gw: { listeners: [tcp(80)] },
      },
    });
  });

  test('NodeDefinition is parameterized by the service names', () => {
    expectTypeOf<NodeDefinition<'a'>['backends']>().toEqualTypeOf<
      readonly ('a' | import('../src/index.js').BackendOf<'a'>)[] | undefined
    >();
  });
  test('a misspelt member does not compile', () => {
    defineMesh({
      name: 'm',
      services: { s: {} },
      // @ts-expect-error 'backnds' is not a member of a node definition
      nodes: { a: { backnds: ['s'] } },
    });
    defineMesh({
      name: 'm',
      nodes: { a: {} },
      routers: {
        r: {
          listeners: [http(80)],
          // @ts-expect-error a route body is http, http2, grpc or tcp
          routes: { x: { https: { match: { prefix: '/' }, action: weights({ a: 1 }) } } },
        },
      },
    });
  });

  test('routes declared apart from the mesh are still checked', () => {
    const routes = { x: { http: { match: { prefix: '/' }, action: weights({ ghost: 1 }) } } };
    defineMesh({
      name: 'm',
      nodes: { a: {} },
      // @ts-expect-error the routes name the undeclared node 'ghost'
      routers: { r: { listeners: [http(80)], routes } },
    });
  });
});
