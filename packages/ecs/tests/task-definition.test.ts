import type { VirtualNodeResource } from '@meshplane/core';
import { validateShape } from '@meshplane/core/smithy';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ecsModel } from '../src/generated/ecs-model.js';
import {
  EcsInputError,
  envoyImage,
  fargateSizeProblem,
  type MeshTaskDefinitionOptions,
  meshTaskDefinition,
  toCloudFormation,
} from '../src/index.js';
import { appMesh } from './support/app-mesh-mode.js';

const jazzNode: VirtualNodeResource = {
  kind: 'virtualNode',
  meshName: 'dj-app',
  name: 'jazz-v1',
  spec: {
    listeners: [
      { portMapping: { port: 9080, protocol: 'http' } },
      { portMapping: { port: 9090, protocol: 'grpc' } },
    ],
    serviceDiscovery: {
      awsCloudMap: {
        namespaceName: 'prod.svc.cluster.local',
        serviceName: 'jazz',
        attributes: [{ key: 'version', value: 'v1' }],
      },
    },
  },
};

const base = (overrides: Partial<MeshTaskDefinitionOptions> = {}): MeshTaskDefinitionOptions => ({
  family: 'jazz-v1',
  mesh: 'dj-app',
  virtualNode: jazzNode,
  app: { image: 'public.ecr.aws/example/jazz:v1' },
  region: 'us-east-1',
  ...overrides,
});

function errorOf(fn: () => unknown): EcsInputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof EcsInputError) return error;
    throw error;
  }
  throw new Error('expected an EcsInputError');
}

const property = (
  api: { proxyConfiguration?: { properties?: { name?: string; value?: string }[] } },
  name: string,
) => api.proxyConfiguration?.properties?.find((p) => p.name === name)?.value;

