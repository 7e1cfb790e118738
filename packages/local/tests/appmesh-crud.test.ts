import {
  CreateMeshCommand,
  CreateRouteCommand,
  CreateVirtualNodeCommand,
  CreateVirtualRouterCommand,
  CreateVirtualServiceCommand,
  DeleteMeshCommand,
  DeleteRouteCommand,
  DeleteVirtualNodeCommand,
  DeleteVirtualRouterCommand,
  DeleteVirtualServiceCommand,
  DescribeMeshCommand,
  DescribeRouteCommand,
  DescribeVirtualNodeCommand,
  DescribeVirtualRouterCommand,
  DescribeVirtualServiceCommand,
  ListMeshesCommand,
  ListRoutesCommand,
  ListVirtualNodesCommand,
  ListVirtualRoutersCommand,
  ListVirtualServicesCommand,
  UpdateMeshCommand,
  UpdateRouteCommand,
  UpdateVirtualNodeCommand,
  UpdateVirtualRouterCommand,
  UpdateVirtualServiceCommand,
} from '@aws-sdk/client-app-mesh';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EndpointFixture, startFixture } from './helpers/endpoint-fixture.js';

const node = (port = 9080) => ({
  listeners: [{ portMapping: { port, protocol: 'http' as const } }],
  serviceDiscovery: { dns: { hostname: 'jazz.prod.svc.cluster.local' } },
});
const weighted = (v1: number, v2: number) => ({
  httpRoute: {
    match: { prefix: '/' },
    action: {
      weightedTargets: [
        { virtualNode: 'jazz-v1', weight: v1 },
        { virtualNode: 'jazz-v2', weight: v2 },
      ],
    },
  },
});

