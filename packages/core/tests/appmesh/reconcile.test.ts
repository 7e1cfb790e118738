import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { djAppMesh } from '../../../../examples/dj-app/src/mesh.js';
import {
  ApplyError,
  type ApplyEvent,
  apply,
  canary,
  createResource,
  deleteResource,
  destroy,
  plan,
  readMesh,
  shiftTraffic,
} from '../../src/appmesh/index.js';
import {
  loadModelFromPath,
  type MeshModel,
  type MeshplaneResource,
  MeshValidationError,
  type PlanOptions,
} from '../../src/index.js';
import { injectThrottling, killAfter, startEndpoint } from './local-endpoint.js';
import { generatedModel } from './models.js';

const SHOPMESH = fileURLToPath(new URL('../../../../examples/shopmesh/mesh', import.meta.url));

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function setup(options: Parameters<typeof startEndpoint>[0] = {}) {
  const env = await startEndpoint(options);
  cleanup = env.close;
  return env;
}

async function reconcile(
  client: ReturnType<Awaited<ReturnType<typeof setup>>['client']>,
  desired: MeshModel,
  planOptions: PlanOptions = {},
) {
  const meshName = desired.resources.find((r) => r.kind === 'mesh')!.meshName;
  return apply(plan(desired, await readMesh(client, meshName), planOptions), { client });
}

