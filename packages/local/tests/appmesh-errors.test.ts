import {
  CreateMeshCommand,
  CreateRouteCommand,
  CreateVirtualNodeCommand,
  CreateVirtualRouterCommand,
  CreateVirtualServiceCommand,
  DeleteMeshCommand,
  DeleteVirtualNodeCommand,
  DeleteVirtualRouterCommand,
  DescribeMeshCommand,
  DescribeRouteCommand,
  DescribeVirtualNodeCommand,
  ListVirtualNodesCommand,
  UpdateVirtualNodeCommand,
  UpdateVirtualRouterCommand,
} from '@aws-sdk/client-app-mesh';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EndpointFixture, failure, startFixture } from './helpers/endpoint-fixture.js';

const listener = { listeners: [{ portMapping: { port: 9080, protocol: 'http' as const } }] };
const route = (...nodes: string[]) => ({
  httpRoute: {
    match: { prefix: '/' },
    action: { weightedTargets: nodes.map((virtualNode, i) => ({ virtualNode, weight: i === 0 ? 100 : 0 })) },
  },
});

describe('App Mesh errors: the model error shapes with their HTTP status', () => {
  let f: EndpointFixture;
  beforeAll(async () => {
    f = await startFixture();
    await f.appMesh.send(new CreateMeshCommand({ meshName: 'm' }));
    await f.appMesh.send(
      new CreateVirtualNodeCommand({ meshName: 'm', virtualNodeName: 'a', spec: listener }),
    );
    await f.appMesh.send(
      new CreateVirtualRouterCommand({ meshName: 'm', virtualRouterName: 'r', spec: listener }),
    );
  });
  afterAll(() => f.close());

  it('answers NotFoundException 404 for a missing mesh, node and route', async () => {
    // Act
    const mesh = await failure(f.appMesh.send(new DescribeMeshCommand({ meshName: 'absent' })));
    const node = await failure(
      f.appMesh.send(new DescribeVirtualNodeCommand({ meshName: 'm', virtualNodeName: 'zz' })),
    );
    const routeInMissingRouter = await failure(
      f.appMesh.send(new DescribeRouteCommand({ meshName: 'm', virtualRouterName: 'nope', routeName: 'x' })),
    );
    const list = await failure(f.appMesh.send(new ListVirtualNodesCommand({ meshName: 'absent' })));
    // Assess
    expect(mesh).toEqual({ name: 'NotFoundException', status: 404, message: 'mesh "absent" does not exist' });
    expect(node).toMatchObject({ name: 'NotFoundException', status: 404 });
    expect(node.message).toContain('virtual node "zz" does not exist in mesh "m"');
    expect(routeInMissingRouter.message).toContain('virtual router "nope" does not exist');
    expect(list.status).toBe(404);
  });

  it('answers ConflictException 409 on a duplicate create', async () => {
    // Act
    const mesh = await failure(f.appMesh.send(new CreateMeshCommand({ meshName: 'm' })));
    const node = await failure(
      f.appMesh.send(new CreateVirtualNodeCommand({ meshName: 'm', virtualNodeName: 'a', spec: listener })),
    );
    // Assess
    expect(mesh).toEqual({ name: 'ConflictException', status: 409, message: 'mesh "m" already exists' });
    expect(node).toMatchObject({ name: 'ConflictException', status: 409 });
  });

  it('lets exactly one of many concurrent identical creates win', async () => {
    // Act
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        f.appMesh.send(
          new CreateVirtualNodeCommand({ meshName: 'm', virtualNodeName: 'race', spec: listener }),
        ),
      ),
    );
    // Assess
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(
      results.filter((r) => r.status === 'rejected' && (r.reason as Error).name === 'ConflictException'),
    ).toHaveLength(19);
  });

  it('answers BadRequestException 400 naming every bad field, value and rule at once', async () => {
    // Act
    const error = await failure(
      f.appMesh.send(
        new CreateVirtualNodeCommand({
          meshName: 'm',
          virtualNodeName: 'x'.repeat(256),
          spec: { listeners: [{ portMapping: { port: 0, protocol: 'smtp' as 'http' } }] },
        }),
      ),
    );
    // Assess
    expect(error).toMatchObject({ name: 'BadRequestException', status: 400 });
    expect(error.message).toContain('3 validation errors');
    expect(error.message).toContain('virtualNodeName must have 1 to 255 characters');
    expect(error.message).toContain('spec.listeners[0].portMapping.port must be 1 to 65535');
    expect(error.message).toContain(
      'spec.listeners[0].portMapping.protocol must be one of http, tcp, http2, grpc',
    );
  });

  it('rejects a route without exactly one route type, or whose weights do not add up to 1-100', async () => {
    // Act
    const none = await failure(
      f.appMesh.send(
        new CreateRouteCommand({ meshName: 'm', virtualRouterName: 'r', routeName: 'x', spec: {} }),
      ),
    );
    const zero = await failure(
      f.appMesh.send(
        new CreateRouteCommand({
          meshName: 'm',
          virtualRouterName: 'r',
          routeName: 'x',
          spec: {
            httpRoute: {
              match: { prefix: '/' },
              action: { weightedTargets: [{ virtualNode: 'a', weight: 0 }] },
            },
          },
        }),
      ),
    );
    // Assess
    expect(none).toMatchObject({ name: 'BadRequestException', status: 400 });
    expect(none.message).toContain('exactly one of httpRoute, http2Route, grpcRoute, tcpRoute');
    expect(zero.message).toContain('must add up to 1-100, got 0');
  });

  it('checks references where App Mesh does: route targets and virtual service providers', async () => {
    // Act
    const target = await failure(
      f.appMesh.send(
        new CreateRouteCommand({
          meshName: 'm',
          virtualRouterName: 'r',
          routeName: 'x',
          spec: route('ghost'),
        }),
      ),
    );
    const provider = await failure(
      f.appMesh.send(
        new CreateVirtualServiceCommand({
          meshName: 'm',
          virtualServiceName: 's.local',
          spec: { provider: { virtualRouter: { virtualRouterName: 'no-router' } } },
        }),
      ),
    );
    const backends = await f.appMesh.send(
      new UpdateVirtualNodeCommand({
        meshName: 'm',
        virtualNodeName: 'a',
        spec: { ...listener, backends: [{ virtualService: { virtualServiceName: 'not-yet.local' } }] },
      }),
    );
    // Assess
    expect(target).toMatchObject({ name: 'NotFoundException', status: 404 });
    expect(target.message).toContain(
      'spec.httpRoute.action.weightedTargets[0].virtualNode: virtual node "ghost"',
    );
    expect(provider.message).toContain('virtual router "no-router" does not exist in mesh "m"');
    expect(backends.virtualNode?.metadata?.version).toBe(2);
  });

  it('answers ResourceInUseException 409 deleting a mesh, router or provider node that is still used', async () => {
    // Prepare
    await f.appMesh.send(
      new CreateRouteCommand({ meshName: 'm', virtualRouterName: 'r', routeName: 'x', spec: route('a') }),
    );
    await f.appMesh.send(
      new CreateVirtualServiceCommand({
        meshName: 'm',
        virtualServiceName: 'a.local',
        spec: { provider: { virtualNode: { virtualNodeName: 'a' } } },
      }),
    );
    // Act
    const mesh = await failure(f.appMesh.send(new DeleteMeshCommand({ meshName: 'm' })));
    const router = await failure(
      f.appMesh.send(new DeleteVirtualRouterCommand({ meshName: 'm', virtualRouterName: 'r' })),
    );
    const node = await failure(
      f.appMesh.send(new DeleteVirtualNodeCommand({ meshName: 'm', virtualNodeName: 'a' })),
    );
    // Assess
    expect(mesh).toMatchObject({ name: 'ResourceInUseException', status: 409 });
    expect(mesh.message).toContain('delete them first');
    expect(router.message).toContain('it still has routes "x"');
    expect(node.message).toContain('virtual services "a.local" use it as their provider');
    expect(node.message).toContain('it is the target of routes "r/x"');
  });

  it('enforces port agreement between a route and a router with several listeners', async () => {
    // Prepare
    const twoListeners = {
      listeners: [
        { portMapping: { port: 8080, protocol: 'http' as const } },
        { portMapping: { port: 8443, protocol: 'http' as const } },
      ],
    };
    await f.appMesh.send(
      new CreateVirtualRouterCommand({ meshName: 'm', virtualRouterName: 'r2', spec: twoListeners }),
    );
    const portRoute = (port?: number) => ({
      httpRoute: {
        match: { prefix: '/', ...(port ? { port } : {}) },
        action: { weightedTargets: [{ virtualNode: 'a', weight: 100 }] },
      },
    });
    // Act
    const noPort = await failure(
      f.appMesh.send(
        new CreateRouteCommand({ meshName: 'm', virtualRouterName: 'r2', routeName: 'p', spec: portRoute() }),
      ),
    );
    const wrongPort = await failure(
      f.appMesh.send(
        new CreateRouteCommand({
          meshName: 'm',
          virtualRouterName: 'r2',
          routeName: 'p',
          spec: portRoute(9999),
        }),
      ),
    );
    const good = await f.appMesh.send(
      new CreateRouteCommand({
        meshName: 'm',
        virtualRouterName: 'r2',
        routeName: 'p',
        spec: portRoute(8443),
      }),
    );
    const secondListener = await failure(
      f.appMesh.send(
        new UpdateVirtualRouterCommand({ meshName: 'm', virtualRouterName: 'r', spec: twoListeners }),
      ),
    );
    // Assess
    expect(noPort).toMatchObject({ name: 'BadRequestException', status: 400 });
    expect(noPort.message).toContain(
      'Route must define a port match criteria if the Virtual Router has multiple listeners',
    );
    expect(wrongPort.message).toContain(
      'port 9999, which is not a listener port of virtual router "r2" (8080, 8443)',
    );
    expect(good.route?.spec?.httpRoute?.match?.port).toBe(8443);
    expect(secondListener).toMatchObject({ name: 'BadRequestException', status: 400 });
    expect(secondListener.message).toContain('routes without one: "x"');
  });

  it('answers LimitExceededException at the 16th mesh and the 51st backend', async () => {
    // Prepare
    const quota = await startFixture();
    for (let i = 0; i < 15; i++) await quota.appMesh.send(new CreateMeshCommand({ meshName: `mesh-${i}` }));
    // Act
    const meshes = await failure(quota.appMesh.send(new CreateMeshCommand({ meshName: 'mesh-15' })));
    const backends = Array.from({ length: 51 }, (_, i) => ({
      virtualService: { virtualServiceName: `s${i}.local` },
    }));
    const tooMany = await failure(
      quota.appMesh.send(
        new CreateVirtualNodeCommand({
          meshName: 'mesh-0',
          virtualNodeName: 'n',
          spec: { ...listener, backends },
        }),
      ),
    );
    const fifty = await quota.appMesh.send(
      new CreateVirtualNodeCommand({
        meshName: 'mesh-0',
        virtualNodeName: 'n',
        spec: { ...listener, backends: backends.slice(0, 50) },
      }),
    );
    await quota.close();
    // Assess
    expect(meshes).toMatchObject({ name: 'LimitExceededException', status: 400 });
    expect(meshes.message).toContain('15 meshes');
    expect(tooMany).toMatchObject({ name: 'LimitExceededException', status: 400 });
    expect(fifty.virtualNode?.spec?.backends).toHaveLength(50);
  });

  it('answers LimitExceededException at the 51st route of a router', async () => {
    // Prepare
    const quota = await startFixture();
    await quota.appMesh.send(new CreateMeshCommand({ meshName: 'q' }));
    await quota.appMesh.send(
      new CreateVirtualNodeCommand({ meshName: 'q', virtualNodeName: 'a', spec: listener }),
    );
    await quota.appMesh.send(
      new CreateVirtualRouterCommand({ meshName: 'q', virtualRouterName: 'r', spec: listener }),
    );
    for (let i = 0; i < 50; i++)
      await quota.appMesh.send(
        new CreateRouteCommand({
          meshName: 'q',
          virtualRouterName: 'r',
          routeName: `r${i}`,
          spec: route('a'),
        }),
      );
    // Act
    const error = await failure(
      quota.appMesh.send(
        new CreateRouteCommand({ meshName: 'q', virtualRouterName: 'r', routeName: 'r50', spec: route('a') }),
      ),
    );
    await quota.close();
    // Assess
    expect(error).toMatchObject({ name: 'LimitExceededException', status: 400 });
    expect(error.message).toContain('already has 50 routes');
  });

  it('answers NotFoundException for a mesh owned by another account (no sharing emulated)', async () => {
    // Act
    const error = await failure(
      f.appMesh.send(new DescribeMeshCommand({ meshName: 'm', meshOwner: '999999999999' })),
    );
    // Assess
    expect(error).toMatchObject({ name: 'NotFoundException', status: 404 });
    expect(error.message).toContain('not shared');
  });
});
