import type { ContainerDefinition } from '@aws-sdk/client-ecs';
import { validateShape } from '@meshplane/core/smithy';
import { describe, expect, it } from 'vitest';
import { ecsModel } from '../src/generated/ecs-model.js';
import {
  APP_MESH_NOTICE,
  EcsInputError,
  type MeshTaskDefinitionOptions,
  meshGatewayTaskDefinition,
  meshTaskDefinition,
  meshTaskIam,
  meshXdsServerIam,
  meshXdsServerTaskDefinition,
} from '../src/index.js';
import { TASK_XDS } from '../src/task-definition/control-plane.js';

// Issue 11 items 1-3: where the task's Envoy gets its configuration now that App Mesh is gone.

const base: MeshTaskDefinitionOptions = {
  family: 'jazz-v1',
  mesh: 'dj-app',
  virtualNode: { name: 'jazz-v1', ports: [9080] },
  app: { image: 'public.ecr.aws/example/jazz:v1' },
  region: 'us-east-1',
  account: '111122223333',
  fargate: { cpu: 512, memory: 1024 },
  xds: {
    image: '111122223333.dkr.ecr.us-east-1.amazonaws.com/meshplane-ecs-agent:0.1.0',
    model: 's3://meshes/dj-app.json',
  },
};

const errorOf = (run: () => unknown): EcsInputError => {
  try {
    run();
  } catch (error) {
    if (error instanceof EcsInputError) return error;
    throw error;
  }
  throw new Error('expected an EcsInputError');
};
const env = (c: ContainerDefinition | undefined) =>
  Object.fromEntries((c?.environment ?? []).map((e) => [e.name, e.value]));

// Containers in the order ECS may start them: every dependency before its dependent.
function startOrder(containers: ContainerDefinition[]): string[] {
  const order: string[] = [];
  const visit = (name: string, path: string[]) => {
    if (order.includes(name)) return;
    if (path.includes(name)) throw new Error(`dependency cycle: ${[...path, name].join(' -> ')}`);
    const c = containers.find((x) => x.name === name);
    for (const d of c?.dependsOn ?? []) visit(d.containerName as string, [...path, name]);
    order.push(name);
  };
  for (const c of containers) visit(c.name as string, []);
  return order;
}