describe('apply against the local endpoint', () => {
  it('builds the DJ app, and reading it back plans nothing', async () => {
    // Prepare
    const env = await setup();
    const client = env.client();
    const desired = djAppMesh();
    const events: ApplyEvent[] = [];
    // Act
    const result = await apply(plan(desired, await readMesh(client, 'dj-app')), {
      client,
      onEvent: (e) => events.push(e),
    });
    const after = await readMesh(client, 'dj-app');
    // Assess
    expect(Object.values(result.outcomes).every((o) => o === 'created')).toBe(true);
    expect(Object.keys(result.outcomes)).toHaveLength(desired.resources.length);
    expect(plan(desired, after).changes).toEqual([]);
    expect(after.resources).toHaveLength(desired.resources.length);
    expect(events[0]).toEqual({ type: 'apply-start', total: desired.resources.length });
    expect(events.at(-1)?.type).toBe('apply-done');
    const done = events.filter((e) => e.type === 'change-done');
    expect(done).toHaveLength(desired.resources.length);
    expect(done.map((e) => e.writes)).toEqual(done.map(() => 1));
  });

  it('round-trips virtual gateways and gateway routes, and destroys them in order', async () => {
    // Prepare
    const env = await setup();
    const client = env.client();
    const desired = djAppMesh();
    desired.resources.push(
      {
        kind: 'virtualGateway',
        meshName: 'dj-app',
        name: 'ingress',
        spec: { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] },
        tags: [{ key: 'edge', value: 'true' }],
      },
      {
        kind: 'gatewayRoute',
        meshName: 'dj-app',
        virtualGatewayName: 'ingress',
        name: 'to-jazz',
        spec: {
          httpRoute: {
            match: { prefix: '/jazz' },
            action: { target: { virtualService: { virtualServiceName: 'jazz.prod.svc.cluster.local' } } },
          },
        },
      },
    );
    // Act
    await reconcile(client, desired);
    const after = await readMesh(client, 'dj-app');
    const { result } = await destroy(desired, { client, concurrency: 1 });
    // Assess
    expect(plan(desired, after).changes).toEqual([]);
    expect(after.resources.find((r) => r.kind === 'gatewayRoute')?.name).toBe('to-jazz');
    const order = Object.keys(result.outcomes);
    expect(order.indexOf('delete:gatewayRoute:dj-app/ingress/to-jazz')).toBeLessThan(
      order.indexOf('delete:virtualGateway:dj-app/ingress'),
    );
    expect((await readMesh(client, 'dj-app')).resources).toEqual([]);
  });

  it('adds a router listener with a route on it, moving the existing routes to port matches', async () => {
    // Prepare
    const env = await setup();
    const client = env.client();
    await reconcile(client, djAppMesh());
    const desired = djAppMesh();
    const router = desired.resources.find((r) => r.name === 'jazz-router');
    const route = desired.resources.find((r) => r.name === 'jazz-route');
    if (router?.kind !== 'virtualRouter' || route?.kind !== 'route') throw new Error('kind');
    router.spec.listeners!.push({ portMapping: { port: 9090, protocol: 'http' } });
    route.spec.httpRoute!.match!.port = 9080;
    desired.resources.push({
      kind: 'route',
      meshName: 'dj-app',
      virtualRouterName: 'jazz-router',
      name: 'admin-route',
      spec: {
        httpRoute: {
          match: { prefix: '/', port: 9090 },
          action: { weightedTargets: [{ virtualNode: 'jazz-v2', weight: 1 }] },
        },
      },
    });
    // Act
    const result = await reconcile(client, desired);
    // Assess
    expect(result.failed).toEqual([]);
    expect(plan(desired, await readMesh(client, 'dj-app')).changes).toEqual([]);
  });

  it('reads every page: a page size of 2 gives the same model', async () => {
    // Prepare
    const env = await setup();
    const client = env.client();
    await reconcile(client, djAppMesh());
    env.endpoint.resetStats();
    // Act
    const paged = await readMesh(client, 'dj-app', { pageSize: 2, concurrency: 3 });
    const listCalls = env.endpoint.stats().byOperation.ListVirtualNodes;
    // Assess
    expect(listCalls).toBe(3);
    expect(paged).toEqual(await readMesh(client, 'dj-app'));
  });

  it('keeps at most `concurrency` changes in flight, and uses them', async () => {
    // Prepare: a little latency so that calls overlap.
    const env = await setup({ faults: { latencyMs: 5 } });
    const client = env.client();
    let inFlight = 0;
    let peak = 0;
    client.middlewareStack.add(
      (next) => async (args) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        try {
          return await next(args);
        } finally {
          inFlight--;
        }
      },
      { step: 'initialize', name: 'countInFlight' },
    );
    const desired = generatedModel(6, 'wide');
    const changes = plan(desired, await readMesh(client, 'wide'));
    peak = 0;
    // Act
    await apply(changes, { client, concurrency: 3 });
    // Assess
    expect(peak).toBe(3);
  });

  it('re-applies with zero writes, and a one-weight change with exactly one write', async () => {
    // Prepare
    const env = await setup();
    const client = env.client();
    await reconcile(client, djAppMesh());
    env.endpoint.resetStats();
    // Act
    const noop = await reconcile(client, djAppMesh());
    const noopWrites = env.endpoint.stats().writes;
    env.endpoint.resetStats();
    const shifted = await reconcile(client, djAppMesh({ jazz: { v1: 90, v2: 10 } }));
    // Assess
    expect(noop.writes).toBe(0);
    expect(noopWrites).toBe(0);
    expect(shifted.writes).toBe(1);
    expect(env.endpoint.stats().byOperation.UpdateRoute).toBe(1);
    expect(env.endpoint.stats().writes).toBe(1);
  });

  it('converges under 20% throttling, 5% 5xx and 2% dropped connections, and reads back exactly the desired model', async () => {
    // Prepare: 5xx and dropped connections from the endpoint; throttling at a fixed 20 % from the
    // client's transport (a server-side token bucket stops throttling once adaptive mode slows).
    const env = await setup({ faults: { seed: 42, errorRate: 0.05, dropRate: 0.02 } });
    const client = env.client();
    const { throttled } = injectThrottling(client, 0.2, 7);
    // Act
    await reconcile(client, djAppMesh());
    const attempts = throttled() + env.endpoint.stats().calls;
    env.endpoint.setFaults(undefined);
    const after = await readMesh(env.client(), 'dj-app');
    // Assess
    const stats = env.endpoint.stats();
    if (process.env.RECONCILE_DEBUG) console.log(JSON.stringify({ attempts, throttled: throttled(), stats }));
    expect(throttled() / attempts).toBeGreaterThan(0.1);
    expect(stats.faults.serverErrors + stats.faults.dropped).toBeGreaterThan(0);
    expect(plan(djAppMesh(), after).changes).toEqual([]);
    expect(after.resources).toHaveLength(djAppMesh().resources.length);
  }, 120_000);

  it.each([2, 3, 6, 11, 17, 23])(
    'converges after the process is killed at call %i, with no orphan',
    async (k) => {
      // Prepare
      const env = await setup();
      const desired = djAppMesh();
      const crashing = env.client();
      const { killed } = killAfter(crashing, k);
      // Act
      await expect(reconcile(crashing, desired)).rejects.toThrow();
      const rerun = await reconcile(env.client(), desired);
      const after = await readMesh(env.client(), 'dj-app');
      // Assess
      expect(killed()).toBe(true);
      expect(rerun.failed).toEqual([]);
      expect(plan(desired, after).changes).toEqual([]);
      expect(after.resources.map((r) => r.name).sort()).toEqual(desired.resources.map((r) => r.name).sort());
    },
  );

  it('reconciles a model edited between runs: changed, added and removed resources', async () => {
    // Prepare
    const env = await setup();
    const client = env.client();
    await reconcile(client, generatedModel(4, 'edit'));
    const edited = generatedModel(3, 'edit');
    edited.resources.push({
      kind: 'virtualNode',
      meshName: 'edit',
      name: 'extra',
      spec: {
        listeners: [{ portMapping: { port: 7000, protocol: 'tcp' } }],
        serviceDiscovery: { dns: { hostname: 'extra.edit.local' } },
      },
      tags: [{ key: 'team', value: 'x' }],
    });
    const first = edited.resources.find((r) => r.name === 'svc-000-v1')!;
    first.tags = [{ key: 'app', value: 'renamed' }];
    // Act
    const result = await reconcile(client, edited);
    const after = await readMesh(client, 'edit');
    // Assess
    expect(result.outcomes['delete:virtualNode:edit/svc-003-v1']).toBe('deleted');
    expect(result.outcomes['create:virtualNode:edit/extra']).toBe('created');
    expect(result.outcomes['update:virtualNode:edit/svc-000-v1']).toBe('updated');
    expect(plan(edited, after).changes).toEqual([]);
  });

  it('creates again after destroy even though the API remembers the first create tokens', async () => {
    // Prepare
    const env = await setup();
    const client = env.client();
    await reconcile(client, djAppMesh());
    await destroy(djAppMesh(), { client });
    const writesBefore = env.endpoint.stats().writes;
    // Act
    const result = await reconcile(client, djAppMesh());
    const writes = env.endpoint.stats().writes - writesBefore;
    const after = await readMesh(client, 'dj-app');
    // Assess
    expect(plan(djAppMesh(), after).changes).toEqual([]);
    // The new mesh's uid salts every create inside it: one create each. Only the mesh itself has
    // nothing new to salt with, so its first create is answered from the token memory, caught by
    // the describe after it, and sent again (one extra write).
    expect(result.writes).toBe(djAppMesh().resources.length + 1);
    expect(writes).toBe(djAppMesh().resources.length + 1);
  });

  it('applies again after any number of destroys (issue 13 item 1: the third apply failed)', async () => {
    // Prepare
    const env = await setup();
    const client = env.client();
    // Act + Assess: every apply builds the whole mesh, whatever the token memory holds.
    for (let round = 0; round < 4; round++) {
      const result = await reconcile(client, djAppMesh());
      expect(Object.values(result.outcomes).every((o) => o === 'created')).toBe(true);
      expect(plan(djAppMesh(), await readMesh(client, 'dj-app')).changes).toEqual([]);
      await destroy(djAppMesh(), { client });
      expect((await readMesh(client, 'dj-app')).resources).toEqual([]);
    }
  });

  it('shifts a re-created route again: the same shift after a destroy is not answered from the old route', async () => {
    // Prepare
    const env = await setup();
    const client = env.client();
    const ref = { client, meshName: 'dj-app', virtualRouterName: 'jazz-router', routeName: 'jazz-route' };
    for (let round = 0; round < 3; round++) {
      await reconcile(client, djAppMesh());
      // Act: the very same shift on each incarnation of the route (each at version 1 before it)
      const result = await shiftTraffic({ ...ref, weights: { 'jazz-v1': 90, 'jazz-v2': 10 } });
      // Assess: the update reached the route (it was a no-op answered from token memory before)
      expect(result.changed).toBe(true);
      const route = (await readMesh(client, 'dj-app')).resources.find((r) => r.name === 'jazz-route');
      const targets = (route!.spec as { httpRoute: { action: { weightedTargets: { weight: number }[] } } })
        .httpRoute.action.weightedTargets;
      expect(targets.map((t) => t.weight)).toEqual([90, 10]);
      await destroy(djAppMesh(), { client });
    }
  });

  it('creates a resource removed and added back any number of times in the same mesh', async () => {
    // Prepare
    const env = await setup();
    const client = env.client();
    const full = djAppMesh();
    const without = {
      resources: full.resources.filter((r) => !(r.kind === 'route' && r.name === 'jazz-route')),
    };
    await reconcile(client, full);
    for (let round = 0; round < 4; round++) {
      // Act
      await reconcile(client, without);
      const result = await reconcile(client, full);
      // Assess: reported created, and really there.
      expect(result.outcomes['create:route:dj-app/jazz-router/jazz-route']).toBe('created');
      expect(plan(full, await readMesh(client, 'dj-app')).changes).toEqual([]);
    }
  });

  it('creates again on update-not-found even when the token was used for an earlier incarnation', async () => {
    // Prepare: the route is created, deleted, created again (its create token is remembered), and
    // deleted behind a stale plan's back.
    const env = await setup();
    const client = env.client();
    const route = { kind: 'route', meshName: 'dj-app', virtualRouterName: 'jazz-router', name: 'jazz-route' };
    const withoutRoute = {
      resources: djAppMesh().resources.filter((r) => !(r.kind === 'route' && r.name === 'jazz-route')),
    };
    await reconcile(client, djAppMesh());
    await reconcile(client, withoutRoute);
    await reconcile(client, djAppMesh());
    const stale = plan(djAppMesh({ jazz: { v1: 90, v2: 10 } }), await readMesh(client, 'dj-app'));
    await deleteResource(client, route as MeshplaneResource);
    await reconcile(client, withoutRoute);
    await reconcile(client, djAppMesh({ jazz: { v1: 90, v2: 10 } }));
    await deleteResource(client, route as MeshplaneResource);
    // Act
    const result = await apply(stale, { client });
    // Assess
    expect(result.outcomes['update:route:dj-app/jazz-router/jazz-route']).toBe('created');
    expect(plan(djAppMesh({ jazz: { v1: 90, v2: 10 } }), await readMesh(client, 'dj-app')).changes).toEqual(
      [],
    );
  });

  it('re-sends the same create tokens into the same mesh, so a re-run is answered idempotently', async () => {
    // Prepare: record the client tokens of a first apply, then apply the same creates again into
    // the same mesh (a re-run that planned before the first run's creates showed up).
    const env = await setup();
    const desired = djAppMesh();
    const recording = (tokens: string[]) => {
      const client = env.client();
      client.middlewareStack.add(
        (next) => async (args) => {
          const token = (args.input as { clientToken?: string }).clientToken;
          if (token) tokens.push(token);
          return next(args);
        },
        { step: 'initialize', name: 'recordTokens' },
      );
      return client;
    };
    const first: string[] = [];
    await reconcile(recording(first), desired);
    const meshOnly = (await readMesh(env.client(), 'dj-app')).resources.filter((r) => r.kind === 'mesh');
    const again: string[] = [];
    const writesBefore = env.endpoint.stats().writes;
    // Act
    const rerun = await apply(plan(desired, { resources: meshOnly }), { client: recording(again) });
    // Assess: the very same tokens (the mesh uid did not change), answered from the API's memory.
    expect(again).toHaveLength(desired.resources.length - 1);
    expect(new Set(first)).toEqual(new Set([...first, ...again]));
    expect(Object.values(rerun.outcomes).every((o) => o === 'created')).toBe(true);
    expect(env.endpoint.stats().writes - writesBefore).toBe(again.length);
    expect(plan(desired, await readMesh(env.client(), 'dj-app')).changes).toEqual([]);
  });

  it('applies a stale plan: adopts or updates what exists, creates what vanished, skips what is gone', async () => {
    // Prepare: plan against an empty mesh, then change the world behind the plan's back.
    const env = await setup();
    const client = env.client();
    const desired = djAppMesh();
    const stale = plan(desired, await readMesh(client, 'dj-app'));
    const [mesh, dj, jazzV1] = ['dj-app', 'dj', 'jazz-v1'].map(
      (n) => desired.resources.find((r) => r.name === n)!,
    );
    await createResource(client, mesh!, 'outside-1');
    await createResource(client, dj!, 'outside-2');
    await createResource(
      client,
      {
        ...jazzV1!,
        spec: { listeners: [{ portMapping: { port: 7000, protocol: 'tcp' } }] },
      } as MeshplaneResource,
      'outside-3',
    );
    // Act
    const result = await apply(stale, { client });
    const after = await readMesh(client, 'dj-app');
    const toDelete = plan({ resources: [mesh!] }, after);
    await deleteResource(client, {
      kind: 'virtualService',
      meshName: 'dj-app',
      name: 'jazz.prod.svc.cluster.local',
    });
    const deletion = await apply(toDelete, { client });
    // Assess
    expect(result.outcomes['create:mesh:dj-app']).toBe('adopted');
    expect(result.outcomes['create:virtualNode:dj-app/dj']).toBe('adopted');
    expect(result.outcomes['create:virtualNode:dj-app/jazz-v1']).toBe('updated');
    expect(plan(desired, after).changes).toEqual([]);
    expect(deletion.outcomes['delete:virtualService:dj-app/jazz.prod.svc.cluster.local']).toBe(
      'already-deleted',
    );
    expect((await readMesh(client, 'dj-app')).resources.map((r) => r.kind)).toEqual(['mesh']);
  });

  it('creates on update when the resource vanished after planning', async () => {
    // Prepare
    const env = await setup();
    const client = env.client();
    await reconcile(client, djAppMesh());
    const stale = plan(djAppMesh({ jazz: { v1: 90, v2: 10 } }), await readMesh(client, 'dj-app'));
    await deleteResource(client, {
      kind: 'route',
      meshName: 'dj-app',
      virtualRouterName: 'jazz-router',
      name: 'jazz-route',
    });
    // Act
    const result = await apply(stale, { client });
    // Assess
    expect(result.outcomes['update:route:dj-app/jazz-router/jazz-route']).toBe('created');
    expect(plan(djAppMesh({ jazz: { v1: 90, v2: 10 } }), await readMesh(client, 'dj-app')).changes).toEqual(
      [],
    );
  });

  it('stops starting changes when aborted, and a re-run finishes the job', async () => {
    // Prepare
    const env = await setup();
    const client = env.client();
    const controller = new AbortController();
    const changes = plan(djAppMesh(), await readMesh(client, 'dj-app'));
    // Act
    const error = await apply(changes, {
      client,
      concurrency: 1,
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === 'change-done') controller.abort();
      },
    }).catch((e: unknown) => e);
    const rerun = await reconcile(client, djAppMesh());
    // Assess
    expect(error).toBeInstanceOf(ApplyError);
    expect((error as ApplyError).code).toBe('APPLY_ABORTED');
    expect(Object.keys((error as ApplyError).result.outcomes)).toEqual(['create:mesh:dj-app']);
    expect((error as ApplyError).result.skipped).toHaveLength(11);
    expect(Object.keys(rerun.outcomes)).toHaveLength(11);
  });

  it('skips what depends on a failed change and reports it', async () => {
    // Prepare: a route whose target node the API rejects (port 0 is out of range).
    const env = await setup();
    const client = env.client();
    const desired = generatedModel(1, 'broken');
    const node = desired.resources.find((r) => r.kind === 'virtualNode')!;
    if (node.kind !== 'virtualNode') throw new Error('kind');
    node.spec.listeners = [{ portMapping: { port: 0, protocol: 'http' } }];
    // Act: skip local validation (it would refuse port 0) to see how apply handles an API refusal.
    const refused = await reconcile(client, desired).catch((e: unknown) => e);
    const error = await reconcile(client, desired, { validate: false }).catch((e: unknown) => e);
    // Assess
    expect(refused).toBeInstanceOf(MeshValidationError);
    expect(error).toBeInstanceOf(ApplyError);
    const result = (error as ApplyError).result;
    expect(result.failed.map((f) => f.id)).toEqual(['create:virtualNode:broken/svc-000-v1']);
    expect(result.skipped).toEqual(['create:route:broken/svc-000-router/svc-000-route']);
    expect(result.outcomes['create:virtualRouter:broken/svc-000-router']).toBe('created');
  });
});

