import { status as GrpcStatus } from '@grpc/grpc-js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSnapshotCache, type MutableSnapshotCache } from '../../src/cache/index.js';
import { type SnapshotCache, TYPE_URLS } from '../../src/contract.js';
import { type AdsServer, createAdsServer } from '../../src/server/index.js';
import { sharedSubscriptionCount } from '../../src/server/select.js';
import { adsClient } from '../support/ads-client.js';
import { smallSnapshot } from '../support/resources.js';

// Bad input on the wire gets a clear status and never takes the server down or stops it serving
// the other streams.

const NODE = 'mesh/m/virtualNode/a';
const node = { id: NODE, cluster: 'c', userAgent: '' };
let cache: MutableSnapshotCache;
let server: AdsServer;
let client: ReturnType<typeof adsClient>;
const logs: Record<string, unknown>[] = [];

beforeEach(async () => {
  logs.length = 0;
  cache = createSnapshotCache();
  cache.set(NODE, smallSnapshot({ listenerPort: 10000, upstreamPorts: { a: [1001] } }));
  server = createAdsServer({ cache, logger: (e) => logs.push(e), maxReceiveMessageBytes: 64 * 1024 });
  const { port } = await server.listen({ address: '127.0.0.1:0' });
  client = adsClient(`127.0.0.1:${port}`);
});
afterEach(async () => {
  client.close();
  await server.close();
});

/** A well-behaved stream, opened before the bad one, must keep working after it. */
async function healthyStream() {
  const stream = client.sotw();
  stream.send({ node, typeUrl: TYPE_URLS.cluster });
  const res = await stream.next();
  stream.send({ typeUrl: TYPE_URLS.cluster, versionInfo: res.versionInfo, responseNonce: res.nonce });
  return {
    stream,
    async stillServed() {
      cache.set(
        NODE,
        smallSnapshot({ listenerPort: 10000, upstreamPorts: { a: [1001], [`x${Date.now()}`]: [1] } }),
      );
      const next = await stream.next();
      expect(next.typeUrl).toBe(TYPE_URLS.cluster);
    },
  };
}

