import type { ServiceDiscoveryClient } from '@aws-sdk/client-servicediscovery';
import { type LocalEndpoint, startLocalEndpoint } from '@meshplane/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createCloudMapClient,
  createDiscovery,
  type Discovery,
  deregisterInstance,
  ensureNamespace,
  ensureService,
  registerInstance,
  setInstanceHealth,
} from '../../src/cloudmap/index.js';
import { createRouter, type MeshRouter, NoHealthyEndpointError } from '../../src/router/index.js';
import { meshModel, node, route, router, service, startUpstream, type Upstream } from './helpers.js';

// The router against the real Cloud Map API of the local endpoint, over HTTP with the AWS SDK.
const NS = 'prod.svc.cluster.local';
const SVC = `jazz.${NS}`;

let endpoint: LocalEndpoint;
let client: ServiceDiscoveryClient;
let discovery: Discovery;
let meshRouter: MeshRouter;
let serviceId: string;
const upstreams: Upstream[] = [];

beforeAll(async () => {
  endpoint = await startLocalEndpoint({ port: 0 });
  client = createCloudMapClient({
    clientConfig: {
      endpoint: endpoint.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      disableHostPrefix: true,
    },
  });
  const ns = await ensureNamespace({ client }, { name: NS, type: 'HTTP' });
  serviceId = (await ensureService({ client }, { namespaceId: ns.id, name: 'jazz', customHealth: true })).id;
  for (const name of ['a', 'b']) {
    const u = await startUpstream((_req, res) => {
      res.writeHead(200);
      res.end(name);
    });
    upstreams.push(u);
    await registerInstance(
      { client },
      {
        serviceId,
        instanceId: `jazz-v1-${name}`,
        attributes: { AWS_INSTANCE_IPV4: '127.0.0.1', AWS_INSTANCE_PORT: String(u.port), version: 'v1' },
      },
    );
  }
  discovery = createDiscovery({ client }, { ttlMs: 60_000, fullRefreshMs: 0 });
  const model = meshModel(
    [SVC],
    [
      node('jazz-v1', {
        serviceDiscovery: {
          awsCloudMap: {
            namespaceName: NS,
            serviceName: 'jazz',
            attributes: [{ key: 'version', value: 'v1' }],
          },
        },
      }),
      router('jazz-router'),
      route('jazz-router', 'jazz-route', {
        httpRoute: {
          match: { prefix: '/' },
          action: { weightedTargets: [{ virtualNode: 'jazz-v1', weight: 1 }] },
        },
      }),
      service(SVC, { router: 'jazz-router' }),
    ],
  );
  meshRouter = createRouter({ model, sourceNode: 'client', discovery, defaultRetryPolicy: 'none' });
});

afterAll(async () => {
  await meshRouter?.close();
  discovery?.close();
  client?.destroy();
  await Promise.all(upstreams.map((u) => u.close()));
  await endpoint?.close();
});

const answers = async (n: number) => {
  const seen: string[] = [];
  for (let i = 0; i < n; i++) seen.push(await (await meshRouter.fetch(`http://${SVC}:9080/`)).text());
  return seen.sort();
};

describe('router with Cloud Map discovery on the local endpoint', () => {
  it('discovers the registered instances on a cold cache and spreads requests round-robin', async () => {
    // Act
    const seen = await answers(4);
    // Assess
    expect(seen).toEqual(['a', 'a', 'b', 'b']);
  });

  it('stops sending to an instance marked UNHEALTHY once discovery refreshes', async () => {
    // Prepare
    await setInstanceHealth({ client }, { serviceId, instanceId: 'jazz-v1-b', status: 'UNHEALTHY' });
    await discovery.refreshAll();
    // Act
    const seen = await answers(4);
    // Assess
    expect(seen).toEqual(['a', 'a', 'a', 'a']);
  });

  it('fails with NoHealthyEndpointError naming the node and its Cloud Map query when none is left', async () => {
    // Prepare
    await deregisterInstance({ client }, { serviceId, instanceId: 'jazz-v1-a' });
    await discovery.refreshAll();
    // Act
    const error = await meshRouter.fetch(`http://${SVC}:9080/`).catch((e: unknown) => e);
    // Assess
    expect(error).toBeInstanceOf(NoHealthyEndpointError);
    expect((error as Error).message).toMatch(
      /no healthy endpoint for virtual node "jazz-v1" \(Cloud Map prod.svc.cluster.local\/jazz \(version=v1\)\)/,
    );
  });
});