describe('meshTaskDefinition: the values AWS documents', () => {
  it('configures the APPMESH proxy with the node listener ports and the documented defaults', () => {
    // Act
    const { api } = meshTaskDefinition(appMesh(base()));
    // Assess
    expect(api.networkMode).toBe('awsvpc');
    expect(api.proxyConfiguration).toEqual({
      type: 'APPMESH',
      containerName: 'envoy',
      properties: [
        { name: 'AppPorts', value: '9080,9090' },
        { name: 'EgressIgnoredIPs', value: '169.254.170.2,169.254.169.254' },
        { name: 'IgnoredUID', value: '1337' },
        { name: 'ProxyEgressPort', value: '15001' },
        { name: 'ProxyIngressPort', value: '15000' },
      ],
    });
  });

  it('renders the Envoy container: image, user 1337, nofile, resource ARN, health check', () => {
    // Act
    const { api } = meshTaskDefinition(appMesh(base()));
    const envoy = api.containerDefinitions?.find((c) => c.name === 'envoy');
    // Assess
    expect(envoy).toMatchObject({
      image: 'public.ecr.aws/appmesh/aws-appmesh-envoy:v1.39.1.0-prod',
      essential: true,
      user: '1337',
      ulimits: [{ name: 'nofile', softLimit: 15000, hardLimit: 15000 }],
      environment: [{ name: 'APPMESH_RESOURCE_ARN', value: 'mesh/dj-app/virtualNode/jazz-v1' }],
      healthCheck: {
        command: ['CMD-SHELL', 'curl -s http://localhost:9901/server_info | grep state | grep -q LIVE'],
        interval: 5,
        timeout: 2,
        retries: 3,
        startPeriod: 10,
      },
    });
  });

  it('makes the app wait for a HEALTHY Envoy and maps the listener ports', () => {
    // Act
    const { api } = meshTaskDefinition(appMesh(base({ app: { image: 'jazz:v1', ports: [9080] } })));
    const app = api.containerDefinitions?.[0];
    // Assess
    expect(app?.dependsOn).toEqual([{ containerName: 'envoy', condition: 'HEALTHY' }]);
    expect(app?.portMappings).toEqual([{ containerPort: 9080, protocol: 'tcp' }]);
    expect(property(api, 'AppPorts')).toBe('9080');
  });

  it('uses the full node ARN and the regional ECR account when asked', () => {
    // Act
    const { api } = meshTaskDefinition(
      appMesh(base({ region: 'me-south-1', account: '111122223333', envoy: { registry: 'regional' } })),
    );
    const envoy = api.containerDefinitions?.find((c) => c.name === 'envoy');
    // Assess
    expect(envoy?.image).toBe(
      '772975370895.dkr.ecr.me-south-1.amazonaws.com/aws-appmesh-envoy:v1.39.1.0-prod',
    );
    expect(envoy?.environment?.[0]?.value).toBe(
      'arn:aws:appmesh:me-south-1:111122223333:mesh/dj-app/virtualNode/jazz-v1',
    );
  });

  it('uses the China partition and domain in cn regions', () => {
    // Act
    const { api } = meshTaskDefinition(
      appMesh(base({ region: 'cn-north-1', account: '111122223333', envoy: { registry: 'regional' } })),
    );
    const envoy = api.containerDefinitions?.find((c) => c.name === 'envoy');
    // Assess
    expect(envoy?.image).toBe(
      '919366029133.dkr.ecr.cn-north-1.amazonaws.com.cn/aws-appmesh-envoy:v1.39.1.0-prod',
    );
    expect(envoy?.environment?.[0]?.value).toMatch(/^arn:aws-cn:appmesh:cn-north-1:/);
  });

  it('adds the X-Ray daemon and the Envoy tracing variables', () => {
    // Act
    const { api } = meshTaskDefinition(appMesh(base({ xray: { samplingRate: 0.1 } })));
    const names = api.containerDefinitions?.map((c) => c.name);
    const envoy = api.containerDefinitions?.find((c) => c.name === 'envoy');
    const daemon = api.containerDefinitions?.find((c) => c.name === 'xray-daemon');
    // Assess
    expect(names).toEqual(['app', 'envoy', 'xray-daemon']);
    expect(envoy?.environment).toEqual(
      expect.arrayContaining([
        { name: 'ENABLE_ENVOY_XRAY_TRACING', value: '1' },
        { name: 'XRAY_DAEMON_PORT', value: '2000' },
        { name: 'XRAY_SAMPLING_RATE', value: '0.1' },
      ]),
    );
    expect(daemon).toMatchObject({
      user: '1337',
      cpu: 32,
      memoryReservation: 256,
      portMappings: [{ containerPort: 2000, protocol: 'udp' }],
    });
  });

  it('makes the X-Ray daemon listen on a port other than 2000 (its image binds 2000)', () => {
    // Act
    const moved = meshTaskDefinition(appMesh(base({ xray: { port: 3000 } })));
    const standard = meshTaskDefinition(appMesh(base({ xray: true })));
    const own = meshTaskDefinition(
      appMesh(base({ xray: { port: 3000, image: 'registry.example.com/xray:1' } })),
    );
    const daemon = (api: typeof moved.api) => api.containerDefinitions?.find((c) => c.name === 'xray-daemon');
    // Assess
    expect(daemon(moved.api)).toMatchObject({
      command: ['-b', '0.0.0.0:3000', '-t', '0.0.0.0:3000'],
      portMappings: [{ containerPort: 3000, protocol: 'udp' }],
    });
    expect(daemon(standard.api)?.command).toBeUndefined();
    expect(daemon(own.api)?.command).toBeUndefined();
    expect(moved.api.containerDefinitions?.[1]?.environment).toContainEqual({
      name: 'XRAY_DAEMON_PORT',
      value: '3000',
    });
  });

  it('adds DogStatsD variables and an optional collector sidecar', () => {
    // Act
    const { api } = meshTaskDefinition(
      appMesh(
        base({
          statsd: {
            port: 8126,
            sidecar: { image: 'public.ecr.aws/cloudwatch-agent/cloudwatch-agent:latest' },
          },
        }),
      ),
    );
    const envoy = api.containerDefinitions?.find((c) => c.name === 'envoy');
    // Assess
    expect(envoy?.environment).toEqual(
      expect.arrayContaining([
        { name: 'ENABLE_ENVOY_DOG_STATSD', value: '1' },
        { name: 'STATSD_ADDRESS', value: '127.0.0.1' },
        { name: 'STATSD_PORT', value: '8126' },
      ]),
    );
    expect(api.containerDefinitions?.find((c) => c.name === 'statsd')?.portMappings).toEqual([
      { containerPort: 8126, protocol: 'udp' },
    ]);
  });

  it('lets every default be overridden', () => {
    // Act
    const { api } = meshTaskDefinition(
      appMesh(
        base({
          envoy: {
            name: 'proxy',
            image: 'registry.example.com/envoy:custom',
            ignoredUID: 2000,
            proxyIngressPort: 16000,
            proxyEgressPort: 16001,
            egressIgnoredIPs: ['169.254.170.2'],
            egressIgnoredPorts: [22],
            nofile: 20000,
            adminPort: 9902,
            logLevel: 'debug',
            healthCheck: { interval: 10, retries: 5 },
            environment: { APPMESH_RESOURCE_ARN: 'mesh/other/virtualNode/x', EXTRA: 'yes' },
          },
          logging: { group: '/custom/group', streamPrefix: 'mesh', createGroup: true },
        }),
      ),
    );
    const envoy = api.containerDefinitions?.find((c) => c.name === 'proxy');
    // Assess
    expect(api.proxyConfiguration?.containerName).toBe('proxy');
    expect(property(api, 'IgnoredUID')).toBe('2000');
    expect(property(api, 'ProxyIngressPort')).toBe('16000');
    expect(property(api, 'EgressIgnoredPorts')).toBe('22');
    expect(envoy?.user).toBe('2000');
    expect(envoy?.image).toBe('registry.example.com/envoy:custom');
    expect(envoy?.ulimits?.[0]?.softLimit).toBe(20000);
    expect(envoy?.healthCheck).toMatchObject({ interval: 10, retries: 5, timeout: 2 });
    expect(envoy?.healthCheck?.command?.[1]).toContain('localhost:9902');
    expect(envoy?.environment).toEqual([
      { name: 'APPMESH_RESOURCE_ARN', value: 'mesh/other/virtualNode/x' },
      // Envoy must listen where the health check asks (App Mesh "Envoy configuration variables").
      { name: 'ENVOY_ADMIN_ACCESS_PORT', value: '9902' },
      { name: 'ENVOY_LOG_LEVEL', value: 'debug' },
      { name: 'EXTRA', value: 'yes' },
    ]);
    expect(envoy?.logConfiguration?.options).toEqual({
      'awslogs-create-group': 'true',
      'awslogs-group': '/custom/group',
      'awslogs-region': 'us-east-1',
      'awslogs-stream-prefix': 'mesh',
    });
    expect(api.containerDefinitions?.[0]?.dependsOn).toEqual([
      { containerName: 'proxy', condition: 'HEALTHY' },
    ]);
  });

  it('makes a Fargate task with the pair given and a default execution role from the account', () => {
    // Act
    const { api } = meshTaskDefinition(
      appMesh(base({ fargate: { cpu: 512, memory: 1024 }, account: '111122223333' })),
    );
    // Assess
    expect(api).toMatchObject({
      requiresCompatibilities: ['FARGATE'],
      cpu: '512',
      memory: '1024',
      executionRoleArn: 'arn:aws:iam::111122223333:role/ecsTaskExecutionRole',
    });
  });
});

