import {
  cloudMap,
  defineMesh,
  http,
  type MeshModel,
  type MeshplaneResource,
  weights,
} from '../../src/index.js';

/** A small valid mesh: two nodes behind a router, a service, a gateway. Fresh on every call. */
export function sampleModel(options: { egressFilter?: 'ALLOW_ALL' | 'DROP_ALL' } = {}): MeshModel {
  return defineMesh({
    name: 'shop',
    ...options,
    nodes: {
      front: {
        listeners: [http(8080)],
        discovery: cloudMap('shop.local', 'front'),
        backends: ['cart.shop.local'],
      },
      'cart-v1': { listeners: [http(8080)], discovery: cloudMap('shop.local', 'cart', { version: 'v1' }) },
      'cart-v2': { listeners: [http(8080)], discovery: cloudMap('shop.local', 'cart', { version: 'v2' }) },
    },
    routers: {
      'cart-router': {
        listeners: [http(8080)],
        routes: {
          'cart-route': {
            priority: 10,
            http: { match: { prefix: '/' }, action: weights({ 'cart-v1': 90, 'cart-v2': 10 }) },
          },
        },
      },
    },
    services: { 'cart.shop.local': { provider: { router: 'cart-router' } } },
    gateways: {
      edge: {
        listeners: [http(80)],
        gatewayRoutes: {
          'to-cart': { http: { match: { prefix: '/cart/' }, action: { target: 'cart.shop.local' } } },
        },
      },
    },
  });
}

/** The resource of a model with this kind and name; fails the test when absent. */
export function find<K extends MeshplaneResource['kind']>(
  model: MeshModel,
  kind: K,
  name: string,
): Extract<MeshplaneResource, { kind: K }> {
  const found = model.resources.find((r) => r.kind === kind && r.name === name);
  if (found === undefined) throw new Error(`no ${kind} ${name} in the sample model`);
  return found as Extract<MeshplaneResource, { kind: K }>;
}

/** The issue codes of a result, for compact assertions. */
export function codes(result: { issues: { code: string }[] }): string[] {
  return result.issues.map((issue) => issue.code);
}

/** `n` distinct names with a prefix. */
export function names(prefix: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
}