describe('destroy', () => {
  it('removes the mesh and everything in it, and nothing of another mesh', async () => {
    // Prepare
    const env = await setup();
    const client = env.client();
    await reconcile(client, djAppMesh());
    await reconcile(client, generatedModel(2, 'keep'));
    // Act
    const { plan: deletion } = await destroy(djAppMesh(), { client });
    const again = await destroy(djAppMesh(), { client });
    // Assess
    expect(deletion.summary.delete).toBe(djAppMesh().resources.length);
    expect(deletion.changes.at(-1)?.id).toBe('delete:mesh:dj-app');
    expect((await readMesh(client, 'dj-app')).resources).toEqual([]);
    expect(again.plan.changes).toEqual([]);
    expect(plan(generatedModel(2, 'keep'), await readMesh(client, 'keep')).changes).toEqual([]);
  });

  it('in a mesh the model does not declare, deletes only the resources the model lists', async () => {
    // Prepare: the DJ app, and a model that only puts the metal nodes and their router in it
    // (like controller YAML, which has no Mesh object).
    const env = await setup();
    const client = env.client();
    await reconcile(client, djAppMesh());
    const metal = new Set([
      'metal-v1',
      'metal-v2',
      'metal-router',
      'metal-route',
      'metal.prod.svc.cluster.local',
    ]);
    const undeclared: MeshModel = { resources: djAppMesh().resources.filter((r) => metal.has(r.name)) };
    // Act
    const { plan: deletion } = await destroy(undeclared, { client });
    const after = await readMesh(client, 'dj-app');
    // Assess
    expect(deletion.summary.delete).toBe(metal.size);
    expect(after.resources.map((r) => r.name).sort()).toEqual(
      djAppMesh()
        .resources.filter((r) => !metal.has(r.name))
        .map((r) => r.name)
        .sort(),
    );
  });

  it('finishes after being killed half-way', async () => {
    // Prepare
    const env = await setup();
    await reconcile(env.client(), djAppMesh());
    const crashing = env.client();
    killAfter(crashing, 20);
    // Act
    await expect(destroy(djAppMesh(), { client: crashing })).rejects.toThrow();
    await destroy(djAppMesh(), { client: env.client() });
    // Assess
    expect((await readMesh(env.client(), 'dj-app')).resources).toEqual([]);
  });
});

