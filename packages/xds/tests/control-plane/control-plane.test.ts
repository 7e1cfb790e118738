import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ClientDuplexStream, credentials, makeGenericClientConstructor } from '@grpc/grpc-js';
import { defineMesh, dns, http, type MeshModel } from '@meshplane/core';
import { afterEach, describe, expect, it } from 'vitest';
import { djAppMesh } from '../../../../examples/dj-app/src/mesh.js';
import { TYPE_URLS } from '../../src/contract.js';
import { type ControlPlane, createControlPlane } from '../../src/control-plane/control-plane.js';
import { ControlPlaneError } from '../../src/control-plane/control-plane-error.js';
import type { ControlPlaneEvent } from '../../src/control-plane/control-plane-status.js';
import { MeshplaneXdsError } from '../../src/errors.js';
import { adsClientDefinition, type decodeSotwResponse, encodeSotwRequest } from '../../src/server/index.js';
import type { ModelSource, SourceReading } from '../../src/sources/model-source.js';
import { staticSource } from '../../src/sources/static-source.js';
import { adsClient } from '../support/ads-client.js';

const fixtures = join(import.meta.dirname, 'fixtures');
const shop = (port = 8080): MeshModel =>
  defineMesh({ name: 'shop', nodes: { web: { listeners: [http(port)], discovery: dns('web.shop.local') } } });

/** A source a test drives by hand. */
function manualSource(first: SourceReading): ModelSource & { push(r: SourceReading): void } {
  let listener: (r: SourceReading) => void = () => {};
  return {
    description: 'manual',
    async start(onReading) {
      listener = onReading;
      onReading(first);
    },
    async close() {},
    push: (r) => listener(r),
  };
}

