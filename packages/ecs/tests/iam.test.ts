import type { VirtualNodeResource } from '@meshplane/core';
import { describe, expect, it } from 'vitest';
import {
  EcsInputError,
  ecsTasksTrustPolicy,
  meshExecutionRolePolicy,
  meshTaskIam,
  meshTaskRolePolicy,
  registrationAgentStatements,
} from '../src/index.js';
import { appMesh } from './support/app-mesh-mode.js';

const tlsNode: VirtualNodeResource = {
  kind: 'virtualNode',
  meshName: 'dj-app',
  name: 'dj',
  spec: {
    listeners: [
      {
        portMapping: { port: 9080, protocol: 'http' },
        tls: {
          mode: 'STRICT',
          certificate: { acm: { certificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/abc' } },
        },
      },
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
  },
};

describe('task role policy', () => {
  it('allows only StreamAggregatedResources on the node ARN', () => {
    // Act
    const policy = meshTaskRolePolicy(
      appMesh({
        mesh: 'dj-app',
        virtualNode: 'dj',
        region: 'us-east-1',
        account: '111122223333',
      }),
    );
    // Assess
    expect(policy).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AppMeshEnvoyConfiguration',
          Effect: 'Allow',
          Action: ['appmesh:StreamAggregatedResources'],
          Resource: ['arn:aws:appmesh:us-east-1:111122223333:mesh/dj-app/virtualNode/dj'],
        },
      ],
    });
  });

  it('adds the X-Ray writes when tracing and the ACM permissions the node TLS settings need', () => {
    // Act
    const policy = meshTaskRolePolicy(
      appMesh({
        mesh: 'dj-app',
        virtualNode: tlsNode,
        region: 'us-east-1',
        xray: true,
      }),
    );
    // Assess
    expect(policy.Statement.map((s) => s.Sid)).toEqual([
      'AppMeshEnvoyConfiguration',
      'XRayWrite',
      'EnvoyListenerCertificates',
      'EnvoyTrustedAuthorities',
    ]);
    expect(policy.Statement[0]?.Resource).toEqual(['arn:aws:appmesh:us-east-1:*:mesh/dj-app/virtualNode/dj']);
    expect(policy.Statement[1]?.Action).toContain('xray:PutTraceSegments');
    expect(policy.Statement[2]).toMatchObject({
      Action: ['acm:ExportCertificate'],
      Resource: ['arn:aws:acm:us-east-1:111122223333:certificate/abc'],
    });
    expect(policy.Statement[3]).toMatchObject({
      Action: ['acm-pca:GetCertificateAuthorityCertificate'],
      Resource: ['arn:aws:acm-pca:us-east-1:111122223333:certificate-authority/ca1'],
    });
  });

  it('rejects a bad region, account and certificate ARN together', () => {
    // Act
    let error: unknown;
    try {
      meshTaskRolePolicy(
        appMesh({
          mesh: 'm',
          virtualNode: 'n',
          region: 'nowhere',
          account: '12',
          certificateArns: ['nope'],
        }),
      );
    } catch (caught) {
      error = caught;
    }
    // Assess
    expect(error).toBeInstanceOf(EcsInputError);
    expect((error as EcsInputError).issues.map((i) => i.path)).toEqual([
      'region',
      'account',
      'certificateArns',
    ]);
  });
});

