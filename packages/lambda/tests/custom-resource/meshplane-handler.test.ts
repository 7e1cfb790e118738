import {
  DescribeRouteCommand,
  DescribeVirtualNodeCommand,
  ListVirtualNodesCommand,
} from '@aws-sdk/client-app-mesh';
import { DiscoverInstancesCommand } from '@aws-sdk/client-servicediscovery';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CREATE_FAILED_PREFIX, createMeshplaneHandler } from '../../src/custom-resource/index.js';
import { invokeCustomResource } from '../../src/testing/index.js';
import { djAppModel, type LocalMesh, memoryLogger, startLocalMesh } from '../helpers/local-mesh.js';

const FUNCTION_URL = 'https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-east-1.on.aws/';
const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:recommender';

let local: LocalMesh;

beforeEach(async () => {
  local = await startLocalMesh();
});
afterEach(async () => {
  await local.close();
});

function handler(extra: Parameters<typeof createMeshplaneHandler>[0] = {}) {
  const logs = memoryLogger();
  const h = createMeshplaneHandler({
    appMesh: { clientConfig: local.appMeshConfig },
    serviceDiscovery: { clientConfig: local.cloudMapConfig },
    responseUrl: { allowLoopback: true },
    responseRetry: { baseDelayMs: 1, maxDelayMs: 5 },
    logger: logs.logger,
    ...extra,
  });
  return { handler: h, logs };
}

async function routeWeights(router: string, route: string) {
  const out = await local.appMesh.send(
    new DescribeRouteCommand({ meshName: 'dj-app', virtualRouterName: router, routeName: route }),
  );
  return out.route?.spec?.httpRoute?.action?.weightedTargets?.map((t) => `${t.virtualNode}=${t.weight}`);
}

