import { describe, expect, it } from 'vitest';
import { meshGatewayTaskDefinition, meshTaskDefinition } from '../src/index.js';
import { appMesh } from './support/app-mesh-mode.js';

// The property names of AWS::ECS::TaskDefinition and its property types, as the CloudFormation
// template reference lists them (only the types our output can contain are spelled out). A value
// of `null` is a scalar, a list of scalars, or a string map whose keys are data.
type PropertyType = Record<string, string | null>;
const CFN: Record<string, PropertyType> = {
  TaskDefinition: {
    ContainerDefinitions: 'ContainerDefinition',
    Cpu: null,
    EnableFaultInjection: null,
    EphemeralStorage: null,
    ExecutionRoleArn: null,
    Family: null,
    InferenceAccelerators: null,
    IpcMode: null,
    Memory: null,
    NetworkMode: null,
    PidMode: null,
    PlacementConstraints: null,
    ProxyConfiguration: 'ProxyConfiguration',
    RequiresCompatibilities: null,
    RuntimePlatform: 'RuntimePlatform',
    Tags: 'Tag',
    TaskRoleArn: null,
    Volumes: null,
  },
  ContainerDefinition: {
    Command: null,
    Cpu: null,
    CredentialSpecs: null,
    DependsOn: 'ContainerDependency',
    DisableNetworking: null,
    DnsSearchDomains: null,
    DnsServers: null,
    DockerLabels: null,
    DockerSecurityOptions: null,
    EntryPoint: null,
    Environment: 'KeyValuePair',
    EnvironmentFiles: null,
    Essential: null,
    ExtraHosts: null,
    FirelensConfiguration: null,
    HealthCheck: 'HealthCheck',
    Hostname: null,
    Image: null,
    Interactive: null,
    Links: null,
    LinuxParameters: null,
    LogConfiguration: 'LogConfiguration',
    Memory: null,
    MemoryReservation: null,
    MountPoints: null,
    Name: null,
    PortMappings: 'PortMapping',
    Privileged: null,
    PseudoTerminal: null,
    ReadonlyRootFilesystem: null,
    RepositoryCredentials: null,
    ResourceRequirements: null,
    RestartPolicy: null,
    Secrets: null,
    StartTimeout: null,
    StopTimeout: null,
    SystemControls: null,
    Ulimits: 'Ulimit',
    User: null,
    VersionConsistency: null,
    VolumesFrom: null,
    WorkingDirectory: null,
  },
  ProxyConfiguration: { ContainerName: null, ProxyConfigurationProperties: 'KeyValuePair', Type: null },
  RuntimePlatform: { CpuArchitecture: null, OperatingSystemFamily: null },
  KeyValuePair: { Name: null, Value: null },
  Tag: { Key: null, Value: null },
  ContainerDependency: { Condition: null, ContainerName: null },
  HealthCheck: { Command: null, Interval: null, Retries: null, StartPeriod: null, Timeout: null },
  LogConfiguration: { LogDriver: null, Options: null, SecretOptions: null },
  PortMapping: {
    AppProtocol: null,
    ContainerPort: null,
    ContainerPortRange: null,
    HostPort: null,
    Name: null,
    Protocol: null,
  },
  Ulimit: { HardLimit: null, Name: null, SoftLimit: null },
};

/** Every property name in `value` that the CloudFormation type `type` does not define, with its path. */
function unknownProperties(value: unknown, type: string, path: string): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => unknownProperties(item, type, `${path}[${i}]`));
  const known = CFN[type] as PropertyType;
  const problems: string[] = [];
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    if (!(key in known)) problems.push(`${path}.${key}`);
    else if (known[key]) problems.push(...unknownProperties(inner, known[key] as string, `${path}.${key}`));
  }
  return problems;
}

describe('CloudFormation form against the AWS::ECS::TaskDefinition property names', () => {
  it('uses only property names CloudFormation defines, at every level', () => {
    // Prepare
    const { cloudFormation } = meshTaskDefinition(
      appMesh({
        family: 'jazz-v1',
        mesh: 'dj-app',
        virtualNode: { name: 'jazz-v1', ports: [9080, 9090] },
        app: {
          image: 'jazz:v1',
          environment: { A: '1' },
          command: ['serve'],
          healthCheck: { command: ['CMD', 'true'] },
        },
        region: 'us-east-1',
        account: '111122223333',
        xray: { samplingRate: 0.5 },
        statsd: { sidecar: { image: 'collector:1' } },
        fargate: { cpu: 1024, memory: 2048 },
        taskRoleArn: 'arn:aws:iam::111122223333:role/jazz',
        tags: { team: 'music' },
        cpuArchitecture: 'ARM64',
        agent: { image: 'agent:1', service: { serviceId: 'srv-0123456789abcdef' } },
      }),
    );
    // Act
    const problems = unknownProperties(cloudFormation, 'TaskDefinition', 'Properties');
    // Assess
    expect(problems).toEqual([]);
  });

  it('uses only CloudFormation property names for the per-task control plane (volume, mounts, ordering)', () => {
    // Prepare
    const { cloudFormation } = meshTaskDefinition({
      family: 'jazz-v1',
      mesh: 'dj-app',
      virtualNode: { name: 'jazz-v1', ports: [9080] },
      app: { image: 'jazz:v1' },
      region: 'us-east-1',
      xds: { image: 'agent:1', model: 's3://meshes/dj-app.json' },
      agent: { image: 'agent:1', service: { serviceId: 'srv-0123456789abcdef' } },
    });
    // Act
    const problems = unknownProperties(cloudFormation, 'TaskDefinition', 'Properties');
    // Assess: Volumes, MountPoints (SourceVolume, ContainerPath, ReadOnly) and DependsOn are known
    expect(cloudFormation.Volumes).toEqual([{ Name: 'meshplane-xds' }]);
    expect(problems).toEqual([]);
  });

  it('uses only CloudFormation property names for a virtual gateway task too', () => {
    // Prepare
    const { cloudFormation } = meshGatewayTaskDefinition(
      appMesh({
        family: 'gw',
        mesh: 'dj-app',
        virtualGateway: { name: 'gw', ports: [8080] },
        region: 'us-east-1',
        xray: true,
        tags: { team: 'edge' },
      }),
    );
    // Act / Assess
    expect(unknownProperties(cloudFormation, 'TaskDefinition', 'Properties')).toEqual([]);
  });

  it('would report an API-cased or misspelled property (the check can fail)', () => {
    // Act
    const problems = unknownProperties(
      { Family: 'x', ProxyConfiguration: { Properties: [] }, ContainerDefinitions: [{ name: 'a' }] },
      'TaskDefinition',
      'Properties',
    );
    // Assess
    expect(problems).toEqual([
      'Properties.ProxyConfiguration.Properties',
      'Properties.ContainerDefinitions[0].name',
    ]);
  });
});
