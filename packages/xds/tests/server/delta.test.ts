import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSnapshotCache, type MutableSnapshotCache } from '../../src/cache/index.js';
import { TYPE_URLS } from '../../src/contract.js';
import { decodeResource } from '../../src/protos/index.js';
import { type AdsServer, createAdsServer } from '../../src/server/index.js';
import { adsClient } from '../support/ads-client.js';
import { smallSnapshot } from '../support/resources.js';

const NODE = 'mesh/m/virtualNode/a';
const node = { id: NODE, cluster: 'c', userAgent: '' };
let cache: MutableSnapshotCache;
let server: AdsServer;
let client: ReturnType<typeof adsClient>;
const snap = (ports: Record<string, number[]>) =>
  smallSnapshot({ listenerPort: 10000, upstreamPorts: ports });

beforeEach(async () => {
  cache = createSnapshotCache();
  cache.set(NODE, snap({ a: [1001], b: [1002] }));
  server = createAdsServer({ cache, logger: () => {} });
  const { port } = await server.listen({ address: '127.0.0.1:0' });
  client = adsClient(`127.0.0.1:${port}`);
});
afterEach(async () => {
  client.close();
  await server.close();
});

describe('delta xDS', () => {
  it('sends only changed resources, removed names in removed_resources, and honours subscribe/unsubscribe', async () => {
    const stream = client.delta();
    stream.send({ node, typeUrl: TYPE_URLS.cluster });
    const first = await stream.next();
    expect(first.resources.map((r) => r.name)).toEqual(['a', 'b']);
    expect(first.resources[0]!.version).toBe(cache.get(NODE)!.resources[TYPE_URLS.cluster].get('a')!.version);
    expect(first.systemVersionInfo).toBe(cache.get(NODE)!.versions[TYPE_URLS.cluster]);
    stream.send({ typeUrl: TYPE_URLS.cluster, responseNonce: first.nonce });
    stream.send({ typeUrl: TYPE_URLS.clusterLoadAssignment, subscribe: ['a'] });
    const eds = await stream.next();
    expect(
      eds.resources.map((r) => decodeResource(TYPE_URLS.clusterLoadAssignment, r.bytes).cluster_name),
    ).toEqual(['a']);
    stream.send({ typeUrl: TYPE_URLS.clusterLoadAssignment, responseNonce: eds.nonce });
    // b's endpoints change: nothing for this stream (not subscribed). a's change: only a.
    cache.set(NODE, snap({ a: [1001], b: [1003] }));
    cache.set(NODE, snap({ a: [1004], b: [1003] }));
    const edsChange = await stream.next();
    expect(edsChange.typeUrl).toBe(TYPE_URLS.clusterLoadAssignment);
    expect(edsChange.resources.map((r) => r.name)).toEqual(['a']);
    // Cluster b leaves: CDS says removed, EDS for the unsubscribed name says nothing.
    cache.set(NODE, snap({ a: [1004] }));
    const removal = await stream.next();
    expect(removal).toMatchObject({ typeUrl: TYPE_URLS.cluster, resources: [], removed: ['b'] });
    stream.send({ typeUrl: TYPE_URLS.clusterLoadAssignment, unsubscribe: ['a'] });
    cache.set(NODE, snap({ a: [1005] }));
    await expect.poll(() => server.status().counters.acks).toBe(2);
    expect(stream.pending()).toBe(0);
    stream.close();
  });

  it('a reconnecting client declares what it holds: only what differs is sent', async () => {
    const versions = Object.fromEntries(
      [...cache.get(NODE)!.resources[TYPE_URLS.cluster]].map(([n, e]) => [n, e.version]),
    );
    cache.set(NODE, snap({ a: [1001], c: [1009] }));
    const stream = client.delta();
    stream.send({ node, typeUrl: TYPE_URLS.cluster, initialResourceVersions: versions });
    const res = await stream.next();
    expect(res.resources.map((r) => r.name)).toEqual(['c']);
    expect(res.removed).toEqual(['b']);
    stream.close();
  });

  it('a client that NACKs every response is not sent the same versions again', async () => {
    const stream = client.delta();
    stream.send({ node, typeUrl: TYPE_URLS.cluster });
    const first = await stream.next();
    for (let i = 0; i < 10; i++) {
      stream.send({
        typeUrl: TYPE_URLS.cluster,
        responseNonce: first.nonce,
        errorDetail: { code: 13, message: 'rejected' },
      });
    }
    await expect.poll(() => server.status().counters.nacks).toBe(10);
    const nack = server.status().nodes[0]!.types[TYPE_URLS.cluster]!.lastNack!;
    expect(nack).toMatchObject({
      message: 'rejected',
      resourceNames: ['a', 'b'],
      version: first.systemVersionInfo,
    });
    expect(stream.pending()).toBe(0);
    stream.close();
  });

  it('answers a first wildcard request even when empty; a name that does not exist gets nothing', async () => {
    cache.set(
      'mesh/m/virtualNode/bare',
      snap({ a: [1001] }).filter((r) => r.typeUrl !== TYPE_URLS.listener),
    );
    const stream = client.delta();
    stream.send({ node: { ...node, id: 'mesh/m/virtualNode/bare' }, typeUrl: TYPE_URLS.listener });
    const empty = await stream.next();
    expect(empty).toMatchObject({ typeUrl: TYPE_URLS.listener, resources: [], removed: [] });
    stream.send({ typeUrl: TYPE_URLS.clusterLoadAssignment, subscribe: ['nope'] });
    stream.send({ typeUrl: TYPE_URLS.cluster });
    // Requests are handled in order: had 'nope' been answered, that answer would come first.
    const next = await stream.next();
    expect(next.typeUrl).toBe(TYPE_URLS.cluster);
    stream.close();
  });

  it('announces a removed cluster only once the routes that used it are ACKed (make before break)', async () => {
    const stream = client.delta();
    for (const [typeUrl, subscribe] of [
      [TYPE_URLS.cluster, []],
      [TYPE_URLS.listener, []],
      [TYPE_URLS.routeConfiguration, ['rds_egress']],
    ] as const) {
      stream.send({ node, typeUrl, subscribe: [...subscribe] });
      const res = await stream.next();
      stream.send({ typeUrl, responseNonce: res.nonce });
    }
    await expect.poll(() => server.status().counters.acks).toBe(3);
    cache.set(NODE, snap({ a: [1001] }));
    const routes = await stream.next();
    expect(routes.typeUrl).toBe(TYPE_URLS.routeConfiguration);
    expect(stream.pending()).toBe(0); // no CDS removal yet
    stream.send({ typeUrl: TYPE_URLS.routeConfiguration, responseNonce: routes.nonce });
    const removal = await stream.next();
    expect(removal).toMatchObject({ typeUrl: TYPE_URLS.cluster, resources: [], removed: ['b'] });
    stream.close();
  });
});
