import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceEndpoints } from '../../src/contract.js';
import { translateNode } from '../../src/translate/index.js';
import { freePort, type RunningEnvoy, startEnvoy, stopAllEnvoys, waitForLive } from '../support/envoy.js';
import { cloudMap, listener, model, r, sec, to } from './support/model.js';
import { staticBootstrap } from './support/static-bootstrap.js';

// The translated configuration on a real Envoy (static bootstrap: the same listeners, route
// configurations and clusters, EDS given inline): the ingress listener reaches the local app,
// the egress listener routes by Host, honours weights and header matches, retries with App
// Mesh's default policy and answers 404 for hosts the node may not reach (DROP_ALL).

interface Upstream {
  port: number;
  hits: string[];
  close(): Promise<void>;
}

/** An upstream answering its name; `failFirst` requests get a 503 first. */
async function upstream(name: string, failFirst = 0): Promise<Upstream> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(req.url ?? '');
    if (hits.length <= failFirst) {
      res.statusCode = 503;
      res.end('unavailable');
    } else res.end(name);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    hits,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function get(
  port: number,
  host: string,
  path = '/',
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host, ...headers } }, (res) => {
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

let envoy: RunningEnvoy;
let app: Upstream;
let canary: Upstream;
let stable: Upstream;
let flaky: Upstream;
const ports = { ingress: 0, egress: 0 };

beforeAll(async () => {
  app = await upstream('front-app');
  canary = await upstream('canary');
  stable = await upstream('stable');
  flaky = await upstream('flaky', 1);
  ports.ingress = await freePort();
  ports.egress = await freePort();
  const m = model(
    r.node('front', {
      listeners: [listener(app.port, 'http', { timeout: { http: { perRequest: sec(5) } } })],
      serviceDiscovery: cloudMap('front'),
      backends: ['api', 'flaky'].map((virtualServiceName) => ({ virtualService: { virtualServiceName } })),
    }),
    r.node('stable', { listeners: [listener(8080)], serviceDiscovery: cloudMap('api', { track: 'stable' }) }),
    r.node('canary', { listeners: [listener(8080)], serviceDiscovery: cloudMap('api', { track: 'canary' }) }),
    r.node('flaky', { listeners: [listener(8080)], serviceDiscovery: cloudMap('flaky') }),
    r.node('elsewhere', { listeners: [listener(8080)], serviceDiscovery: cloudMap('elsewhere') }),
    r.router('rt', { listeners: [listener(8080)] }),
    r.route('rt', 'canary-header', {
      priority: 0,
      httpRoute: {
        match: { prefix: '/', headers: [{ name: 'x-track', match: { exact: 'canary' } }] },
        action: to({ canary: 1 }),
      },
    }),
    r.route('rt', 'all', { httpRoute: { match: { prefix: '/' }, action: to({ stable: 100, canary: 0 }) } }),
    r.service('api', { virtualRouter: { virtualRouterName: 'rt' } }),
    r.service('flaky', { virtualNode: { virtualNodeName: 'flaky' } }),
    r.service('elsewhere', { virtualNode: { virtualNodeName: 'elsewhere' } }),
  );
  const inst = (id: string, port: number, attributes: Record<string, string>) => ({
    instanceId: id,
    address: '127.0.0.1',
    port,
    health: 'HEALTHY' as const,
    attributes,
  });
  const endpoints = new Map<string, ServiceEndpoints>([
    [
      'ns/api',
      {
        namespaceName: 'ns',
        serviceName: 'api',
        instances: [inst('s', stable.port, { track: 'stable' }), inst('c', canary.port, { track: 'canary' })],
      },
    ],
    ['ns/flaky', { namespaceName: 'ns', serviceName: 'flaky', instances: [inst('f', flaky.port, {})] }],
  ]);
  const result = translateNode({ model: m, endpoints }, 'mesh/m/virtualNode/front', {
    ingressPort: ports.ingress,
    egressPort: ports.egress,
    listenerAddress: '127.0.0.1',
  });
  expect(result.issues).toEqual([]);
  envoy = await startEnvoy(staticBootstrap(result.resources, result.resourceId));
  await waitForLive(envoy);
}, 30_000);

afterAll(async () => {
  await stopAllEnvoys();
  await Promise.all([app, canary, stable, flaky].map((u) => u?.close()));
});

describe('translated configuration on a real Envoy', () => {
  it('the ingress listener reaches the local app', async () => {
    // Act
    const res = await get(ports.ingress, 'front');

    // Assess
    expect(res).toEqual({ status: 200, body: 'front-app' });
  });

  it('the egress listener routes by Host, weights and header matches', async () => {
    // Act
    const plain = await Promise.all([1, 2, 3, 4, 5].map(() => get(ports.egress, 'api')));
    const withPort = await get(ports.egress, 'api:8080');
    const header = await get(ports.egress, 'api', '/', { 'x-track': 'canary' });

    // Assess: weight 100/0 sends everything to stable; the header route wins by priority.
    expect(plain.map((x) => x.body)).toEqual(['stable', 'stable', 'stable', 'stable', 'stable']);
    expect(withPort.body).toBe('stable');
    expect(header).toEqual({ status: 200, body: 'canary' });
  });

  it("retries a 503 with App Mesh's default policy", async () => {
    // Act
    const res = await get(ports.egress, 'flaky', '/once');

    // Assess
    expect(res).toEqual({ status: 200, body: 'flaky' });
    expect(flaky.hits).toEqual(['/once', '/once']);
  });

  it('answers 404 for a virtual service that is not a backend (DROP_ALL), and nothing was rejected', async () => {
    // Act
    const res = await get(ports.egress, 'elsewhere');

    // Assess
    expect(res.status).toBe(404);
    expect(await envoy.updatesRejected()).toBe(0);
  });
});