describe('meshTaskDefinition: invalid input', () => {
  it('reports every problem at once, before producing anything', () => {
    // Act
    const error = errorOf(() =>
      meshTaskDefinition(
        appMesh(
          base({
            family: 'has space',
            app: { image: '', ports: [8080, 9080, 9080] },
            region: 'moon-1',
            fargate: { cpu: 256, memory: 4096 },
          }),
        ),
      ),
    );
    // Assess
    expect(error.issues.map((i) => `${i.code} ${i.path}`)).toEqual([
      'NAME family',
      'REGION region',
      'REQUIRED app.image',
      'PORT_NOT_LISTENER app.ports[0]',
      'DUPLICATE_PORT app.ports[2]',
      'FARGATE_SIZE fargate',
      'LOG_GROUP logging.group',
      'EXECUTION_ROLE executionRoleArn',
    ]);
    expect(error.message).toContain(
      'app port 8080 is not a listener port of the virtual node (listeners: 9080, 9090)',
    );
    expect(error.message).toContain('Fargate does not offer 4096 MiB with 256 CPU units');
  });

  it('rejects a missing image and a missing virtual node', () => {
    // Act
    const error = errorOf(() =>
      meshTaskDefinition(
        appMesh({
          family: 'x',
          mesh: 'm',
          region: 'us-east-1',
        } as unknown as MeshTaskDefinitionOptions),
      ),
    );
    // Assess
    expect(error.issues.map((i) => i.path)).toEqual(
      expect.arrayContaining(['virtualNode', 'app', 'app.image']),
    );
  });

  it('rejects a regional image in a region without App Mesh', () => {
    // Act
    const error = errorOf(() =>
      meshTaskDefinition(appMesh(base({ region: 'ap-south-2', envoy: { registry: 'regional' } }))),
    );
    // Assess
    expect(error.issues).toEqual([expect.objectContaining({ code: 'ENVOY_REGION', path: 'region' })]);
    expect(error.message).toContain('"ap-south-2"');
  });

  it('rejects a node of another mesh, a node without listeners, and app ports that Envoy uses', () => {
    // Act
    const error = errorOf(() =>
      meshTaskDefinition(
        appMesh(
          base({
            mesh: 'other-mesh',
            virtualNode: { ...jazzNode, spec: { listeners: [] } },
            app: { image: 'x', ports: [15001] },
          }),
        ),
      ),
    );
    // Assess
    expect(error.issues.map((i) => i.code)).toEqual([
      'VIRTUAL_NODE_MESH',
      'NO_LISTENERS',
      'PORT_NOT_LISTENER',
      'PORT_CONFLICT',
    ]);
  });

  it('rejects an Envoy user that differs from the ignored UID, and bad health-check timings', () => {
    // Act
    const error = errorOf(() =>
      meshTaskDefinition(appMesh(base({ envoy: { user: '0', healthCheck: { interval: 4, retries: 11 } } }))),
    );
    // Assess
    expect(error.issues.map((i) => i.path)).toEqual([
      'envoy.healthCheck.interval',
      'envoy.healthCheck.retries',
      'envoy.user',
    ]);
  });

  it('accepts ECS health-check limits and rejects one past each', () => {
    // Prepare
    const at = { interval: 300, timeout: 60, retries: 10, startPeriod: 300 };
    const past = { interval: 301, timeout: 61, retries: 11, startPeriod: 301 };
    // Act
    const ok = meshTaskDefinition(appMesh(base({ envoy: { healthCheck: at } })));
    const error = errorOf(() => meshTaskDefinition(appMesh(base({ envoy: { healthCheck: past } }))));
    // Assess
    expect(ok.api.containerDefinitions?.[1]?.healthCheck).toMatchObject(at);
    expect(error.issues.map((i) => i.path)).toEqual([
      'envoy.healthCheck.interval',
      'envoy.healthCheck.timeout',
      'envoy.healthCheck.retries',
      'envoy.healthCheck.startPeriod',
    ]);
  });

  it('rejects a bad egress-ignored IP, port and a reserved or oversized tag', () => {
    // Act
    const error = errorOf(() =>
      meshTaskDefinition(
        appMesh(
          base({
            envoy: { egressIgnoredIPs: ['169.254.170.2', '10.0.0.300'], egressIgnoredPorts: [0] },
            tags: { 'aws:owner': 'x', team: 'y'.repeat(257) },
          }),
        ),
      ),
    );
    // Assess
    expect(error.issues.map((i) => `${i.code} ${i.path}`)).toEqual([
      'IP_ADDRESS envoy.egressIgnoredIPs[1]',
      'PORT_RANGE envoy.egressIgnoredPorts[0]',
      'TAGS tags.aws:owner',
      'TAGS tags.team',
    ]);
  });

  it('rejects containers that reserve more memory than the task has', () => {
    // Act
    const error = errorOf(() =>
      meshTaskDefinition(
        appMesh(
          base({
            fargate: { cpu: 256, memory: 512 },
            executionRoleArn: 'arn:aws:iam::111122223333:role/x',
            app: { image: 'x', memory: 400 },
            xray: true,
          }),
        ),
      ),
    );
    // Assess
    expect(error.issues).toEqual([expect.objectContaining({ code: 'MEMORY_SUM' })]);
    expect(error.message).toContain('784 MiB, more than the task');
  });

  it('reports malformed lists as issues, not crashes', () => {
    // Act
    const error = errorOf(() =>
      meshTaskDefinition(
        appMesh(
          base({
            app: { image: 'x', ports: 'all' as unknown as number[] },
            envoy: { egressIgnoredIPs: '169.254.170.2' as unknown as string[] },
            virtualNode: { name: 'n', ports: [] },
          }),
        ),
      ),
    );
    // Assess: each option's own rules first, in the schema's order (envoy before app), then the
    // checks that need resolved values (a node without listener ports); see resolveNodeTask.
    expect(error.issues.map((i) => `${i.code} ${i.path}`)).toEqual([
      'TYPE envoy.egressIgnoredIPs',
      'TYPE app.ports',
      'NO_LISTENERS virtualNode.ports',
    ]);
  });

  it('accepts 15 egress-ignored ports and rejects 16 (the App Mesh maximum)', () => {
    // Prepare
    const ports = (n: number) => Array.from({ length: n }, (_, i) => 100 + i);
    // Act
    const ok = meshTaskDefinition(appMesh(base({ envoy: { egressIgnoredPorts: ports(15) } })));
    const error = errorOf(() =>
      meshTaskDefinition(appMesh(base({ envoy: { egressIgnoredPorts: ports(16) } }))),
    );
    // Assess
    expect(property(ok.api, 'EgressIgnoredPorts')?.split(',')).toHaveLength(15);
    expect(error.issues).toEqual([
      expect.objectContaining({ code: 'EGRESS_IGNORED_PORTS', path: 'envoy.egressIgnoredPorts' }),
    ]);
    expect(error.message).toContain('lists 16 ports; App Mesh ignores at most 15');
  });

  it("rejects an Envoy admin port that is one of Envoy's proxy ports", () => {
    // Act
    const error = errorOf(() => meshTaskDefinition(appMesh(base({ envoy: { adminPort: 15001 } }))));
    // Assess
    expect(error.issues).toEqual([
      expect.objectContaining({ code: 'PORT_CONFLICT', path: 'envoy.adminPort' }),
    ]);
    expect(error.message).toContain('envoy.adminPort and envoy.proxyEgressPort must differ');
  });

  it('rejects an ENVOY_ADMIN_ACCESS_PORT in envoy.environment that is not envoy.adminPort', () => {
    // Act
    const error = errorOf(() =>
      meshTaskDefinition(appMesh(base({ envoy: { environment: { ENVOY_ADMIN_ACCESS_PORT: '9999' } } }))),
    );
    const same = meshTaskDefinition(
      appMesh(base({ envoy: { adminPort: 9999, environment: { ENVOY_ADMIN_ACCESS_PORT: '9999' } } })),
    );
    // Assess
    expect(error.issues).toEqual([
      expect.objectContaining({ code: 'PORT_CONFLICT', path: 'envoy.environment.ENVOY_ADMIN_ACCESS_PORT' }),
    ]);
    expect(same.api.containerDefinitions?.[1]?.healthCheck?.command?.[1]).toContain('localhost:9999');
  });

  it('rejects a CPU architecture ECS does not know (X86_64 or ARM64)', () => {
    // Act
    const error = errorOf(() => meshTaskDefinition(appMesh(base({ cpuArchitecture: 'arm' as 'ARM64' }))));
    // Assess
    expect(error.issues).toEqual([expect.objectContaining({ code: 'ENUM', path: 'cpuArchitecture' })]);
    expect(error.message).toContain('cpuArchitecture must be one of X86_64, ARM64, got "arm"');
  });

  it('checks extra containers against the ECS API model (member names, types, enums)', () => {
    // Prepare
    const sidecar = {
      name: 'cache',
      image: 'redis:7',
      memoryReservation: 64,
      portMappings: [{ containerPort: 6379, protocol: 'tcp' as const }],
    };
    const broken = {
      name: 'cache',
      image: 'redis:7',
      memoryReservation: '64',
      essentials: true,
      portMappings: [{ containerPort: 6379, protocol: 'sctp' }],
    };
    // Act
    const ok = meshTaskDefinition(appMesh(base({ extraContainers: [sidecar] })));
    const error = errorOf(() =>
      meshTaskDefinition(appMesh(base({ cpu: 1024, memory: 2048, extraContainers: [broken as never] }))),
    );
    // Assess
    expect(ok.api.containerDefinitions?.at(-1)).toEqual(sidecar);
    expect(error.issues.map((i) => `${i.code} ${i.path}`)).toEqual([
      'SHAPE_TYPE extraContainers[0].memoryReservation',
      'SHAPE_UNKNOWN_MEMBER extraContainers[0].essentials',
      'SHAPE_ENUM extraContainers[0].portMappings[0].protocol',
    ]);
  });

  it('rejects duplicate container names', () => {
    // Act
    const error = errorOf(() => meshTaskDefinition(appMesh(base({ app: { image: 'x', name: 'envoy' } }))));
    // Assess
    expect(error.issues).toEqual([expect.objectContaining({ code: 'DUPLICATE_CONTAINER' })]);
  });
});

