import {
  AppMeshClient,
  DescribeRouteCommand,
  DescribeVirtualNodeCommand,
  ListVirtualNodesCommand,
} from '@aws-sdk/client-app-mesh';
import { DiscoverInstancesCommand, ServiceDiscoveryClient } from '@aws-sdk/client-servicediscovery';
import { handler, MESHPLANE_RESOURCE_TYPES } from '@meshplane/lambda/custom-resource';
import { type LocalEndpoint, startLocalEndpoint } from '@meshplane/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalStack } from '../src/local-stack.js';
import { readTemplate } from '../src/template.js';

const template = readTemplate(new URL('../template.yaml', import.meta.url));
const FUNCTION_URL = 'https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.us-east-1.on.aws/';
const fakes = {
  MeshplaneHandler: { Arn: 'arn:aws:lambda:us-east-1:123456789012:function:meshplane-custom-resources' },
  Recommender: { Arn: 'arn:aws:lambda:us-east-1:123456789012:function:recommender' },
  RecommenderUrl: { FunctionUrl: FUNCTION_URL },
};
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

let endpoint: LocalEndpoint;
let appMesh: AppMeshClient;
let cloudMap: ServiceDiscoveryClient;
const saved = { ...process.env };

beforeAll(async () => {
  endpoint = await startLocalEndpoint({ port: 0 });
  // The default handler is configured the way it is on Lambda: from the SDK's standard
  // environment, here pointing at the local endpoint.
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_APP_MESH: endpoint.url,
    AWS_ENDPOINT_URL_SERVICEDISCOVERY: endpoint.url,
    MESHPLANE_CFN_ALLOW_LOOPBACK_RESPONSE_URL: 'true',
  });
  appMesh = new AppMeshClient({ endpoint: endpoint.url, region: 'us-east-1', credentials });
  cloudMap = new ServiceDiscoveryClient({
    endpoint: endpoint.url,
    region: 'us-east-1',
    credentials,
    disableHostPrefix: true,
  });
});

afterAll(async () => {
  process.env = saved;
  appMesh.destroy();
  cloudMap.destroy();
  await endpoint.close();
});

const jazzWeights = async () =>
  (
    await appMesh.send(
      new DescribeRouteCommand({
        meshName: 'dj-app',
        virtualRouterName: 'jazz-router',
        routeName: 'jazz-route',
      }),
    )
  ).route?.spec?.httpRoute?.action?.weightedTargets?.map((t) => `${t.virtualNode}=${t.weight}`);

describe('examples/cloudformation/template.yaml', () => {
  it('declares the three meshplane custom resources, all served by the one handler', () => {
    // Act
    const custom = Object.entries(template.Resources).filter(([, r]) => r.Type.startsWith('Custom::'));
    // Assess
    expect(custom.map(([, r]) => r.Type).sort()).toEqual([...MESHPLANE_RESOURCE_TYPES].sort());
    for (const [, r] of custom)
      expect(r.Properties?.ServiceToken).toEqual({ 'Fn::GetAtt': ['MeshplaneHandler', 'Arn'] });
  });

  it('creates, updates and deletes the stack through the custom-resource handler against the local endpoint', async () => {
    // Prepare
    const stack = new LocalStack(template, handler, { ArtifactBucket: 'artifacts' }, fakes);
    // Act: create
    const created = await stack.create();
    const nodes = await appMesh.send(new ListVirtualNodesCommand({ meshName: 'dj-app' }));
    const recommender = await appMesh.send(
      new DescribeVirtualNodeCommand({ meshName: 'dj-app', virtualNodeName: 'recommender' }),
    );
    const instances = await cloudMap.send(
      new DiscoverInstancesCommand({ NamespaceName: 'lambda.local', ServiceName: 'recommender' }),
    );
    const weightsAfterCreate = await jazzWeights();
    // Act: update the canary to 50/50
    const updated = await stack.update({ ArtifactBucket: 'artifacts', JazzV1Weight: 50, JazzV2Weight: 50 });
    const weightsAfterUpdate = await jazzWeights();
    // Act: delete
    const deleted = await stack.delete();
    const meshAfterDelete = appMesh.send(new ListVirtualNodesCommand({ meshName: 'dj-app' }));
    // Assess
    expect(created.status).toBe('CREATE_COMPLETE');
    expect(created.events.map((e) => `${e.logicalId}:${e.response?.Status}`)).toEqual([
      'DjAppMesh:SUCCESS',
      'RecommenderNode:SUCCESS',
      'JazzCanary:SUCCESS',
    ]);
    expect(nodes.virtualNodes?.map((n) => n.virtualNodeName).sort()).toEqual([
      'dj',
      'jazz-v1',
      'jazz-v2',
      'metal-v1',
      'metal-v2',
      'recommender',
    ]);
    expect(recommender.virtualNode?.spec?.serviceDiscovery?.dns?.hostname).toBe(
      new URL(FUNCTION_URL).hostname,
    );
    expect(instances.Instances?.[0]?.Attributes).toMatchObject({
      url: FUNCTION_URL,
      functionArn: fakes.Recommender.Arn,
    });
    expect(weightsAfterCreate).toEqual(['jazz-v1=90', 'jazz-v2=10']);
    expect(created.outputs).toMatchObject({ MeshName: 'dj-app', JazzWeights: '{"jazz-v1":90,"jazz-v2":10}' });
    expect(updated.status).toBe('UPDATE_COMPLETE');
    expect(updated.events.map((e) => `${e.logicalId}:${e.requestType}:${e.response?.Status}`)).toEqual([
      'JazzCanary:Update:SUCCESS',
    ]);
    expect(weightsAfterUpdate).toEqual(['jazz-v1=50', 'jazz-v2=50']);
    expect(deleted.status).toBe('DELETE_COMPLETE');
    expect(deleted.events.map((e) => e.logicalId)).toEqual(['JazzCanary', 'RecommenderNode', 'DjAppMesh']);
    await expect(meshAfterDelete).rejects.toMatchObject({ name: 'NotFoundException' });
  });

  it('rolls back a stack whose canary weights break the App Mesh rule, leaving nothing behind', async () => {
    // Prepare
    const stack = new LocalStack(
      template,
      handler,
      { ArtifactBucket: 'artifacts', JazzV1Weight: 90, JazzV2Weight: 90 },
      fakes,
    );
    // Act
    const result = await stack.create();
    const mesh = appMesh.send(new ListVirtualNodesCommand({ meshName: 'dj-app' }));
    // Assess
    expect(result.status).toBe('ROLLBACK_COMPLETE');
    const failed = result.events.find((e) => e.response?.Status === 'FAILED');
    expect(failed?.logicalId).toBe('JazzCanary');
    expect(failed?.response?.Reason).toContain('the weights must add up to 1-100 (App Mesh rule), got 180');
    expect(
      result.events.filter((e) => e.requestType === 'Delete').every((e) => e.response?.Status === 'SUCCESS'),
    ).toBe(true);
    await expect(mesh).rejects.toMatchObject({ name: 'NotFoundException' });
  });
});
