import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { RegisterInstanceCommand } from '@aws-sdk/client-servicediscovery';
import { credentials, makeGenericClientConstructor, type ServiceError } from '@grpc/grpc-js';
import { type LocalEndpoint, startLocalEndpoint } from '@meshplane/local';
import { adsClientDefinition, encodeSotwRequest, TYPE_URLS } from '@meshplane/xds/internals';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { djAppMesh } from '../../../examples/dj-app/src/mesh.js';
import { startTaskXdsServer } from '../src/agent/index.js';
import { reachableNodes } from '../src/agent/node-scope.js';
import { xdsOptionsFrom } from '../src/agent/xds-command.js';
import { EcsInputError } from '../src/index.js';
import {
  credentials as awsCredentials,
  cloudMapClient,
  createService,
  eventually,
} from './support/cloud-map.js';

// Issue 11 item 1: the agent serves xDS to its own task's Envoy over a Unix socket, from the model
// and Cloud Map, polling only the services its node reaches.

const AdsClient = makeGenericClientConstructor(adsClientDefinition, 'AggregatedDiscoveryService');

/** One State-of-the-World request over the socket, as Envoy's first request: the response's resource count. */
async function askOnce(socket: string, nodeId: string, typeUrl: string): Promise<number> {
  const client = new AdsClient(`unix://${socket}`, credentials.createInsecure());
  try {
    const call = (client as unknown as Record<string, () => NodeJS.ReadWriteStream & { cancel(): void }>)
      .StreamAggregatedResources!();
    const response = new Promise<number>((done, fail) => {
      call.on('data', (r: { resources: unknown[] }) => done(r.resources.length));
      call.on('error', (e: ServiceError) => fail(e));
    });
    call.write(
      encodeSotwRequest({
        node: { id: nodeId, cluster: nodeId, userAgent: 'test' },
        typeUrl,
        resourceNames: [],
      }),
    );
    const count = await response;
    call.cancel();
    return count;
  } finally {
    client.close();
  }
}

describe('the agent as the per-task control plane', () => {
  let endpoint: LocalEndpoint;
  let dir: string;
  let model: string;

  beforeEach(async () => {
    endpoint = await startLocalEndpoint({ port: 0 });
    dir = await mkdtemp(join(tmpdir(), 'meshplane-task-xds-'));
    model = join(dir, 'dj-app.json');
    await writeFile(model, JSON.stringify(djAppMesh()));
    const client = cloudMapClient(endpoint.url);
    const jazz = await createService(client, 'prod.svc.cluster.local', 'jazz');
    await client.send(
      new RegisterInstanceCommand({
        ServiceId: jazz,
        InstanceId: 'jazz-1',
        Attributes: { AWS_INSTANCE_IPV4: '10.0.0.7', AWS_INSTANCE_PORT: '9080', version: 'v1' },
      }),
    );
  });

  afterEach(async () => {
    await endpoint.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('finds the nodes a node reaches through its backends and routers', () => {
    // Assess
    expect([...reachableNodes(djAppMesh(), 'mesh/dj-app/virtualNode/dj')].sort()).toEqual([
      'jazz-v1',
      'jazz-v2',
      'metal-v1',
      'metal-v2',
    ]);
    expect([
      ...reachableNodes(
        djAppMesh(),
        'arn:aws:appmesh:us-east-1:111122223333:mesh/dj-app/virtualNode/jazz-v1',
      ),
    ]).toEqual([]);
  });

  it('serves its node over the socket and polls Cloud Map only for what that node reaches', async () => {
    // Act
    const socket = join(dir, 'xds.sock');
    const dj = await startTaskXdsServer({
      socket,
      model,
      node: 'mesh/dj-app/virtualNode/dj',
      cloudMap: { client: cloudMapClient(endpoint.url) },
      revisionIntervalMs: 100,
      fullRefreshMs: 200,
      logger: () => {},
    });
    const jazzSocket = join(dir, 'jazz.sock');
    const jazz = await startTaskXdsServer({
      socket: jazzSocket,
      model,
      node: 'mesh/dj-app/virtualNode/jazz-v1',
      cloudMap: { client: cloudMapClient(endpoint.url) },
      revisionIntervalMs: 100,
      fullRefreshMs: 200,
      logger: () => {},
    });
    try {
      // Assess: Envoy's first requests are answered over the socket
      expect(existsSync(socket)).toBe(true);
      expect(await askOnce(socket, 'mesh/dj-app/virtualNode/dj', TYPE_URLS.listener)).toBeGreaterThan(0);
      expect(await askOnce(socket, 'mesh/dj-app/virtualNode/dj', TYPE_URLS.cluster)).toBeGreaterThan(0);
      // dj's Envoy reaches the jazz and metal services; jazz-v1's reaches none, so its agent polls
      // nothing (one control plane for the whole mesh would poll both for dj's sake)
      await eventually(
        async () => dj.status().controlPlane.cloudMap.stats.services,
        (n) => n === 2,
      );
      expect(dj.status().controlPlane.cloudMap.services.map((s) => s.service)).toEqual([
        'prod.svc.cluster.local/jazz',
        'prod.svc.cluster.local/metal',
      ]);
      expect(jazz.status().controlPlane.cloudMap.stats).toMatchObject({
        services: 0,
        discoverCalls: 0,
        revisionCalls: 0,
      });
    } finally {
      await Promise.all([dj.close(), jazz.close()]);
    }
  });

  it('refuses bad settings at once, naming each', async () => {
    // Act / Assess
    await expect(
      startTaskXdsServer({ socket: 'relative.sock', model: 'mesh.json', node: 'dj', revisionIntervalMs: 5 }),
    ).rejects.toSatisfy(
      (e: unknown) =>
        e instanceof EcsInputError &&
        e.issues.map((i) => i.path).join() === 'socket,model,node,revisionIntervalMs',
    );
    expect(() =>
      xdsOptionsFrom({ MESHPLANE_XDS_SOCKET: '/s', MESHPLANE_XDS_REVISION_INTERVAL_MS: 'x' }),
    ).toThrow(EcsInputError);
    expect(xdsOptionsFrom({})).toBeUndefined();
  });

  it('runs as the meshplane-xds container: socket up, SIGTERM closes it and exits 0', async () => {
    // Prepare: the environment meshTaskDefinition gives the container
    const socket = join(dir, 'task.sock');
    const bin = resolve(import.meta.dirname, '../src/agent/bin.ts');
    const child = spawn(process.execPath, ['--conditions=@meshplane/source', '--import', 'tsx', bin], {
      env: {
        ...process.env,
        MESHPLANE_XDS_SOCKET: socket,
        MESHPLANE_XDS_MODEL: model,
        MESHPLANE_XDS_NODE: 'mesh/dj-app/virtualNode/dj',
        MESHPLANE_XDS_REVISION_INTERVAL_MS: '200',
        MESHPLANE_XDS_FULL_REFRESH_MS: '1000',
        MESHPLANE_CLOUDMAP_ENDPOINT: endpoint.url,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: awsCredentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: awsCredentials.secretAccessKey,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    try {
      // Act
      await eventually(
        async () => output,
        (text) => text.includes('"type":"xds-serving"') || child.exitCode !== null,
      );
      expect(output).toContain('"type":"xds-serving"');
      expect(await askOnce(socket, 'mesh/dj-app/virtualNode/dj', TYPE_URLS.listener)).toBeGreaterThan(0);
      child.kill('SIGTERM');
      // Assess
      expect(await exited, output).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
