import { validateShape } from '@meshplane/core/smithy';
import { afterEach, describe, expect, it } from 'vitest';
import { ecsModel } from '../../ecs/src/generated/ecs-model.js';
import { EXIT } from '../src/exit-codes.js';
import { REPO as repo, runProgram as run } from './support/run-cli.js';

const base = [
  'ecs',
  'task-definition',
  '--mesh',
  'dj-app',
  '--node',
  'jazz-v1',
  '--image',
  'jazz:v1',
  '--region',
  'us-east-1',
  // These tests describe the App Mesh-managed task definition; the default is now the per-task control plane.
  '--control-plane',
  'appmesh',
];

describe('meshplane ecs task-definition', () => {
  afterEach(() => {
    process.exitCode = undefined;
  });

  it('prints a Fargate task definition the ECS API model accepts', async () => {
    // Act
    const { stdout, exitCode } = await run(
      ...base,
      '--port',
      '9080',
      '--cpu',
      '256',
      '--memory',
      '512',
      '--xray',
      '--account',
      '111122223333',
    );
    const api = JSON.parse(stdout);
    // Assess
    expect(exitCode).toBe(EXIT.OK);
    expect(api).toMatchObject({
      family: 'jazz-v1',
      cpu: '256',
      memory: '512',
      requiresCompatibilities: ['FARGATE'],
    });
    expect(api.containerDefinitions.map((c: { name: string }) => c.name)).toEqual([
      'app',
      'envoy',
      'xray-daemon',
    ]);
    expect(validateShape(ecsModel, 'RegisterTaskDefinitionRequest', api, 'api')).toEqual([]);
  });

  it('prints the CloudFormation properties with --format cloudformation', async () => {
    // Act
    const { stdout, exitCode } = await run(...base, '--port', '9080', '--format', 'cloudformation');
    const props = JSON.parse(stdout);
    // Assess
    expect(exitCode).toBe(EXIT.OK);
    expect(props.ProxyConfiguration.ProxyConfigurationProperties).toContainEqual({
      Name: 'AppPorts',
      Value: '9080',
    });
    expect(props.RequiresCompatibilities).toEqual(['EC2']);
  });

  it('reads the node and its listener ports from a model', async () => {
    // Act
    const { stdout, exitCode } = await run(
      'ecs',
      'task-definition',
      '--mesh',
      'dj-app',
      '--node',
      'dj',
      '--image',
      'dj:v1',
      '--region',
      'eu-west-1',
      '--model',
      `${repo}examples/dj-app/src/mesh.ts`,
      '--control-plane',
      'appmesh',
    );
    // Assess
    expect(exitCode).toBe(EXIT.OK);
    expect(JSON.parse(stdout).proxyConfiguration.properties[0]).toEqual({ name: 'AppPorts', value: '9080' });
  });

  it("adds the registration agent, registering in the model node's Cloud Map service", async () => {
    // Act
    const { stdout, exitCode } = await run(
      ...base,
      '--model',
      `${repo}examples/dj-app/src/mesh.ts`,
      '--agent-image',
      'agent:0.1.0',
    );
    const agent = JSON.parse(stdout).containerDefinitions.find(
      (c: { name: string }) => c.name === 'registration-agent',
    );
    // Assess
    expect(exitCode).toBe(EXIT.OK);
    expect(agent.environment).toEqual(
      expect.arrayContaining([
        { name: 'MESHPLANE_ATTRIBUTES', value: 'version=v1' },
        { name: 'MESHPLANE_SERVICE', value: 'jazz' },
      ]),
    );
  });

  it('reports every bad flag at once with exit 2 and prints nothing on stdout', async () => {
    // Act
    const { stdout, stderr, exitCode } = await run(
      'ecs',
      'task-definition',
      '--mesh',
      'dj-app',
      '--node',
      '--port',
      '80x',
      '--cpu',
      '256',
      '--format',
      'yaml',
      '--bogus',
      '--region',
      'us-east-1',
    );
    // Assess
    expect(exitCode).toBe(EXIT.INVALID_INPUT);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toEqual([
      'error: unknown option or argument "--bogus"',
      'error: --node needs a value',
      'error: --image is required (the application image)',
      'error: --port must be a whole number, got "80x"',
      'error: --format must be "api" or "cloudformation", got "yaml"',
      'error: a Fargate task needs both --cpu and --memory (e.g. --cpu 256 --memory 512)',
    ]);
  });

  it('exits 2 on a CPU/memory pair Fargate does not offer and on a port the node lacks', async () => {
    // Act
    const size = await run(
      ...base,
      '--port',
      '9080',
      '--cpu',
      '256',
      '--memory',
      '4096',
      '--account',
      '111122223333',
    );
    const port = await run(...base, '--port', '9999', '--model', `${repo}examples/dj-app/src/mesh.ts`);
    // Assess
    expect(size.exitCode).toBe(EXIT.INVALID_INPUT);
    expect(size.stderr).toContain(
      'fargate: Fargate does not offer 4096 MiB with 256 CPU units; allowed: 512, 1024, 2048 MiB',
    );
    expect(port.exitCode).toBe(EXIT.INVALID_INPUT);
    expect(port.stderr).toContain(
      'app port 9999 is not a listener port of the virtual node (listeners: 9080)',
    );
  });

  it('points at the flags when a Fargate task lacks an execution role', async () => {
    // Act
    const { stderr, exitCode } = await run(...base, '--port', '9080', '--cpu', '256', '--memory', '512');
    // Assess
    expect(exitCode).toBe(EXIT.INVALID_INPUT);
    expect(stderr).toContain(
      '[EXECUTION_ROLE] (flags: --execution-role-arn ARN, --account ID, or --no-logs)',
    );
    expect(
      (await run(...base, '--port', '9080', '--cpu', '256', '--memory', '512', '--no-logs')).exitCode,
    ).toBe(EXIT.OK);
  });

  it('exits 2 when the model has no such node', async () => {
    // Act
    const { stderr, exitCode } = await run(
      ...base.slice(0, 5),
      'nope',
      '--image',
      'x',
      '--region',
      'us-east-1',
      '--model',
      `${repo}examples/dj-app/src/mesh.ts`,
    );
    // Assess
    expect(exitCode).toBe(EXIT.INVALID_INPUT);
    expect(stderr).toContain('no virtual node of that name in mesh "dj-app"');
    expect(stderr).toContain('jazz-v1');
  });
});