describe('createControlPlane', () => {
  let cp: ControlPlane | undefined;
  afterEach(async () => {
    await cp?.close();
    cp = undefined;
  });

  it('refuses bad options naming each field, value and rule, all at once', () => {
    // Act
    let error: unknown;
    try {
      createControlPlane({
        source: {} as ModelSource,
        listen: 'localhost',
        status: '127.0.0.1:99999',
        tls: { cert: 'not a pem', key: Buffer.from('k') },
        socket: '',
        polling: { revisionIntervalMs: 10, fullRefreshMs: 5 },
      });
    } catch (e) {
      error = e;
    }
    // Assess
    expect(error).toBeInstanceOf(ControlPlaneError);
    expect(error).toBeInstanceOf(MeshplaneXdsError);
    expect((error as ControlPlaneError).code).toBe('INVALID_OPTIONS');
    expect((error as Error).message).toBe(
      'invalid control plane options: source {} must be a model source (fileSource, appMeshSource, s3Source or staticSource); ' +
        'polling.revisionIntervalMs 10 must be a number of milliseconds >= 50; polling.fullRefreshMs 5 must be a number of milliseconds >= 50; ' +
        'polling {"revisionIntervalMs":10,"fullRefreshMs":5} needs cloudMap (it sets how Cloud Map is polled); ' +
        'socket "" must be a file path; listen "localhost" must be host:port with a port from 0 to 65535, e.g. 127.0.0.1:15010; ' +
        'status "127.0.0.1:99999" must be host:port with a port from 0 to 65535, e.g. 127.0.0.1:15010; ' +
        'tls.cert "not a pem" must be a PEM certificate chain (string or Buffer)',
    );
  });

  it('refuses options valid only with others, never printing the TLS key or Cloud Map credentials', () => {
    // Prepare
    const source = staticSource(shop());
    const secret = 'wJalrXUtnFEMI/K7MDENG';
    const messageOf = (options: unknown) => {
      try {
        createControlPlane(options as never);
      } catch (e) {
        return (e as Error).message;
      }
      return 'no error';
    };
    // Act / Assess
    const tls = messageOf({
      source,
      socket: '/tmp/xds.sock',
      tls: { cert: '-----BEGIN x', key: `-----BEGIN ${secret}` },
    });
    expect(tls).toBe(
      'invalid control plane options: tls <hidden> needs listen (Unix sockets are always plain, as the App Mesh agent expects)',
    );
    const both = messageOf({
      source,
      listen: '127.0.0.1:0',
      cloudMap: { clientConfig: { credentials: { accessKeyId: 'AKIA', secretAccessKey: secret } } },
      endpoints: new Map(),
    });
    expect(both).toBe(
      'invalid control plane options: cloudMap <hidden> cannot be used together with endpoints: pick one',
    );
    expect(messageOf({ source, tls: { cert: 'x', key: secret } })).toBe(
      'invalid control plane options: socket undefined must be given when listen is not: the ADS server needs somewhere to listen (give socket, listen or both); ' +
        'tls.cert "x" must be a PEM certificate chain (string or Buffer); tls.key <hidden> must be a PEM private key (string or Buffer); ' +
        'tls <hidden> needs listen (Unix sockets are always plain, as the App Mesh agent expects)',
    );
    expect(messageOf(null)).toBe(
      'invalid control plane options: control plane options null must be an object',
    );
    expect([tls, both].join()).not.toContain(secret);
  });

  it('serves the model over TCP, answers an unknown node with the reason, and merges status', async () => {
    // Prepare
    cp = createControlPlane({
      source: staticSource(shop()),
      listen: '127.0.0.1:0',
      status: '127.0.0.1:0',
      logger: () => {},
    });
    const { port, statusUrl } = await cp.start();
    const ads = adsClient(`127.0.0.1:${port}`);
    // Act
    const known = ads.sotw();
    known.send({
      node: {
        id: 'arn:aws:appmesh:eu-west-1:111122223333:mesh/shop/virtualNode/web',
        cluster: 'c',
        userAgent: 'test',
      },
      typeUrl: TYPE_URLS.listener,
    });
    const listeners = await known.next();
    const unknown = ads.sotw();
    unknown.send({
      node: { id: 'mesh/shop/virtualNode/nope', cluster: 'c', userAgent: 'test' },
      typeUrl: TYPE_URLS.listener,
    });
    const ended = await unknown.ended;
    const status = (await (await fetch(`${statusUrl}/status`)).json()) as ReturnType<ControlPlane['status']>;
    const one = (await (await fetch(`${statusUrl}/status/mesh%2Fshop%2FvirtualNode%2Fweb`)).json()) as {
      served?: { modelVersion: string };
    };
    known.close();
    ads.close();
    // Assess
    expect(listeners.resources.length).toBeGreaterThan(0);
    expect(ended.details).toContain(
      'node id "mesh/shop/virtualNode/nope" is not a virtual node or virtual gateway of the model served',
    );
    expect(ended.details).toContain('known: mesh/shop/virtualNode/web');
    expect(status.controlPlane.model.version).toMatch(/^[0-9a-f]{16}$/);
    expect(status.controlPlane.source).toBe('static model');
    expect(status.nodes.map((n) => n.nodeId)).toContain('mesh/shop/virtualNode/web');
    expect(one.served?.modelVersion).toBe(status.controlPlane.model.version);
  });

  it('keeps the last good snapshot on a bad reading and says why (event, log line, status)', async () => {
    // Prepare
    const source = manualSource({ origin: 'v1', model: shop(8080), issues: [] });
    const events: ControlPlaneEvent[] = [];
    const lines: string[] = [];
    const dir = await mkdtemp(join(tmpdir(), 'xds-cp-'));
    cp = createControlPlane({
      source,
      socket: join(dir, 'xds.sock'),
      logger: (e) => lines.push(`${e.level} ${e.msg}`),
      onEvent: (e) => events.push(e),
    });
    await cp.start();
    const served = cp.cache.get('mesh/shop/virtualNode/web');
    // Act
    source.push({
      origin: 'v2',
      issues: [{ code: 'PARSE_ERROR', path: 'mesh.json', message: 'unexpected }', severity: 'error' }],
    });
    await cp.idle();
    const kept = cp.cache.get('mesh/shop/virtualNode/web');
    const lastError = cp.status().controlPlane.lastError;
    source.push({ origin: 'v3', model: shop(9090), issues: [] });
    await cp.idle();
    await cp.close();
    await rm(dir, { recursive: true, force: true });
    // Assess
    expect(kept).toBe(served);
    expect(lastError?.message).toMatch(
      /^cannot read v2: mesh\.json: unexpected \} \[PARSE_ERROR\]; Envoys keep model version [0-9a-f]{16}$/,
    );
    expect(lines.some((l) => l.startsWith('warn cannot read v2'))).toBe(true);
    expect(events.map((e) => e.type)).toEqual(['model-applied', 'model-rejected', 'model-applied']);
    expect(cp.cache.get('mesh/shop/virtualNode/web')).not.toBe(served);
    expect(cp.status().controlPlane.lastError).toBeUndefined();
  });

  it('a weight change pushes to the streams of the nodes it changes, and to no other', async () => {
    // Prepare
    const source = manualSource({ origin: 'v1', model: djAppMesh({ jazz: { v1: 90, v2: 10 } }), issues: [] });
    cp = createControlPlane({ source, listen: '127.0.0.1:0', endpoints: new Map(), logger: () => {} });
    const { port } = await cp.start();
    const ads = adsClient(`127.0.0.1:${port}`);
    const open = (id: string) => {
      const stream = ads.sotw();
      const node = { id: `mesh/dj-app/virtualNode/${id}`, cluster: 'c', userAgent: 'test' };
      return { stream, node };
    };
    const dj = open('dj');
    const jazz = open('jazz-v1');
    const routes = async ({ stream, node }: ReturnType<typeof open>) => {
      stream.send({ node, typeUrl: TYPE_URLS.routeConfiguration, resourceNames: ['rds_egress_http_15001'] });
      const r = await stream.next();
      stream.send({
        node,
        typeUrl: TYPE_URLS.routeConfiguration,
        resourceNames: ['rds_egress_http_15001'],
        versionInfo: r.versionInfo,
        responseNonce: r.nonce,
      });
      return r;
    };
    const first = await routes(dj);
    await routes(jazz);
    // Act
    source.push({ origin: 'v2', model: djAppMesh({ jazz: { v1: 50, v2: 50 } }), issues: [] });
    const update = await dj.stream.next();
    await cp.idle();
    // A response on a new stream of the same connection comes after anything the server wrote
    // to jazz-v1's stream before it (HTTP/2 frames arrive in order).
    await routes(open('jazz-v2'));
    const jazzPending = jazz.stream.pending();
    dj.stream.close();
    jazz.stream.close();
    ads.close();
    // Assess
    expect(update.typeUrl).toBe(TYPE_URLS.routeConfiguration);
    expect(update.versionInfo).not.toBe(first.versionInfo);
    expect(jazzPending).toBe(0);
    expect(
      cp.status().nodes.find((n) => n.nodeId === 'mesh/dj-app/virtualNode/jazz-v1')?.served?.modelVersion,
    ).toBe(cp.status().controlPlane.model.version);
  });

  it('listens with TLS when given a certificate and key', async () => {
    // Prepare
    const cert = readFileSync(join(fixtures, 'tls.crt'));
    const key = readFileSync(join(fixtures, 'tls.key'));
    cp = createControlPlane({
      source: staticSource(shop()),
      listen: '127.0.0.1:0',
      tls: { cert, key },
      logger: () => {},
    });
    const { port } = await cp.start();
    const Client = makeGenericClientConstructor(adsClientDefinition, 'AggregatedDiscoveryService');
    const client = new Client(`127.0.0.1:${port}`, credentials.createSsl(cert));
    // Act
    const call = (client as unknown as Record<string, () => ClientDuplexStream<Buffer, Buffer>>)
      .StreamAggregatedResources!();
    const first = new Promise<ReturnType<typeof decodeSotwResponse>>((resolve, reject) => {
      call.on('data', (d) => resolve(d as never));
      call.on('error', reject);
    });
    call.write(
      encodeSotwRequest({
        node: { id: 'mesh/shop/virtualNode/web', cluster: 'c', userAgent: 't' },
        typeUrl: TYPE_URLS.cluster,
      }),
    );
    const response = await first;
    call.cancel();
    client.close();
    // Assess
    expect(response.typeUrl).toBe(TYPE_URLS.cluster);
    expect(response.resources.length).toBeGreaterThan(0);
  });

  it('cannot be started twice', async () => {
    // Prepare
    cp = createControlPlane({ source: staticSource(shop()), listen: '127.0.0.1:0', logger: () => {} });
    await cp.start();
    // Act
    const error = await cp.start().catch((e: unknown) => e);
    // Assess
    expect(error).toBeInstanceOf(ControlPlaneError);
    expect((error as ControlPlaneError).code).toBe('ALREADY_STARTED');
  });
});
