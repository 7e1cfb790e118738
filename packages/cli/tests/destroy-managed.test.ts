import {
  CreateRouteCommand,
  CreateVirtualNodeCommand,
  ListMeshesCommand,
  ListRoutesCommand,
  ListVirtualNodesCommand,
  ListVirtualRoutersCommand,
} from '@aws-sdk/client-app-mesh';
import { MANAGED_TAG } from '@meshplane/core/appmesh';
import type { LocalEndpoint } from '@meshplane/local';
import { localClients } from '@meshplane/local/clients';
import { afterEach, describe, expect, it } from 'vitest';
import { registerApply } from '../src/commands/apply.js';
import { registerDestroy } from '../src/commands/destroy.js';
import { selectDestroy } from '../src/commands/destroy-selection.js';
import { EXIT } from '../src/exit-codes.js';
import { DJ_MODEL, localEndpointPerTest, runCommands } from './support/run-cli.js';

const startEndpoint = localEndpointPerTest();
afterEach(() => {
  process.exitCode = undefined;
});

const run = (args: string[], deps: Parameters<typeof registerDestroy>[2] = { interactive: false }) =>
  runCommands(args, (program, output) => {
    registerApply(program, output, { isTTY: false, ...deps });
    registerDestroy(program, output, { isTTY: false, ...deps });
  });

/** The DJ app applied by meshplane, plus a node and a route (in meshplane's router) made by someone else. */
async function djAppWithOutsiders(): Promise<LocalEndpoint> {
  const endpoint = await startEndpoint();
  const applied = await run(['apply', '--auto-approve', '--endpoint', endpoint.url, DJ_MODEL]);
  expect(applied.code).toBe(EXIT.OK);
  const { appMesh, destroy } = localClients(endpoint);
  try {
    await appMesh.send(
      new CreateVirtualNodeCommand({ meshName: 'dj-app', virtualNodeName: 'outsider', spec: {} }),
    );
    await appMesh.send(
      new CreateRouteCommand({
        meshName: 'dj-app',
        virtualRouterName: 'jazz-router',
        routeName: 'outsider-route',
        spec: {
          httpRoute: {
            match: { prefix: '/outsider' },
            action: { weightedTargets: [{ virtualNode: 'jazz-v1', weight: 1 }] },
          },
        },
      }),
    );
  } finally {
    destroy();
  }
  return endpoint;
}

async function whatIsLeft(local: LocalEndpoint) {
  const { appMesh, destroy } = localClients(local);
  try {
    const meshes = (await appMesh.send(new ListMeshesCommand({}))).meshes ?? [];
    if (meshes.length === 0) return { meshes: [], nodes: [], routers: [], routes: [] };
    const nodes =
      (await appMesh.send(new ListVirtualNodesCommand({ meshName: 'dj-app' }))).virtualNodes ?? [];
    const routers =
      (await appMesh.send(new ListVirtualRoutersCommand({ meshName: 'dj-app' }))).virtualRouters ?? [];
    const routes = routers.some((r) => r.virtualRouterName === 'jazz-router')
      ? ((await appMesh.send(new ListRoutesCommand({ meshName: 'dj-app', virtualRouterName: 'jazz-router' })))
          .routes ?? [])
      : [];
    return {
      meshes: meshes.map((m) => m.meshName).sort(),
      nodes: nodes.map((n) => n.virtualNodeName).sort(),
      routers: routers.map((r) => r.virtualRouterName).sort(),
      routes: routes.map((r) => r.routeName).sort(),
    };
  } finally {
    destroy();
  }
}

