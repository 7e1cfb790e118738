import { ServiceDiscoveryClient } from '@aws-sdk/client-servicediscovery';
import { describe, expect, it } from 'vitest';
import { startAgent, startTaskXdsServer } from '../src/agent/index.js';
import {
  EcsInputError,
  envoyHealthCheck,
  envoyImage,
  meshExecutionRolePolicy,
  meshGatewayTaskDefinition,
  meshTaskDefinition,
  meshTaskIam,
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

  it('meshTaskDefinition: every option group through one schema, all at once, then the checks across groups', async () => {
    // Act
    const issues = await issuesOf(() =>
      meshTaskDefinition({
        family: 'jazz v1',
        mesh: 'dj-app',
        region: 'us-east-1',
        controlPlane: 'appmesh',
        virtualNode: { name: 'jazz', ports: [9080] },
        app: {
          image: 'jazz:v1',
          environment: { '1BAD': 'x' },
          healthCheck: { command: ['RUN'], interval: 1 },
          envoyCondition: 'READY' as never,
        },
        envoy: {
          adminPort: 15000,
          ignoredUID: 1000,
          user: '1337',
          logLevel: 'loud' as never,
          egressIgnoredPorts: [0, 80],
        },
        xray: { port: 70000, samplingRate: 2 },
        statsd: { sidecar: { image: '' } },
        fargate: { cpu: 256, memory: 512 },
        cpu: 256,
        agent: {
          image: 'agent:1',
          service: { serviceId: 'srv-1' },
          stopTimeout: 10,
          deregisterDeadlineMs: 10_000,
          healthPath: 'ping',
        },
        tags: 'x' as never,
      }),
    );
    // Assess: the schema's problems in its order (xray, envoy, statsd, identity, task level, app,
    // agent), each naming field, value and rule; then the derived log group, the execution role
    // and the containers' memory, which need resolved values.
    expect(issues).toEqual([
      'PORT_RANGE xray.port: xray.port must be an integer port in 1-65535, got 70000',
      'RANGE xray.samplingRate: xray.samplingRate must be a number in 0-1, got 2',
      'PORT_CONFLICT envoy.adminPort: envoy.adminPort and envoy.proxyIngressPort must differ (Envoy listens on both; defaults 9901 and 15000), got 15000',
      'ENUM envoy.logLevel: envoy.logLevel must be one of trace, debug, info, warning, warn, error, critical, off, got "loud"',
      `ENVOY_USER envoy.user: envoy.user must equal envoy.ignoredUID (default 1337) so that Envoy's own traffic is not redirected back to Envoy, got "1337"`,
      'PORT_RANGE envoy.egressIgnoredPorts[0]: envoy.egressIgnoredPorts[0] must be an integer port in 1-65535, got 0',
      'REQUIRED statsd.sidecar.image: statsd.sidecar.image is required, got ""',
      'NAME family: family must be 1-255 letters, digits, underscores or hyphens, got "jazz v1"',
      'CONFLICT cpu: cpu cannot be given with fargate: give the task size as fargate.cpu, got 256',
      'TYPE tags: tags must be an object of key → value, got "x"',
      'HEALTH_COMMAND app.healthCheck.command: app.healthCheck.command must start with "CMD" or "CMD-SHELL", got ["RUN"]',
      'RANGE app.healthCheck.interval: app.healthCheck.interval must be an integer in 5-300, got 1',
      'ENV_NAME app.environment: app.environment must name each variable with letters, digits and underscores, not starting with a digit, got {"1BAD":"x"}',
      'ENUM app.envoyCondition: app.envoyCondition must be "HEALTHY" or "START", got "READY"',
      `AGENT_DEADLINE agent.deregisterDeadlineMs: agent.deregisterDeadlineMs must be below the agent's stopTimeout (default 30 s) in milliseconds, or ECS kills it before it deregisters, got 10000`,
      'HEALTH_PATH agent.healthPath: agent.healthPath must be a URL path starting with "/", got "ping"',
      'LOG_GROUP logging.group: logging.group must be 1-512 characters of letters, digits and . - _ / #, got "/ecs/jazz v1" (the default, /ecs/<family>)',
      'EXECUTION_ROLE executionRoleArn: a Fargate task that sends logs with awslogs needs executionRoleArn (or account, to use the ecsTaskExecutionRole of that account)',
      "MEMORY_SUM containerDefinitions: the containers reserve 576 MiB, more than the task's 512 MiB",
    ]);
  });

  it('meshGatewayTaskDefinition: the gateway Envoy, identity and task level at once', async () => {
    // Act
    const issues = await issuesOf(() =>
      meshGatewayTaskDefinition({
        family: 'gw',
        mesh: '',
        region: 'moon',
        controlPlane: 'central',
        xds: { endpoint: 'xds.dj-app.internal:443' },
        virtualGateway: { name: 'gw', ports: [8080] },
        envoy: { user: '', nofile: 0, healthCheck: { timeout: 100 } },
        logging: { streamPrefix: 'a:b' },
        cpuArchitecture: 'arm' as never,
      }),
    );
    // Assess
    expect(issues).toEqual([
      'RANGE envoy.nofile: envoy.nofile must be an integer in 1-1048576, got 0',
      'RANGE envoy.healthCheck.timeout: envoy.healthCheck.timeout must be an integer in 2-60, got 100',
      'TYPE envoy.user: envoy.user must be a user name or id, got ""',
      'NAME mesh: mesh must be an App Mesh name of 1-255 characters, got ""',
      'REGION region: region must be an AWS region name like "us-east-1", got "moon"',
      `LOG_STREAM_PREFIX logging.streamPrefix: logging.streamPrefix must be 1-512 characters without ':' or '*', got "a:b"`,
      'ENUM cpuArchitecture: cpuArchitecture must be one of X86_64, ARM64, got "arm"',
    ]);
  });

  it('envoyImage and envoyHealthCheck: their declared schemas, every problem at once', async () => {
    // Act
    const image = await issuesOf(() =>
      envoyImage({ region: 'us-east-1', tag: 'bad tag', registry: 'private' as never }),
    );
    const health = await issuesOf(() => envoyHealthCheck(0, { interval: '5' } as never));
    // Assess
    expect(image).toEqual([
      'ENVOY_TAG envoy.tag: envoy.tag must be a Docker tag like "v1.39.1.0-prod", got "bad tag"',
      'ENUM envoy.registry: envoy.registry must be "public" or "regional", got "private"',
    ]);
    expect(health).toEqual([
      'PORT_RANGE adminPort: adminPort must be an integer port in 1-65535, got 0',
      'TYPE timings.interval: timings.interval must be a number, got "5"',
      'TYPE timings.timeout: timings.timeout must be a number, got undefined',
      'TYPE timings.retries: timings.retries must be a number, got undefined',
      'TYPE timings.startPeriod: timings.startPeriod must be a number, got undefined',
    ]);
  });

  it('the task factories refuse options that are not an object, with the one schema problem', async () => {
    // Act
    const outcomes = await Promise.all(
      [meshTaskDefinition, meshTaskIam, meshGatewayTaskDefinition].map((factory) =>
        issuesOf(() => factory(null as never)),
      ),
    );
    // Assess
    for (const issues of outcomes) {
      expect(issues).toEqual(['REQUIRED : the options must be an object, got null']);
    }
  });

  it('the control plane: mode and xds members by the schema, what the mode needs by the resolver', async () => {
    // Act
    const issues = await issuesOf(() =>
      meshTaskDefinition({
        family: 'jazz',
        mesh: 'dj-app',
        region: 'us-east-1',
        virtualNode: { name: 'jazz', ports: [9080] },
        app: { image: 'jazz:v1' },
        xds: { name: 'xds server', revisionIntervalMs: 10_000, fullRefreshMs: 5_000, namespaces: [''] },
      }),
    );
    // Assess
    expect(issues).toEqual([
      'NAME xds.name: xds.name must be 1-255 letters, digits, underscores or hyphens, got "xds server"',
      'TYPE xds.namespaces: xds.namespaces must be a list of Cloud Map namespace names, got [""]',
      'RANGE xds.fullRefreshMs: xds.fullRefreshMs must be at least xds.revisionIntervalMs (defaults 5000 and 30000), got 5000',
      'REQUIRED xds.image: controlPlane "task" (the default) needs the image that runs meshplane-ecs-agent: xds.image or agent.image, got undefined (or choose controlPlane "central" or "appmesh")',
      'XDS_MODEL xds.model: controlPlane "task" (the default) needs xds.model, where the agent reads the mesh model: an absolute path of a file in its image, "s3://bucket/key" or "appmesh:<mesh>", got undefined',
    ]);
  });
});