describe('per-task control plane (the default)', () => {
  it('shares a volume between the agent and Envoy: socket first, Envoy HEALTHY before the app', () => {
    // Act
    const { api, cloudFormation, notices } = meshTaskDefinition(base);
    // Assess: the ECS API model accepts it
    expect(validateShape(ecsModel, 'RegisterTaskDefinitionRequest', api, 'api')).toEqual([]);
    expect(notices).toBeUndefined();
    expect(api.volumes).toEqual([{ name: 'meshplane-xds' }]);
    const containers = api.containerDefinitions ?? [];
    expect(containers.map((c) => c.name)).toEqual(['app', 'envoy', 'meshplane-xds']);
    const [app, envoy, xds] = containers;
    expect(xds).toMatchObject({
      image: '111122223333.dkr.ecr.us-east-1.amazonaws.com/meshplane-ecs-agent:0.1.0',
      essential: true,
      user: '1337',
      mountPoints: [{ sourceVolume: 'meshplane-xds', containerPath: '/run/meshplane', readOnly: false }],
      healthCheck: { command: ['CMD-SHELL', 'test -S /run/meshplane/xds.sock'] },
    });
    expect(env(xds)).toEqual({
      MESHPLANE_XDS_SOCKET: '/run/meshplane/xds.sock',
      MESHPLANE_XDS_MODEL: 's3://meshes/dj-app.json',
      MESHPLANE_XDS_NODE: 'mesh/dj-app/virtualNode/jazz-v1',
      MESHPLANE_XDS_REVISION_INTERVAL_MS: '5000',
      MESHPLANE_XDS_FULL_REFRESH_MS: '30000',
    });
    expect(env(envoy).APPMESH_XDS_ENDPOINT).toBe(TASK_XDS.endpoint);
    expect(envoy?.mountPoints).toEqual([
      { sourceVolume: 'meshplane-xds', containerPath: '/run/meshplane', readOnly: true },
    ]);
    expect(envoy?.dependsOn).toEqual([{ containerName: 'meshplane-xds', condition: 'HEALTHY' }]);
    expect(app?.dependsOn).toEqual([{ containerName: 'envoy', condition: 'HEALTHY' }]);
    expect(startOrder(containers)).toEqual(['meshplane-xds', 'envoy', 'app']);
    // and the CloudFormation form says the same
    expect(cloudFormation.Volumes).toEqual([{ Name: 'meshplane-xds' }]);
    const cfEnvoy = (cloudFormation.ContainerDefinitions as Record<string, unknown>[])[1];
    expect(cfEnvoy).toMatchObject({
      MountPoints: [{ SourceVolume: 'meshplane-xds', ContainerPath: '/run/meshplane', ReadOnly: true }],
      DependsOn: [{ ContainerName: 'meshplane-xds', Condition: 'HEALTHY' }],
    });
  });

  it('keeps the registration agent after the app, so it deregisters first when the task stops', () => {
    // Act
    const { api } = meshTaskDefinition({
      ...base,
      xds: { model: '/etc/meshplane/mesh.json' },
      agent: { image: 'agent:1', service: { serviceId: 'srv-0123456789abcdef' } },
    });
    // Assess: the xDS server takes the agent's image; ECS stops containers in reverse start order
    const containers = api.containerDefinitions ?? [];
    expect(containers.find((c) => c.name === 'meshplane-xds')?.image).toBe('agent:1');
    expect(startOrder(containers)).toEqual(['meshplane-xds', 'envoy', 'app', 'registration-agent']);
    expect(validateShape(ecsModel, 'RegisterTaskDefinitionRequest', api, 'api')).toEqual([]);
  });

  it('needs an image and a model, and says so with every other problem', () => {
    // Act
    const error = errorOf(() =>
      meshTaskDefinition({
        ...base,
        xds: { model: 'mesh.json', revisionIntervalMs: 50, endpoint: 'x:1' },
        family: '',
      }),
    );
    const none = errorOf(() => meshTaskDefinition({ ...base, xds: undefined }));
    // Assess
    expect(error.issues.map((i) => `${i.code} ${i.path}`)).toEqual(
      expect.arrayContaining([
        'NAME family',
        'REQUIRED xds.image',
        'XDS_MODEL xds.model',
        'RANGE xds.revisionIntervalMs',
        'CONFLICT xds.endpoint',
      ]),
    );
    expect(none.issues.map((i) => i.path)).toEqual(['xds.image', 'xds.model']);
    expect(none.issues[0]?.message).toContain('or choose controlPlane "central" or "appmesh"');
  });

  it('grants the agent discovery and the model object, never App Mesh', () => {
    // Act
    const iam = meshTaskIam({ ...base, xds: { ...base.xds, namespaces: ['prod.svc.cluster.local'] } });
    // Assess
    const statements = iam.taskRole.policyDocument.Statement;
    expect(statements.flatMap((s) => s.Action)).not.toContain('appmesh:StreamAggregatedResources');
    expect(statements).toEqual([
      {
        Sid: 'XdsCloudMapDiscovery',
        Effect: 'Allow',
        Action: ['servicediscovery:DiscoverInstances', 'servicediscovery:DiscoverInstancesRevision'],
        Resource: ['*'],
        Condition: { StringEquals: { 'servicediscovery:NamespaceName': ['prod.svc.cluster.local'] } },
      },
      {
        Sid: 'XdsModelObject',
        Effect: 'Allow',
        Action: ['s3:GetObject'],
        Resource: ['arn:aws:s3:::meshes/dj-app.json'],
      },
    ]);
    expect(iam.executionRole.policyDocument.Statement.find((s) => s.Sid === 'EcrPull')?.Resource).toEqual([
      'arn:aws:ecr:us-east-1:111122223333:repository/meshplane-ecs-agent',
    ]);
  });
});

describe('central control plane', () => {
  it('points Envoy at the load balancer, with no volume, no server container and no App Mesh permission', () => {
    // Act
    const options = { ...base, controlPlane: 'central' as const, xds: { endpoint: 'xds.mesh.internal:443' } };
    const { api } = meshTaskDefinition(options);
    const iam = meshTaskIam(options);
    // Assess
    expect(validateShape(ecsModel, 'RegisterTaskDefinitionRequest', api, 'api')).toEqual([]);
    expect(api.volumes).toBeUndefined();
    expect(api.containerDefinitions?.map((c) => c.name)).toEqual(['app', 'envoy']);
    expect(env(api.containerDefinitions?.[1]).APPMESH_XDS_ENDPOINT).toBe('xds.mesh.internal:443');
    expect(iam.taskRole.policyDocument.Statement).toEqual([]);
  });

  it('needs the endpoint as host:port, and refuses the per-task settings', () => {
    // Act
    const error = errorOf(() =>
      meshTaskDefinition({
        ...base,
        controlPlane: 'central',
        xds: { endpoint: 'unix:///x.sock', model: '/m.json' },
      }),
    );
    // Assess
    expect(error.issues.map((i) => `${i.code} ${i.path}`)).toEqual([
      'XDS_ENDPOINT xds.endpoint',
      'CONFLICT xds.model',
    ]);
  });
});

describe('App Mesh-managed (explicit)', () => {
  it('renders what App Mesh documented, and says it needs App Mesh', () => {
    // Act
    const { api, notices } = meshTaskDefinition({ ...base, controlPlane: 'appmesh', xds: undefined });
    const iam = meshTaskIam({ ...base, controlPlane: 'appmesh', xds: undefined });
    // Assess
    expect(notices).toEqual([APP_MESH_NOTICE]);
    expect(notices?.[0]).toContain('discontinued on 2026-09-30');
    expect(env(api.containerDefinitions?.[1]).APPMESH_XDS_ENDPOINT).toBeUndefined();
    expect(iam.taskRole.policyDocument.Statement[0]?.Action).toEqual(['appmesh:StreamAggregatedResources']);
  });

  it('refuses an unknown mode and xds settings it would not use', () => {
    // Act
    const unknown = errorOf(() => meshTaskDefinition({ ...base, controlPlane: 'sidecar' as 'task' }));
    const unused = errorOf(() => meshTaskDefinition({ ...base, controlPlane: 'appmesh' }));
    // Assess
    expect(unknown.issues.map((i) => i.path)).toEqual(['controlPlane']);
    expect(unused.issues.map((i) => `${i.code} ${i.path}`)).toEqual(['CONFLICT xds']);
  });
});

