import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceEndpoints } from '../../src/contract.js';
import { translateNode } from '../../src/translate/index.js';
import { freePort, type RunningEnvoy, startEnvoy, stopAllEnvoys, waitForLive } from '../support/envoy.js';
import { cloudMap, listener, model, r, to } from './support/model.js';
import { staticBootstrap } from './support/static-bootstrap.js';

// A translated virtual gateway on a real Envoy: the gateway listener sends each gateway route to
// the gateway's own egress listener (self_redirect) with App Mesh's rewrites, and the egress
// side routes by virtual service to the backend.

let envoy: RunningEnvoy;
let backend: Server;
const seen: { path: string; host: string; header: string | undefined }[] = [];
let gatewayPort = 0;

function get(port: number, host: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      let body = '';
      res.on('data', (c) => {
        body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  backend = createServer((req, res) => {
    seen.push({
      path: req.url ?? '',
      host: req.headers.host ?? '',
      header: req.headers['x-app-mesh-virtual-service'] as string | undefined,
    });
    res.end('api');
  });
  await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
  const backendPort = (backend.address() as AddressInfo).port;
  gatewayPort = await freePort();
  const egressPort = await freePort();
  const target = (extra: Record<string, unknown> = {}) => ({
    target: { virtualService: { virtualServiceName: 'api.local' } },
    ...extra,
  });
  const m = model(
    r.node('api', { listeners: [listener(8080)], serviceDiscovery: cloudMap('api') }),
    r.router('rt', { listeners: [listener(8080)] }),
    r.route('rt', 'all', { httpRoute: { match: { prefix: '/' }, action: to({ api: 1 }) } }),
    r.service('api.local', { virtualRouter: { virtualRouterName: 'rt' } }),
    r.gateway('gw', { listeners: [listener(gatewayPort)] }),
    r.gatewayRoute('gw', 'prefix', { httpRoute: { match: { prefix: '/api' }, action: target() } }),
    r.gatewayRoute('gw', 'status', {
      httpRoute: {
        match: { path: { exact: '/status' } },
        action: target({ rewrite: { path: { exact: '/v1/status' } } }),
      },
    }),
    r.gatewayRoute('gw', 'keep-host', {
      priority: 0,
      httpRoute: {
        match: { prefix: '/', hostname: { suffix: '.example.com' } },
        action: target({
          rewrite: { hostname: { defaultTargetHostname: 'DISABLED' }, prefix: { defaultPrefix: 'DISABLED' } },
        }),
      },
    }),
  );
  const endpoints = new Map<string, ServiceEndpoints>([
    [
      'ns/api',
      {
        namespaceName: 'ns',
        serviceName: 'api',
        instances: [
          { instanceId: 'a', address: '127.0.0.1', port: backendPort, health: 'HEALTHY', attributes: {} },
        ],
      },
    ],
  ]);
  const result = translateNode({ model: m, endpoints }, 'mesh/m/virtualGateway/gw', {
    egressPort,
    listenerAddress: '127.0.0.1',
  });
  expect(result.issues).toEqual([]);
  envoy = await startEnvoy(staticBootstrap(result.resources, result.resourceId));
  await waitForLive(envoy);
}, 30_000);

afterAll(async () => {
  await stopAllEnvoys();
  await new Promise<void>((resolve) => backend?.close(() => resolve()));
});

describe('a translated virtual gateway on a real Envoy', () => {
  it("rewrites a matched prefix to / (App Mesh's default) and the host to the virtual service", async () => {
    // Act
    const deep = await get(gatewayPort, 'gw.local', '/api/items?id=1');
    const bare = await get(gatewayPort, 'gw.local', '/api');

    // Assess
    expect([deep.status, bare.status]).toEqual([200, 200]);
    expect(seen.slice(-2).map((s) => [s.path, s.host])).toEqual([
      ['/items?id=1', 'api.local'],
      ['/', 'api.local'],
    ]);
  });

  it('rewrites an exact path', async () => {
    // Act
    const res = await get(gatewayPort, 'gw.local', '/status');

    // Assess
    expect(res.status).toBe(200);
    expect(seen.at(-1)?.path).toBe('/v1/status');
  });

  it('keeps the client host when asked, routing by the x-app-mesh-virtual-service header', async () => {
    // Act
    const res = await get(gatewayPort, 'shop.example.com', '/cart');

    // Assess
    expect(res.status).toBe(200);
    expect(seen.at(-1)).toEqual({ path: '/cart', host: 'shop.example.com', header: 'api.local' });
    expect(await envoy.updatesRejected()).toBe(0);
  });
});
