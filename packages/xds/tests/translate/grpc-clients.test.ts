import { createRequire } from 'node:module';
import {
  type Client,
  credentials,
  makeGenericClientConstructor,
  Server,
  ServerCredentials,
  type ServiceDefinition,
} from '@grpc/grpc-js';
import { register } from '@grpc/grpc-js-xds';
import { afterAll, describe, expect, it } from 'vitest';
import { createSnapshotCache } from '../../src/cache/index.js';
import type { ServiceEndpoints } from '../../src/contract.js';
import { encodeResource } from '../../src/protos/index.js';
import { createAdsServer } from '../../src/server/index.js';
import { translateForGrpcClients } from '../../src/translate/index.js';
import { cloudMap, find, listener, model, r, sec, to } from './support/model.js';

/** Client `client` calling gRPC service `cart` (router over cart-v1, cart-v2), plus an HTTP/1 service it also may call. */
function cartMesh(weights: { v1: number; v2: number }, extraRoute: Record<string, unknown> = {}) {
  return model(
    r.node('client', {
      backends: ['cart', 'web'].map((virtualServiceName) => ({ virtualService: { virtualServiceName } })),
    }),
    r.node('cart-v1', {
      listeners: [listener(50051, 'grpc')],
      serviceDiscovery: cloudMap('cart', { version: 'v1' }),
    }),
    r.node('cart-v2', {
      listeners: [listener(50051, 'grpc')],
      serviceDiscovery: cloudMap('cart', { version: 'v2' }),
    }),
    r.node('web', { listeners: [listener(8080)], serviceDiscovery: cloudMap('web') }),
    r.router('rt', { listeners: [listener(50051, 'grpc')] }),
    r.route('rt', 'get', {
      priority: 0,
      grpcRoute: {
        match: { serviceName: 'shop.Cart', methodName: 'Get' },
        action: to({ 'cart-v1': weights.v1, 'cart-v2': weights.v2 }),
        timeout: { perRequest: sec(3) },
        retryPolicy: {
          maxRetries: 2,
          perRetryTimeout: sec(1),
          grpcRetryEvents: ['unavailable'],
          httpRetryEvents: ['gateway-error'],
        },
      },
    }),
    r.route('rt', 'rest', { grpcRoute: { match: {}, action: to({ 'cart-v1': 1 }) }, ...extraRoute }),
    r.service('cart', { virtualRouter: { virtualRouterName: 'rt' } }),
    r.service('web', { virtualNode: { virtualNodeName: 'web' } }),
  );
}

const endpointsAt = (v1: number, v2: number) =>
  new Map<string, ServiceEndpoints>([
    [
      'ns/cart',
      {
        namespaceName: 'ns',
        serviceName: 'cart',
        instances: [
          {
            instanceId: 'a',
            address: '127.0.0.1',
            port: v1,
            health: 'HEALTHY',
            attributes: { version: 'v1' },
          },
          {
            instanceId: 'b',
            address: '127.0.0.1',
            port: v2,
            health: 'HEALTHY',
            attributes: { version: 'v2' },
          },
        ],
      },
    ],
  ]);

describe('translateForGrpcClients', () => {
  it('gives each HTTP/2 or gRPC service an api_listener named as the xds:/// target, with gRPC route semantics', () => {
    // Act
    const result = translateForGrpcClients(
      { model: cartMesh({ v1: 90, v2: 10 }), endpoints: endpointsAt(1, 2) },
      'mesh/m/virtualNode/client',
    );

    // Assess
    expect(result.resources.map((x) => `${x.typeUrl.split('.').pop()} ${x.name}`)).toEqual([
      'Cluster cds_egress_m_cart-v1_grpc_50051',
      'Cluster cds_egress_m_cart-v2_grpc_50051',
      'ClusterLoadAssignment cds_egress_m_cart-v1_grpc_50051',
      'ClusterLoadAssignment cds_egress_m_cart-v2_grpc_50051',
      'Listener cart',
      'Listener cart:50051',
      'RouteConfiguration rds_grpc_cart_50051',
    ]);
    expect(find(result, 'listener', 'cart:50051').api_listener.api_listener.rds.route_config_name).toBe(
      'rds_grpc_cart_50051',
    );
    const [get, rest] = find(result, 'routeConfiguration', 'rds_grpc_cart_50051').virtual_hosts[0].routes;
    expect(get).toEqual({
      match: { path: '/shop.Cart/Get' },
      route: {
        weighted_clusters: {
          clusters: [
            { name: 'cds_egress_m_cart-v1_grpc_50051', weight: 90 },
            { name: 'cds_egress_m_cart-v2_grpc_50051', weight: 10 },
          ],
        },
        max_stream_duration: { max_stream_duration: '3s' },
        retry_policy: { retry_on: 'unavailable', num_retries: 2 },
      },
    });
    // App Mesh's default policy, as a gRPC client can honour it: UNAVAILABLE, 2 retries; 15 s.
    expect(rest.route).toMatchObject({
      max_stream_duration: { max_stream_duration: '15s' },
      retry_policy: { retry_on: 'unavailable', num_retries: 2 },
    });
    expect(
      find(result, 'clusterLoadAssignment', 'cds_egress_m_cart-v1_grpc_50051').endpoints[0],
    ).toMatchObject({ locality: {}, load_balancing_weight: 1 });
    expect(result.issues.map((i) => [i.code, i.severity])).toEqual([
      ['XDS_GRPC_RETRY_EVENTS', 'warning'],
      ['XDS_GRPC_PER_RETRY_TIMEOUT', 'warning'],
    ]);
    for (const x of result.resources) expect(() => encodeResource(x)).not.toThrow();
  });

  it('refuses what a gRPC client cannot take: client policy TLS from files, a gateway as caller', () => {
    // Arrange
    const m = cartMesh({ v1: 1, v2: 0 });
    const tls = {
      ...m,
      resources: m.resources.map((x) =>
        x.kind === 'virtualNode' && x.name === 'client'
          ? {
              ...x,
              spec: {
                ...x.spec,
                backendDefaults: {
                  clientPolicy: { tls: { validation: { trust: { file: { certificateChain: '/ca.pem' } } } } },
                },
              },
            }
          : x,
      ),
    } as typeof m;

    // Act
    const withTls = translateForGrpcClients(
      { model: tls, endpoints: new Map() },
      'mesh/m/virtualNode/client',
    );
    const gateway = translateForGrpcClients({ model: m, endpoints: new Map() }, 'mesh/m/virtualGateway/gw');

    // Assess
    expect(withTls.issues.filter((i) => i.severity === 'error').map((i) => i.code)).toEqual([
      'XDS_GRPC_CLIENT_TLS',
      'XDS_GRPC_CLIENT_TLS',
    ]);
    expect(gateway.issues.map((i) => i.code)).toEqual(['XDS_RESOURCE_ID']);
  });
});

