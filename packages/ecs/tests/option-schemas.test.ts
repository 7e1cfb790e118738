import { ServiceDiscoveryClient } from '@aws-sdk/client-servicediscovery';
import { describe, expect, it } from 'vitest';
import { startAgent, startTaskXdsServer } from '../src/agent/index.js';
import {
  EcsInputError,
  meshExecutionRolePolicy,
  meshTaskRolePolicy,
  meshXdsServerTaskDefinition,
  registrationAgentStatements,
} from '../src/index.js';

/** The issues of a rejected call, as `code path: message`. */
async function issuesOf(fn: () => unknown): Promise<string[]> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof EcsInputError) return error.issues.map((i) => `${i.code} ${i.path}: ${i.message}`);
    throw error;
  }
  throw new Error('expected an EcsInputError');
}

describe('declared option schemas of the ECS factories', () => {
  it('startTaskXdsServer: every problem at once, with the rules across options', async () => {
    // Act
    const issues = await issuesOf(() =>
      startTaskXdsServer({
        socket: '/run/xds.sock',
        model: 's3://meshes/dj-app.json',
        node: 'mesh/dj-app/virtualNode/dj',
        region: 'moon-1',
        appMeshEndpoint: 'http://127.0.0.1:6374',
        revisionIntervalMs: 10_000,
        fullRefreshMs: 5_000,
      }),
    );
    // Assess
    expect(issues).toEqual([
      'REGION region: region must be an AWS region name like "us-east-1", got "moon-1"',
      'XDS_MODEL appMeshEndpoint: appMeshEndpoint is for model "appmesh:<mesh>" only, got "http://127.0.0.1:6374"',
      'RANGE fullRefreshMs: fullRefreshMs must be at least revisionIntervalMs, got 5000',
    ]);
  });

  it('startAgent: client xor clientConfig, health members, never printing the client', async () => {
    // Prepare
    const client = new ServiceDiscoveryClient({
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI' },
    });
    // Act
    const both = await issuesOf(() =>
      startAgent({
        client,
        clientConfig: { region: 'us-east-1' },
        service: { namespaceName: 'prod.local' },
        health: { url: 'ftp://x', threshold: 0 },
      } as never),
    );
    const none = await issuesOf(() => startAgent({ service: { serviceId: 'srv-1' } } as never));
    // Assess
    expect(both).toEqual([
      'CONFLICT client: client cannot be used together with clientConfig: give one, got <hidden>',
      'REQUIRED service: service must be { serviceId } or { namespaceName, serviceName }, got {"namespaceName":"prod.local"}',
      'URL health.url: health.url must be an http(s) URL, got "ftp://x"',
      'RANGE health.threshold: health.threshold must be an integer in 1-100, got 0',
    ]);
    expect(both.join()).not.toContain('wJalrXUtnFEMI');
    expect(none).toEqual([
      'REQUIRED client: client must be given when clientConfig is not: a Cloud Map client ({ client }) or its configuration ({ clientConfig }), got undefined',
    ]);
    expect(await issuesOf(() => startAgent(null as never))).toEqual([
      'REQUIRED : startAgent options must be an object, got null',
    ]);
  });

  it('registrationAgentStatements: region, account, service and tag at once', async () => {
    // Act
    const issues = await issuesOf(() =>
      registrationAgentStatements({
        region: 'us-east-1',
        account: '42',
        service: { serviceId: '' },
        serviceTag: { key: '', value: 'x' },
      }),
    );
    // Assess
    expect(issues).toEqual([
      'ACCOUNT account: account must be a 12-digit AWS account id, got "42"',
      'REQUIRED service: service must be { serviceId } or { namespaceName, serviceName }, got {"serviceId":""}',
      'TAG serviceTag: serviceTag must be { key (1-128 characters), value (0-256) }, got {"key":"","value":"x"}',
    ]);
  });

  it('the IAM policies: one of virtualNode and virtualGateway, region and account shared rules', async () => {
    // Act
    const both = await issuesOf(() =>
      meshTaskRolePolicy({
        mesh: 'dj-app',
        virtualNode: 'dj',
        virtualGateway: 'gw',
        region: 'us-east-1',
        xray: 1 as never,
      }),
    );
    const neither = await issuesOf(() =>
      meshTaskRolePolicy({ mesh: 'dj-app', region: 'us-east-1', account: '42' }),
    );
    const execution = await issuesOf(() =>
      meshExecutionRolePolicy({ region: 'moon', createLogGroup: 'yes' as never }),
    );
    // Assess
    expect(both).toEqual([
      'CONFLICT virtualGateway: virtualGateway cannot be used together with virtualNode: give one, got "gw"',
      'TYPE xray: xray must be true or false, got 1',
    ]);
    expect(neither).toEqual([
      'ACCOUNT account: account must be a 12-digit AWS account id, got "42"',
      'NAME virtualNode: virtualNode must name a virtual node (1-255 characters), got undefined',
    ]);
    expect(execution).toEqual([
      'REGION region: region must be an AWS region name like "us-east-1", got "moon"',
      'TYPE createLogGroup: createLogGroup must be true or false, got "yes"',
    ]);
  });

  it('meshXdsServerTaskDefinition: names, region, model and the status port that must differ from the ADS port', async () => {
    // Act
    const issues = await issuesOf(() =>
      meshXdsServerTaskDefinition({
        family: 'xds-server',
        name: 'xds server',
        region: 'us-east-1',
        image: 'public.ecr.aws/meshplane/cli:0.1.0',
        model: ['/models/dj-app.json'],
        statusPort: 18_000,
        namespaces: [''],
      }),
    );
    // Assess
    expect(issues).toEqual([
      'NAME name: name must be 1-255 letters, digits, underscores or hyphens, got "xds server"',
      'PORT_CONFLICT statusPort: statusPort must differ from port (default 18000; status default 9902), got 18000',
      'TYPE namespaces: namespaces must be a list of Cloud Map namespace names, got [""]',
    ]);
  });
});
