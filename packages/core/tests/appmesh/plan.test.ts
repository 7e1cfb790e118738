import { describe, expect, it } from 'vitest';
import { plan, planDestroy } from '../../src/appmesh/index.js';
import type { MeshModel, MeshplaneResource } from '../../src/index.js';
import { djModel, generatedModel } from './models.js';

const clone = <T>(v: T): T => structuredClone(v);

function find(model: MeshModel, name: string): MeshplaneResource {
  const r = model.resources.find((x) => x.name === name);
  if (!r) throw new Error(`no ${name}`);
  return r;
}

describe('plan', () => {
  it('creates everything of an empty mesh in dependency order', () => {
    // Prepare
    const desired = djModel();
    // Act
    const result = plan(desired, { resources: [] });
    // Assess
    expect(result.summary).toEqual({ create: 12, update: 0, delete: 0, unchanged: 0 });
    const ids = result.changes.map((c) => c.id);
    expect(ids[0]).toBe('create:mesh:dj-app');
    const pos = (id: string) => ids.indexOf(id);
    for (const change of result.changes) {
      for (const dep of change.dependsOn) expect(pos(dep)).toBeLessThan(pos(change.id));
    }
    const route = result.changes.find((c) => c.id === 'create:route:dj-app/jazz-router/jazz-route')!;
    expect(route.dependsOn).toEqual([
      'create:mesh:dj-app',
      'create:virtualNode:dj-app/jazz-v1',
      'create:virtualNode:dj-app/jazz-v2',
      'create:virtualRouter:dj-app/jazz-router',
    ]);
    expect(route.reason).toBe('not found in mesh dj-app');
  });

  it('does not make a node wait for its backends', () => {
    // Prepare
    const desired = djModel();
    // Act
    const dj = plan(desired, { resources: [] }).changes.find((c) => c.key === 'virtualNode:dj-app/dj')!;
    // Assess
    expect(dj.dependsOn).toEqual(['create:mesh:dj-app']);
  });

  it('is empty when actual equals desired up to API defaults and list order', () => {
    // Prepare: what the API gives back: DROP_ALL filled in, lists reordered, [] for unset lists,
    // explicit defaults, tags reordered.
    const desired = djModel();
    desired.resources[0] = { kind: 'mesh', meshName: 'dj-app', name: 'dj-app', spec: {} };
    find(desired, 'jazz-v1').tags = [
      { key: 'team', value: 'music' },
      { key: 'app', value: 'jazz' },
    ];
    const actual = clone(djModel());
    const dj = find(actual, 'dj');
    if (dj.kind !== 'virtualNode') throw new Error('kind');
    dj.spec.backends?.reverse();
    const route = find(actual, 'jazz-route');
    if (route.kind !== 'route') throw new Error('kind');
    route.spec.httpRoute?.action?.weightedTargets?.reverse();
    route.spec.priority = undefined;
    const v2 = find(actual, 'jazz-v2');
    if (v2.kind !== 'virtualNode') throw new Error('kind');
    v2.spec.backends = [];
    v2.spec.backendDefaults = { clientPolicy: { tls: { enforce: true, validation: undefined as never } } };
    find(actual, 'jazz-v1').tags = [
      { key: 'app', value: 'jazz' },
      { key: 'team', value: 'music' },
    ];
    // Act
    const result = plan(desired, actual);
    // Assess
    expect(result.changes).toEqual([]);
    expect(result.summary.unchanged).toBe(12);
  });

  it('reports a weight change as one update with a field-level diff', () => {
    // Prepare
    const actual = djModel();
    const desired = djModel({ jazz: [90, 10] });
    // Act
    const result = plan(desired, actual);
    // Assess
    expect(result.changes).toHaveLength(1);
    const [change] = result.changes;
    expect(change?.id).toBe('update:route:dj-app/jazz-router/jazz-route');
    expect(change?.specChanged).toBe(true);
    expect(change?.tagsChanged).toBe(false);
    expect(change?.diff).toEqual([
      { path: 'spec.httpRoute.action.weightedTargets[0].weight', before: 100, after: 90 },
      { path: 'spec.httpRoute.action.weightedTargets[1].weight', before: 0, after: 10 },
    ]);
    expect(change?.reason).toContain('2 fields differ');
  });

  it('treats a mesh egress filter change away from the default as an update', () => {
    // Prepare
    const desired = djModel();
    desired.resources[0] = {
      kind: 'mesh',
      meshName: 'dj-app',
      name: 'dj-app',
      spec: { egressFilter: { type: 'ALLOW_ALL' } },
    };
    // Act
    const result = plan(desired, djModel());
    // Assess
    expect(result.changes.map((c) => c.id)).toEqual(['update:mesh:dj-app']);
    expect(result.changes[0]?.diff).toEqual([{ path: 'spec.egressFilter', after: { type: 'ALLOW_ALL' } }]);
  });

  it('reports a tag-only change without rewriting the spec', () => {
    // Prepare
    const desired = djModel();
    find(desired, 'dj').tags = [{ key: 'owner', value: 'dj-team' }];
    // Act
    const [change] = plan(desired, djModel()).changes;
    // Assess
    expect(change).toMatchObject({ action: 'update', specChanged: false, tagsChanged: true });
    expect(change?.diff).toEqual([{ path: 'tags.owner', after: 'dj-team' }]);
  });

  it('deletes in reverse order, after whatever still points at the deleted resource lets go', () => {
    // Prepare: drop metal entirely and point nothing at it any more.
    const actual = djModel();
    const desired = clone(actual);
    desired.resources = desired.resources.filter((r) => !r.name.startsWith('metal'));
    const dj = find(desired, 'dj');
    if (dj.kind !== 'virtualNode') throw new Error('kind');
    dj.spec.backends = dj.spec.backends?.filter(
      (b) => !b.virtualService?.virtualServiceName?.startsWith('metal'),
    );
    // Act
    const result = plan(desired, actual);
    // Assess
    const ids = result.changes.map((c) => c.id);
    expect(ids).toEqual([
      'update:virtualNode:dj-app/dj',
      'delete:virtualService:dj-app/metal.prod.svc.cluster.local',
      'delete:route:dj-app/metal-router/metal-route',
      'delete:virtualRouter:dj-app/metal-router',
      'delete:virtualNode:dj-app/metal-v1',
      'delete:virtualNode:dj-app/metal-v2',
    ]);
    const byId = Object.fromEntries(result.changes.map((c) => [c.id, c]));
    expect(byId['delete:virtualRouter:dj-app/metal-router']?.dependsOn).toEqual([
      'delete:route:dj-app/metal-router/metal-route',
      'delete:virtualService:dj-app/metal.prod.svc.cluster.local',
    ]);
    expect(byId['delete:virtualNode:dj-app/metal-v1']?.dependsOn).toEqual([
      'delete:route:dj-app/metal-router/metal-route',
    ]);
    expect(byId['delete:route:dj-app/metal-router/metal-route']?.reason).toContain(
      'not in the desired model',
    );
  });

  it('makes a delete wait for the update that moves a reference away', () => {
    // Prepare: jazz's route moves from jazz-v1 to a new node jazz-v3; jazz-v1 goes away.
    const actual = djModel();
    const desired = clone(actual);
    desired.resources = desired.resources.filter((r) => r.name !== 'jazz-v1');
    desired.resources.push({ ...clone(find(actual, 'jazz-v2')), name: 'jazz-v3' });
    const route = find(desired, 'jazz-route');
    if (route.kind !== 'route') throw new Error('kind');
    route.spec.httpRoute!.action!.weightedTargets![0]!.virtualNode = 'jazz-v3';
    // Act
    const result = plan(desired, actual);
    // Assess
    const byId = Object.fromEntries(result.changes.map((c) => [c.id, c]));
    expect(byId['update:route:dj-app/jazz-router/jazz-route']?.dependsOn).toEqual([
      'create:virtualNode:dj-app/jazz-v3',
    ]);
    expect(byId['delete:virtualNode:dj-app/jazz-v1']?.dependsOn).toEqual([
      'update:route:dj-app/jazz-router/jazz-route',
    ]);
  });

  it('orders a router listener change and its routes so App Mesh port checks pass', () => {
    // Prepare: jazz-router gains a 9090 listener; jazz-route must now match port 9080, a new
    // route matches 9090, and an old portless route goes away.
    const actual = djModel();
    actual.resources.push({
      kind: 'route',
      meshName: 'dj-app',
      virtualRouterName: 'jazz-router',
      name: 'old-route',
      spec: {
        httpRoute: {
          match: { prefix: '/old' },
          action: { weightedTargets: [{ virtualNode: 'jazz-v1', weight: 1 }] },
        },
      },
    });
    const desired = djModel();
    const router = find(desired, 'jazz-router');
    if (router.kind !== 'virtualRouter') throw new Error('kind');
    router.spec.listeners!.push({ portMapping: { port: 9090, protocol: 'http' } });
    const route = find(desired, 'jazz-route');
    if (route.kind !== 'route') throw new Error('kind');
    route.spec.httpRoute!.match!.port = 9080;
    desired.resources.push({
      kind: 'route',
      meshName: 'dj-app',
      virtualRouterName: 'jazz-router',
      name: 'new-route',
      spec: {
        httpRoute: {
          match: { prefix: '/', port: 9090 },
          action: { weightedTargets: [{ virtualNode: 'jazz-v2', weight: 1 }] },
        },
      },
    });
    // Act
    const result = plan(desired, actual);
    // Assess
    const byId = Object.fromEntries(result.changes.map((c) => [c.id, c]));
    expect(byId['update:virtualRouter:dj-app/jazz-router']?.dependsOn).toEqual([
      'delete:route:dj-app/jazz-router/old-route',
      'update:route:dj-app/jazz-router/jazz-route',
    ]);
    expect(byId['create:route:dj-app/jazz-router/new-route']?.dependsOn).toEqual([
      'update:virtualRouter:dj-app/jazz-router',
    ]);
    const ids = result.changes.map((c) => c.id);
    for (const change of result.changes) {
      for (const dep of change.dependsOn) expect(ids.indexOf(dep)).toBeLessThan(ids.indexOf(change.id));
    }
  });

  it('never deletes resources of meshes the desired model does not name', () => {
    // Prepare
    const actual: MeshModel = {
      resources: [...djModel().resources, ...generatedModel(2, 'other').resources],
    };
    // Act
    const result = plan(djModel(), actual);
    // Assess
    expect(result.changes).toEqual([]);
    expect(result.meshes).toEqual(['dj-app']);
  });

  it('deletes everything of a named mesh that the model dropped, the mesh last', () => {
    // Prepare
    const desired: MeshModel = {
      resources: [{ kind: 'mesh', meshName: 'dj-app', name: 'dj-app', spec: {} }],
    };
    // Act
    const result = plan(desired, djModel());
    // Assess
    expect(result.summary.delete).toBe(11);
    expect(result.changes.at(-1)?.kind).toBe('virtualNode');
    expect(result.changes[0]?.kind).toBe('virtualService');
  });

  it('keeps a mesh the model only puts resources in: never updated or deleted, created bare if missing', () => {
    // Prepare: controller YAML has no Mesh object; the actual mesh allows all egress.
    const desired = djModel();
    desired.resources.shift();
    const actual = djModel();
    actual.resources[0] = {
      kind: 'mesh',
      meshName: 'dj-app',
      name: 'dj-app',
      spec: { egressFilter: { type: 'ALLOW_ALL' } },
    };
    // Act
    const existing = plan(desired, actual);
    const missing = plan(desired, { resources: [] });
    // Assess
    expect(existing.changes).toEqual([]);
    expect(existing.summary.unchanged).toBe(12);
    expect(missing.changes[0]).toMatchObject({ id: 'create:mesh:dj-app', desired: { spec: {} } });
    expect(missing.summary.create).toBe(12);
  });

  it('destroys a declared mesh whole, but in an undeclared mesh only what the model lists, never the mesh', () => {
    // Prepare: actual = the DJ app plus a node someone else added; one model declares the mesh,
    // the other (controller YAML) lists only the jazz nodes and puts them in the mesh.
    const extra: MeshplaneResource = {
      kind: 'virtualNode',
      meshName: 'dj-app',
      name: 'someone-elses',
      spec: { listeners: [{ portMapping: { port: 80, protocol: 'http' } }] },
    };
    const actual: MeshModel = {
      resources: [...djModel().resources, extra, ...generatedModel(1, 'other').resources],
    };
    const undeclared: MeshModel = {
      resources: djModel().resources.filter((r) => r.name === 'jazz-v1' || r.name === 'jazz-v2'),
    };
    // Act
    const whole = planDestroy(actual, djModel());
    const byName = planDestroy(actual, ['dj-app']);
    const listedOnly = planDestroy(actual, undeclared);
    // Assess
    expect(whole.summary.delete).toBe(13);
    expect(whole.changes.at(-1)?.id).toBe('delete:mesh:dj-app');
    expect(byName.changes.map((c) => c.id)).toEqual(whole.changes.map((c) => c.id));
    expect(listedOnly.changes.map((c) => c.id).sort()).toEqual([
      'delete:virtualNode:dj-app/jazz-v1',
      'delete:virtualNode:dj-app/jazz-v2',
    ]);
    expect(listedOnly.changes[0]?.reason).toBe(
      'listed in the model (mesh dj-app is not declared by it, so it is kept)',
    );
    expect(listedOnly.meshes).toEqual(['dj-app']);
  });

  it('names an actual (or unvalidated desired) side that is not a model, instead of a TypeError', () => {
    // Act / Assess
    expect(() => plan(djModel(), undefined as never)).toThrow(
      expect.objectContaining({
        code: 'INVALID_MODEL',
        message: 'actual: undefined must be a MeshModel { resources: [...] } (e.g. from readMesh)',
      }),
    );
    expect(() => plan({ resources: [null] } as never, { resources: [] }, { validate: false })).toThrow(
      'desired.resources[0]: null must be a resource { kind, meshName, name, spec }',
    );
    expect(() => planDestroy({} as never, ['dj-app'])).toThrow(
      'actual: an object without a resources list must be a MeshModel { resources: [...] } (e.g. from readMesh)',
    );
    expect(() => planDestroy({ resources: [] }, [''])).toThrow(
      'meshNames: [""] must be mesh names (non-empty strings)',
    );
  });

  it('rejects a duplicate resource', () => {
    // Prepare
    const desired = djModel();
    desired.resources.push(clone(find(desired, 'dj')));
    // Act
    const act = () => plan(desired, { resources: [] });
    const unvalidated = () => plan(desired, { resources: [] }, { validate: false });
    // Assess: validation catches it first; the planner's own guard still holds without it.
    expect(act).toThrow(
      expect.objectContaining({
        code: 'MESH_VALIDATION',
        issues: expect.arrayContaining([expect.objectContaining({ code: 'DUPLICATE_RESOURCE' })]),
      }),
    );
    expect(unvalidated).toThrow(expect.objectContaining({ code: 'DUPLICATE_RESOURCE' }));
  });

  it('handles gateway routes after their gateway and target service', () => {
    // Prepare
    const desired = djModel();
    desired.resources.push(
      {
        kind: 'virtualGateway',
        meshName: 'dj-app',
        name: 'ingress',
        spec: { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] },
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
    const result = plan(desired, { resources: [] });
    // Assess
    expect(result.changes.at(-1)?.dependsOn).toEqual([
      'create:mesh:dj-app',
      'create:virtualGateway:dj-app/ingress',
      'create:virtualService:dj-app/jazz.prod.svc.cluster.local',
    ]);
  });
});