describe('malformed policy input', () => {
  function issuesOf(fn: () => unknown): string[] {
    try {
      fn();
    } catch (error) {
      if (error instanceof EcsInputError) return error.issues.map((i) => `${i.code} ${i.path}`);
      throw error;
    }
    throw new Error('expected an EcsInputError');
  }

  it('names malformed lists, enums and log groups instead of crashing or splitting a string', () => {
    // Act
    const task = issuesOf(() =>
      meshTaskRolePolicy(
        appMesh({
          mesh: 'm',
          virtualNode: {
            kind: 'virtualNode',
            meshName: 'm',
            name: 'n',
            spec: {
              listeners: 5,
              backends: [
                null,
                {
                  virtualService: {
                    clientPolicy: {
                      tls: { validation: { trust: { acm: { certificateAuthorityArns: 'ca' } } } },
                    },
                  },
                },
              ],
            },
          } as unknown as VirtualNodeResource,
          region: 'us-east-1',
          certificateArns: 'arn:aws:acm:us-east-1:111122223333:certificate/abc' as unknown as string[],
        }),
      ),
    );
    const execution = issuesOf(() =>
      meshExecutionRolePolicy({
        region: 'us-east-1',
        images: 'jazz:v1' as unknown as string[],
        logGroup: 'a b*',
      }),
    );
    const agent = issuesOf(() =>
      registrationAgentStatements({
        region: 'us-east-1',
        service: { serviceId: 'srv-1' },
        namespaceType: 'PRIVATE' as 'DNS',
      }),
    );
    const none = issuesOf(() =>
      meshTaskRolePolicy(appMesh(null as unknown as Parameters<typeof meshTaskRolePolicy>[0])),
    );
    // Assess
    // The declared options first (in the schema's order), then what the node of the model holds.
    expect(task).toEqual([
      'TYPE certificateArns',
      'TYPE virtualNode.spec.listeners',
      'TYPE virtualNode.spec.backends[1].virtualService.clientPolicy.tls.validation.trust.acm.certificateAuthorityArns',
    ]);
    expect(execution).toEqual(['TYPE images', 'LOG_GROUP logGroup']);
    expect(agent).toEqual(['ENUM namespaceType']);
    expect(none).toEqual(['REQUIRED ']);
  });
});

describe('execution role policy', () => {
  it('grants ECR pulls on private ECR repositories only, and log writes on the task log group', () => {
    // Act
    const policy = meshExecutionRolePolicy({
      region: 'us-east-1',
      account: '111122223333',
      logGroup: '/ecs/dj',
      createLogGroup: true,
      images: [
        '111122223333.dkr.ecr.us-east-1.amazonaws.com/dj:v1',
        'public.ecr.aws/appmesh/aws-appmesh-envoy:v1',
      ],
    });
    // Assess
    expect(policy.Statement).toEqual([
      { Sid: 'EcrAuthorization', Effect: 'Allow', Action: ['ecr:GetAuthorizationToken'], Resource: ['*'] },
      {
        Sid: 'EcrPull',
        Effect: 'Allow',
        Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
        Resource: ['arn:aws:ecr:us-east-1:111122223333:repository/dj'],
      },
      {
        Sid: 'CloudWatchLogsWrite',
        Effect: 'Allow',
        Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: ['arn:aws:logs:us-east-1:111122223333:log-group:/ecs/dj:*'],
      },
    ]);
  });

  it('derives both roles from the task definition options (regional Envoy image included)', () => {
    // Act
    const iam = meshTaskIam(
      appMesh({
        family: 'dj',
        mesh: 'dj-app',
        virtualNode: { name: 'dj', ports: [9080] },
        app: { image: 'public.ecr.aws/example/dj:v1' },
        region: 'af-south-1',
        account: '111122223333',
        envoy: { registry: 'regional' },
        xray: true,
      }),
    );
    // Assess
    expect(iam.taskRole.assumeRolePolicyDocument).toEqual(ecsTasksTrustPolicy());
    expect(iam.taskRole.policyDocument.Statement.map((s) => s.Sid)).toEqual([
      'AppMeshEnvoyConfiguration',
      'XRayWrite',
    ]);
    expect(iam.executionRole.policyDocument.Statement[1]?.Resource).toEqual([
      'arn:aws:ecr:af-south-1:924023996002:repository/aws-appmesh-envoy',
    ]);
    expect(iam.executionRole.policyDocument.Statement[2]?.Resource).toEqual([
      'arn:aws:logs:af-south-1:111122223333:log-group:/ecs/dj:*',
    ]);
  });

  it('adds the registration agent statements to the task role, Route 53 only for DNS namespaces', () => {
    // Act
    const dns = meshTaskIam(
      appMesh({
        family: 'jazz',
        mesh: 'dj-app',
        virtualNode: { name: 'jazz-v1', ports: [9080] },
        app: { image: 'jazz:v1' },
        region: 'us-east-1',
        account: '111122223333',
        agent: {
          image: '111122223333.dkr.ecr.us-east-1.amazonaws.com/agent:1',
          service: { namespaceName: 'prod', serviceName: 'jazz' },
        },
      }),
    );
    const http = registrationAgentStatements({
      region: 'us-east-1',
      account: '111122223333',
      service: { serviceId: 'srv-0123456789abcdef' },
      namespaceType: 'HTTP',
    });
    // Assess
    expect(dns.taskRole.policyDocument.Statement.map((s) => s.Sid)).toEqual([
      'AppMeshEnvoyConfiguration',
      'CloudMapInstance',
      'CloudMapOperations',
      'CloudMapDnsRecords',
    ]);
    expect(dns.taskRole.policyDocument.Statement[2]?.Action).toEqual([
      'servicediscovery:GetOperation',
      'servicediscovery:GetService',
      'servicediscovery:ListNamespaces',
      'servicediscovery:ListServices',
    ]);
    expect(dns.executionRole.policyDocument.Statement[1]?.Resource).toEqual([
      'arn:aws:ecr:us-east-1:111122223333:repository/agent',
    ]);
    expect(http).toEqual([
      {
        Sid: 'CloudMapInstance',
        Effect: 'Allow',
        Action: [
          'servicediscovery:DeregisterInstance',
          'servicediscovery:RegisterInstance',
          'servicediscovery:UpdateInstanceCustomHealthStatus',
        ],
        Resource: ['arn:aws:servicediscovery:us-east-1:111122223333:service/srv-0123456789abcdef'],
      },
      {
        Sid: 'CloudMapOperations',
        Effect: 'Allow',
        Action: ['servicediscovery:GetOperation', 'servicediscovery:GetService'],
        Resource: ['*'],
      },
    ]);
  });
});

