import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { appMeshBootstrap } from '../../src/bootstrap/index.js';
import { createSnapshotCache, type MutableSnapshotCache } from '../../src/cache/index.js';
import { TYPE_URLS } from '../../src/contract.js';
import { type AdsServer, createAdsServer } from '../../src/server/index.js';
import {
  freePort,
  type RunningEnvoy,
  startEnvoy,
  startUpstream,
  stopAllEnvoys,
  until,
  waitForLive,
} from '../support/envoy.js';
import { smallSnapshot } from '../support/resources.js';

// A real Envoy (1.40, from PyPI) bootstrapped as the App Mesh image's agent would for
// APPMESH_XDS_ENDPOINT=unix://…, fed by the ADS server over that socket.

const NODE = 'mesh/m/virtualNode/front';
let dir: string;
let socket: string;
let cache: MutableSnapshotCache;
let server: AdsServer;
const logs: Record<string, unknown>[] = [];
let upstreams: Awaited<ReturnType<typeof startUpstream>>[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'meshplane-xds-'));
  socket = join(dir, 'xds.sock');
  cache = createSnapshotCache();
  server = createAdsServer({ cache, logger: (e) => logs.push(e) });
  await server.listen({ socket });
  upstreams = await Promise.all([startUpstream('blue'), startUpstream('green')]);
});
afterEach(stopAllEnvoys);
afterAll(async () => {
  await stopAllEnvoys();
  await server.close();
  await Promise.all(upstreams.map((u) => u.close()));
  rmSync(dir, { recursive: true, force: true });
});

const bootstrap = (nodeId: string, apiType: 'GRPC' | 'DELTA_GRPC' = 'GRPC') =>
  appMeshBootstrap({
    resourceArn: nodeId,
    xdsEndpoint: `unix://${socket}`,
    apiType,
    admin: { address: '127.0.0.1', port: 0 },
  });

async function get(port: number): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/`);
  return `${res.status} ${await res.text()}`;
}

async function serveAndStart(
  nodeId: string,
  apiType: 'GRPC' | 'DELTA_GRPC',
  weights: Record<string, number>,
) {
  const listenerPort = await freePort();
  const [blue, green] = upstreams;
  cache.set(
    nodeId,
    smallSnapshot({ listenerPort, upstreamPorts: { blue: [blue!.port], green: [green!.port] }, weights }),
  );
  const envoy = await startEnvoy(bootstrap(nodeId, apiType));
  await waitForLive(envoy);
  return { envoy, listenerPort };
}

const acked = (nodeId: string, typeUrl: string) => {
  const node = server.status().nodes.find((n) => n.nodeId === nodeId);
  const t = node?.types[typeUrl];
  return t !== undefined && t.lastAckedVersion === t.lastSentVersion && t.lastSentVersion !== undefined;
};

describe.each(['GRPC', 'DELTA_GRPC'] as const)('a real Envoy over %s', (apiType) => {
  it('reaches LIVE, routes to the EDS endpoints, rejects nothing, and follows a weight change', async () => {
    const nodeId = `${NODE}-${apiType}`;
    const { envoy, listenerPort } = await serveAndStart(nodeId, apiType, { blue: 1, green: 0 });
    expect(await get(listenerPort)).toBe('200 blue');
    expect(await envoy.updatesRejected()).toBe(0);
    const dump = await envoy.configDump();
    const listeners = JSON.stringify(dump.configs.find((c) => c['@type'].endsWith('ListenersConfigDump')));
    expect(listeners).toContain('lds_egress');
    // Weight change: everything to green, ACKed by Envoy, then seen on the wire.
    cache.set(
      nodeId,
      smallSnapshot({
        listenerPort,
        upstreamPorts: { blue: [upstreams[0]!.port], green: [upstreams[1]!.port] },
        weights: { blue: 0, green: 1 },
      }),
    );
    await until(() => acked(nodeId, TYPE_URLS.routeConfiguration), 5_000, 'the RDS update ACKed');
    expect(await get(listenerPort)).toBe('200 green');
    // An endpoint change (green now served by blue's port) reaches Envoy through EDS only.
    cache.set(
      nodeId,
      smallSnapshot({
        listenerPort,
        upstreamPorts: { blue: [upstreams[0]!.port], green: [upstreams[0]!.port] },
        weights: { blue: 0, green: 1 },
      }),
    );
    await until(async () => (await get(listenerPort)) === '200 blue', 5_000, 'the EDS update applied');
    expect(await envoy.updatesRejected()).toBe(0);
    // Cluster green leaves with the route that used it: Envoy ends with blue only, nothing rejected.
    cache.set(nodeId, smallSnapshot({ listenerPort, upstreamPorts: { blue: [upstreams[0]!.port] } }));
    await until(
      async () => !(await envoy.admin('/clusters')).includes('green::'),
      5_000,
      'cluster green removed',
    );
    expect(await get(listenerPort)).toBe('200 blue');
    expect(await envoy.updatesRejected()).toBe(0);
  });

  it('NACKs an invalid resource and the server surfaces Envoy error with the resource', async () => {
    const nodeId = `${NODE}-nack-${apiType}`;
    const { envoy, listenerPort } = await serveAndStart(nodeId, apiType, { blue: 1, green: 1 });
    // Valid proto, invalid for Envoy: a cluster with a negative... connect_timeout of 0 violates
    // the proto's validate rule `gt: {}` (Envoy's PGV check), so Envoy rejects the CDS update.
    const resources = smallSnapshot({
      listenerPort,
      upstreamPorts: { blue: [upstreams[0]!.port], green: [upstreams[1]!.port] },
    });
    const blue = resources.find((r) => r.typeUrl === TYPE_URLS.cluster && r.name === 'blue')!;
    blue.resource = { ...blue.resource, connectTimeout: '0s' };
    cache.set(nodeId, resources);
    await until(
      () =>
        server.status().nodes.find((n) => n.nodeId === nodeId)?.types[TYPE_URLS.cluster]?.lastNack !==
        undefined,
      5_000,
      'the NACK',
    );
    const nack = server.status().nodes.find((n) => n.nodeId === nodeId)!.types[TYPE_URLS.cluster]!.lastNack!;
    expect(nack.message).toMatch(/connect_timeout|ConnectTimeout/i);
    expect(nack.resourceNames).toContain('blue');
    expect(logs.some((l) => l.msg === 'xds NACK' && l.node === nodeId)).toBe(true);
    await until(async () => (await envoy.updatesRejected()) >= 1, 5_000, 'update_rejected counted');
    // Envoy keeps serving its last good configuration.
    expect(await get(listenerPort)).toMatch(/^200 (blue|green)$/);
  });
});

it('an unknown node id gets NOT_FOUND with the explanation, and Envoy stays un-initialized', async () => {
  const envoy: RunningEnvoy = await startEnvoy(bootstrap('mesh/m/virtualNode/nobody'));
  await until(
    () => logs.some((l) => l.msg === 'xds unknown node' && l.node === 'mesh/m/virtualNode/nobody'),
    5_000,
    'the unknown node logged',
  );
  const entry = logs.find((l) => l.msg === 'xds unknown node')!;
  expect(String(entry.reason)).toContain('mesh/m/virtualNode/nobody');
  const state = (JSON.parse(await envoy.admin('/server_info')) as { state: string }).state;
  expect(state).not.toBe('LIVE');
});
