// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are CloudFormation Fn::Sub text, whose ${Name} is not a JavaScript template
import { describe, expect, it } from 'vitest';
import { cidrSubnets } from '../../../src/importers/cloudformation/cidr-subnets.js';
import { described, probe } from './template-probe.js';

const PARAMETERS = `Parameters:
  Domain:
    Type: String
    Default: example.local
  Names:
    Type: CommaDelimitedList
    Default: "a, b ,c"
  Ports:
    Type: List<Number>
    Default: 80,443
`;

describe('Ref', () => {
  it('returns a parameter default, a given value, and list parameters as lists (members trimmed)', () => {
    expect(probe('!Ref Domain', { sections: PARAMETERS }).hostname).toBe('example.local');
    expect(probe('!Ref Domain', { sections: PARAMETERS, parameters: { Domain: 'x.test' } }).hostname).toBe(
      'x.test',
    );
    expect(probe('!Join ["-", !Ref Names]', { sections: PARAMETERS }).hostname).toBe('a-b-c');
    expect(probe('!Select [1, !Ref Ports]', { sections: PARAMETERS }).hostname).toBe('443');
  });

  it('resolves AWS::Partition and AWS::URLSuffix, and AWS::Region, AWS::AccountId, AWS::StackName only when given', () => {
    expect(probe('!Sub "${AWS::Partition}.${AWS::URLSuffix}"').hostname).toBe('aws.amazonaws.com');
    expect(
      probe('!Sub "${AWS::Partition}.${AWS::URLSuffix}"', { parameters: { 'AWS::Region': 'cn-north-1' } })
        .hostname,
    ).toBe('aws-cn.amazonaws.com.cn');
    expect(
      probe('!Sub "${AWS::StackName}.${AWS::Region}"', {
        parameters: { 'AWS::StackName': 's', 'AWS::Region': 'eu-west-1' },
      }).hostname,
    ).toBe('s.eu-west-1');
    expect(described(probe('!Ref AWS::Region').issues)).toEqual([
      '14:23 UNRESOLVED_EXPRESSION !Ref AWS::Region at Resources.Node.Properties.Spec.ServiceDiscovery.DNS.Hostname cannot be resolved statically: AWS::Region is known only when the stack is created; give it like a parameter (--parameter AWS::Region=us-east-1)',
    ]);
  });

  it('returns the ARN of an App Mesh resource of the template when the region and account are given', () => {
    // The ARN depends on the names only, so even the node's own spec can hold it.
    const node = probe('!Ref Node', {
      parameters: { 'AWS::Region': 'us-west-2', 'AWS::AccountId': '123456789012' },
    });
    expect(node.hostname).toBe('arn:aws:appmesh:us-west-2:123456789012:mesh/m/virtualNode/n');
    expect(
      described(probe('!GetAtt Node.Arn', { parameters: { 'AWS::Region': 'us-west-2' } }).issues),
    ).toEqual([
      '14:23 UNRESOLVED_EXPRESSION !GetAtt Node.Arn at Resources.Node.Properties.Spec.ServiceDiscovery.DNS.Hostname cannot be resolved statically: AWS::AccountId is known only when the stack is created; give it like a parameter (--parameter AWS::AccountId=123456789012)',
    ]);
    const mesh = probe('!Ref Mesh', {
      parameters: { 'AWS::Region': 'us-west-2', 'AWS::AccountId': '123456789012' },
    });
    expect(mesh.hostname).toBe('arn:aws:appmesh:us-west-2:123456789012:mesh/m');
  });

  it('names an unknown name with the closest one, and a non-App Mesh resource as known only once deployed', () => {
    expect(described(probe('!Ref Domian', { sections: PARAMETERS }).issues)).toEqual([
      '24:23 UNRESOLVED_EXPRESSION !Ref Domian at Resources.Node.Properties.Spec.ServiceDiscovery.DNS.Hostname cannot be resolved: Domian is not a parameter, resource or pseudo parameter of the template; did you mean "Domain"?',
    ]);
    const resources = '  Queue:\n    Type: AWS::SQS::Queue\n';
    expect(described(probe('!Ref Queue', { resources }).issues)).toEqual([
      '14:23 UNRESOLVED_EXPRESSION !Ref Queue at Resources.Node.Properties.Spec.ServiceDiscovery.DNS.Hostname cannot be resolved statically: Ref of Queue (AWS::SQS::Queue) returns its physical ID, known only once the stack is deployed',
    ]);
  });

  it('removes the property that holds AWS::NoValue', () => {
    const { resources } = probe('x.local', {
      resources:
        '  Svc:\n    Type: AWS::AppMesh::VirtualService\n    Properties:\n      MeshName: m\n      VirtualServiceName: s\n      Tags: !Ref AWS::NoValue\n      Spec:\n        Provider: !Ref AWS::NoValue\n',
    });
    expect(resources.find((r) => r.kind === 'virtualService')).toMatchObject({ name: 's', spec: {} });
    expect(resources.find((r) => r.kind === 'virtualService')?.tags).toBeUndefined();
  });
});