// A real @grpc/grpc-js-xds client (xds:///cart:50051) against the ADS server serving the
// translation: calls follow the weights, and a weight change reaches the client.
const method = '/shop.Cart/Get';
const serviceDef: ServiceDefinition = {
  Get: {
    path: method,
    requestStream: false,
    responseStream: false,
    requestSerialize: (b: Buffer) => b,
    requestDeserialize: (b: Buffer) => b,
    responseSerialize: (b: Buffer) => b,
    responseDeserialize: (b: Buffer) => b,
  },
};
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function backend(name: string): Promise<number> {
  const server = new Server();
  server.addService(serviceDef, {
    Get: (_call: unknown, cb: (e: null, b: Buffer) => void) => cb(null, Buffer.from(name)),
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (e, p) =>
      e ? reject(e) : resolve(p),
    ),
  );
  cleanups.push(() => new Promise<void>((resolve) => server.tryShutdown(() => resolve())));
  return port;
}

function call(client: Client): Promise<string> {
  return new Promise((resolve, reject) =>
    client.makeUnaryRequest(
      method,
      (b: Buffer) => b,
      (b: Buffer) => b,
      Buffer.from('q'),
      { deadline: Date.now() + 5000 },
      (e, res) => (e ? reject(e) : resolve(String(res))),
    ),
  );
}

describe('a real @grpc/grpc-js-xds client', () => {
  it('calls through xds:///cart:50051 by the weights and follows a weight change', async () => {
    // Arrange
    const [v1, v2] = [await backend('v1'), await backend('v2')];
    const cache = createSnapshotCache();
    const nodeId = 'mesh/m/virtualNode/client';
    const publish = (weights: { v1: number; v2: number }) => {
      const result = translateForGrpcClients(
        { model: cartMesh(weights), endpoints: endpointsAt(v1, v2) },
        nodeId,
      );
      expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
      cache.set(nodeId, result.resources);
    };
    publish({ v1: 0, v2: 100 });
    const ads = createAdsServer({ cache, logger: () => {} });
    const { port } = await ads.listen({ address: '127.0.0.1:0' });
    cleanups.push(() => ads.close());
    process.env.GRPC_XDS_BOOTSTRAP_CONFIG = JSON.stringify({
      xds_servers: [
        {
          server_uri: `127.0.0.1:${port}`,
          channel_creds: [{ type: 'insecure' }],
          server_features: ['xds_v3'],
        },
      ],
      node: { id: nodeId, cluster: nodeId, locality: {} },
    });
    // vitest runs Node with the `import` condition, so grpc-js-xds's require('xxhash-wasm') gets
    // the ES module namespace instead of the function; hand it the loaded API it caches.
    const fromXds = createRequire(createRequire(import.meta.url).resolve('@grpc/grpc-js-xds'));
    const xxhashModule = fromXds('./xxhash.js') as { xxhashApi: unknown };
    const loaded = fromXds('xxhash-wasm') as (() => Promise<unknown>) | { default: () => Promise<unknown> };
    xxhashModule.xxhashApi ??= await (typeof loaded === 'function' ? loaded() : loaded.default());
    register();
    const Ctor = makeGenericClientConstructor({}, 'Cart');
    const client = new Ctor('xds:///cart:50051', credentials.createInsecure());
    cleanups.push(() => client.close());

    // Act
    const before = await Promise.all([1, 2, 3, 4].map(() => call(client)));
    publish({ v1: 100, v2: 0 });
    const deadline = Date.now() + 5000;
    let after = await call(client);
    while (after !== 'v1' && Date.now() < deadline) after = await call(client);
    const settled = await Promise.all([1, 2, 3, 4].map(() => call(client)));

    // Assess
    expect(before).toEqual(['v2', 'v2', 'v2', 'v2']);
    expect(settled).toEqual(['v1', 'v1', 'v1', 'v1']);
  });
});
