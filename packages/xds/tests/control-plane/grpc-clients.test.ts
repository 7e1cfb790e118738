import { cloudMap, defineMesh, http, http2 } from '@meshplane/core';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServiceEndpoints } from '../../src/contract.js';
import { type ControlPlane, createControlPlane } from '../../src/control-plane/control-plane.js';
import { GRPC_CLIENT_ID_PREFIX } from '../../src/control-plane/grpc-clients.js';
import { staticSource } from '../../src/sources/static-source.js';

// A control plane with grpcClients: true also serves `grpc:<virtual node id>` in the form a
// @grpc/grpc-js-xds client reads (api_listeners); Envoys keep their own ids and resources.
const model = defineMesh({
  name: 'shop',
  nodes: {
    web: { listeners: [http(8080)], discovery: cloudMap('shop.local', 'web'), backends: ['cart.shop.local'] },
    cart: { listeners: [http2(50051)], discovery: cloudMap('shop.local', 'cart') },
  },
  services: { 'cart.shop.local': { provider: { node: 'cart' } } },
});
const endpoints = new Map<string, ServiceEndpoints>();
const planes: ControlPlane[] = [];
afterEach(async () => {
  for (const p of planes.splice(0)) await p.close();
});

async function started(grpcClients?: boolean): Promise<ControlPlane> {
  const plane = createControlPlane({
    source: staticSource(model),
    endpoints,
    listen: '127.0.0.1:0',
    logger: () => {},
    ...(grpcClients === undefined ? {} : { grpcClients }),
  });
  planes.push(plane);
  await plane.start();
  await plane.idle();
  return plane;
}

describe('control plane grpcClients', () => {
  it('serves grpc:<node id> with the gRPC client form beside the Envoy snapshots', async () => {
    // Act
    const plane = await started(true);
    const grpcWeb = plane.cache.get(`${GRPC_CLIENT_ID_PREFIX}mesh/shop/virtualNode/web`);
    const envoyWeb = plane.cache.get('mesh/shop/virtualNode/web');
    // Assess
    expect(plane.cache.nodeIds()).toEqual([
      'grpc:mesh/shop/virtualNode/cart',
      'grpc:mesh/shop/virtualNode/web',
      'mesh/shop/virtualNode/cart',
      'mesh/shop/virtualNode/web',
    ]);
    const listeners = (snapshot: typeof grpcWeb) =>
      [
        ...(snapshot?.resources['type.googleapis.com/envoy.config.listener.v3.Listener']?.keys() ?? []),
      ].sort();
    expect(listeners(grpcWeb)).toEqual(['cart.shop.local', 'cart.shop.local:50051']);
    expect(listeners(envoyWeb)).toEqual(['lds_egress_0.0.0.0_15001', 'lds_ingress_0.0.0.0_15000']);
  });

  it('serves Envoy ids only by default, and refuses a grpcClients that is no boolean', async () => {
    // Act
    const plane = await started();
    const bad = (() => {
      try {
        createControlPlane({
          source: staticSource(model),
          listen: '127.0.0.1:0',
          grpcClients: 'yes' as never,
        });
      } catch (error) {
        return (error as Error).message;
      }
      return 'accepted';
    })();
    // Assess
    expect(plane.cache.nodeIds()).toEqual(['mesh/shop/virtualNode/cart', 'mesh/shop/virtualNode/web']);
    expect(bad).toBe('invalid control plane options: grpcClients "yes" must be true or false');
  });
});