describe('Fn::GetAtt', () => {
  const registry = `  Namespace:
    Type: AWS::ServiceDiscovery::PrivateDnsNamespace
    Properties:
      Name: apps.local
      Vpc: !ImportValue vpc
  Registry:
    Type: AWS::ServiceDiscovery::Service
    Properties:
      Name: web
  LB:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
`;

  it('reads App Mesh name attributes and same-template properties, in both forms', () => {
    expect(probe('!GetAtt [Mesh, MeshName]').hostname).toBe('m');
    expect(probe('!Sub "${Registry.Name}.${Namespace.Name}"', { resources: registry }).hostname).toBe(
      'web.apps.local',
    );
    expect(probe('{ "Fn::GetAtt": "Registry.Name" }', { resources: registry }).hostname).toBe('web');
  });

  it('names deployment-time attributes, unknown attributes and unknown resources exactly', () => {
    expect(described(probe('!GetAtt LB.DNSName', { resources: registry }).issues)).toEqual([
      '14:23 UNRESOLVED_EXPRESSION !GetAtt LB.DNSName at Resources.Node.Properties.Spec.ServiceDiscovery.DNS.Hostname cannot be resolved statically: DNSName is an attribute of LB (AWS::ElasticLoadBalancingV2::LoadBalancer), known only once the stack is deployed (and not a property the template sets)',
    ]);
    expect(described(probe('!GetAtt Mesh.Uid').issues)).toEqual([
      '14:23 UNRESOLVED_EXPRESSION !GetAtt Mesh.Uid at Resources.Node.Properties.Spec.ServiceDiscovery.DNS.Hostname cannot be resolved statically: the Uid of Mesh (AWS::AppMesh::Mesh) is assigned by App Mesh when it is created',
    ]);
    expect(described(probe('!GetAtt Mesh.MeshNmae').issues)).toEqual([
      '14:23 UNRESOLVED_EXPRESSION !GetAtt Mesh.MeshNmae at Resources.Node.Properties.Spec.ServiceDiscovery.DNS.Hostname cannot be resolved: AWS::AppMesh::Mesh has no attribute MeshNmae; did you mean "MeshName"?; its attributes are Arn, MeshName, MeshOwner, ResourceOwner, Uid',
    ]);
    expect(described(probe('!GetAtt Msh.MeshName').issues)).toEqual([
      '14:23 UNRESOLVED_EXPRESSION !GetAtt Msh.MeshName at Resources.Node.Properties.Spec.ServiceDiscovery.DNS.Hostname cannot be resolved: Msh is not a resource of the template; did you mean "Mesh"? (Fn::GetAtt reads resources, not parameters)',
    ]);
    expect(described(probe('!GetAtt [Mesh]').issues)[0]).toContain(
      'Fn::GetAtt takes [logicalNameOfResource, attributeName] (YAML: !GetAtt Resource.Attribute), got ["Mesh"]',
    );
  });
});

