import type { VirtualGatewayResource } from '@meshplane/core';
import { validateShape } from '@meshplane/core/smithy';
import { describe, expect, it } from 'vitest';
import { ecsModel } from '../src/generated/ecs-model.js';
import { EcsInputError, meshGatewayTaskDefinition, meshTaskRolePolicy } from '../src/index.js';
import { appMesh } from './support/app-mesh-mode.js';

const gateway: VirtualGatewayResource = {
  kind: 'virtualGateway',
  meshName: 'dj-app',
  name: 'ingress-gw',
  spec: {
    listeners: [
      {
        portMapping: { port: 8443, protocol: 'http' },
        tls: {
          mode: 'STRICT',
          certificate: { acm: { certificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/gw' } },
        },
      },
    ],
  },
};

function errorOf(fn: () => unknown): EcsInputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof EcsInputError) return error;
    throw error;
  }
  throw new Error('expected an EcsInputError');
}

describe('meshGatewayTaskDefinition', () => {
  it('renders a standalone Envoy on the gateway listener ports, without proxy configuration', () => {
    // Act
    const { api, cloudFormation } = meshGatewayTaskDefinition(
      appMesh({
        family: 'ingress-gw',
        mesh: 'dj-app',
        virtualGateway: gateway,
        region: 'us-east-1',
        account: '111122223333',
        fargate: { cpu: 512, memory: 1024 },
        xray: true,
      }),
    );
    const envoy = api.containerDefinitions?.[0];
    // Assess
    expect(api.proxyConfiguration).toBeUndefined();
    expect(api.containerDefinitions?.map((c) => c.name)).toEqual(['envoy', 'xray-daemon']);
    expect(envoy).toMatchObject({
      image: 'public.ecr.aws/appmesh/aws-appmesh-envoy:v1.39.1.0-prod',
      essential: true,
      portMappings: [{ containerPort: 8443, protocol: 'tcp' }],
      ulimits: [{ name: 'nofile', softLimit: 15000, hardLimit: 15000 }],
      healthCheck: {
        command: ['CMD-SHELL', 'curl -s http://localhost:9901/server_info | grep state | grep -q LIVE'],
      },
    });
    expect(envoy?.environment).toContainEqual({
      name: 'APPMESH_RESOURCE_ARN',
      value: 'arn:aws:appmesh:us-east-1:111122223333:mesh/dj-app/virtualGateway/ingress-gw',
    });
    expect(envoy?.user).toBeUndefined();
    expect(validateShape(ecsModel, 'RegisterTaskDefinitionRequest', api, 'api')).toEqual([]);
    expect(cloudFormation.ContainerDefinitions).toHaveLength(2);
  });

  it('uses the short resource name without an account and takes { name, ports }', () => {
    // Act
    const { api } = meshGatewayTaskDefinition(
      appMesh({
        family: 'gw',
        mesh: 'dj-app',
        virtualGateway: { name: 'gw', ports: [8080, 8081] },
        region: 'eu-west-1',
      }),
    );
    // Assess
    expect(api.containerDefinitions?.[0]?.environment).toEqual([
      { name: 'APPMESH_RESOURCE_ARN', value: 'mesh/dj-app/virtualGateway/gw' },
    ]);
    expect(api.containerDefinitions?.[0]?.portMappings?.map((p) => p.containerPort)).toEqual([8080, 8081]);
    expect(api.requiresCompatibilities).toEqual(['EC2']);
  });

  it('reports every problem at once: mesh, listeners, admin port clash, Fargate size', () => {
    // Act
    const error = errorOf(() =>
      meshGatewayTaskDefinition(
        appMesh({
          family: 'gw',
          mesh: 'other',
          virtualGateway: {
            ...gateway,
            spec: {
              listeners: [
                { portMapping: { port: 9901, protocol: 'http' } },
                { portMapping: { port: 9901, protocol: 'http' } },
              ],
            },
          },
          region: 'us-east-1',
          fargate: { cpu: 512, memory: 512 },
          logging: false,
        }),
      ),
    );
    // Assess
    expect(error.issues.map((i) => `${i.code} ${i.path}`)).toEqual([
      'VIRTUAL_GATEWAY_MESH virtualGateway.meshName',
      'PORT_CONFLICT virtualGateway.spec.listeners[0]',
      'PORT_CONFLICT virtualGateway.spec.listeners[1]',
      'DUPLICATE_PORT virtualGateway.spec.listeners[1]',
      'FARGATE_SIZE fargate',
    ]);
  });

  it('reports malformed options and listeners instead of ignoring them or crashing', () => {
    // Act
    const error = errorOf(() =>
      meshGatewayTaskDefinition(
        appMesh({
          family: 'gw',
          mesh: 'dj-app',
          virtualGateway: { ...gateway, spec: { listeners: 'all' } } as unknown as VirtualGatewayResource,
          region: 'us-east-1',
          xray: 'yes' as unknown as boolean,
          envoy: { user: 1337 as unknown as string, resourceArn: 'long' as 'full' },
        }),
      ),
    );
    const nullListener = errorOf(() =>
      meshGatewayTaskDefinition(
        appMesh({
          family: 'gw',
          mesh: 'dj-app',
          virtualGateway: { ...gateway, spec: { listeners: [null] } } as unknown as VirtualGatewayResource,
          region: 'us-east-1',
        }),
      ),
    );
    // Assess
    expect(error.issues.map((i) => `${i.code} ${i.path}`)).toEqual([
      'TYPE xray',
      'ENUM envoy.resourceArn',
      'TYPE envoy.user',
      'TYPE virtualGateway.spec.listeners',
      'NO_LISTENERS virtualGateway.spec.listeners',
    ]);
    expect(nullListener.issues.map((i) => `${i.code} ${i.path}`)).toEqual([
      'PORT_RANGE virtualGateway.spec.listeners[0]',
    ]);
  });

  it("moves Envoy's admin listener with the health check when envoy.adminPort is changed", () => {
    // Act
    const { api } = meshGatewayTaskDefinition(
      appMesh({
        family: 'gw',
        mesh: 'dj-app',
        virtualGateway: { name: 'gw', ports: [9901] },
        region: 'us-east-1',
        envoy: { adminPort: 9902 },
      }),
    );
    const envoy = api.containerDefinitions?.[0];
    // Assess
    expect(envoy?.environment).toContainEqual({ name: 'ENVOY_ADMIN_ACCESS_PORT', value: '9902' });
    expect(envoy?.healthCheck?.command?.[1]).toContain('http://localhost:9902/server_info');
  });

  it('gives the X-Ray daemon of a gateway no user (no proxy configuration to bypass)', () => {
    // Act
    const { api } = meshGatewayTaskDefinition(
      appMesh({
        family: 'gw',
        mesh: 'dj-app',
        virtualGateway: { name: 'gw', ports: [8080] },
        region: 'us-east-1',
        xray: { samplingRate: 0.2 },
      }),
    );
    // Assess
    expect(api.containerDefinitions?.[1]).toEqual({
      name: 'xray-daemon',
      image: 'public.ecr.aws/xray/aws-xray-daemon:latest',
      essential: true,
      cpu: 32,
      memoryReservation: 256,
      portMappings: [{ containerPort: 2000, protocol: 'udp' }],
      logConfiguration: {
        logDriver: 'awslogs',
        options: {
          'awslogs-group': '/ecs/gw',
          'awslogs-region': 'us-east-1',
          'awslogs-stream-prefix': 'ecs',
        },
      },
    });
    expect(api.containerDefinitions?.[0]?.environment).toEqual([
      { name: 'APPMESH_RESOURCE_ARN', value: 'mesh/dj-app/virtualGateway/gw' },
      { name: 'ENABLE_ENVOY_XRAY_TRACING', value: '1' },
      { name: 'XRAY_DAEMON_PORT', value: '2000' },
      { name: 'XRAY_SAMPLING_RATE', value: '0.2' },
    ]);
  });

  it('gives the gateway task role StreamAggregatedResources on the gateway and its certificate', () => {
    // Act
    const policy = meshTaskRolePolicy(
      appMesh({
        mesh: 'dj-app',
        virtualGateway: gateway,
        region: 'us-east-1',
        account: '111122223333',
      }),
    );
    // Assess
    expect(policy.Statement).toEqual([
      {
        Sid: 'AppMeshEnvoyConfiguration',
        Effect: 'Allow',
        Action: ['appmesh:StreamAggregatedResources'],
        Resource: ['arn:aws:appmesh:us-east-1:111122223333:mesh/dj-app/virtualGateway/ingress-gw'],
      },
      {
        Sid: 'EnvoyListenerCertificates',
        Effect: 'Allow',
        Action: ['acm:ExportCertificate'],
        Resource: ['arn:aws:acm:us-east-1:111122223333:certificate/gw'],
      },
    ]);
  });
});