describe('hostile input', () => {
  it('malformed request bytes: INTERNAL with the decoding error', async () => {
    const healthy = await healthyStream();
    const bad = client.sotw();
    bad.sendRaw(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]));
    const ended = await bad.ended;
    expect(ended.code).toBe(GrpcStatus.INTERNAL);
    expect(ended.details).toMatch(/^Error deserializing request/);
    await healthy.stillServed();
    healthy.stream.close();
  });

  it('an oversized request: RESOURCE_EXHAUSTED', async () => {
    const healthy = await healthyStream();
    const bad = client.sotw();
    bad.send({
      node,
      typeUrl: TYPE_URLS.clusterLoadAssignment,
      resourceNames: Array.from({ length: 10_000 }, (_, i) => `cluster-${i}`),
    });
    const ended = await bad.ended;
    expect(ended.code).toBe(GrpcStatus.RESOURCE_EXHAUSTED);
    expect(ended.details).toMatch(/larger than max/i);
    await healthy.stillServed();
    healthy.stream.close();
  });

  it('an unknown type URL: INVALID_ARGUMENT naming it and the served types', async () => {
    const bad = client.delta();
    bad.send({ node, typeUrl: 'type.googleapis.com/envoy.api.v2.Cluster' });
    const ended = await bad.ended;
    expect(ended.code).toBe(GrpcStatus.INVALID_ARGUMENT);
    expect(ended.details).toContain(
      'type_url "type.googleapis.com/envoy.api.v2.Cluster" is not served by this ADS server; served: ',
    );
    expect(ended.details).toContain(TYPE_URLS.cluster);
    expect(server.status().counters.badRequests).toBe(1);
  });

  it('a first request without node.id: INVALID_ARGUMENT', async () => {
    const bad = client.sotw();
    bad.send({ typeUrl: TYPE_URLS.cluster });
    expect(await bad.ended).toEqual({
      code: GrpcStatus.INVALID_ARGUMENT,
      details: 'the first DiscoveryRequest on a stream must carry node.id',
    });
  });

  it('an unknown node: NOT_FOUND with explainUnknown text, logged once', async () => {
    const bad = client.sotw();
    bad.send({ node: { ...node, id: 'mesh/m/virtualNode/ghost' }, typeUrl: TYPE_URLS.cluster });
    expect(await bad.ended).toEqual({
      code: GrpcStatus.NOT_FOUND,
      details: cache.explainUnknown('mesh/m/virtualNode/ghost'),
    });
    expect(logs.filter((l) => l.msg === 'xds unknown node')).toEqual([
      expect.objectContaining({
        level: 'warn',
        node: 'mesh/m/virtualNode/ghost',
        reason: expect.stringContaining('known node ids (1): mesh/m/virtualNode/a'),
      }),
    ]);
  });

  it('two thousand reconnects leave no watch and no stream behind, and a steady stream is still served', async () => {
    const healthy = await healthyStream();
    for (let round = 0; round < 20; round++) {
      await Promise.all(
        Array.from({ length: 100 }, async (_, i) => {
          const s = round % 2 === 0 ? client.sotw() : client.delta();
          s.send({ node, typeUrl: TYPE_URLS.listener });
          await s.next();
          if (i % 2 === 0) s.close();
          else s.sendRaw(Buffer.from([0xff]));
          await s.ended;
        }),
      );
    }
    healthy.stream.close();
    await expect.poll(() => server.status().counters.activeStreams).toBe(0);
    expect(cache.watchCount()).toBe(0);
    expect(server.status().counters.streamsOpened).toBe(2001);
    expect(server.status().nodes[0]!.activeStreams).toBe(0);
    const again = await healthyStream();
    await again.stillServed();
    again.stream.close();
  });

  it('a snapshot entry that cannot be encoded ends only that stream, with INTERNAL and the reason', async () => {
    // A SnapshotCache other than createSnapshotCache: entries without bytes, one of them invalid.
    const good = cache.get(NODE)!;
    const broken = {
      ...good,
      resources: {
        ...good.resources,
        [TYPE_URLS.cluster]: new Map([
          [
            'bad',
            {
              version: 'v1',
              resource: {
                name: 'bad',
                typeUrl: TYPE_URLS.cluster,
                resource: { '@type': TYPE_URLS.cluster, name: 'bad', typo: 1 },
              },
            },
          ],
        ]),
      },
    };
    const custom: SnapshotCache = {
      get: (id) => (id === 'broken' ? broken : cache.get(id)),
      watch: (id, f) => cache.watch(id, f),
      explainUnknown: (id) => cache.explainUnknown(id),
    };
    const own = createAdsServer({ cache: custom, logger: (e) => logs.push(e) });
    const { port } = await own.listen({ address: '127.0.0.1:0' });
    const ownClient = adsClient(`127.0.0.1:${port}`);
    const fine = ownClient.sotw();
    fine.send({ node, typeUrl: TYPE_URLS.cluster });
    const bad = ownClient.sotw();
    bad.send({ node: { ...node, id: 'broken' }, typeUrl: TYPE_URLS.cluster });
    const ended = await bad.ended;
    expect(ended.code).toBe(GrpcStatus.INTERNAL);
    expect(ended.details).toContain('cannot serve node "broken": resource "bad"');
    expect(ended.details).toContain('unknown field "typo"');
    expect((await fine.next()).resources).toHaveLength(1);
    expect(own.status().counters.serveErrors).toBe(1);
    expect(logs).toContainEqual(
      expect.objectContaining({ level: 'error', msg: 'xds cannot serve', node: 'broken' }),
    );
    fine.close();
    ownClient.close();
    await own.close();
  });

  it('a client that sends a new name list with every request is answered each time, and the shared responses stay bounded', async () => {
    const stream = client.sotw();
    stream.send({ node, typeUrl: TYPE_URLS.clusterLoadAssignment, resourceNames: ['a'] });
    let last = await stream.next();
    for (let i = 0; i < 200; i++) {
      stream.send({
        typeUrl: TYPE_URLS.clusterLoadAssignment,
        resourceNames: ['a', `ghost-${i}`],
        versionInfo: last.versionInfo,
        responseNonce: last.nonce,
      });
      last = await stream.next();
      expect(last.resources).toHaveLength(1);
    }
    expect(sharedSubscriptionCount(cache.get(NODE)!)).toBeLessThanOrEqual(64);
    stream.close();
  });
});