describe('meshTaskDefinition: registration agent sidecar', () => {
  it('adds the agent as the Envoy user, after the app starts, with its settings as environment', () => {
    // Act
    const { api } = meshTaskDefinition(
      appMesh(
        base({
          agent: {
            image: 'public.ecr.aws/example/meshplane-ecs-agent:0.1.0',
            service: { namespaceName: 'prod.svc.cluster.local', serviceName: 'jazz' },
            attributes: { version: 'v1' },
            healthPath: '/ping',
          },
        }),
      ),
    );
    const agent = api.containerDefinitions?.find((c) => c.name === 'registration-agent');
    // Assess
    expect(agent).toMatchObject({
      essential: false,
      user: '1337',
      memoryReservation: 64,
      stopTimeout: 30,
      dependsOn: [{ containerName: 'app', condition: 'START' }],
      environment: [
        { name: 'MESHPLANE_ATTRIBUTES', value: 'version=v1' },
        { name: 'MESHPLANE_CONTAINER', value: 'app' },
        { name: 'MESHPLANE_DEREGISTER_DEADLINE_MS', value: '25000' },
        { name: 'MESHPLANE_HEALTH_URL', value: 'http://127.0.0.1:9080/ping' },
        { name: 'MESHPLANE_NAMESPACE', value: 'prod.svc.cluster.local' },
        { name: 'MESHPLANE_PORT', value: '9080' },
        { name: 'MESHPLANE_SERVICE', value: 'jazz' },
      ],
    });
    expect(validateShape(ecsModel, 'RegisterTaskDefinitionRequest', api, 'api')).toEqual([]);
  });

  it("registers in the node's own Cloud Map service, with its discovery attributes, by default", () => {
    // Act
    const { api } = meshTaskDefinition(
      appMesh(base({ agent: { image: 'agent:1', attributes: { track: 'blue' } } })),
    );
    const agent = api.containerDefinitions?.find((c) => c.name === 'registration-agent');
    // Assess
    expect(agent?.environment).toEqual(
      expect.arrayContaining([
        { name: 'MESHPLANE_ATTRIBUTES', value: 'track=blue,version=v1' },
        { name: 'MESHPLANE_NAMESPACE', value: 'prod.svc.cluster.local' },
        { name: 'MESHPLANE_SERVICE', value: 'jazz' },
      ]),
    );
  });

  it('rejects health settings the agent would refuse at start', () => {
    // Act
    const error = errorOf(() =>
      meshTaskDefinition(
        appMesh(
          base({
            agent: { image: 'agent:1', healthPath: '/ping', healthIntervalMs: 0, healthThreshold: 101 },
          }),
        ),
      ),
    );
    // Assess
    expect(error.issues.map((i) => `${i.code} ${i.path}`)).toEqual([
      'RANGE agent.healthIntervalMs',
      'RANGE agent.healthThreshold',
    ]);
  });

  it('rejects a deadline that the stop timeout would cut short, a missing image and service', () => {
    // Act
    const error = errorOf(() =>
      meshTaskDefinition(
        appMesh(
          base({
            agent: {
              image: '',
              service: {} as { serviceId: string },
              stopTimeout: 20,
              deregisterDeadlineMs: 20_000,
            },
          }),
        ),
      ),
    );
    // Assess
    expect(error.issues.map((i) => `${i.code} ${i.path}`)).toEqual([
      'REQUIRED agent.image',
      'REQUIRED agent.service',
      'AGENT_DEADLINE agent.deregisterDeadlineMs',
    ]);
  });
});