describe('the central control plane as an ECS service (meshplane xds serve)', () => {
  const server = {
    family: 'dj-app-xds',
    image: '111122223333.dkr.ecr.us-east-1.amazonaws.com/meshplane:0.1.0',
    model: ['/etc/meshplane/dj-app.json'],
    region: 'us-east-1',
    account: '111122223333',
    fargate: { cpu: 512, memory: 1024 },
    namespaces: ['prod.svc.cluster.local'],
  };

  it('renders its own task definition (no proxy, not in the mesh) and least-privilege roles', () => {
    // Act
    const { api, cloudFormation } = meshXdsServerTaskDefinition(server);
    const iam = meshXdsServerIam(server);
    // Assess
    expect(validateShape(ecsModel, 'RegisterTaskDefinitionRequest', api, 'api')).toEqual([]);
    expect(api.proxyConfiguration).toBeUndefined();
    expect(api.requiresCompatibilities).toEqual(['FARGATE']);
    const [container] = api.containerDefinitions ?? [];
    expect(container?.command).toEqual([
      ...['xds', 'serve', '/etc/meshplane/dj-app.json', '--listen', '0.0.0.0:18000'],
      ...['--status', '0.0.0.0:9902', '--region', 'us-east-1', '--json'],
    ]);
    expect(container?.portMappings).toEqual([
      { containerPort: 18000, protocol: 'tcp' },
      { containerPort: 9902, protocol: 'tcp' },
    ]);
    expect(container?.healthCheck?.command?.[0]).toBe('CMD');
    expect((cloudFormation.ContainerDefinitions as Record<string, unknown>[])[0]).toMatchObject({
      Name: 'xds-server',
    });
    expect(iam.taskRole.policyDocument.Statement).toEqual([
      {
        Sid: 'XdsCloudMapDiscovery',
        Effect: 'Allow',
        Action: ['servicediscovery:DiscoverInstances', 'servicediscovery:DiscoverInstancesRevision'],
        Resource: ['*'],
        Condition: { StringEquals: { 'servicediscovery:NamespaceName': ['prod.svc.cluster.local'] } },
      },
    ]);
    expect(iam.executionRole.policyDocument.Statement.map((s) => s.Sid)).toEqual([
      'EcrAuthorization',
      'EcrPull',
      'CloudWatchLogsWrite',
    ]);
  });

  it('reports every bad option at once', () => {
    // Act
    const error = errorOf(() =>
      meshXdsServerTaskDefinition({
        ...server,
        image: '',
        model: ['relative.json'],
        port: 9902,
        fargate: { cpu: 256, memory: 4096 },
      }),
    );
    // Assess
    expect(error.issues.map((i) => `${i.code} ${i.path}`)).toEqual([
      'REQUIRED image',
      'XDS_MODEL model',
      'PORT_CONFLICT statusPort',
      'FARGATE_SIZE fargate',
    ]);
  });
});

describe('virtual gateways follow the same modes', () => {
  const gateway = {
    family: 'ingress',
    mesh: 'dj-app',
    virtualGateway: { name: 'ingress-gw', ports: [8080] },
    region: 'us-east-1',
    account: '111122223333',
    fargate: { cpu: 256, memory: 512 },
  };

  it('serves the gateway from its own task by default, from the NLB in central mode', () => {
    // Act
    const task = meshGatewayTaskDefinition({
      ...gateway,
      xds: { image: 'agent:1', model: '/etc/meshplane/dj-app.json' },
    });
    const central = meshGatewayTaskDefinition({
      ...gateway,
      controlPlane: 'central',
      xds: { endpoint: 'xds.internal:443' },
    });
    // Assess
    expect(validateShape(ecsModel, 'RegisterTaskDefinitionRequest', task.api, 'api')).toEqual([]);
    expect(task.api.volumes).toEqual([{ name: 'meshplane-xds' }]);
    const [envoy, xds] = task.api.containerDefinitions ?? [];
    expect(startOrder(task.api.containerDefinitions ?? [])).toEqual(['meshplane-xds', 'envoy']);
    expect(env(envoy).APPMESH_XDS_ENDPOINT).toBe('unix:///run/meshplane/xds.sock');
    expect(env(xds).MESHPLANE_XDS_NODE).toBe('mesh/dj-app/virtualGateway/ingress-gw');
    expect(env(central.api.containerDefinitions?.[0]).APPMESH_XDS_ENDPOINT).toBe('xds.internal:443');
    expect(central.notices).toBeUndefined();
  });
});