describe('App Mesh create / describe / list / update / delete over HTTP', () => {
  let f: EndpointFixture;
  const fixedNow = new Date('2026-01-02T03:04:05.678Z');
  beforeAll(async () => {
    f = await startFixture({ accountId: '123456789012', now: () => fixedNow });
  });
  afterAll(() => f.close());

  it('creates a mesh with the API defaults, a real ARN, metadata and timestamps the SDK parses', async () => {
    // Act
    const { mesh } = await f.appMesh.send(new CreateMeshCommand({ meshName: 'dj-app' }));
    // Assess
    expect(mesh?.spec).toEqual({ egressFilter: { type: 'DROP_ALL' } });
    expect(mesh?.status).toEqual({ status: 'ACTIVE' });
    expect(mesh?.metadata?.arn).toBe('arn:aws:appmesh:us-east-1:123456789012:mesh/dj-app');
    expect(mesh?.metadata?.version).toBe(1);
    expect(mesh?.metadata?.meshOwner).toBe('123456789012');
    expect(mesh?.metadata?.resourceOwner).toBe('123456789012');
    expect(mesh?.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(mesh?.metadata?.createdAt).toBeInstanceOf(Date);
    expect(mesh?.metadata?.createdAt?.toISOString()).toBe('2026-01-02T03:04:05.678Z');
    expect(mesh?.metadata?.lastUpdatedAt?.getTime()).toBe(fixedNow.getTime());
  });

  it('builds the mesh of the DJ app and reads every kind back', async () => {
    // Prepare
    for (const name of ['jazz-v1', 'jazz-v2'])
      await f.appMesh.send(
        new CreateVirtualNodeCommand({ meshName: 'dj-app', virtualNodeName: name, spec: node() }),
      );
    await f.appMesh.send(
      new CreateVirtualRouterCommand({
        meshName: 'dj-app',
        virtualRouterName: 'jazz-router',
        spec: { listeners: [{ portMapping: { port: 9080, protocol: 'http' } }] },
      }),
    );
    // Act
    const { route } = await f.appMesh.send(
      new CreateRouteCommand({
        meshName: 'dj-app',
        virtualRouterName: 'jazz-router',
        routeName: 'jazz-route',
        spec: weighted(100, 0),
      }),
    );
    const { virtualService } = await f.appMesh.send(
      new CreateVirtualServiceCommand({
        meshName: 'dj-app',
        virtualServiceName: 'jazz.prod.svc.cluster.local',
        spec: { provider: { virtualRouter: { virtualRouterName: 'jazz-router' } } },
      }),
    );
    // Assess
    expect(route?.metadata?.arn).toBe(
      'arn:aws:appmesh:us-east-1:123456789012:mesh/dj-app/virtualRouter/jazz-router/route/jazz-route',
    );
    expect(route?.virtualRouterName).toBe('jazz-router');
    expect(virtualService?.metadata?.arn).toBe(
      'arn:aws:appmesh:us-east-1:123456789012:mesh/dj-app/virtualService/jazz.prod.svc.cluster.local',
    );
    const described = await Promise.all([
      f.appMesh.send(new DescribeMeshCommand({ meshName: 'dj-app' })),
      f.appMesh.send(new DescribeVirtualNodeCommand({ meshName: 'dj-app', virtualNodeName: 'jazz-v1' })),
      f.appMesh.send(
        new DescribeVirtualRouterCommand({ meshName: 'dj-app', virtualRouterName: 'jazz-router' }),
      ),
      f.appMesh.send(
        new DescribeRouteCommand({
          meshName: 'dj-app',
          virtualRouterName: 'jazz-router',
          routeName: 'jazz-route',
        }),
      ),
      f.appMesh.send(
        new DescribeVirtualServiceCommand({
          meshName: 'dj-app',
          virtualServiceName: 'jazz.prod.svc.cluster.local',
        }),
      ),
    ]);
    expect(described[1].virtualNode?.spec).toEqual(node());
    expect(described[1].virtualNode?.metadata?.arn).toBe(
      'arn:aws:appmesh:us-east-1:123456789012:mesh/dj-app/virtualNode/jazz-v1',
    );
    expect(described[3].route?.spec).toEqual(weighted(100, 0));
    expect(described[4].virtualService?.spec?.provider?.virtualRouter?.virtualRouterName).toBe('jazz-router');
    const lists = await Promise.all([
      f.appMesh.send(new ListMeshesCommand({})),
      f.appMesh.send(new ListVirtualNodesCommand({ meshName: 'dj-app' })),
      f.appMesh.send(new ListVirtualRoutersCommand({ meshName: 'dj-app' })),
      f.appMesh.send(new ListRoutesCommand({ meshName: 'dj-app', virtualRouterName: 'jazz-router' })),
      f.appMesh.send(new ListVirtualServicesCommand({ meshName: 'dj-app' })),
    ]);
    expect(lists[0].meshes?.map((m) => m.meshName)).toEqual(['dj-app']);
    expect(lists[1].virtualNodes?.map((n) => n.virtualNodeName)).toEqual(['jazz-v1', 'jazz-v2']);
    expect(lists[1].virtualNodes?.[0]?.createdAt).toBeInstanceOf(Date);
    expect(lists[2].virtualRouters?.map((r) => r.virtualRouterName)).toEqual(['jazz-router']);
    expect(lists[3].routes?.[0]).toMatchObject({
      routeName: 'jazz-route',
      virtualRouterName: 'jazz-router',
      version: 1,
    });
    expect(lists[4].virtualServices?.map((s) => s.virtualServiceName)).toEqual([
      'jazz.prod.svc.cluster.local',
    ]);
  });

  it('increments metadata.version on every update and keeps createdAt', async () => {
    // Act
    const first = await f.appMesh.send(
      new UpdateRouteCommand({
        meshName: 'dj-app',
        virtualRouterName: 'jazz-router',
        routeName: 'jazz-route',
        spec: weighted(90, 10),
      }),
    );
    const second = await f.appMesh.send(
      new UpdateRouteCommand({
        meshName: 'dj-app',
        virtualRouterName: 'jazz-router',
        routeName: 'jazz-route',
        spec: weighted(50, 50),
      }),
    );
    const mesh = await f.appMesh.send(
      new UpdateMeshCommand({ meshName: 'dj-app', spec: { egressFilter: { type: 'ALLOW_ALL' } } }),
    );
    const nodeUpdate = await f.appMesh.send(
      new UpdateVirtualNodeCommand({ meshName: 'dj-app', virtualNodeName: 'jazz-v2', spec: node(8080) }),
    );
    const routerUpdate = await f.appMesh.send(
      new UpdateVirtualRouterCommand({
        meshName: 'dj-app',
        virtualRouterName: 'jazz-router',
        spec: { listeners: [{ portMapping: { port: 9080, protocol: 'http2' } }] },
      }),
    );
    const serviceUpdate = await f.appMesh.send(
      new UpdateVirtualServiceCommand({
        meshName: 'dj-app',
        virtualServiceName: 'jazz.prod.svc.cluster.local',
        spec: { provider: { virtualNode: { virtualNodeName: 'jazz-v1' } } },
      }),
    );
    // Assess
    expect(first.route?.metadata?.version).toBe(2);
    expect(second.route?.metadata?.version).toBe(3);
    expect(second.route?.spec).toEqual(weighted(50, 50));
    expect(second.route?.metadata?.createdAt?.getTime()).toBe(fixedNow.getTime());
    expect(mesh.mesh?.spec?.egressFilter?.type).toBe('ALLOW_ALL');
    expect(mesh.mesh?.metadata?.version).toBe(2);
    expect(nodeUpdate.virtualNode?.spec?.listeners?.[0]?.portMapping?.port).toBe(8080);
    expect(routerUpdate.virtualRouter?.metadata?.version).toBe(2);
    expect(serviceUpdate.virtualService?.spec?.provider?.virtualNode?.virtualNodeName).toBe('jazz-v1');
  });

  it('deletes children then the mesh, each answer with status DELETED', async () => {
    // Act
    const deletedService = await f.appMesh.send(
      new DeleteVirtualServiceCommand({
        meshName: 'dj-app',
        virtualServiceName: 'jazz.prod.svc.cluster.local',
      }),
    );
    const deletedRoute = await f.appMesh.send(
      new DeleteRouteCommand({
        meshName: 'dj-app',
        virtualRouterName: 'jazz-router',
        routeName: 'jazz-route',
      }),
    );
    await f.appMesh.send(
      new DeleteVirtualRouterCommand({ meshName: 'dj-app', virtualRouterName: 'jazz-router' }),
    );
    for (const name of ['jazz-v1', 'jazz-v2'])
      await f.appMesh.send(new DeleteVirtualNodeCommand({ meshName: 'dj-app', virtualNodeName: name }));
    const deletedMesh = await f.appMesh.send(new DeleteMeshCommand({ meshName: 'dj-app' }));
    // Assess
    expect(deletedService.virtualService?.status?.status).toBe('DELETED');
    expect(deletedRoute.route?.status?.status).toBe('DELETED');
    expect(deletedMesh.mesh?.status?.status).toBe('DELETED');
    expect((await f.appMesh.send(new ListMeshesCommand({}))).meshes).toEqual([]);
  });
});
