import {
  CreateGatewayRouteCommand,
  CreateMeshCommand,
  CreateVirtualGatewayCommand,
  CreateVirtualNodeCommand,
  CreateVirtualServiceCommand,
  DeleteGatewayRouteCommand,
  DeleteVirtualGatewayCommand,
  DeleteVirtualServiceCommand,
  DescribeGatewayRouteCommand,
  DescribeVirtualGatewayCommand,
  ListGatewayRoutesCommand,
  ListMeshesCommand,
  ListTagsForResourceCommand,
  ListVirtualGatewaysCommand,
  ListVirtualNodesCommand,
  paginateListVirtualNodes,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateGatewayRouteCommand,
  UpdateMeshCommand,
  UpdateVirtualGatewayCommand,
} from '@aws-sdk/client-app-mesh';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EndpointFixture, failure, startFixture } from './helpers/endpoint-fixture.js';

const gatewaySpec = (port: number) => ({ listeners: [{ portMapping: { port, protocol: 'http' as const } }] });
const gatewayRouteSpec = (prefix: string) => ({
  httpRoute: {
    match: { prefix },
    action: { target: { virtualService: { virtualServiceName: 'svc.local' } } },
  },
});

describe('virtual gateways and gateway routes', () => {
  let f: EndpointFixture;
  beforeAll(async () => {
    f = await startFixture({ accountId: '111122223333' });
    await f.appMesh.send(new CreateMeshCommand({ meshName: 'gw' }));
    await f.appMesh.send(
      new CreateVirtualNodeCommand({ meshName: 'gw', virtualNodeName: 'backend', spec: gatewaySpec(8080) }),
    );
    await f.appMesh.send(
      new CreateVirtualServiceCommand({
        meshName: 'gw',
        virtualServiceName: 'svc.local',
        spec: { provider: { virtualNode: { virtualNodeName: 'backend' } } },
      }),
    );
  });
  afterAll(() => f.close());

  it('runs the whole life cycle of a gateway and its route', async () => {
    // Act
    const created = await f.appMesh.send(
      new CreateVirtualGatewayCommand({
        meshName: 'gw',
        virtualGatewayName: 'ingress',
        spec: gatewaySpec(8443),
      }),
    );
    const route = await f.appMesh.send(
      new CreateGatewayRouteCommand({
        meshName: 'gw',
        virtualGatewayName: 'ingress',
        gatewayRouteName: 'to-svc',
        spec: gatewayRouteSpec('/'),
      }),
    );
    const serviceInUse = await failure(
      f.appMesh.send(new DeleteVirtualServiceCommand({ meshName: 'gw', virtualServiceName: 'svc.local' })),
    );
    const inUse = await failure(
      f.appMesh.send(new DeleteVirtualGatewayCommand({ meshName: 'gw', virtualGatewayName: 'ingress' })),
    );
    const updatedRoute = await f.appMesh.send(
      new UpdateGatewayRouteCommand({
        meshName: 'gw',
        virtualGatewayName: 'ingress',
        gatewayRouteName: 'to-svc',
        spec: gatewayRouteSpec('/api'),
      }),
    );
    const updatedGateway = await f.appMesh.send(
      new UpdateVirtualGatewayCommand({
        meshName: 'gw',
        virtualGatewayName: 'ingress',
        spec: gatewaySpec(9443),
      }),
    );
    const described = await f.appMesh.send(
      new DescribeGatewayRouteCommand({
        meshName: 'gw',
        virtualGatewayName: 'ingress',
        gatewayRouteName: 'to-svc',
      }),
    );
    const gateways = await f.appMesh.send(new ListVirtualGatewaysCommand({ meshName: 'gw' }));
    const routes = await f.appMesh.send(
      new ListGatewayRoutesCommand({ meshName: 'gw', virtualGatewayName: 'ingress' }),
    );
    const deletedRoute = await f.appMesh.send(
      new DeleteGatewayRouteCommand({
        meshName: 'gw',
        virtualGatewayName: 'ingress',
        gatewayRouteName: 'to-svc',
      }),
    );
    const deletedGateway = await f.appMesh.send(
      new DeleteVirtualGatewayCommand({ meshName: 'gw', virtualGatewayName: 'ingress' }),
    );
    const gone = await failure(
      f.appMesh.send(new DescribeVirtualGatewayCommand({ meshName: 'gw', virtualGatewayName: 'ingress' })),
    );
    // Assess
    expect(created.virtualGateway?.metadata?.arn).toBe(
      'arn:aws:appmesh:us-east-1:111122223333:mesh/gw/virtualGateway/ingress',
    );
    expect(route.gatewayRoute?.metadata?.arn).toBe(
      'arn:aws:appmesh:us-east-1:111122223333:mesh/gw/virtualGateway/ingress/gatewayRoute/to-svc',
    );
    expect(serviceInUse).toMatchObject({ name: 'ResourceInUseException', status: 409 });
    expect(serviceInUse.message).toContain('it is the target of gateway routes "ingress/to-svc"');
    expect(inUse).toMatchObject({ name: 'ResourceInUseException', status: 409 });
    expect(inUse.message).toContain('gateway routes "to-svc"');
    expect(updatedRoute.gatewayRoute?.metadata?.version).toBe(2);
    expect(updatedGateway.virtualGateway?.spec?.listeners?.[0]?.portMapping?.port).toBe(9443);
    expect(described.gatewayRoute?.spec?.httpRoute?.match?.prefix).toBe('/api');
    expect(gateways.virtualGateways?.map((g) => g.virtualGatewayName)).toEqual(['ingress']);
    expect(routes.gatewayRoutes?.[0]).toMatchObject({
      gatewayRouteName: 'to-svc',
      virtualGatewayName: 'ingress',
      version: 2,
    });
    expect(deletedRoute.gatewayRoute?.status?.status).toBe('DELETED');
    expect(deletedGateway.virtualGateway?.status?.status).toBe('DELETED');
    expect(gone).toMatchObject({ name: 'NotFoundException', status: 404 });
  });

  it('requires a match port on gateway routes of a gateway with several listeners', async () => {
    // Prepare
    await f.appMesh.send(
      new CreateVirtualGatewayCommand({
        meshName: 'gw',
        virtualGatewayName: 'two-ports',
        spec: { listeners: [...gatewaySpec(80).listeners, ...gatewaySpec(443).listeners] },
      }),
    );
    const withPort = (port?: number) => ({
      httpRoute: {
        match: { prefix: '/', ...(port ? { port } : {}) },
        action: { target: { virtualService: { virtualServiceName: 'svc.local' } } },
      },
    });
    // Act
    const missing = await failure(
      f.appMesh.send(
        new CreateGatewayRouteCommand({
          meshName: 'gw',
          virtualGatewayName: 'two-ports',
          gatewayRouteName: 'r',
          spec: withPort(),
        }),
      ),
    );
    const created = await f.appMesh.send(
      new CreateGatewayRouteCommand({
        meshName: 'gw',
        virtualGatewayName: 'two-ports',
        gatewayRouteName: 'r',
        spec: withPort(443),
      }),
    );
    // Assess
    expect(missing).toMatchObject({ name: 'BadRequestException', status: 400 });
    expect(missing.message).toContain(
      'Gateway route must define a match port if the parent Virtual Gateway has multiple listeners',
    );
    expect(created.gatewayRoute?.spec?.httpRoute?.match?.port).toBe(443);
  });

  it('requires a target port when the target service provider has several listeners', async () => {
    // Prepare
    await f.appMesh.send(
      new CreateVirtualNodeCommand({
        meshName: 'gw',
        virtualNodeName: 'multi',
        spec: { listeners: [...gatewaySpec(8080).listeners, ...gatewaySpec(8081).listeners] },
      }),
    );
    await f.appMesh.send(
      new CreateVirtualServiceCommand({
        meshName: 'gw',
        virtualServiceName: 'multi.local',
        spec: { provider: { virtualNode: { virtualNodeName: 'multi' } } },
      }),
    );
    await f.appMesh.send(
      new CreateVirtualGatewayCommand({ meshName: 'gw', virtualGatewayName: 'g3', spec: gatewaySpec(80) }),
    );
    const toMulti = (port?: number) => ({
      httpRoute: {
        match: { prefix: '/' },
        action: {
          target: { virtualService: { virtualServiceName: 'multi.local' }, ...(port ? { port } : {}) },
        },
      },
    });
    // Act
    const missing = await failure(
      f.appMesh.send(
        new CreateGatewayRouteCommand({
          meshName: 'gw',
          virtualGatewayName: 'g3',
          gatewayRouteName: 'm',
          spec: toMulti(),
        }),
      ),
    );
    const created = await f.appMesh.send(
      new CreateGatewayRouteCommand({
        meshName: 'gw',
        virtualGatewayName: 'g3',
        gatewayRouteName: 'm',
        spec: toMulti(8081),
      }),
    );
    // Assess
    expect(missing).toMatchObject({ name: 'BadRequestException', status: 400 });
    expect(missing.message).toContain(
      'spec.httpRoute.action.target.port: Virtual service provider port is required when the provider (router or node) of the selected virtual service has multiple listeners',
    );
    expect(created.gatewayRoute?.spec?.httpRoute?.action?.target?.port).toBe(8081);
  });

  it("checks a gateway route's target virtual service", async () => {
    // Prepare
    await f.appMesh.send(
      new CreateVirtualGatewayCommand({ meshName: 'gw', virtualGatewayName: 'g2', spec: gatewaySpec(80) }),
    );
    // Act
    const error = await failure(
      f.appMesh.send(
        new CreateGatewayRouteCommand({
          meshName: 'gw',
          virtualGatewayName: 'g2',
          gatewayRouteName: 'bad',
          spec: {
            httpRoute: {
              match: { prefix: '/' },
              action: { target: { virtualService: { virtualServiceName: 'missing.local' } } },
            },
          },
        }),
      ),
    );
    // Assess
    expect(error).toMatchObject({ name: 'NotFoundException', status: 404 });
    expect(error.message).toContain('virtual service "missing.local" does not exist in mesh "gw"');
  });
});

