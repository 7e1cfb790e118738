import { describe, expect, it } from 'vitest';
import { createSnapshotCache, normalizeNodeId, SnapshotError } from '../../src/cache/index.js';
import { TYPE_URLS, type XdsResource } from '../../src/contract.js';
import { edsCluster, smallSnapshot } from '../support/resources.js';

const snap = (weights: Record<string, number>) =>
  smallSnapshot({ listenerPort: 15001, upstreamPorts: { a: [8080], b: [8081] }, weights });

describe('snapshot cache', () => {
  it('derives per-type and per-resource versions from the content only (two caches, same model, same versions)', () => {
    const one = createSnapshotCache().set('n', snap({ a: 1, b: 1 }));
    const two = createSnapshotCache().set('n', [...snap({ a: 1, b: 1 })].reverse());
    expect(two.versions).toEqual(one.versions);
    for (const type of Object.values(TYPE_URLS)) {
      expect([...two.resources[type]].map(([n, e]) => [n, e.version])).toEqual(
        [...one.resources[type]].map(([n, e]) => [n, e.version]),
      );
    }
    const changed = createSnapshotCache().set('n', snap({ a: 2, b: 1 }));
    expect(changed.versions[TYPE_URLS.routeConfiguration]).not.toBe(
      one.versions[TYPE_URLS.routeConfiguration],
    );
    expect(changed.versions[TYPE_URLS.cluster]).toBe(one.versions[TYPE_URLS.cluster]);
    expect(changed.resources[TYPE_URLS.cluster].get('a')!.version).toBe(
      one.resources[TYPE_URLS.cluster].get('a')!.version,
    );
    expect(one.resources[TYPE_URLS.cluster].get('a')!.bytes).toBeInstanceOf(Uint8Array);
  });

  it('treats a full App Mesh ARN and its resource id as one node (virtual gateways too)', () => {
    expect(normalizeNodeId('arn:aws:appmesh:eu-west-1:111122223333:mesh/dj-app/virtualNode/dj')).toBe(
      'mesh/dj-app/virtualNode/dj',
    );
    expect(normalizeNodeId('arn:aws-cn:appmesh:cn-north-1:111122223333:mesh/m/virtualGateway/gw')).toBe(
      'mesh/m/virtualGateway/gw',
    );
    expect(normalizeNodeId('test-node')).toBe('test-node');
    const cache = createSnapshotCache();
    cache.set('arn:aws:appmesh:eu-west-1:111122223333:mesh/m/virtualGateway/gw', snap({ a: 1 }));
    expect(cache.get('mesh/m/virtualGateway/gw')).toBeDefined();
    expect(cache.nodeIds()).toEqual(['mesh/m/virtualGateway/gw']);
  });

  it('notifies watchers of a change, never of an unchanged set, and releases watches', () => {
    const cache = createSnapshotCache();
    cache.set('mesh/m/virtualNode/a', snap({ a: 1 }));
    const seen: string[] = [];
    const stop = cache.watch('arn:aws:appmesh:us-east-1:111122223333:mesh/m/virtualNode/a', (s) =>
      seen.push(s.versions[TYPE_URLS.routeConfiguration]),
    );
    const other = cache.watch('mesh/m/virtualNode/other', () => seen.push('other'));
    expect(cache.watchCount()).toBe(2);
    cache.set('mesh/m/virtualNode/a', snap({ a: 1 }));
    expect(seen).toEqual([]);
    const next = cache.set('mesh/m/virtualNode/a', snap({ a: 2 }));
    expect(seen).toEqual([next.versions[TYPE_URLS.routeConfiguration]]);
    stop();
    stop();
    other();
    expect(cache.watchCount()).toBe(0);
    cache.set('mesh/m/virtualNode/a', snap({ a: 3 }));
    expect(seen).toHaveLength(1);
  });

  it('a watcher that throws does not keep the others from hearing of the change', () => {
    const cache = createSnapshotCache();
    cache.set('n', snap({ a: 1 }));
    const heard: string[] = [];
    cache.watch('n', () => {
      throw new Error('watcher broke');
    });
    cache.watch('n', () => heard.push('second'));
    expect(() => cache.set('n', snap({ a: 2 }))).toThrow('watcher broke');
    expect(heard).toEqual(['second']);
    expect(cache.get('n')!.versions).toEqual(createSnapshotCache().set('x', snap({ a: 2 })).versions);
  });

  it('refuses an invalid set whole, naming every problem, and keeps the previous snapshot', () => {
    const cache = createSnapshotCache();
    const good = cache.set('n', snap({ a: 1 }));
    const bad: XdsResource[] = [
      ...snap({ a: 1 }),
      edsCluster('a'),
      {
        name: 'x',
        typeUrl: 'type.googleapis.com/envoy.config.core.v3.TypedExtensionConfig' as never,
        resource: {},
      },
      { ...edsCluster('z'), resource: { ...edsCluster('z').resource, connectTimeout: 'soon' } },
    ];
    let error: unknown;
    try {
      cache.set('n', bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SnapshotError);
    const problems = (error as SnapshotError).problems;
    expect(problems).toHaveLength(3);
    expect(problems[0]).toContain(
      'two type.googleapis.com/envoy.config.cluster.v3.Cluster resources named "a"',
    );
    expect(problems[1]).toContain('is not one of');
    expect(problems[2]).toContain('resource "z"');
    expect(problems[2]).toContain('$.connectTimeout');
    expect(cache.get('n')).toBe(good);
    expect(() => cache.set('', snap({ a: 1 }))).toThrow(/node id must be a non-empty string, got ""/);
  });

  it('explains an unknown node with the known ids, or with the caller explanation', () => {
    const cache = createSnapshotCache();
    expect(cache.explainUnknown('mesh/m/virtualNode/x')).toBe(
      'node id "mesh/m/virtualNode/x" has no configuration: the cache holds no node yet',
    );
    cache.set('mesh/m/virtualNode/a', snap({ a: 1 }));
    expect(cache.explainUnknown('mesh/m/virtualNode/x')).toBe(
      'node id "mesh/m/virtualNode/x" has no configuration; known node ids (1): mesh/m/virtualNode/a',
    );
    const custom = createSnapshotCache({
      explainUnknown: (id, known) => `${id} is not in mesh m (${known.length} nodes)`,
    });
    expect(custom.explainUnknown('x')).toBe('x is not in mesh m (0 nodes)');
    expect(cache.delete('arn:aws:appmesh:us-east-1:111122223333:mesh/m/virtualNode/a')).toBe(true);
    expect(cache.nodeIds()).toEqual([]);
  });
});
