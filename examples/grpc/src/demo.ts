import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServiceDiscoveryClient } from '@aws-sdk/client-servicediscovery';
import { apply, createAppMeshClient, plan, readMesh, shiftTraffic } from '@meshplane/core/appmesh';
import { ensureNamespace, ensureService, registerInstance } from '@meshplane/core/cloudmap';
import { startLocalEndpoint } from '@meshplane/local';
import { appMeshSource, createControlPlane } from '@meshplane/xds';
import { type ArtistsServer, startArtistsServer } from './artists-server.js';
import { type ClientResourceStatus, fetchClientStatus, startAdminServer } from './csds.js';
import { grpcMesh, NAMESPACE, SERVICE } from './mesh.js';
import {
  artistsClient,
  type CallOutcome,
  callArtists,
  registerXds,
  writeXdsBootstrap,
} from './xds-client.js';

/**
 * What {@link runGrpcDemo} observed through the proxyless client.
 *
 * @example
 * ```ts
 * import type { GrpcDemoResult } from './demo.js';
 * const share = (r: GrpcDemoResult) => r.split['artists-v2']! / r.calls;
 * ```
 */
export interface GrpcDemoResult {
  /** `List` calls sent, and their answers per backend (`artists-v1`, `artists-v2`; `error` for failures). */
  calls: number;
  split: Record<string, number>;
  /** `Flaky` (the backend refuses the first attempt with UNAVAILABLE): the outcome and attempts seen. */
  retry: { outcome: CallOutcome; attempts: number };
  /** `Slow` (the backend answers after 1 s; the route's timeout is 200 ms). */
  timeout: { outcome: CallOutcome; ms: number };
  /** `List` with metadata `x-canary: yes`, five times: which backends answered. */
  canary: string[];
  /** The client's CSDS: every xDS resource it holds and its status. */
  resources: ClientResourceStatus[];
  /** After the split route is shifted to 0/100 on the App Mesh API: calls until 20 in a row reached v2, and how long that took. */
  shift: { calls: number; ms: number; lastTwenty: string[] };
  /** NACKs the control plane received from the client. */
  nacks: number;
}

const answerOf = (o: CallOutcome) => (o.ok ? String(o.body.version) : `error ${o.code}`);

/**
 * Proxyless gRPC through meshplane: two real gRPC servers (`artists-v1`, `artists-v2`)
 * registered in the local Cloud Map (`@meshplane/local`), meshplane's control plane serving the
 * mesh (`grpcMesh`, 90/10) to gRPC clients (`grpcClients: true`) on a Unix socket, and a
 * `@grpc/grpc-js-xds` client bootstrapped (`GRPC_XDS_BOOTSTRAP`) as virtual node `client`
 * calling `xds:///artists.grpc.svc.cluster.local:50051`: routes, weights, retries and timeouts
 * come from the mesh with no proxy in between. Then the client's CSDS is read. Everything is
 * closed at the end, also on failure.
 *
 * @example
 * ```ts
 * import { runGrpcDemo } from './demo.js';
 * const result = await runGrpcDemo(400);
 * console.log(result.split, result.retry.outcome.ok); // { 'artists-v1': 361, 'artists-v2': 39 } true
 * ```
 */