describe('meshplane ecs gateway-task-definition', () => {
  it('prints a standalone Envoy task for a gateway, accepted by the ECS API model', async () => {
    // Act
    const { stdout, exitCode } = await run(
      'ecs',
      'gateway-task-definition',
      '--mesh',
      'dj-app',
      '--gateway',
      'ingress-gw',
      '--port',
      '8080',
      '--region',
      'us-east-1',
      '--cpu',
      '256',
      '--memory',
      '512',
      '--account',
      '111122223333',
      '--control-plane',
      'appmesh',
    );
    const api = JSON.parse(stdout);
    // Assess
    expect(exitCode).toBe(EXIT.OK);
    expect(api.proxyConfiguration).toBeUndefined();
    expect(api.containerDefinitions[0].environment).toContainEqual({
      name: 'APPMESH_RESOURCE_ARN',
      value: 'arn:aws:appmesh:us-east-1:111122223333:mesh/dj-app/virtualGateway/ingress-gw',
    });
    expect(validateShape(ecsModel, 'RegisterTaskDefinitionRequest', api, 'api')).toEqual([]);
  });

  it('exits 2 without --gateway and --port, and on a gateway the model lacks', async () => {
    // Act
    const missing = await run('ecs', 'gateway-task-definition', '--mesh', 'dj-app', '--region', 'us-east-1');
    const unknown = await run(
      'ecs',
      'gateway-task-definition',
      '--mesh',
      'dj-app',
      '--gateway',
      'nope',
      '--region',
      'us-east-1',
      '--model',
      `${repo}examples/dj-app/src/mesh.ts`,
    );
    // Assess
    expect(missing.exitCode).toBe(EXIT.INVALID_INPUT);
    expect(missing.stderr).toContain('--gateway is required (the virtual gateway name)');
    expect(missing.stderr).toContain('--port is required (the listener port of the gateway)');
    expect(unknown.exitCode).toBe(EXIT.INVALID_INPUT);
    expect(unknown.stderr).toContain('no virtual gateway of that name in mesh "dj-app"');
  });
});