describe('Custom::MeshplaneMesh', () => {
  it('creates the whole mesh from stringified properties and answers with the mesh name', async () => {
    // Prepare
    const { handler: h } = handler();
    // Act
    const result = await invokeCustomResource(h, {
      requestType: 'Create',
      resourceType: 'Custom::MeshplaneMesh',
      properties: { Model: djAppModel() },
    });
    // Assess
    expect(result.response).toMatchObject({
      Status: 'SUCCESS',
      PhysicalResourceId: 'dj-app',
      Data: { MeshName: 'dj-app', ResourceCount: '12', Created: '12' },
    });
    const nodes = await local.appMesh.send(new ListVirtualNodesCommand({ meshName: 'dj-app' }));
    expect(nodes.virtualNodes?.map((n) => n.virtualNodeName).sort()).toEqual([
      'dj',
      'jazz-v1',
      'jazz-v2',
      'metal-v1',
      'metal-v2',
    ]);
  });

  it('does not duplicate anything when CloudFormation retries the Create in a new container', async () => {
    // Prepare
    const first = handler().handler;
    const second = handler().handler;
    const properties = { ModelJson: JSON.stringify(djAppModel()) };
    await invokeCustomResource(first, { requestType: 'Create', properties, requestId: 'req-1' });
    const writesBefore = local.endpoint.stats().writes;
    // Act
    const again = await invokeCustomResource(second, {
      requestType: 'Create',
      properties,
      requestId: 'req-1',
    });
    // Assess
    expect(again.response).toMatchObject({
      Status: 'SUCCESS',
      PhysicalResourceId: 'dj-app',
      Data: { Created: '0' },
    });
    expect(local.endpoint.stats().writes).toBe(writesBefore);
  });

  it('applies only the diff on Update and keeps a traffic shift made on an unchanged route', async () => {
    // Prepare
    const { handler: h } = handler();
    const old = djAppModel();
    await invokeCustomResource(h, { requestType: 'Create', properties: { Model: old } });
    await invokeCustomResource(h, {
      requestType: 'Create',
      resourceType: 'Custom::MeshplaneTrafficShift',
      properties: {
        MeshName: 'dj-app',
        VirtualRouterName: 'metal-router',
        RouteName: 'metal-route',
        Weights: { 'metal-v1': 50, 'metal-v2': 50 },
      },
    });
    const next = djAppModel();
    const jazz = next.resources.find((r) => r.kind === 'route' && r.name === 'jazz-route')!;
    (
      jazz.spec as { httpRoute: { action: { weightedTargets: { weight: number }[] } } }
    ).httpRoute.action.weightedTargets = [
      { virtualNode: 'jazz-v1', weight: 80 },
      { virtualNode: 'jazz-v2', weight: 20 },
    ] as never;
    // Act
    const result = await invokeCustomResource(h, {
      requestType: 'Update',
      properties: { Model: next },
      oldProperties: { Model: old },
      physicalResourceId: 'dj-app',
    });
    // Assess
    expect(result.response).toMatchObject({
      Status: 'SUCCESS',
      PhysicalResourceId: 'dj-app',
      Data: { Updated: '1' },
    });
    expect(await routeWeights('jazz-router', 'jazz-route')).toEqual(['jazz-v1=80', 'jazz-v2=20']);
    expect(await routeWeights('metal-router', 'metal-route')).toEqual(['metal-v1=50', 'metal-v2=50']);
  });

  it('replaces the resource when the mesh is renamed, and deletes the old one on the Delete that follows', async () => {
    // Prepare
    const { handler: h } = handler();
    const old = djAppModel();
    await invokeCustomResource(h, { requestType: 'Create', properties: { Model: old } });
    const renamed = {
      resources: old.resources.map((r) => ({
        ...r,
        meshName: 'dj-app-2',
        ...(r.kind === 'mesh' ? { name: 'dj-app-2' } : {}),
      })),
    };
    // Act
    const updated = await invokeCustomResource(h, {
      requestType: 'Update',
      properties: { Model: renamed },
      oldProperties: { Model: old },
      physicalResourceId: 'dj-app',
    });
    const deleted = await invokeCustomResource(h, {
      requestType: 'Delete',
      properties: { Model: old },
      physicalResourceId: 'dj-app',
    });
    // Assess
    expect(updated.response?.PhysicalResourceId).toBe('dj-app-2');
    expect(deleted.response?.Status).toBe('SUCCESS');
    const oldNodes = local.appMesh.send(new ListVirtualNodesCommand({ meshName: 'dj-app' }));
    await expect(oldNodes).rejects.toMatchObject({ name: 'NotFoundException' });
    const newNodes = await local.appMesh.send(new ListVirtualNodesCommand({ meshName: 'dj-app-2' }));
    expect(newNodes.virtualNodes).toHaveLength(5);
  });

  it('reports every invalid property at once and touches nothing', async () => {
    // Prepare
    const { handler: h } = handler();
    const model = djAppModel();
    const route = model.resources.find((r) => r.kind === 'route' && r.name === 'jazz-route')!;
    (
      route.spec as { httpRoute: { action: { weightedTargets: unknown[] } } }
    ).httpRoute.action.weightedTargets = [
      { virtualNode: 'jazz-v1', weight: 150 },
      { virtualNode: 'jazz-v9', weight: 0 },
    ];
    // Act
    const result = await invokeCustomResource(h, {
      requestType: 'Create',
      properties: { Model: model, Extra: 'x' },
    });
    const bad = await invokeCustomResource(h, {
      requestType: 'Create',
      properties: { Model: model },
    });
    // Assess
    expect(result.response?.Status).toBe('FAILED');
    expect(result.response?.Reason).toContain('unknown properties: Extra');
    expect(bad.response?.Status).toBe('FAILED');
    expect(bad.response?.Reason).toContain('150');
    expect(bad.response?.Reason).toContain('jazz-v9');
    expect(local.endpoint.stats().writes).toBe(0);
  });

  it('answers FAILED with the API error when App Mesh keeps failing (5xx), before the deadline', async () => {
    // Prepare
    local.endpoint.setFaults({ errorRate: 1, seed: 7 });
    const { handler: h } = handler();
    // Act
    const result = await invokeCustomResource(h, {
      requestType: 'Create',
      properties: { Model: djAppModel() },
      remainingTimeMs: 60_000,
    });
    // Assess
    expect(result.response?.Status).toBe('FAILED');
    expect(result.response?.Reason).toMatch(/InternalServerError|ServiceUnavailable/);
    expect(result.response?.PhysicalResourceId.startsWith(CREATE_FAILED_PREFIX)).toBe(true);
    expect(result.answeredBeforeDeadline).toBe(true);
    expect(result.rejected).toEqual([]);
  });

  it('answers FAILED before the deadline when the API is too slow for the time left', async () => {
    // Prepare
    local.endpoint.setFaults({ latencyMs: 5_000, seed: 1 });
    const { handler: h } = handler({ deadlineMarginMs: 500 });
    // Act
    const result = await invokeCustomResource(h, {
      requestType: 'Create',
      properties: { Model: djAppModel() },
      remainingTimeMs: 1_500,
    });
    // Assess
    expect(result.response?.Status).toBe('FAILED');
    expect(result.response?.Reason).toContain('did not finish in time');
    expect(result.answeredBeforeDeadline).toBe(true);
    expect(result.rejected).toEqual([]);
  });

  it('stops the apply at the deadline: no change starts after the FAILED answer', async () => {
    // Prepare: each call takes 400 ms, so the mesh's own create (read 400, create 400, verify
    // 400) is still in flight when the deadline fires at 500 ms.
    local.endpoint.setFaults({ latencyMs: 400, seed: 3 });
    const { handler: h, logs } = handler({ deadlineMarginMs: 500 });
    // Act
    const result = await invokeCustomResource(h, {
      requestType: 'Create',
      properties: { Model: djAppModel() },
      remainingTimeMs: 1_000,
    });
    await vi.waitFor(() => expect(logs.text()).toContain('work abandoned at the deadline'), {
      timeout: 10_000,
      interval: 50,
    });
    // Assess
    expect(result.response?.Status).toBe('FAILED');
    expect(result.response?.Reason).toContain('did not finish in time');
    expect(logs.text()).toContain('work abandoned at the deadline stopped');
    expect(logs.text()).toContain('APPLY_ABORTED');
    const writes = local.endpoint.stats().byOperation;
    expect(writes.CreateMesh).toBe(1);
    expect(writes.CreateVirtualNode ?? 0).toBe(0);
    expect(writes.CreateVirtualRouter ?? 0).toBe(0);
  });

  it('succeeds on the Delete after a failed Create without calling App Mesh', async () => {
    // Prepare
    const { handler: h } = handler();
    const failed = await invokeCustomResource(h, { requestType: 'Create', properties: { Model: 'nope' } });
    const callsBefore = local.endpoint.stats().calls;
    // Act
    const deleted = await invokeCustomResource(h, {
      requestType: 'Delete',
      properties: { Model: 'nope' },
      physicalResourceId: failed.response!.PhysicalResourceId,
    });
    // Assess
    expect(failed.response?.Status).toBe('FAILED');
    expect(deleted.response?.Status).toBe('SUCCESS');
    expect(local.endpoint.stats().calls).toBe(callsBefore);
  });
});

