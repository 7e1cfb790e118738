import { createHash } from 'node:crypto';
import { cloudMap, defineMesh, http, type MeshModel, weights } from '@meshplane/core';
import { describe, expect, it } from 'vitest';
import {
  type EndpointQuery,
  type ServiceEndpoints,
  type Snapshot,
  type TranslateInput,
  type TranslateResult,
  TYPE_URLS,
  type XdsResource,
} from '../../src/contract.js';
import type { ControlPlaneEvent } from '../../src/control-plane/control-plane-status.js';
import { createModelSync, servedResourceIds } from '../../src/control-plane/model-sync.js';

// The sync is tested here with a small translator of its own (one cluster per node that lists
// the weights and endpoint count it saw) so that what the sync decides is visible; the real
// translation runs in the control plane and end-to-end tests.
function fakeTranslate(input: TranslateInput, resourceId: string): TranslateResult {
  const name = resourceId.split('/').at(-1)!;
  const node = input.model.resources.find((r) => r.kind === 'virtualNode' && r.name === name);
  const broken = node?.tags?.some((t) => t.key === 'broken');
  const endpoints = [...input.endpoints.values()].map((e) => `${e.serviceName}=${e.instances.length}`).sort();
  const routes = input.model.resources.filter((r) => r.kind === 'route').map((r) => JSON.stringify(r.spec));
  const resource = { '@type': TYPE_URLS.cluster, name, endpoints, routes: name === 'dj' ? routes : [] };
  const unencodable =
    name === 'jazz-v2' && input.model.resources.some((r) => r.tags?.some((t) => t.key === 'unencodable'));
  return {
    resourceId,
    resources: [{ name: unencodable ? 'unencodable' : name, typeUrl: TYPE_URLS.cluster, resource }],
    issues: broken
      ? [{ code: 'UNTRANSLATABLE', path: `nodes.${name}.spec`, message: 'cannot express', severity: 'error' }]
      : [],
  };
}

function fakeQueries(_model: MeshModel, resourceId: string): EndpointQuery[] {
  const name = resourceId.split('/').at(-1)!;
  return name === 'dj' ? [{ namespaceName: 'prod', serviceName: 'jazz' }] : [];
}

/** A snapshot builder and cache that version by content, as the real ones do, and count notifications. */
function fakeCache() {
  const held = new Map<string, string>();
  const notified: string[] = [];
  const build = (_nodeId: string, resources: readonly XdsResource[]): Snapshot => {
    if (resources.some((r) => r.name === 'unencodable'))
      throw new Error('resources[0] "unencodable": bad field');
    const v = createHash('sha256').update(JSON.stringify(resources)).digest('hex').slice(0, 8);
    const versions = Object.fromEntries(Object.values(TYPE_URLS).map((t) => [t, v]));
    return { versions, resources: {} } as unknown as Snapshot;
  };
  return {
    notified,
    held,
    build,
    setSnapshot(nodeId: string, snapshot: Snapshot): Snapshot {
      const v = snapshot.versions[TYPE_URLS.cluster];
      if (held.get(nodeId) !== v) notified.push(nodeId);
      held.set(nodeId, v);
      return snapshot;
    },
    delete: (nodeId: string) => held.delete(nodeId),
  };
}

const mesh = (jazz: { v1: number; v2: number }, tags?: boolean, tag = 'broken') =>
  defineMesh({
    name: 'dj-app',
    nodes: {
      dj: {
        listeners: [http(9080)],
        discovery: cloudMap('prod', 'dj'),
        backends: ['jazz.prod'],
        ...(tags ? { tags: { [tag]: 'yes' } } : {}),
      },
      'jazz-v1': { listeners: [http(9080)], discovery: cloudMap('prod', 'jazz', { version: 'v1' }) },
      'jazz-v2': { listeners: [http(9080)], discovery: cloudMap('prod', 'jazz', { version: 'v2' }) },
    },
    routers: {
      'jazz-router': {
        listeners: [http(9080)],
        routes: {
          r: {
            http: { match: { prefix: '/' }, action: weights({ 'jazz-v1': jazz.v1, 'jazz-v2': jazz.v2 }) },
          },
        },
      },
    },
    services: { 'jazz.prod': { provider: { router: 'jazz-router' } } },
  });