describe('Fn::Sub', () => {
  it('substitutes parameters, pseudo parameters, attributes and map variables, and keeps ${!Literal}', () => {
    expect(probe('!Sub "${Domain}-${Mesh.MeshName}-${!Literal}"', { sections: PARAMETERS }).hostname).toBe(
      'example.local-m-${Literal}',
    );
    expect(
      probe('!Sub ["${Name}.${Domain}", { Name: !Select [0, !Ref Names] }]', { sections: PARAMETERS })
        .hostname,
    ).toBe('a.example.local');
  });

  it('refuses a list variable and reports a circular reference through a resource', () => {
    expect(described(probe('!Sub "${Names}"', { sections: PARAMETERS }).issues)).toEqual([
      '24:23 UNRESOLVED_EXPRESSION !Sub "${Names}" at Resources.Node.Properties.Spec.ServiceDiscovery.DNS.Hostname cannot be resolved: ${Names}: the value is a list (["a","b","c"]); Fn::Sub substitutes strings (join it first)',
    ]);
    const resources = `  Other:
    Type: AWS::AppMesh::VirtualNode
    Properties:
      MeshName: m
      VirtualNodeName: !Sub "\${Other.VirtualNodeName}-x"
      Spec: {}
`;
    expect(described(probe('x.local', { resources }).issues)).toEqual([
      '19:24 UNRESOLVED_EXPRESSION !Sub "${Other.VirtualNodeName}-x" at Resources.Other.Properties.VirtualNodeName cannot be resolved: ${Other.VirtualNodeName}: circular reference: Resources.Other.Properties.VirtualNodeName → Resources.Other.Properties.VirtualNodeName',
    ]);
  });
});

describe('Fn::Join, Fn::Select, Fn::Split', () => {
  it('join, select and split', () => {
    expect(probe('!Join [".", [a, !Ref Domain]]', { sections: PARAMETERS }).hostname).toBe('a.example.local');
    expect(probe('!Select [2, !Split [".", "x.y.z"]]').hostname).toBe('z');
  });

  it('report a wrong arity and an index out of range', () => {
    expect(described(probe('!Join [","]').issues)).toEqual([
      '14:23 UNRESOLVED_EXPRESSION !Join [","] at Resources.Node.Properties.Spec.ServiceDiscovery.DNS.Hostname cannot be resolved: Fn::Join takes [delimiter, [value, ...]], got [","]',
    ]);
    expect(described(probe('!Select [3, [a, b]]').issues)).toEqual([
      '14:23 UNRESOLVED_EXPRESSION !Select [3, ["a", "b"]] at Resources.Node.Properties.Spec.ServiceDiscovery.DNS.Hostname cannot be resolved: index 3 is out of range: the list has 2 value(s) (["a","b"])',
    ]);
  });
});

describe('conditions and Fn::If', () => {
  const CONDITIONS = `Parameters:
  Env:
    Type: String
    Default: prod
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Not [!Condition IsProd]
  Both: !And [!Condition IsProd, !Or [!Condition IsDev, !Equals [1, "1"]]]
  Loop: !Not [!Condition Loop]
`;

  it('evaluate Equals, Not, And, Or and Condition, and choose the branch of Fn::If', () => {
    expect(probe('!If [IsProd, prod.local, dev.local]', { sections: CONDITIONS }).hostname).toBe(
      'prod.local',
    );
    expect(probe('!If [IsDev, prod.local, dev.local]', { sections: CONDITIONS }).hostname).toBe('dev.local');
    expect(probe('!If [Both, yes.local, no.local]', { sections: CONDITIONS }).hostname).toBe('yes.local');
    expect(
      probe('!If [IsDev, prod.local, dev.local]', { sections: CONDITIONS, parameters: { Env: 'dev' } })
        .hostname,
    ).toBe('prod.local');
  });

  it('evaluate only the chosen branch', () => {
    expect(
      probe('!If [IsProd, ok.local, !ImportValue other]', { sections: CONDITIONS }).issues.filter(
        (i) => i.severity === 'error',
      ),
    ).toEqual([]);
  });

  it('report an undeclared condition and a circular one', () => {
    expect(described(probe('!If [IsProdd, a, b]', { sections: CONDITIONS }).issues)).toEqual([
      '23:23 UNRESOLVED_EXPRESSION !If ["IsProdd", "a", "b"] at Resources.Node.Properties.Spec.ServiceDiscovery.DNS.Hostname cannot be resolved: condition IsProdd is not declared in Conditions; did you mean "IsProd"?; declared: IsProd, IsDev, Both, Loop',
    ]);
    expect(described(probe('!If [Loop, a, b]', { sections: CONDITIONS }).issues)).toEqual([
      '9:15 UNRESOLVED_EXPRESSION !Condition Loop at Conditions.Loop.Fn::Not[0] cannot be resolved: circular reference: Conditions.Loop → Conditions.Loop',
    ]);
  });

  it('leave out a resource whose Condition is false, and say so', () => {
    const resources =
      '  Dev:\n    Type: AWS::AppMesh::VirtualNode\n    Condition: IsDev\n    Properties:\n      MeshName: m\n      VirtualNodeName: dev\n      Spec: {}\n';
    const { resources: imported, issues } = probe('x.local', { sections: CONDITIONS, resources });
    expect(imported.map((r) => r.name)).toEqual(['m', 'n']);
    expect(described(issues, 'warning')).toEqual([
      '11:3 IGNORED_RESOURCES 1 App Mesh resource(s) are not created because their Condition is false: Dev (Condition IsDev)',
    ]);
  });
});

