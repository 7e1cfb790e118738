import {
  CreateGatewayRouteCommand,
  CreateMeshCommand,
  CreateRouteCommand,
  CreateVirtualGatewayCommand,
  CreateVirtualNodeCommand,
  CreateVirtualRouterCommand,
  CreateVirtualServiceCommand,
  ListMeshesCommand,
  UpdateVirtualNodeCommand,
} from '@aws-sdk/client-app-mesh';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EndpointFixture, failure, startFixture } from './helpers/endpoint-fixture.js';

const healthCheck = (port: number) => ({
  protocol: 'http' as const,
  path: '/ping',
  port,
  healthyThreshold: 2,
  unhealthyThreshold: 2,
  timeoutMillis: 2000,
  intervalMillis: 5000,
});
const node = (checkPort?: number) => ({
  listeners: [
    {
      portMapping: { port: 8080, protocol: 'http' as const },
      ...(checkPort !== undefined ? { healthCheck: healthCheck(checkPort) } : {}),
    },
  ],
  serviceDiscovery: { dns: { hostname: 'n.local' } },
});

describe('the API reference\'s "must" rules, enforced with core\'s validation rules (issue 13 item 9)', () => {
  let f: EndpointFixture;
  beforeAll(async () => {
    f = await startFixture();
    await f.appMesh.send(new CreateMeshCommand({ meshName: 'm' }));
    await f.appMesh.send(new CreateVirtualNodeCommand({ meshName: 'm', virtualNodeName: 'n', spec: node() }));
    await f.appMesh.send(
      new CreateVirtualNodeCommand({
        meshName: 'm',
        virtualNodeName: 'g',
        spec: { ...node(), listeners: [{ portMapping: { port: 8080, protocol: 'grpc' } }] },
      }),
    );
    await f.appMesh.send(
      new CreateVirtualRouterCommand({
        meshName: 'm',
        virtualRouterName: 'r',
        spec: { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] },
      }),
    );
    await f.appMesh.send(
      new CreateVirtualRouterCommand({
        meshName: 'm',
        virtualRouterName: 'rg',
        spec: { listeners: [{ portMapping: { port: 8080, protocol: 'grpc' } }] },
      }),
    );
    await f.appMesh.send(
      new CreateVirtualServiceCommand({
        meshName: 'm',
        virtualServiceName: 's.local',
        spec: { provider: { virtualNode: { virtualNodeName: 'n' } } },
      }),
    );
    await f.appMesh.send(
      new CreateVirtualGatewayCommand({
        meshName: 'm',
        virtualGatewayName: 'gw',
        spec: { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] },
      }),
    );
  });
  afterAll(() => f.close());

  it("refuses a health-check port other than the listener's port, on create and update, for nodes and gateways", async () => {
    // Act
    const create = await failure(
      f.appMesh.send(
        new CreateVirtualNodeCommand({ meshName: 'm', virtualNodeName: 'bad', spec: node(9090) }),
      ),
    );
    const update = await failure(
      f.appMesh.send(new UpdateVirtualNodeCommand({ meshName: 'm', virtualNodeName: 'n', spec: node(9090) })),
    );
    const gateway = await failure(
      f.appMesh.send(
        new CreateVirtualGatewayCommand({
          meshName: 'm',
          virtualGatewayName: 'gw2',
          spec: {
            listeners: [
              {
                portMapping: { port: 8080, protocol: 'http' },
                healthCheck: { ...healthCheck(9090), protocol: 'http' },
              },
            ],
          },
        }),
      ),
    );
    const same = await f.appMesh.send(
      new UpdateVirtualNodeCommand({ meshName: 'm', virtualNodeName: 'n', spec: node(8080) }),
    );
    // Assess
    expect(create).toMatchObject({ name: 'BadRequestException', status: 400 });
    expect(create.message).toContain(
      "spec.listeners[0].healthCheck.port: healthCheck.port 9090 must be the listener's own port 8080",
    );
    expect(update).toMatchObject({ name: 'BadRequestException', status: 400 });
    expect(gateway).toMatchObject({ name: 'BadRequestException', status: 400 });
    expect(gateway.message).toContain('healthCheck.port 9090');
    expect(same.virtualNode?.spec?.listeners?.[0]?.healthCheck?.port).toBe(8080);
  });

  it('refuses an HTTP route or gateway route prefix without a leading /', async () => {
    // Act
    const route = await failure(
      f.appMesh.send(
        new CreateRouteCommand({
          meshName: 'm',
          virtualRouterName: 'r',
          routeName: 'x',
          spec: {
            httpRoute: {
              match: { prefix: 'api' },
              action: { weightedTargets: [{ virtualNode: 'n', weight: 1 }] },
            },
          },
        }),
      ),
    );
    const gatewayRoute = await failure(
      f.appMesh.send(
        new CreateGatewayRouteCommand({
          meshName: 'm',
          virtualGatewayName: 'gw',
          gatewayRouteName: 'gx',
          spec: {
            httpRoute: {
              match: { prefix: 'api' },
              action: { target: { virtualService: { virtualServiceName: 's.local' } } },
            },
          },
        }),
      ),
    );
    // Assess
    expect(route).toMatchObject({ name: 'BadRequestException', status: 400 });
    expect(route.message).toContain('spec.httpRoute.match.prefix: match.prefix must start with /, got "api"');
    expect(gatewayRoute).toMatchObject({ name: 'BadRequestException', status: 400 });
    expect(gatewayRoute.message).toContain('match.prefix must start with /, got "api"');
  });

  it('refuses a gRPC methodName without serviceName', async () => {
    // Act
    const error = await failure(
      f.appMesh.send(
        new CreateRouteCommand({
          meshName: 'm',
          virtualRouterName: 'rg',
          routeName: 'g',
          spec: {
            grpcRoute: {
              match: { methodName: 'Get' },
              action: { weightedTargets: [{ virtualNode: 'g', weight: 1 }] },
            },
          },
        }),
      ),
    );
    const withService = await f.appMesh.send(
      new CreateRouteCommand({
        meshName: 'm',
        virtualRouterName: 'rg',
        routeName: 'g',
        spec: {
          grpcRoute: {
            match: { serviceName: 'svc.Api', methodName: 'Get' },
            action: { weightedTargets: [{ virtualNode: 'g', weight: 1 }] },
          },
        },
      }),
    );
    // Assess
    expect(error).toMatchObject({ name: 'BadRequestException', status: 400 });
    expect(error.message).toContain('a grpc match on methodName "Get" must also set serviceName');
    expect(withService.route?.spec?.grpcRoute?.match?.methodName).toBe('Get');
  });

  it('refuses a mesh name given as an ARN instead of creating that mesh', async () => {
    // Act
    const error = await failure(
      f.appMesh.send(new CreateMeshCommand({ meshName: 'arn:aws:appmesh:us-east-1:000000000000:mesh/x' })),
    );
    const meshes = await f.appMesh.send(new ListMeshesCommand({}));
    // Assess
    expect(error).toMatchObject({ name: 'BadRequestException', status: 400 });
    expect(error.message).toContain("meshName must be the mesh's name, not its ARN");
    expect(meshes.meshes?.map((m) => m.meshName)).toEqual(['m']);
  });
});