describe('tags by ARN', () => {
  let f: EndpointFixture;
  let arn: string;
  beforeAll(async () => {
    f = await startFixture();
    const { mesh } = await f.appMesh.send(
      new CreateMeshCommand({ meshName: 'tagged', tags: [{ key: 'team', value: 'jazz' }] }),
    );
    arn = mesh!.metadata!.arn!;
  });
  afterAll(() => f.close());

  it('adds, overwrites, lists and removes tags', async () => {
    // Act
    await f.appMesh.send(
      new TagResourceCommand({
        resourceArn: arn,
        tags: [
          { key: 'team', value: 'metal' },
          { key: 'env', value: 'dev' },
        ],
      }),
    );
    const afterTag = await f.appMesh.send(new ListTagsForResourceCommand({ resourceArn: arn }));
    await f.appMesh.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['env', 'not-there'] }));
    const afterUntag = await f.appMesh.send(new ListTagsForResourceCommand({ resourceArn: arn }));
    // Assess
    expect(afterTag.tags).toEqual([
      { key: 'env', value: 'dev' },
      { key: 'team', value: 'metal' },
    ]);
    expect(afterUntag.tags).toEqual([{ key: 'team', value: 'metal' }]);
  });

  it('answers TooManyTagsException past 50 tags and accepts exactly 50', async () => {
    // Prepare
    const tags = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) => ({ key: `k${from + i}`, value: 'v' }));
    // Act
    await f.appMesh.send(new TagResourceCommand({ resourceArn: arn, tags: tags(0, 49) }));
    const fifty = await f.appMesh.send(new ListTagsForResourceCommand({ resourceArn: arn, limit: 50 }));
    const error = await failure(
      f.appMesh.send(new TagResourceCommand({ resourceArn: arn, tags: tags(100, 1) })),
    );
    // Assess
    expect(fifty.tags).toHaveLength(50);
    expect(fifty.nextToken).toBeUndefined();
    expect(error).toMatchObject({ name: 'TooManyTagsException', status: 400 });
    expect(error.message).toContain('would have 51 tags; the limit is 50');
  });

  it('answers NotFoundException for an unknown ARN and BadRequestException for a malformed one', async () => {
    // Act
    const missing = await failure(
      f.appMesh.send(
        new ListTagsForResourceCommand({ resourceArn: 'arn:aws:appmesh:us-east-1:000000000000:mesh/nope' }),
      ),
    );
    const malformed = await failure(
      f.appMesh.send(new ListTagsForResourceCommand({ resourceArn: 'not-an-arn' })),
    );
    const otherRegion = await failure(
      f.appMesh.send(new ListTagsForResourceCommand({ resourceArn: arn.replace('us-east-1', 'eu-west-1') })),
    );
    // Assess
    expect(missing).toMatchObject({ name: 'NotFoundException', status: 404 });
    expect(malformed).toMatchObject({ name: 'BadRequestException', status: 400 });
    expect(malformed.message).toContain('"not-an-arn" is not an App Mesh resource ARN');
    expect(otherRegion).toMatchObject({ name: 'NotFoundException', status: 404 });
    expect(otherRegion.message).toContain('this request is signed for us-east-1');
  });
});