describe('envoyImage', () => {
  it('rejects missing options and a tag that is not a string', () => {
    // Act
    const none = errorOf(() => envoyImage(null as never));
    const numeric = errorOf(() => envoyImage({ region: 'us-east-1', tag: 5 as never }));
    // Assess
    expect(none.issues.map((i) => i.code)).toEqual(['REQUIRED']);
    expect(numeric.issues.map((i) => `${i.code} ${i.path}`)).toEqual(['ENVOY_TAG envoy.tag']);
  });
});

describe('Fargate sizes', () => {
  it.each([
    [256, 512, true],
    [256, 2048, true],
    [256, 3072, false],
    [512, 4096, true],
    [512, 5120, false],
    [2048, 16384, true],
    [2048, 17408, false],
    [4096, 30720, true],
    [4096, 31744, false],
    [8192, 61440, true],
    [8192, 20480, true],
    [8192, 18432, false],
    [16384, 122880, true],
    [16384, 36864, false],
    [384, 1024, false],
  ])('cpu %i with %i MiB offered: %s', (cpu, memory, offered) => {
    // Act
    const problem = fargateSizeProblem(cpu, memory);
    // Assess
    expect(problem === undefined).toBe(offered);
  });
});

describe('against the ECS API model', () => {
  it('produces a RegisterTaskDefinition input the model accepts (names, types, enums, required)', () => {
    // Prepare
    const variants = [
      base(),
      base({
        xray: true,
        statsd: { sidecar: { image: 'collector:1' } },
        fargate: { cpu: 1024, memory: 2048 },
        account: '111122223333',
      }),
      base({ cpu: 1024, memory: 2048, tags: { team: 'music' }, cpuArchitecture: 'ARM64', logging: false }),
    ];
    for (const options of variants) {
      // Act
      const { api } = meshTaskDefinition(appMesh(options));
      const issues = validateShape(ecsModel, 'RegisterTaskDefinitionRequest', api, 'api');
      // Assess
      expect(issues).toEqual([]);
    }
  });

  it('would catch a wrong member name or enum value (the check can fail)', () => {
    // Prepare
    const { api } = meshTaskDefinition(appMesh(base()));
    const broken = { ...api, networkMode: 'AWSVPC', proxyConfig: {} };
    // Act
    const issues = validateShape(ecsModel, 'RegisterTaskDefinitionRequest', broken, 'api');
    // Assess
    expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining(['api.networkMode', 'api.proxyConfig']));
  });

  it('always produces model-valid, deterministic output for any valid input (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 9900 }), { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom('us-east-1', 'eu-west-1', 'af-south-1', 'cn-northwest-1'),
        (ports, xray, regional, region) => {
          // Prepare
          const options = base({
            virtualNode: { name: 'node', ports },
            region,
            xray,
            envoy: { registry: regional ? 'regional' : 'public' },
          });
          // Act
          const first = JSON.stringify(meshTaskDefinition(appMesh(options)));
          const second = JSON.stringify(meshTaskDefinition(appMesh(structuredClone(options))));
          // Assess
          expect(second).toBe(first);
          expect(
            validateShape(ecsModel, 'RegisterTaskDefinitionRequest', JSON.parse(first).api, 'api'),
          ).toEqual([]);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('CloudFormation form', () => {
  it('uses the AWS::ECS::TaskDefinition property names', () => {
    // Act
    const { cloudFormation } = meshTaskDefinition(appMesh(base({ tags: { team: 'music' } })));
    // Assess
    expect(Object.keys(cloudFormation)).toEqual([
      'Family',
      'NetworkMode',
      'RequiresCompatibilities',
      'ProxyConfiguration',
      'ContainerDefinitions',
      'Tags',
    ]);
    expect(cloudFormation.ProxyConfiguration).toMatchObject({
      Type: 'APPMESH',
      ContainerName: 'envoy',
      ProxyConfigurationProperties: expect.arrayContaining([{ Name: 'IgnoredUID', Value: '1337' }]),
    });
    expect(cloudFormation.Tags).toEqual([{ Key: 'team', Value: 'music' }]);
    const [app] = cloudFormation.ContainerDefinitions as Record<string, unknown>[];
    expect(app).toMatchObject({
      Name: 'app',
      PortMappings: [
        { ContainerPort: 9080, Protocol: 'tcp' },
        { ContainerPort: 9090, Protocol: 'tcp' },
      ],
      DependsOn: [{ ContainerName: 'envoy', Condition: 'HEALTHY' }],
      LogConfiguration: { LogDriver: 'awslogs', Options: { 'awslogs-group': '/ecs/jazz-v1' } },
    });
  });

  it('keeps the keys of string maps and renames the EFS volume configuration', () => {
    // Act
    const props = toCloudFormation({
      family: 'f',
      containerDefinitions: [{ name: 'a', dockerLabels: { 'com.example.x': '1' } }],
      volumes: [{ name: 'v', efsVolumeConfiguration: { fileSystemId: 'fs-1' } }],
    });
    // Assess: CloudFormation spells it FilesystemId in EFSVolumeConfiguration (template reference).
    expect(props).toEqual({
      Family: 'f',
      ContainerDefinitions: [{ Name: 'a', DockerLabels: { 'com.example.x': '1' } }],
      Volumes: [{ Name: 'v', EFSVolumeConfiguration: { FilesystemId: 'fs-1' } }],
    });
  });

  it('spells the EFS and FSx volume properties as the CloudFormation template reference does', () => {
    // Act
    const props = toCloudFormation({
      family: 'f',
      containerDefinitions: [],
      volumes: [
        {
          name: 'efs',
          efsVolumeConfiguration: {
            fileSystemId: 'fs-1',
            transitEncryption: 'ENABLED',
            authorizationConfig: { accessPointId: 'fsap-1', iam: 'ENABLED' },
          },
        },
        {
          name: 'fsx',
          fsxWindowsFileServerVolumeConfiguration: {
            fileSystemId: 'fs-2',
            rootDirectory: 'share',
            authorizationConfig: { credentialsParameter: 'arn:aws:ssm:x', domain: 'corp' },
          },
        },
      ],
    });
    // Assess
    expect(props.Volumes).toEqual([
      {
        Name: 'efs',
        EFSVolumeConfiguration: {
          FilesystemId: 'fs-1',
          TransitEncryption: 'ENABLED',
          AuthorizationConfig: { AccessPointId: 'fsap-1', IAM: 'ENABLED' },
        },
      },
      {
        Name: 'fsx',
        FSxWindowsFileServerVolumeConfiguration: {
          FileSystemId: 'fs-2',
          RootDirectory: 'share',
          AuthorizationConfig: { CredentialsParameter: 'arn:aws:ssm:x', Domain: 'corp' },
        },
      },
    ]);
    // A member named like an Object.prototype property is capitalized, not looked up on the prototype.
    expect(toCloudFormation({ constructor: { toString: 'x' } } as never)).toEqual({
      Constructor: { ToString: 'x' },
    });
  });
});