describe('meshplane ecs iam', () => {
  it('prints the task and execution role policies for the node', async () => {
    // Act
    const { stdout, exitCode } = await run(
      'ecs',
      'iam',
      '--mesh',
      'dj-app',
      '--node',
      'dj',
      '--region',
      'us-east-1',
      '--account',
      '111122223333',
      '--xray',
      '--control-plane',
      'appmesh',
    );
    const iam = JSON.parse(stdout);
    // Assess
    expect(exitCode).toBe(EXIT.OK);
    expect(iam.taskRole.policyDocument.Statement[0]).toEqual({
      Sid: 'AppMeshEnvoyConfiguration',
      Effect: 'Allow',
      Action: ['appmesh:StreamAggregatedResources'],
      Resource: ['arn:aws:appmesh:us-east-1:111122223333:mesh/dj-app/virtualNode/dj'],
    });
    expect(iam.taskRole.policyDocument.Statement[1].Sid).toBe('XRayWrite');
    expect(iam.executionRole.policyDocument.Statement[0].Resource).toEqual([
      'arn:aws:logs:us-east-1:111122223333:log-group:/ecs/dj:*',
    ]);
  });

  it('adds the registration agent permissions for the model node, HTTP namespace without Route 53', async () => {
    // Act
    const { stdout, exitCode } = await run(
      'ecs',
      'iam',
      '--mesh',
      'dj-app',
      '--node',
      'jazz-v1',
      '--region',
      'us-east-1',
      '--model',
      `${repo}examples/dj-app/src/mesh.ts`,
      '--agent',
      '--namespace-type',
      'HTTP',
      '--control-plane',
      'appmesh',
    );
    // Assess
    expect(exitCode).toBe(EXIT.OK);
    expect(JSON.parse(stdout).taskRole.policyDocument.Statement.map((s: { Sid: string }) => s.Sid)).toEqual([
      'AppMeshEnvoyConfiguration',
      'CloudMapInstance',
      'CloudMapOperations',
    ]);
  });

  it('grants the pull of the regional Envoy image to the execution role with --envoy-registry regional', async () => {
    // Act
    const regional = await run(
      ...['ecs', 'iam', '--mesh', 'dj-app', '--node', 'jazz-v1', '--region', 'me-south-1'],
      ...['--account', '111122223333', '--envoy-registry', 'regional'],
    );
    const bad = await run(
      ...['ecs', 'iam', '--mesh', 'dj-app', '--node', 'jazz-v1', '--region', 'ap-south-2'],
      ...['--envoy-registry', 'regional'],
    );
    // Assess
    expect(regional.exitCode).toBe(EXIT.OK);
    const statements = JSON.parse(regional.stdout).executionRole.policyDocument.Statement;
    expect(statements.find((s: { Sid: string }) => s.Sid === 'EcrPull').Resource).toEqual([
      'arn:aws:ecr:me-south-1:772975370895:repository/aws-appmesh-envoy',
    ]);
    expect(bad.exitCode).toBe(EXIT.INVALID_INPUT);
    expect(bad.stderr).toContain('there is no regional App Mesh Envoy repository in region "ap-south-2"');
  });

  it('exits 2 on a missing mesh and a bad account', async () => {
    // Act
    const missing = await run('ecs', 'iam', '--node', 'dj', '--region', 'us-east-1');
    const account = await run(
      'ecs',
      'iam',
      '--mesh',
      'm',
      '--node',
      'dj',
      '--region',
      'us-east-1',
      '--account',
      '42',
    );
    // Assess
    expect(missing.exitCode).toBe(EXIT.INVALID_INPUT);
    expect(missing.stderr).toContain('--mesh is required');
    expect(account.exitCode).toBe(EXIT.INVALID_INPUT);
    expect(account.stderr).toContain('account must be a 12-digit AWS account id, got "42"');
  });
});

describe('meshplane ecs iam: the agent scoped to its zone and service (issue 13 item 8)', () => {
  it('scopes record writes to --hosted-zone-id and instance writes to --agent-service-tag', async () => {
    // Act
    const { stdout, stderr, exitCode } = await run(
      ...['ecs', 'iam', '--mesh', 'dj-app', '--node', 'jazz-v1', '--region', 'us-east-1'],
      ...['--account', '111122223333', '--agent-namespace', 'prod.local', '--agent-service', 'jazz'],
      ...['--hosted-zone-id', 'Z0123456789ABCDEFGHIJ', '--agent-service-tag', 'team=dj'],
    );
    // Assess
    expect(exitCode, stderr).toBe(EXIT.OK);
    const statements: { Sid: string; Resource: string[]; Condition?: unknown }[] =
      JSON.parse(stdout).taskRole.policyDocument.Statement;
    expect(statements.find((s) => s.Sid === 'CloudMapInstance')?.Condition).toEqual({
      StringEquals: { 'aws:ResourceTag/team': 'dj' },
    });
    expect(statements.find((s) => s.Sid === 'CloudMapDnsRecords')?.Resource).toEqual([
      'arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ',
    ]);
    expect(stderr).not.toContain('any Cloud Map service');
  });

  it('says on stderr when a service given by name cannot be scoped, and refuses a bad tag', async () => {
    // Act
    const named = await run(
      ...['ecs', 'iam', '--mesh', 'dj-app', '--node', 'jazz-v1', '--region', 'us-east-1'],
      ...['--account', '111122223333', '--agent-namespace', 'prod.local', '--agent-service', 'jazz'],
    );
    const bad = await run(
      ...['ecs', 'iam', '--mesh', 'dj-app', '--node', 'jazz-v1', '--region', 'us-east-1'],
      ...[
        '--agent-service-id',
        'srv-0123456789abcdef',
        '--agent-service-tag',
        'nokey',
        '--namespace-type',
        'DNS_SOMETHING',
      ],
    );
    // Assess
    expect(named.exitCode).toBe(EXIT.OK);
    expect(named.stderr).toContain(
      'the agent may register in any Cloud Map service of the account in us-east-1',
    );
    expect(bad.exitCode).toBe(EXIT.INVALID_INPUT);
    expect(bad.stderr).toContain('--agent-service-tag must be KEY=VALUE, got "nokey"');
    expect(bad.stderr).toContain('--namespace-type must be "DNS" or "HTTP"');
  });
});