describe('destroy deletes only what meshplane manages', () => {
  it('leaves unmanaged resources and what they hold (their router, target node, the mesh), and says why', async () => {
    // Prepare
    const local = await djAppWithOutsiders();
    // Act
    const destroyed = await run(['destroy', '--auto-approve', '--endpoint', local.url, DJ_MODEL]);
    const left = await whatIsLeft(local);
    // Assess
    expect(destroyed.code).toBe(EXIT.OK);
    expect(left).toEqual({
      meshes: ['dj-app'],
      nodes: ['jazz-v1', 'outsider'],
      routers: ['jazz-router'],
      routes: ['outsider-route'],
    });
    expect(destroyed.out).toContain(
      'Not managed by meshplane (no meshplane:managed tag), left as they are (--prune-unmanaged deletes them):',
    );
    expect(destroyed.out).toContain('= route:dj-app/jazz-router/outsider-route');
    expect(destroyed.out).toContain('= virtualNode:dj-app/outsider');
    expect(destroyed.out).toContain(
      '  Kept, still needed by what is left (App Mesh refuses to delete a resource in use):\n    = mesh:dj-app: the mesh still holds 4 resource(s) that destroy leaves (route:dj-app/jazz-router/outsider-route, virtualNode:dj-app/jazz-v1, virtualNode:dj-app/outsider, … (4 in all)), and App Mesh does not delete a mesh that has resources; --prune-unmanaged deletes them too\n',
    );
    expect(destroyed.out).toContain('Plan: 0 to create, 0 to update, 9 to delete, 0 unchanged.');
    expect(destroyed.out).toContain(
      '= virtualRouter:dj-app/jazz-router: still used by route:dj-app/jazz-router/outsider-route (not managed by meshplane)',
    );
    expect(destroyed.out).toContain('= virtualNode:dj-app/jazz-v1: still used by');
    expect(destroyed.out).toMatch(
      /Destroyed: 9 resource\(s\) of dj-app; 2 not managed by meshplane left, 3 kept/,
    );
  });

  it('the prompt lists what will and will not be deleted; --prune-unmanaged then deletes everything, mesh included', async () => {
    // Prepare
    const local = await djAppWithOutsiders();
    const questions: string[] = [];
    const terminal = {
      interactive: true,
      confirm: async (q: string) => {
        questions.push(q);
        return false;
      },
    };
    // Act
    const declined = await run(['destroy', '--endpoint', local.url, DJ_MODEL], terminal);
    const pruned = await run([
      'destroy',
      '--auto-approve',
      '--prune-unmanaged',
      '--endpoint',
      local.url,
      DJ_MODEL,
    ]);
    const left = await whatIsLeft(local);
    // Assess
    expect(declined.code).toBe(EXIT.FAILED);
    expect(declined.err).toContain('destroy cancelled: nothing was deleted');
    expect(questions).toEqual([
      'Delete 9 resource(s) of mesh dj-app; 2 not managed by meshplane left, 3 kept (mesh:dj-app, virtualNode:dj-app/jazz-v1, virtualRouter:dj-app/jazz-router)? Type "yes" to go on: ',
    ]);
    expect(declined.out).toContain('- delete virtualNode:dj-app/jazz-v2');
    expect(declined.out).toContain('= virtualNode:dj-app/outsider');
    expect(pruned.code).toBe(EXIT.OK);
    expect(pruned.out).toContain('- delete virtualNode:dj-app/outsider');
    expect(pruned.out).toContain('Destroyed: 14 resource(s) of dj-app.');
    expect(left.meshes).toEqual([]);
  });

  it('--json prints { plan (with unmanaged), kept, result }', async () => {
    // Prepare
    const local = await djAppWithOutsiders();
    // Act
    const destroyed = await run(['destroy', '--json', '--auto-approve', '--endpoint', local.url, DJ_MODEL]);
    const document = JSON.parse(destroyed.out) as {
      plan: { unmanaged: string[]; summary: { delete: number } };
      kept: Array<{ key: string; reason: string }>;
      result: { outcomes: Record<string, string> };
    };
    // Assess
    expect(destroyed.code).toBe(EXIT.OK);
    expect(document.plan.unmanaged).toEqual([
      'route:dj-app/jazz-router/outsider-route',
      'virtualNode:dj-app/outsider',
    ]);
    expect(document.plan.summary.delete).toBe(9);
    expect(document.kept.map((k) => k.key)).toEqual([
      'mesh:dj-app',
      'virtualNode:dj-app/jazz-v1',
      'virtualRouter:dj-app/jazz-router',
    ]);
    expect(Object.keys(document.result.outcomes)).toHaveLength(9);
  });
});

describe('selectDestroy', () => {
  const tags = [MANAGED_TAG];
  const mesh = { kind: 'mesh' as const, meshName: 'm', name: 'm', spec: {}, tags };
  const node = (name: string, managed: boolean) => ({
    kind: 'virtualNode' as const,
    meshName: 'm',
    name,
    spec: {},
    ...(managed ? { tags } : {}),
  });
  const service = (name: string, provider: string, managed: boolean) => ({
    kind: 'virtualService' as const,
    meshName: 'm',
    name,
    spec: { provider: { virtualNode: { virtualNodeName: provider } } },
    ...(managed ? { tags } : {}),
  });

  it('keeps a managed node that an unmanaged service uses as its provider, and the mesh', () => {
    // Act
    const { deletion, kept } = selectDestroy(
      { resources: [mesh, node('a', true), node('b', true), service('s.local', 'a', false)] },
      { resources: [mesh] },
      MANAGED_TAG,
      false,
    );
    // Assess
    expect(deletion.changes.map((c) => c.key)).toEqual(['virtualNode:m/b']);
    expect(deletion.unmanaged).toEqual(['virtualService:m/s.local']);
    expect(kept.map((k) => k.key)).toEqual(['mesh:m', 'virtualNode:m/a']);
    expect(kept[1]!.reason).toBe(
      'still used by virtualService:m/s.local (not managed by meshplane), and App Mesh does not delete a resource in use',
    );
  });

  it('with pruneUnmanaged deletes everything the model owns, in dependency order, and lists nothing as unmanaged', () => {
    // Act
    const { deletion, kept } = selectDestroy(
      { resources: [mesh, node('a', true), service('s.local', 'a', false)] },
      { resources: [mesh] },
      MANAGED_TAG,
      true,
    );
    // Assess
    expect(deletion.changes.map((c) => c.key)).toEqual([
      'virtualService:m/s.local',
      'virtualNode:m/a',
      'mesh:m',
    ]);
    expect(deletion.unmanaged).toBeUndefined();
    expect(kept).toEqual([]);
  });

  it('in a mesh the model does not declare, a listed node that an unlisted route targets is kept', () => {
    // Prepare
    const router = {
      kind: 'virtualRouter' as const,
      meshName: 'm',
      name: 'r',
      spec: { listeners: [{ portMapping: { port: 80, protocol: 'http' as const } }] },
      tags,
    };
    const route = {
      kind: 'route' as const,
      meshName: 'm',
      virtualRouterName: 'r',
      name: 'rt',
      spec: {
        httpRoute: { match: { prefix: '/' }, action: { weightedTargets: [{ virtualNode: 'a', weight: 1 }] } },
      },
      tags,
    };
    // Act
    const { deletion, kept } = selectDestroy(
      { resources: [mesh, node('a', true), node('b', true), router, route] },
      { resources: [node('a', false), node('b', false)] },
      MANAGED_TAG,
      false,
    );
    // Assess
    expect(deletion.changes.map((c) => c.key)).toEqual(['virtualNode:m/b']);
    expect(kept).toEqual([
      {
        key: 'virtualNode:m/a',
        reason:
          'still used by route:m/r/rt (that destroy leaves), and App Mesh does not delete a resource in use',
      },
    ]);
  });
});
