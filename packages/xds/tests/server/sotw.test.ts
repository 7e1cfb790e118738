import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSnapshotCache, type MutableSnapshotCache } from '../../src/cache/index.js';
import { TYPE_URLS } from '../../src/contract.js';
import { decodeResource } from '../../src/protos/index.js';
import { type AdsServer, createAdsServer, type StatusEvent } from '../../src/server/index.js';
import { adsClient } from '../support/ads-client.js';
import { smallSnapshot } from '../support/resources.js';

const NODE = 'mesh/m/virtualNode/a';
const node = { id: NODE, cluster: 'c', userAgent: '' };
let cache: MutableSnapshotCache;
let server: AdsServer;
let client: ReturnType<typeof adsClient>;
const logs: Record<string, unknown>[] = [];

beforeEach(async () => {
  logs.length = 0;
  cache = createSnapshotCache();
  cache.set(NODE, smallSnapshot({ listenerPort: 10000, upstreamPorts: { a: [1001], b: [1002] } }));
  server = createAdsServer({ cache, logger: (e) => logs.push(e) });
  const { port } = await server.listen({ address: '127.0.0.1:0' });
  client = adsClient(`127.0.0.1:${port}`);
});
afterEach(async () => {
  client.close();
  await server.close();
});

describe('State of the World', () => {
  it('answers a wildcard CDS request with every cluster, versioned by content, and stays quiet on ACK', async () => {
    const stream = client.sotw();
    stream.send({ node, typeUrl: TYPE_URLS.cluster });
    const res = await stream.next();
    expect(res.typeUrl).toBe(TYPE_URLS.cluster);
    expect(res.versionInfo).toBe(cache.get(NODE)!.versions[TYPE_URLS.cluster]);
    expect(res.resources.map((r) => decodeResource(r.typeUrl, r.bytes).name)).toEqual(['a', 'b']);
    stream.send({ typeUrl: TYPE_URLS.cluster, versionInfo: res.versionInfo, responseNonce: res.nonce });
    // Named EDS: only the named resource.
    stream.send({ typeUrl: TYPE_URLS.clusterLoadAssignment, resourceNames: ['b'] });
    const eds = await stream.next();
    expect(eds.resources.map((r) => decodeResource(r.typeUrl, r.bytes).cluster_name)).toEqual(['b']);
    await expect.poll(() => server.status().counters.acks).toBe(1);
    expect(stream.pending()).toBe(0);
    const status = server.status().nodes[0]!;
    expect(status.types[TYPE_URLS.cluster]!.lastAckedVersion).toBe(res.versionInfo);
    stream.close();
  });

  it('pushes a change in ADS order (CDS before EDS, LDS before RDS), only for the types that changed', async () => {
    const stream = client.sotw();
    const acked: Record<string, string> = {};
    for (const [typeUrl, names] of [
      [TYPE_URLS.cluster, []],
      [TYPE_URLS.clusterLoadAssignment, ['a', 'b']],
      [TYPE_URLS.listener, []],
      [TYPE_URLS.routeConfiguration, ['rds_egress']],
    ] as const) {
      stream.send({ node, typeUrl, resourceNames: [...names] });
      const res = await stream.next();
      acked[typeUrl] = res.nonce;
      stream.send({
        typeUrl,
        resourceNames: [...names],
        versionInfo: res.versionInfo,
        responseNonce: res.nonce,
      });
    }
    // A new cluster c: CDS, EDS (unchanged names: nothing), RDS (weights) change.
    cache.set(
      NODE,
      smallSnapshot({ listenerPort: 10000, upstreamPorts: { a: [1001], b: [1002], c: [1003] } }),
    );
    const first = await stream.next();
    const second = await stream.next();
    expect([first.typeUrl, second.typeUrl]).toEqual([TYPE_URLS.cluster, TYPE_URLS.routeConfiguration]);
    expect(first.resources).toHaveLength(3);
    // Only the endpoints of b change: one EDS response, nothing else.
    cache.set(
      NODE,
      smallSnapshot({ listenerPort: 10000, upstreamPorts: { a: [1001], b: [1009], c: [1003] } }),
    );
    const third = await stream.next();
    expect(third.typeUrl).toBe(TYPE_URLS.clusterLoadAssignment);
    expect(third.resources.map((r) => decodeResource(r.typeUrl, r.bytes).cluster_name)).toEqual(['a', 'b']);
    // The same content again notifies nobody.
    cache.set(
      NODE,
      smallSnapshot({ listenerPort: 10000, upstreamPorts: { a: [1001], b: [1009], c: [1003] } }),
    );
    stream.send({
      typeUrl: TYPE_URLS.clusterLoadAssignment,
      resourceNames: ['a', 'b'],
      versionInfo: third.versionInfo,
      responseNonce: third.nonce,
    });
    await expect
      .poll(() => server.status().nodes[0]!.types[TYPE_URLS.clusterLoadAssignment]!.lastAckedVersion)
      .toBe(third.versionInfo);
    expect(stream.pending()).toBe(0);
    stream.close();
  });

  it('keeps a removed cluster until the routes that used it are ACKed (make before break)', async () => {
    const stream = client.sotw();
    const ack = (r: { versionInfo: string; nonce: string; typeUrl: string }, resourceNames: string[] = []) =>
      stream.send({ typeUrl: r.typeUrl, resourceNames, versionInfo: r.versionInfo, responseNonce: r.nonce });
    for (const [typeUrl, names] of [
      [TYPE_URLS.cluster, []],
      [TYPE_URLS.listener, []],
      [TYPE_URLS.routeConfiguration, ['rds_egress']],
    ] as const) {
      stream.send({ node, typeUrl, resourceNames: [...names] });
      ack(await stream.next(), [...names]);
    }
    await expect.poll(() => server.status().counters.acks).toBe(3);
    // b leaves: the routes move to a only, and cluster b goes.
    cache.set(NODE, smallSnapshot({ listenerPort: 10000, upstreamPorts: { a: [1001] } }));
    const transitional = await stream.next();
    const routes = await stream.next();
    expect(transitional.typeUrl).toBe(TYPE_URLS.cluster);
    expect(transitional.resources.map((r) => decodeResource(r.typeUrl, r.bytes).name)).toEqual(['a', 'b']);
    expect(routes.typeUrl).toBe(TYPE_URLS.routeConfiguration);
    ack(transitional);
    await expect.poll(() => server.status().counters.acks).toBe(4);
    expect(stream.pending()).toBe(0); // not before the routes are ACKed
    ack(routes, ['rds_egress']);
    const final = await stream.next();
    expect(final.typeUrl).toBe(TYPE_URLS.cluster);
    expect(final.resources.map((r) => decodeResource(r.typeUrl, r.bytes).name)).toEqual(['a']);
    expect(final.versionInfo).toBe(cache.get(NODE)!.versions[TYPE_URLS.cluster]);
    stream.close();
  });

  it('records a NACK with Envoy error and the resources, logs one line, and never re-sends the same version', async () => {
    const stream = client.sotw();
    stream.send({ node, typeUrl: TYPE_URLS.cluster });
    const res = await stream.next();
    for (let i = 0; i < 20; i++) {
      stream.send({
        typeUrl: TYPE_URLS.cluster,
        versionInfo: '',
        responseNonce: res.nonce,
        errorDetail: { code: 3, message: `Proto constraint validation failed (try ${i})` },
      });
    }
    await expect.poll(() => server.status().counters.nacks).toBe(20);
    expect(stream.pending()).toBe(0);
    const nack = server.status().nodes[0]!.types[TYPE_URLS.cluster]!.lastNack!;
    expect(nack).toMatchObject({
      version: res.versionInfo,
      nonce: res.nonce,
      code: 3,
      resourceNames: ['a', 'b'],
    });
    expect(nack.message).toContain('Proto constraint validation failed');
    expect(logs.filter((l) => l.msg === 'xds NACK')).toHaveLength(20);
    expect(logs[0]).toMatchObject({
      level: 'warn',
      node: NODE,
      type: TYPE_URLS.cluster,
      resources: ['a', 'b'],
    });
    // A new snapshot is sent again.
    cache.set(NODE, smallSnapshot({ listenerPort: 10000, upstreamPorts: { a: [1001] } }));
    const next = await stream.next();
    expect(next.versionInfo).not.toBe(res.versionInfo);
    stream.close();
  });

  it('tells onEvent as each response is sent and ACKed', async () => {
    const events: StatusEvent[] = [];
    const watched = createAdsServer({ cache, logger: () => {}, onEvent: (e) => events.push(e) });
    const { port } = await watched.listen({ address: '127.0.0.1:0' });
    const own = adsClient(`127.0.0.1:${port}`);
    const stream = own.sotw();
    stream.send({ node, typeUrl: TYPE_URLS.listener });
    const res = await stream.next();
    stream.send({ typeUrl: TYPE_URLS.listener, versionInfo: res.versionInfo, responseNonce: res.nonce });
    await expect.poll(() => events.length).toBe(2);
    expect(events).toEqual([
      { kind: 'sent', nodeId: NODE, typeUrl: TYPE_URLS.listener, version: res.versionInfo, nonce: res.nonce },
      { kind: 'ack', nodeId: NODE, typeUrl: TYPE_URLS.listener, version: res.versionInfo },
    ]);
    stream.close();
    own.close();
    await watched.close();
  });

  it('ignores a request with a stale nonce', async () => {
    const stream = client.sotw();
    stream.send({ node, typeUrl: TYPE_URLS.cluster });
    const res = await stream.next();
    stream.send({
      typeUrl: TYPE_URLS.cluster,
      responseNonce: 'not-ours',
      errorDetail: { code: 3, message: 'x' },
    });
    stream.send({ typeUrl: TYPE_URLS.cluster, versionInfo: res.versionInfo, responseNonce: res.nonce });
    await expect.poll(() => server.status().counters.acks).toBe(1);
    expect(server.status().counters.nacks).toBe(0);
    stream.close();
  });

  it('an Envoy that reconnects with the current version is not sent it again', async () => {
    const first = client.sotw();
    first.send({ node, typeUrl: TYPE_URLS.cluster });
    const res = await first.next();
    first.close();
    const second = client.sotw();
    second.send({ node, typeUrl: TYPE_URLS.cluster, versionInfo: res.versionInfo, responseNonce: res.nonce });
    cache.set(NODE, smallSnapshot({ listenerPort: 10000, upstreamPorts: { a: [1001] } }));
    const next = await second.next();
    expect(next.versionInfo).toBe(cache.get(NODE)!.versions[TYPE_URLS.cluster]);
    expect(next.resources).toHaveLength(1);
    second.close();
  });

  it('a full App Mesh ARN is the same node as its resource id', async () => {
    const stream = client.sotw();
    stream.send({
      node: { ...node, id: 'arn:aws:appmesh:eu-west-1:111122223333:mesh/m/virtualNode/a' },
      typeUrl: TYPE_URLS.listener,
    });
    const res = await stream.next();
    expect(res.resources).toHaveLength(1);
    stream.close();
  });
});