describe('traffic shifting', () => {
  it('moves jazz 100/0 → 90/10 with exactly one UpdateRoute and leaves the rest of the route alone', async () => {
    // Prepare
    const env = await setup();
    const client = env.client();
    await reconcile(client, djAppMesh());
    env.endpoint.resetStats();
    // Act
    const result = await shiftTraffic({
      client,
      meshName: 'dj-app',
      virtualRouterName: 'jazz-router',
      routeName: 'jazz-route',
      weights: { 'jazz-v1': 90, 'jazz-v2': 10 },
    });
    // Assess
    expect(result).toMatchObject({
      before: { 'jazz-v1': 100, 'jazz-v2': 0 },
      after: { 'jazz-v1': 90, 'jazz-v2': 10 },
    });
    expect(env.endpoint.stats().writes).toBe(1);
    expect(env.endpoint.stats().byOperation.UpdateRoute).toBe(1);
    const changes = plan(djAppMesh({ jazz: { v1: 90, v2: 10 } }), await readMesh(client, 'dj-app')).changes;
    expect(changes).toEqual([]);
  });

  it('shifts back and forth: every shift lands even when a weight set repeats', async () => {
    // Prepare
    const env = await setup();
    const client = env.client();
    await reconcile(client, djAppMesh());
    const ref = { client, meshName: 'dj-app', virtualRouterName: 'metal-router', routeName: 'metal-route' };
    // Act
    await shiftTraffic({ ...ref, weights: { 'metal-v1': 50, 'metal-v2': 50 } });
    await shiftTraffic({ ...ref, weights: { 'metal-v1': 100, 'metal-v2': 0 } });
    const last = await shiftTraffic({ ...ref, weights: { 'metal-v1': 50, 'metal-v2': 50 } });
    // Assess
    expect(last.changed).toBe(true);
    const changes = plan(djAppMesh({ metal: { v1: 50, v2: 50 } }), await readMesh(client, 'dj-app')).changes;
    expect(changes).toEqual([]);
  });

  it('refuses bad weights without writing anything', async () => {
    // Prepare
    const env = await setup();
    const client = env.client();
    await reconcile(client, djAppMesh());
    env.endpoint.resetStats();
    // Act
    const act = shiftTraffic({
      client,
      meshName: 'dj-app',
      virtualRouterName: 'jazz-router',
      routeName: 'jazz-route',
      weights: { 'jazz-v3': 10, 'jazz-v1': 101 },
    });
    // Assess
    await expect(act).rejects.toThrow(/no weighted target "jazz-v3".*101 must be an integer/);
    expect(env.endpoint.stats().writes).toBe(0);
  });

  it('walks the canary steps and completes when every check passes', async () => {
    // Prepare
    const env = await setup();
    const client = env.client();
    await reconcile(client, djAppMesh());
    const seen: Record<string, number>[] = [];
    // Act
    const result = await canary({
      client,
      meshName: 'dj-app',
      virtualRouterName: 'jazz-router',
      routeName: 'jazz-route',
      target: 'jazz-v2',
      steps: [10, 25, 50, 100],
      bakeSeconds: 0,
      check: ({ weights }) => {
        seen.push(weights);
        return true;
      },
    });
    // Assess
    expect(result).toEqual({ status: 'completed', weights: { 'jazz-v1': 0, 'jazz-v2': 100 } });
    expect(seen.map((w) => w['jazz-v2'])).toEqual([10, 25, 50, 100]);
  });

  it('runs the shopmesh canaries from the seed: product v2 at 50 %, customer v1.5 at 25 %', async () => {
    // Prepare: the shopmesh documents describe the end state; start both routes on v1 only.
    const env = await setup();
    const client = env.client();
    const { model: target, issues } = await loadModelFromPath(SHOPMESH);
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    const start = structuredClone(target);
    for (const r of start.resources) {
      if (r.kind !== 'route' || r.name === 'order-r') continue;
      for (const t of r.spec.httpRoute!.action!.weightedTargets!)
        t.weight = /-v\d/.test(t.virtualNode!) ? 0 : 100;
    }
    await reconcile(client, start);
    const ref = { client, meshName: 'shopmesh', bakeSeconds: 0, check: () => true };
    // Act
    const product = await canary({
      ...ref,
      virtualRouterName: 'product-vr',
      routeName: 'product-r',
      target: 'product-v2-vn',
      steps: [10, 50],
    });
    const customer = await canary({
      ...ref,
      virtualRouterName: 'customer-vr',
      routeName: 'customer-r',
      target: 'customer-v15-vn',
      steps: [25],
    });
    // Assess
    expect(product).toEqual({ status: 'completed', weights: { 'product-vn': 50, 'product-v2-vn': 50 } });
    expect(customer).toEqual({ status: 'completed', weights: { 'customer-vn': 75, 'customer-v15-vn': 25 } });
    expect(plan(target, await readMesh(client, 'shopmesh')).changes).toEqual([]);
  });

  it('treats a check that throws as a failure and rolls back', async () => {
    // Prepare
    const env = await setup();
    const client = env.client();
    await reconcile(client, djAppMesh({ jazz: { v1: 100, v2: 0 } }));
    // Act
    const result = await canary({
      client,
      meshName: 'dj-app',
      virtualRouterName: 'jazz-router',
      routeName: 'jazz-route',
      target: 'jazz-v2',
      steps: [10],
      bakeSeconds: 0,
      check: () => {
        throw new Error('p99 latency 2.3 s over budget');
      },
    });
    // Assess
    expect(result).toEqual({
      status: 'rolled-back',
      failedStep: 10,
      reason: 'check() threw: p99 latency 2.3 s over budget',
      weights: { 'jazz-v1': 100, 'jazz-v2': 0 },
    });
    expect(plan(djAppMesh(), await readMesh(client, 'dj-app')).changes).toEqual([]);
  });

  it('rolls back to the starting weights when the check fails', async () => {
    // Prepare
    const env = await setup();
    const client = env.client();
    await reconcile(client, djAppMesh({ metal: { v1: 100, v2: 0 } }));
    const slept: number[] = [];
    const events: string[] = [];
    // Act
    const result = await canary({
      client,
      meshName: 'dj-app',
      virtualRouterName: 'metal-router',
      routeName: 'metal-route',
      target: 'metal-v2',
      steps: [10, 50, 100],
      bakeSeconds: 30,
      sleep: async (ms) => {
        slept.push(ms);
      },
      check: ({ step }) => step < 50,
      onEvent: (e) => events.push(e.type),
    });
    // Assess
    expect(result).toMatchObject({ status: 'rolled-back', failedStep: 50 });
    expect(events).toEqual([
      'canary-start',
      'step-shifted',
      'step-passed',
      'step-shifted',
      'step-failed',
      'rolled-back',
    ]);
    expect(slept).toEqual([30_000, 30_000]);
    expect(plan(djAppMesh(), await readMesh(client, 'dj-app')).changes).toEqual([]);
  });
});