describe('pagination and idempotency', () => {
  let f: EndpointFixture;
  beforeAll(async () => {
    f = await startFixture();
    await f.appMesh.send(new CreateMeshCommand({ meshName: 'paged' }));
    for (let i = 0; i < 23; i++)
      await f.appMesh.send(
        new CreateVirtualNodeCommand({
          meshName: 'paged',
          virtualNodeName: `node-${String(i).padStart(2, '0')}`,
          spec: gatewaySpec(8080),
        }),
      );
  });
  afterAll(() => f.close());

  it('pages through several pages in a stable order with the SDK paginator', async () => {
    // Act
    const pages: string[][] = [];
    for await (const page of paginateListVirtualNodes(
      { client: f.appMesh, pageSize: 10 },
      { meshName: 'paged' },
    ))
      pages.push((page.virtualNodes ?? []).map((n) => n.virtualNodeName!));
    // Assess
    expect(pages.map((p) => p.length)).toEqual([10, 10, 3]);
    expect(pages.flat()).toEqual(Array.from({ length: 23 }, (_, i) => `node-${String(i).padStart(2, '0')}`));
  });

  it('rejects a token that this list did not return, and a limit out of range', async () => {
    // Prepare
    const first = await f.appMesh.send(new ListVirtualNodesCommand({ meshName: 'paged', limit: 5 }));
    // Act
    const garbage = await failure(
      f.appMesh.send(new ListVirtualNodesCommand({ meshName: 'paged', nextToken: 'garbage' })),
    );
    const otherList = await failure(f.appMesh.send(new ListMeshesCommand({ nextToken: first.nextToken })));
    const limit = await failure(
      f.appMesh.send(new ListVirtualNodesCommand({ meshName: 'paged', limit: 101 })),
    );
    // Assess
    expect(garbage).toMatchObject({ name: 'BadRequestException', status: 400 });
    expect(otherList).toMatchObject({ name: 'BadRequestException', status: 400 });
    expect(limit.message).toContain('limit must be 1 to 100');
  });

  it('returns the original answer for a retried clientToken and a conflict for a reused one', async () => {
    // Act
    const first = await f.appMesh.send(
      new CreateMeshCommand({
        meshName: 'idem',
        clientToken: 'token-1',
        spec: { egressFilter: { type: 'ALLOW_ALL' } },
      }),
    );
    const retry = await f.appMesh.send(
      new CreateMeshCommand({
        meshName: 'idem',
        clientToken: 'token-1',
        spec: { egressFilter: { type: 'ALLOW_ALL' } },
      }),
    );
    const reused = await failure(
      f.appMesh.send(new CreateMeshCommand({ meshName: 'idem-2', clientToken: 'token-1' })),
    );
    const update = await f.appMesh.send(
      new UpdateMeshCommand({ meshName: 'idem', clientToken: 'u-1', spec: {} }),
    );
    const updateRetry = await f.appMesh.send(
      new UpdateMeshCommand({ meshName: 'idem', clientToken: 'u-1', spec: {} }),
    );
    const withoutToken = await failure(f.appMesh.send(new CreateMeshCommand({ meshName: 'idem' })));
    // Assess
    expect(retry.mesh).toEqual(first.mesh);
    expect(reused).toMatchObject({ name: 'ConflictException', status: 409 });
    expect(update.mesh?.metadata?.version).toBe(2);
    expect(updateRetry.mesh?.metadata?.version).toBe(2);
    expect(withoutToken).toMatchObject({ name: 'ConflictException', status: 409 });
  });
});