function setup() {
  const cache = fakeCache();
  const events: ControlPlaneEvent[] = [];
  const endpoints = new Map<string, ServiceEndpoints>();
  const tracked: string[][] = [];
  const sync = createModelSync({
    cache,
    buildSnapshot: cache.build,
    translateNode: (input, id) => {
      if (input.model.resources.some((r) => r.tags?.some((t) => t.key === 'throw'))) throw new Error('boom');
      return fakeTranslate(input, id);
    },
    endpointQueries: fakeQueries,
    endpoints: {
      endpoints: () => endpoints,
      track: async (qs) => {
        tracked.push(qs.map((q) => q.serviceName));
      },
    },
    emit: (e) => events.push(e),
  });
  return { cache, events, endpoints, sync, tracked };
}

describe('createModelSync', () => {
  it('serves every node and gateway of a good model and tracks the services they need', async () => {
    // Prepare
    const { cache, events, sync, tracked } = setup();
    // Act
    const ok = await sync.apply({ origin: 'mesh.ts', model: mesh({ v1: 90, v2: 10 }), issues: [] });
    // Assess
    expect(ok).toBe(true);
    expect([...cache.held.keys()]).toEqual([
      'mesh/dj-app/virtualNode/dj',
      'mesh/dj-app/virtualNode/jazz-v1',
      'mesh/dj-app/virtualNode/jazz-v2',
    ]);
    expect(tracked).toEqual([['jazz']]);
    expect(events).toMatchObject([{ type: 'model-applied', nodes: [...cache.held.keys()] }]);
    expect(sync.status().model.version).toMatch(/^[0-9a-f]{16}$/);
    expect(sync.status().nodes.find((n) => n.nodeId.endsWith('/dj'))?.services).toEqual(['prod/jazz']);
  });

  it('a weight change re-sets only the nodes whose resources changed', async () => {
    // Prepare
    const { cache, events, sync } = setup();
    await sync.apply({ origin: 'mesh.ts', model: mesh({ v1: 90, v2: 10 }), issues: [] });
    cache.notified.length = 0;
    // Act
    await sync.apply({ origin: 'mesh.ts', model: mesh({ v1: 50, v2: 50 }), issues: [] });
    // Assess
    expect(cache.notified).toEqual(['mesh/dj-app/virtualNode/dj']);
    expect(events.at(-1)).toMatchObject({ type: 'model-applied', nodes: ['mesh/dj-app/virtualNode/dj'] });
  });

  it('an invalid model, an unreadable reading or a translation error is never served, and says why', async () => {
    // Prepare
    const { cache, events, sync } = setup();
    await sync.apply({ origin: 'mesh.ts', model: mesh({ v1: 90, v2: 10 }), issues: [] });
    const served = sync.status().model.version;
    cache.notified.length = 0;
    // Act
    const invalid = await sync.apply({ origin: 'mesh.ts', model: mesh({ v1: 90, v2: 90 }), issues: [] });
    const unreadable = await sync.apply({
      origin: 'mesh.json',
      issues: [
        {
          code: 'PARSE_ERROR',
          path: 'mesh.json',
          message: 'unexpected end',
          severity: 'error',
          file: 'mesh.json',
          line: 3,
        },
      ],
    });
    const untranslatable = await sync.apply({
      origin: 'mesh.ts',
      model: mesh({ v1: 50, v2: 50 }, true),
      issues: [],
    });
    const status = sync.status();
    // Assess
    expect([invalid, unreadable, untranslatable]).toEqual([false, false, false]);
    expect(cache.notified).toEqual([]);
    expect(status.model.version).toBe(served);
    const rejected = events.filter((e) => e.type === 'model-rejected');
    expect(rejected).toHaveLength(3);
    expect(rejected[0]!.message).toMatch(
      /^the model is invalid in mesh\.ts: .*weightedTargets.*\[WEIGHT_TOTAL\]; Envoys keep model version [0-9a-f]{16}$/,
    );
    expect(rejected[1]!.message).toContain('cannot read mesh.json: mesh.json: unexpected end [PARSE_ERROR]');
    expect(rejected[2]!.message).toContain(
      'translation failed for mesh.ts: nodes.dj.spec: mesh/dj-app/virtualNode/dj: cannot express [UNTRANSLATABLE]',
    );
    expect(status.lastError?.origin).toBe('mesh.ts');
  });

  it('a node that cannot be encoded, or a translator that throws, rejects the whole model: nothing half-applied', async () => {
    // Prepare
    const { cache, events, sync } = setup();
    await sync.apply({ origin: 'mesh.ts', model: mesh({ v1: 90, v2: 10 }), issues: [] });
    cache.notified.length = 0;
    // Act
    const unencodable = await sync.apply({
      origin: 'a.ts',
      model: mesh({ v1: 50, v2: 50 }, true, 'unencodable'),
      issues: [],
    });
    const thrown = await sync.apply({
      origin: 'b.ts',
      model: mesh({ v1: 50, v2: 50 }, true, 'throw'),
      issues: [],
    });
    // Assess
    expect([unencodable, thrown]).toEqual([false, false]);
    expect(cache.notified).toEqual([]);
    const messages = events.filter((e) => e.type === 'model-rejected').map((e) => e.message);
    expect(messages[0]).toContain(
      'translation failed for a.ts: mesh/dj-app/virtualNode/jazz-v2: mesh/dj-app/virtualNode/jazz-v2: resources[0] "unencodable": bad field [XDS_TRANSLATION_FAILED]',
    );
    expect(messages[1]).toContain('mesh/dj-app/virtualNode/dj: boom [XDS_TRANSLATION_FAILED]');
  });

  it('a good reading after a bad one clears the error, even when its version is the one served', async () => {
    // Prepare
    const { events, sync } = setup();
    await sync.apply({ origin: 'mesh.ts', model: mesh({ v1: 90, v2: 10 }), issues: [] });
    await sync.apply({
      origin: 'mesh.ts',
      issues: [{ code: 'SOURCE_UNAVAILABLE', path: 's3', message: 'down', severity: 'error' }],
    });
    // Act
    await sync.apply({ origin: 'mesh.ts', model: mesh({ v1: 90, v2: 10 }), issues: [] });
    // Assess
    expect(sync.status().lastError).toBeUndefined();
    expect(events.at(-1)).toMatchObject({ type: 'model-applied', nodes: [] });
  });

  it('an endpoint change re-translates only the nodes that use the service', async () => {
    // Prepare
    const { cache, endpoints, events, sync } = setup();
    await sync.apply({ origin: 'mesh.ts', model: mesh({ v1: 90, v2: 10 }), issues: [] });
    cache.notified.length = 0;
    // Act
    endpoints.set('prod/jazz', { namespaceName: 'prod', serviceName: 'jazz', instances: [] });
    sync.endpointsChanged('prod/jazz');
    sync.endpointsChanged('prod/jazz');
    await sync.idle();
    // Assess
    expect(cache.notified).toEqual(['mesh/dj-app/virtualNode/dj']);
    expect(events.filter((e) => e.type === 'endpoints-changed')).toMatchObject([
      { service: 'prod/jazz', nodes: ['mesh/dj-app/virtualNode/dj'] },
    ]);
  });

  it('lists the served ids of nodes and gateways', () => {
    // Act
    const ids = servedResourceIds(mesh({ v1: 1, v2: 0 }));
    // Assess
    expect(ids).toEqual([
      'mesh/dj-app/virtualNode/dj',
      'mesh/dj-app/virtualNode/jazz-v1',
      'mesh/dj-app/virtualNode/jazz-v2',
    ]);
  });
});