describe('Custom::MeshplaneLambdaNode and Custom::MeshplaneTrafficShift', () => {
  it('registers a Lambda node (DNS to the URL host, Cloud Map instance with URL and ARN) and removes it on Delete', async () => {
    // Prepare
    const { handler: h } = handler();
    await invokeCustomResource(h, { requestType: 'Create', properties: { Model: djAppModel() } });
    const properties = {
      MeshName: 'dj-app',
      VirtualNodeName: 'recommender',
      FunctionUrl: FUNCTION_URL,
      FunctionArn: FUNCTION_ARN,
      VirtualServiceName: 'recommender.prod.svc.cluster.local',
      CloudMapNamespaceName: 'lambda.local',
      CloudMapServiceName: 'recommender',
    };
    // Act
    const created = await invokeCustomResource(h, {
      requestType: 'Create',
      resourceType: 'Custom::MeshplaneLambdaNode',
      properties,
    });
    const node = await local.appMesh.send(
      new DescribeVirtualNodeCommand({ meshName: 'dj-app', virtualNodeName: 'recommender' }),
    );
    const instances = await local.cloudMap.send(
      new DiscoverInstancesCommand({ NamespaceName: 'lambda.local', ServiceName: 'recommender' }),
    );
    const deleted = await invokeCustomResource(h, {
      requestType: 'Delete',
      resourceType: 'Custom::MeshplaneLambdaNode',
      properties,
      physicalResourceId: created.response!.PhysicalResourceId,
    });
    const after = await local.cloudMap.send(
      new DiscoverInstancesCommand({ NamespaceName: 'lambda.local', ServiceName: 'recommender' }),
    );
    // Assess
    expect(created.response).toMatchObject({
      Status: 'SUCCESS',
      PhysicalResourceId: 'dj-app/recommender',
      Data: { Host: new URL(FUNCTION_URL).hostname, CloudMapInstanceId: 'recommender' },
    });
    expect(node.virtualNode?.spec).toMatchObject({
      listeners: [{ portMapping: { port: 443, protocol: 'http' } }],
      serviceDiscovery: { dns: { hostname: new URL(FUNCTION_URL).hostname, responseType: 'LOADBALANCER' } },
    });
    expect(instances.Instances?.[0]?.Attributes).toMatchObject({
      url: FUNCTION_URL,
      functionArn: FUNCTION_ARN,
      authType: 'AWS_IAM',
      AWS_INSTANCE_PORT: '443',
    });
    expect(deleted.response?.Status).toBe('SUCCESS');
    expect(after.Instances).toEqual([]);
    await expect(
      local.appMesh.send(
        new DescribeVirtualNodeCommand({ meshName: 'dj-app', virtualNodeName: 'recommender' }),
      ),
    ).rejects.toMatchObject({ name: 'NotFoundException' });
  });

  it('moves the Cloud Map registration on Update and keeps the PhysicalResourceId', async () => {
    // Prepare
    const { handler: h } = handler();
    await invokeCustomResource(h, { requestType: 'Create', properties: { Model: djAppModel() } });
    const base = {
      MeshName: 'dj-app',
      VirtualNodeName: 'recommender',
      FunctionUrl: FUNCTION_URL,
      FunctionArn: FUNCTION_ARN,
    };
    const before = { ...base, CloudMapNamespaceName: 'lambda.local', CloudMapServiceName: 'recommender' };
    const after = {
      ...base,
      CloudMapNamespaceName: 'lambda.local',
      CloudMapServiceName: 'recs',
      AuthType: 'NONE',
    };
    const created = await invokeCustomResource(h, {
      requestType: 'Create',
      resourceType: 'Custom::MeshplaneLambdaNode',
      properties: before,
    });
    // Act
    const updated = await invokeCustomResource(h, {
      requestType: 'Update',
      resourceType: 'Custom::MeshplaneLambdaNode',
      properties: after,
      oldProperties: before,
      physicalResourceId: created.response!.PhysicalResourceId,
    });
    const discover = (service: string) =>
      local.cloudMap.send(
        new DiscoverInstancesCommand({ NamespaceName: 'lambda.local', ServiceName: service }),
      );
    const oldService = await discover('recommender');
    const newService = await discover('recs');
    // Assess
    expect(updated.response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'dj-app/recommender' });
    expect(oldService.Instances).toEqual([]);
    expect(newService.Instances?.[0]?.Attributes).toMatchObject({ authType: 'NONE', url: FUNCTION_URL });
  });

  it('rejects a Lambda node with a non-function URL, naming each problem', async () => {
    // Prepare
    const { handler: h } = handler();
    // Act
    const result = await invokeCustomResource(h, {
      requestType: 'Create',
      resourceType: 'Custom::MeshplaneLambdaNode',
      properties: {
        MeshName: 'dj-app',
        VirtualNodeName: 'x',
        FunctionUrl: 'http://example.com',
        FunctionArn: 'nope',
        AuthType: 'OPEN',
      },
    });
    // Assess
    expect(result.response?.Status).toBe('FAILED');
    expect(result.response?.Reason).toContain('FunctionUrl must use https');
    expect(result.response?.Reason).toContain('is not a function URL host');
    expect(result.response?.Reason).toContain('FunctionArn must be a Lambda function ARN');
    expect(result.response?.Reason).toContain('AuthType must be AWS_IAM or NONE, got "OPEN"');
  });

  it('shifts the weights of one route and reports before/after; rejects weights over 100', async () => {
    // Prepare
    const { handler: h } = handler();
    await invokeCustomResource(h, { requestType: 'Create', properties: { Model: djAppModel() } });
    const base = { MeshName: 'dj-app', VirtualRouterName: 'jazz-router', RouteName: 'jazz-route' };
    // Act
    const shifted = await invokeCustomResource(h, {
      requestType: 'Create',
      resourceType: 'Custom::MeshplaneTrafficShift',
      properties: { ...base, Weights: { 'jazz-v1': 90, 'jazz-v2': 10 } },
    });
    const tooMuch = await invokeCustomResource(h, {
      requestType: 'Update',
      resourceType: 'Custom::MeshplaneTrafficShift',
      properties: { ...base, Weights: { 'jazz-v1': 90, 'jazz-v2': 20 } },
      oldProperties: { ...base, Weights: { 'jazz-v1': 90, 'jazz-v2': 10 } },
      physicalResourceId: shifted.response!.PhysicalResourceId,
    });
    // Assess
    expect(shifted.response).toMatchObject({
      Status: 'SUCCESS',
      PhysicalResourceId: 'dj-app/jazz-router/jazz-route',
      Data: { Before: '{"jazz-v1":100,"jazz-v2":0}', After: '{"jazz-v1":90,"jazz-v2":10}', Changed: 'true' },
    });
    expect(await routeWeights('jazz-router', 'jazz-route')).toEqual(['jazz-v1=90', 'jazz-v2=10']);
    expect(tooMuch.response?.Status).toBe('FAILED');
    expect(tooMuch.response?.Reason).toContain('must add up to 1-100');
    expect(tooMuch.response?.PhysicalResourceId).toBe('dj-app/jazz-router/jazz-route');
  });
});