describe('meshplane ecs: --control-plane task|central|appmesh (issue 11)', () => {
  const node = ['ecs', 'task-definition', '--mesh', 'dj-app', '--node', 'jazz-v1', '--image', 'jazz:v1'];
  it('renders the per-task control plane by default, central with --xds-endpoint, and says App Mesh is needed', async () => {
    // Act
    const task = await run(
      ...node,
      ...[
        '--port',
        '9080',
        '--region',
        'us-east-1',
        '--xds-model',
        's3://meshes/dj.json',
        '--xds-image',
        'agent:1',
      ],
    );
    const central = await run(
      ...node,
      ...[
        '--port',
        '9080',
        '--region',
        'us-east-1',
        '--control-plane',
        'central',
        '--xds-endpoint',
        'xds.internal:443',
      ],
    );
    const appmesh = await run(
      ...node,
      '--port',
      '9080',
      '--region',
      'us-east-1',
      '--control-plane',
      'appmesh',
    );
    const none = await run(...node, '--port', '9080', '--region', 'us-east-1');
    // Assess
    expect(task.exitCode, task.stderr).toBe(EXIT.OK);
    const api = JSON.parse(task.stdout);
    expect(validateShape(ecsModel, 'RegisterTaskDefinitionRequest', api, 'api')).toEqual([]);
    expect(api.volumes).toEqual([{ name: 'meshplane-xds' }]);
    expect(api.containerDefinitions.map((c: { name: string }) => c.name)).toEqual([
      'app',
      'envoy',
      'meshplane-xds',
    ]);
    expect(central.exitCode, central.stderr).toBe(EXIT.OK);
    expect(JSON.parse(central.stdout).containerDefinitions[1].environment).toContainEqual({
      name: 'APPMESH_XDS_ENDPOINT',
      value: 'xds.internal:443',
    });
    expect(appmesh.exitCode).toBe(EXIT.OK);
    expect(appmesh.stderr).toContain('discontinued on 2026-09-30');
    expect(none.exitCode).toBe(EXIT.INVALID_INPUT);
    expect(none.stderr).toContain('xds.model');
  });

  it('gives the task role no App Mesh permission unless App Mesh-managed, and s3:GetObject on the model', async () => {
    // Act
    const { stdout, exitCode } = await run(
      ...[
        'ecs',
        'iam',
        '--mesh',
        'dj-app',
        '--node',
        'jazz-v1',
        '--region',
        'us-east-1',
        '--xds-model',
        's3://meshes/dj.json',
      ],
    );
    const bad = await run(
      'ecs',
      'iam',
      '--mesh',
      'dj-app',
      '--node',
      'jazz-v1',
      '--region',
      'us-east-1',
      '--control-plane',
      'x',
    );
    // Assess
    expect(exitCode).toBe(EXIT.OK);
    const statements: { Sid: string; Action: string[] }[] =
      JSON.parse(stdout).taskRole.policyDocument.Statement;
    expect(statements.map((s) => s.Sid)).toEqual(['XdsCloudMapDiscovery', 'XdsModelObject']);
    expect(statements.flatMap((s) => s.Action)).not.toContain('appmesh:StreamAggregatedResources');
    expect(bad.exitCode).toBe(EXIT.INVALID_INPUT);
    expect(bad.stderr).toContain('--control-plane must be task (the default), central or appmesh, got "x"');
  });
});