describe('registration agent permissions, scoped as far as IAM allows (issue 13 item 8)', () => {
  const byName = { namespaceName: 'prod.svc.cluster.local', serviceName: 'jazz' };
  const writes = (statements: ReturnType<typeof registrationAgentStatements>) =>
    statements.filter((s) =>
      s.Action.some((a) => /:(Change|Create|Delete|Update|Register|Deregister)/.test(a)),
    );

  it('never grants Route 53 record writes on every zone and name, nor health checks outside public namespaces', () => {
    // Act
    const statements = registrationAgentStatements({
      region: 'us-east-1',
      account: '111122223333',
      service: byName,
    });
    // Assess: record writes only for the service's own name and Cloud Map's record types
    const dns = statements.find((s) => s.Sid === 'CloudMapDnsRecords');
    expect(dns?.Condition).toEqual({
      'ForAllValues:StringEquals': {
        'route53:ChangeResourceRecordSetsNormalizedRecordNames': ['jazz.prod.svc.cluster.local'],
        'route53:ChangeResourceRecordSetsRecordTypes': ['A', 'AAAA', 'CNAME', 'SRV'],
      },
    });
    expect(statements.flatMap((s) => s.Action).filter((a) => a.includes('HealthCheck'))).toEqual([]);
  });

  it('scopes the record writes to the namespace hosted zone when its id is given', () => {
    // Act
    const statements = registrationAgentStatements({
      region: 'us-east-1',
      account: '111122223333',
      service: { serviceId: 'srv-0123456789abcdef' },
      hostedZoneId: 'Z0123456789ABCDEFGHIJ',
      dnsRecordName: 'Jazz.Prod.Local.',
    });
    // Assess
    expect(statements.map((s) => s.Sid)).toEqual([
      'CloudMapInstance',
      'CloudMapOperations',
      'CloudMapDnsRecords',
      'CloudMapDnsZoneLookup',
    ]);
    expect(statements[2]).toMatchObject({
      Action: ['route53:ChangeResourceRecordSets', 'route53:GetHostedZone'],
      Resource: ['arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ'],
      Condition: {
        'ForAllValues:StringEquals': {
          'route53:ChangeResourceRecordSetsNormalizedRecordNames': ['jazz.prod.local'],
        },
      },
    });
    expect(statements[3]).toMatchObject({ Action: ['route53:ListHostedZonesByName'], Resource: ['*'] });
    // Every write is on one resource or under a condition
    for (const statement of writes(statements)) {
      expect(statement.Resource?.includes('*') ? statement.Condition : statement.Resource).toBeDefined();
    }
  });

  it('scopes the instance writes of a service given by name by its tag', () => {
    // Act
    const [instance] = registrationAgentStatements({
      region: 'eu-west-1',
      service: byName,
      namespaceType: 'HTTP',
      serviceTag: { key: 'meshplane:service', value: 'jazz' },
    });
    // Assess
    expect(instance).toEqual({
      Sid: 'CloudMapInstance',
      Effect: 'Allow',
      Action: [
        'servicediscovery:DeregisterInstance',
        'servicediscovery:RegisterInstance',
        'servicediscovery:UpdateInstanceCustomHealthStatus',
      ],
      Resource: ['arn:aws:servicediscovery:eu-west-1:*:service/*'],
      Condition: { StringEquals: { 'aws:ResourceTag/meshplane:service': 'jazz' } },
    });
  });

  it('grants the Route 53 health checks for a public DNS namespace only, on health-check ARNs', () => {
    // Act
    const statements = registrationAgentStatements({
      region: 'cn-north-1',
      service: { serviceId: 'srv-0123456789abcdef' },
      namespaceType: 'DNS_PUBLIC',
    });
    // Assess
    expect(statements.slice(-2)).toEqual([
      {
        Sid: 'CloudMapHealthCheckCreate',
        Effect: 'Allow',
        Action: ['route53:CreateHealthCheck'],
        Resource: ['*'],
      },
      {
        Sid: 'CloudMapHealthChecks',
        Effect: 'Allow',
        Action: ['route53:DeleteHealthCheck', 'route53:GetHealthCheck', 'route53:UpdateHealthCheck'],
        Resource: ['arn:aws-cn:route53:::healthcheck/*'],
      },
    ]);
  });

  it('reports bad scoping options, all at once', () => {
    // Act
    const error = (() => {
      try {
        registrationAgentStatements({
          region: 'us-east-1',
          service: byName,
          hostedZoneId: 'not a zone',
          dnsRecordName: 'white space',
          serviceTag: { key: '', value: 'x' },
        });
      } catch (e) {
        return e;
      }
    })();
    // Assess
    expect(error).toBeInstanceOf(EcsInputError);
    expect((error as EcsInputError).issues.map((i) => i.path)).toEqual([
      'hostedZoneId',
      'dnsRecordName',
      'serviceTag',
    ]);
  });

  it('passes the agent sidecar scoping options through meshTaskIam', () => {
    // Act
    const iam = meshTaskIam(
      appMesh({
        family: 'jazz',
        mesh: 'dj-app',
        virtualNode: { name: 'jazz-v1', ports: [9080] },
        app: { image: 'jazz:v1' },
        region: 'us-east-1',
        account: '111122223333',
        agent: {
          image: 'agent:1',
          service: byName,
          hostedZoneId: 'Z0123456789ABCDEFGHIJ',
          serviceTag: { key: 'team', value: 'dj' },
        },
      }),
    );
    // Assess
    const statements = iam.taskRole.policyDocument.Statement;
    expect(statements.find((s) => s.Sid === 'CloudMapInstance')?.Condition).toEqual({
      StringEquals: { 'aws:ResourceTag/team': 'dj' },
    });
    expect(statements.find((s) => s.Sid === 'CloudMapDnsRecords')?.Resource).toEqual([
      'arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ',
    ]);
  });
});