describe('Fn::FindInMap, Fn::Base64, Fn::Cidr and deployment-time functions', () => {
  const MAPPINGS = 'Mappings:\n  Hosts:\n    prod:\n      name: prod.local\n';

  it('look up a mapping and report a missing key with the closest one', () => {
    expect(probe('!FindInMap [Hosts, prod, name]', { sections: MAPPINGS }).hostname).toBe('prod.local');
    expect(described(probe('!FindInMap [Hosts, prd, name]', { sections: MAPPINGS }).issues)).toEqual([
      '18:23 UNRESOLVED_EXPRESSION !FindInMap ["Hosts", "prd", "name"] at Resources.Node.Properties.Spec.ServiceDiscovery.DNS.Hostname cannot be resolved: map Hosts has no key prd; did you mean "prod"?; its keys: prod',
    ]);
  });

  it('encode Base64 and compute Cidr blocks (IPv4 and IPv6)', () => {
    expect(probe('!Base64 mesh').hostname).toBe('bWVzaA==');
    expect(probe('!Select [1, !Cidr ["10.0.0.0/16", 3, 8]]').hostname).toBe('10.0.1.0/24');
    expect(cidrSubnets('2001:db8:0:100::/56', 2, 64)).toEqual(['2001:db8:0:100::/64', '2001:db8:0:101::/64']);
    expect(cidrSubnets('10.0.0.0/24', 3, 7)).toBe('10.0.0.0/24 holds only 2 subnets of 7 host bits, not 3');
  });

  it('name exports, Availability Zones and unknown functions', () => {
    expect(described(probe('!ImportValue shared-domain').issues)).toEqual([
      '14:23 UNRESOLVED_EXPRESSION !ImportValue "shared-domain" at Resources.Node.Properties.Spec.ServiceDiscovery.DNS.Hostname cannot be resolved statically: it imports the export "shared-domain" of another stack, known only from the deployed stacks',
    ]);
    expect(described(probe('!Select [0, !GetAZs ""]').issues)).toEqual([
      '14:35 UNRESOLVED_EXPRESSION !GetAZs "" at Resources.Node.Properties.Spec.ServiceDiscovery.DNS.Hostname.Fn::Select[1] cannot be resolved statically: the Availability Zones of the stack\'s region are known only from the account when the stack is created',
    ]);
    expect(described(probe('!Transform { Name: AWS::Include }').issues)).toEqual([
      '14:23 UNRESOLVED_EXPRESSION !Transform { Name: "AWS::Include" } at Resources.Node.Properties.Spec.ServiceDiscovery.DNS.Hostname cannot be resolved statically: Fn::Transform runs a macro when the stack is created; meshplane does not run macros',
    ]);
    expect(described(probe('{ "Fn::Length": [a, b] }').issues)).toEqual([
      '14:23 UNRESOLVED_EXPRESSION !Length ["a", "b"] at Resources.Node.Properties.Spec.ServiceDiscovery.DNS.Hostname cannot be resolved: Fn::Length belongs to the AWS::LanguageExtensions transform, which meshplane does not apply; write the value out',
    ]);
    expect(described(probe('{ "Fn::Jion": [",", [a]] }').issues)).toEqual([
      '14:23 UNRESOLVED_EXPRESSION !Jion [",", ["a"]] at Resources.Node.Properties.Spec.ServiceDiscovery.DNS.Hostname cannot be resolved: Fn::Jion is not an intrinsic function; did you mean "Fn::Join"?; CloudFormation\'s are Ref, Fn::Base64, Fn::Cidr, Fn::FindInMap, Fn::GetAtt, Fn::GetAZs, Fn::ImportValue, Fn::Join, Fn::Select, Fn::Split, Fn::Sub, Fn::Transform, Fn::If, Fn::Equals, Fn::Not, Fn::And, Fn::Or, Fn::Length, Fn::ToJsonString, Fn::ForEach',
    ]);
  });
});