export async function runGrpcDemo(calls = 1_000): Promise<GrpcDemoResult> {
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  try {
    const local = await startLocalEndpoint({ port: 0 });
    cleanups.push(() => local.close());
    const cloudMap = new ServiceDiscoveryClient({
      endpoint: local.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      disableHostPrefix: true,
    });
    cleanups.push(() => cloudMap.destroy());
    const backends = await startBackends(cloudMap, cleanups);
    // One socket path per process: gRPC reads its bootstrap once per process.
    const dir = await mkdtemp(join(tmpdir(), 'meshplane-grpc-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const socket = join(tmpdir(), `meshplane-grpc-${process.pid}.sock`);
    // The mesh lives in the local App Mesh API; the control plane reads it every 500 ms.
    const appMesh = createAppMeshClient({
      clientConfig: {
        endpoint: local.url,
        region: 'us-east-1',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      },
    });
    cleanups.push(() => appMesh.destroy());
    const model = grpcMesh({ v1: 90, v2: 10 });
    const applied = await apply(plan(model, await readMesh(appMesh, 'grpc-app')), { client: appMesh });
    if (applied.failed.length > 0)
      throw new Error(`applying grpc-app failed: ${applied.failed.map((f) => f.id)}`);
    const controlPlane = createControlPlane({
      source: appMeshSource({ meshName: 'grpc-app', appMesh: { client: appMesh }, intervalMs: 500 }),
      cloudMap: { client: cloudMap },
      socket,
      grpcClients: true,
      logger: () => {},
    });
    cleanups.push(() => controlPlane.close());
    await controlPlane.start();
    await writeXdsBootstrap(join(dir, 'bootstrap.json'), `unix://${socket}`, 'grpc-app', 'client');
    await registerXds();
    const admin = await startAdminServer();
    cleanups.push(() => admin.close());
    const client = artistsClient(`xds:///${SERVICE}:50051`);
    cleanups.push(() => client.close());

    const split: Record<string, number> = { 'artists-v1': 0, 'artists-v2': 0 };
    for (let i = 0; i < calls; i++) {
      const answer = answerOf(await callArtists(client, 'List'));
      split[answer] = (split[answer] ?? 0) + 1;
    }
    const retry = await callArtists(client, 'Flaky', { 'x-request-key': 'k1' });
    const t0 = performance.now();
    const slow = await callArtists(client, 'Slow');
    const ms = performance.now() - t0;
    const canary = await Promise.all(
      [1, 2, 3, 4, 5].map(() => callArtists(client, 'List', { 'x-canary': 'yes' })),
    );
    const resources = await fetchClientStatus(`127.0.0.1:${admin.port}`);
    const shift = await shiftAndFollow(appMesh, async () => answerOf(await callArtists(client, 'List')));
    return {
      calls,
      split,
      retry: { outcome: retry, attempts: backends.get('artists-v1')!.attempts.get('k1') ?? 0 },
      timeout: { outcome: slow, ms },
      canary: canary.map(answerOf),
      resources,
      shift,
      nacks: controlPlane.status().counters.nacks,
    };
  } finally {
    for (const c of cleanups.reverse()) await c();
  }
}

/** Starts both backends and registers them in Cloud Map (`version` attribute). */
async function startBackends(
  cloudMap: ServiceDiscoveryClient,
  cleanups: (() => Promise<unknown> | unknown)[],
): Promise<Map<string, ArtistsServer>> {
  const ns = await ensureNamespace({ client: cloudMap }, { name: NAMESPACE, type: 'HTTP' });
  const ids: Record<string, string> = {};
  for (const name of ['artists', 'client']) {
    ids[name] = (await ensureService({ client: cloudMap }, { namespaceId: ns.id, name })).id;
  }
  const backends = new Map<string, ArtistsServer>();
  for (const version of ['v1', 'v2']) {
    const server = await startArtistsServer(`artists-${version}`);
    cleanups.push(() => server.close());
    backends.set(server.name, server);
    await registerInstance(
      { client: cloudMap },
      {
        serviceId: ids.artists!,
        instanceId: server.name,
        attributes: { AWS_INSTANCE_IPV4: '127.0.0.1', AWS_INSTANCE_PORT: String(server.port), version },
      },
    );
  }
  return backends;
}

/** Shifts the split route to 0/100 on the App Mesh API and calls until 20 answers in a row come from v2 (10 s at most). */
async function shiftAndFollow(
  appMesh: ReturnType<typeof createAppMeshClient>,
  call: () => Promise<string>,
): Promise<{ calls: number; ms: number; lastTwenty: string[] }> {
  const t0 = performance.now();
  await shiftTraffic({
    client: appMesh,
    meshName: 'grpc-app',
    virtualRouterName: 'artists-router',
    routeName: 'split',
    weights: { 'artists-v1': 0, 'artists-v2': 100 },
  });
  const answers: string[] = [];
  while (performance.now() - t0 < 10_000) {
    answers.push(await call());
    const lastTwenty = answers.slice(-20);
    if (lastTwenty.length === 20 && lastTwenty.every((a) => a === 'artists-v2')) break;
  }
  return { calls: answers.length, ms: performance.now() - t0, lastTwenty: answers.slice(-20) };
}
