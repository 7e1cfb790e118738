import type { VirtualNodeResource } from '@meshplane/core';
import { djAppMesh } from '../../../../examples/dj-app/src/mesh.js';
import type { MeshGatewayTaskDefinitionOptions, MeshTaskDefinitionOptions } from '../../src/index.js';

// Option sets (App Mesh-managed, the only mode before the per-task and central control planes)
// that cover every option of the renderers: their output (task definition in both
// forms, and the IAM roles) is pinned in golden.json, so that a refactoring of the renderers
// cannot change a byte of what users register today.

const model = djAppMesh();
const node = (name: string) =>
  model.resources.find(
    (r): r is VirtualNodeResource => r.kind === 'virtualNode' && r.name === name,
  ) as VirtualNodeResource;

const tlsNode: VirtualNodeResource = {
  kind: 'virtualNode',
  meshName: 'dj-app',
  name: 'secure',
  spec: {
    listeners: [
      {
        portMapping: { port: 8443, protocol: 'http' },
        tls: {
          mode: 'STRICT',
          certificate: { acm: { certificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/abc' } },
        },
      },
      { portMapping: { port: 9090, protocol: 'grpc' } },
    ],
    backendDefaults: {
      clientPolicy: {
        tls: {
          validation: {
            trust: {
              acm: {
                certificateAuthorityArns: [
                  'arn:aws:acm-pca:us-east-1:111122223333:certificate-authority/ca1',
                ],
              },
            },
          },
        },
      },
    },
    serviceDiscovery: {
      awsCloudMap: {
        namespaceName: 'prod.local',
        serviceName: 'secure',
        attributes: [{ key: 'track', value: 'blue' }],
      },
    },
  },
};

export const NODE_CASES: Record<string, MeshTaskDefinitionOptions> = {
  minimal: {
    controlPlane: 'appmesh',
    family: 'dj',
    mesh: 'dj-app',
    virtualNode: { name: 'dj', ports: [9080] },
    app: { image: 'dj:latest' },
    region: 'us-east-1',
  },
  fargateXrayAgentFromModel: {
    controlPlane: 'appmesh',
    family: 'djapp-jazz-v1',
    mesh: 'dj-app',
    virtualNode: node('jazz-v1'),
    app: { name: 'app', image: '111122223333.dkr.ecr.us-east-1.amazonaws.com/djapp:jazz-v1' },
    region: 'us-east-1',
    account: '111122223333',
    xray: true,
    fargate: { cpu: 512, memory: 1024 },
    taskRoleArn: 'arn:aws:iam::111122223333:role/djapp-jazz-v1-task',
    agent: {
      image: '111122223333.dkr.ecr.us-east-1.amazonaws.com/meshplane-ecs-agent:0.1.0',
      healthPath: '/ping',
    },
    tags: { app: 'djapp', mesh: 'dj-app' },
  },
  everything: {
    controlPlane: 'appmesh',
    family: 'secure',
    mesh: 'dj-app',
    virtualNode: tlsNode,
    app: {
      name: 'web',
      image: 'public.ecr.aws/example/web:2',
      ports: [8443],
      cpu: 128,
      memory: 512,
      environment: { B: '2', A: '1' },
      command: ['serve', '--port', '8443'],
      entryPoint: ['/bin/sh', '-c'],
      healthCheck: { command: ['CMD-SHELL', 'true'], interval: 10, timeout: 5, retries: 3, startPeriod: 5 },
      envoyCondition: 'START',
      stopTimeout: 20,
      essential: true,
    },
    region: 'me-south-1',
    account: '111122223333',
    envoy: {
      registry: 'regional',
      tag: 'v1.34.13.3-prod',
      adminPort: 9902,
      logLevel: 'debug',
      statsTags: true,
      egressIgnoredPorts: [22, 443],
      egressIgnoredIPs: ['169.254.170.2'],
      nofile: 20000,
      healthCheck: { interval: 10, retries: 5 },
      environment: { ENVOY_STATS_FLUSH_INTERVAL: '10s' },
      memoryReservation: 256,
      cpu: 64,
      resourceArn: 'short',
    },
    xray: { samplingRate: 0.2, port: 3000 },
    statsd: { port: 8126, sidecar: { image: 'amazon/cloudwatch-agent:latest', cpu: 32 } },
    fargate: { cpu: 1024, memory: 4096 },
    executionRoleArn: 'arn:aws:iam::111122223333:role/exec',
    logging: { group: '/custom/secure', streamPrefix: 'mesh', region: 'us-east-1', createGroup: true },
    tags: { team: 'dj', env: 'prod' },
    cpuArchitecture: 'ARM64',
    agent: {
      image: 'agent:1',
      name: 'registrar',
      port: 8443,
      attributes: { zone: 'a' },
      healthPath: '/health',
      healthIntervalMs: 2000,
      healthThreshold: 3,
      deregisterDeadlineMs: 20000,
      stopTimeout: 25,
      cpu: 16,
      memoryReservation: 32,
      namespaceType: 'HTTP',
    },
    extraContainers: [
      {
        name: 'log-router',
        image: 'amazon/aws-for-fluent-bit:stable',
        essential: false,
        memoryReservation: 50,
      },
    ],
  },
  ec2NoLogsStatsd: {
    controlPlane: 'appmesh',
    family: 'metal',
    mesh: 'dj-app',
    virtualNode: { name: 'metal-v2', ports: [9080, 9081] },
    app: { image: 'metal:v2', ports: [9081] },
    region: 'cn-north-1',
    account: '111122223333',
    cpu: 1024,
    memory: 2048,
    logging: false,
    statsd: true,
    envoy: {
      image: 'my.registry/envoy:custom',
      user: '1337',
      ignoredUID: 1337,
      proxyIngressPort: 15010,
      proxyEgressPort: 15011,
    },
    agent: { image: 'agent:2', service: { serviceId: 'srv-0123456789abcdef' }, namespaceType: 'DNS' },
  },
};

export const GATEWAY_CASES: Record<string, MeshGatewayTaskDefinitionOptions> = {
  minimal: {
    controlPlane: 'appmesh',
    family: 'gw',
    mesh: 'dj-app',
    virtualGateway: { name: 'ingress-gw', ports: [8080] },
    region: 'us-east-1',
  },
  fargateXray: {
    controlPlane: 'appmesh',
    family: 'ingress',
    mesh: 'dj-app',
    virtualGateway: { name: 'ingress-gw', ports: [8080, 8443] },
    region: 'eu-west-1',
    account: '111122223333',
    xray: true,
    fargate: { cpu: 256, memory: 512 },
    envoy: { tag: 'v1.39.1.0-prod', adminPort: 9903 },
    tags: { tier: 'edge' },
    logging: { createGroup: true },
  },
};
