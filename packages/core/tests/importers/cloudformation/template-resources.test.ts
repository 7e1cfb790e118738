// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are CloudFormation Fn::Sub text, whose ${Name} is not a JavaScript template
import { describe, expect, it } from 'vitest';
import { importSources, refineIssueLocations, validate } from '../../../src/index.js';
import { described } from './template-probe.js';

const EVERY_TYPE = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Mesh:
    Type: AWS::AppMesh::Mesh
    Properties:
      MeshName: shop
      Spec:
        EgressFilter: { Type: DROP_ALL }
      Tags: [{ Key: team, Value: 42 }]
  Web:
    Type: AWS::AppMesh::VirtualNode
    Properties:
      MeshName: !GetAtt Mesh.MeshName
      VirtualNodeName: web
      Spec:
        Listeners:
          - PortMapping: { Port: "8080", Protocol: http }
            TLS:
              Mode: PERMISSIVE
              Certificate:
                File: { CertificateChain: /c.pem, PrivateKey: /k.pem }
        ServiceDiscovery:
          AWSCloudMap: { NamespaceName: shop.local, ServiceName: web }
        Backends:
          - VirtualService: { VirtualServiceName: !GetAtt Service.VirtualServiceName }
  Router:
    Type: AWS::AppMesh::VirtualRouter
    Properties:
      MeshName: shop
      VirtualRouterName: router
      Spec:
        Listeners: [{ PortMapping: { Port: 8080, Protocol: http } }]
  Route:
    Type: AWS::AppMesh::Route
    Properties:
      MeshName: shop
      VirtualRouterName: !GetAtt Router.VirtualRouterName
      RouteName: route
      Spec:
        HttpRoute:
          Match: { Prefix: / }
          Action:
            WeightedTargets: [{ VirtualNode: !GetAtt Web.VirtualNodeName, Weight: 1 }]
  Service:
    Type: AWS::AppMesh::VirtualService
    Properties:
      MeshName: shop
      VirtualServiceName: web.shop.local
      Spec:
        Provider: { VirtualRouter: { VirtualRouterName: router } }
  Gateway:
    Type: AWS::AppMesh::VirtualGateway
    Properties:
      MeshName: shop
      VirtualGatewayName: edge
      Spec:
        Listeners: [{ PortMapping: { Port: 443, Protocol: http } }]
  GatewayRoute:
    Type: AWS::AppMesh::GatewayRoute
    Properties:
      MeshName: shop
      VirtualGatewayName: edge
      GatewayRouteName: to-web
      Spec:
        HttpRoute:
          Match: { Prefix: /web }
          Action: { Target: { VirtualService: { VirtualServiceName: web.shop.local } } }
  Bucket:
    Type: AWS::S3::Bucket
  Role:
    Type: AWS::IAM::Role
  Role2:
    Type: AWS::IAM::Role
`;

describe('App Mesh resources of a template', () => {
  it('imports every AWS::AppMesh::* type into the API shape, and the model validates', () => {
    // Act
    const imported = importSources([{ file: 'shop.yaml', text: EVERY_TYPE }]);

    // Assert
    expect(described(imported.issues)).toEqual([]);
    expect(described(imported.issues, 'warning')).toEqual([
      '3:3 IGNORED_RESOURCES 3 resource(s) that are not App Mesh resources were ignored: 2 AWS::IAM::Role, 1 AWS::S3::Bucket',
    ]);
    const byName = Object.fromEntries(imported.model.resources.map((r) => [`${r.kind}:${r.name}`, r]));
    expect(byName['mesh:shop']).toEqual({
      kind: 'mesh',
      meshName: 'shop',
      name: 'shop',
      spec: { egressFilter: { type: 'DROP_ALL' } },
      tags: [{ key: 'team', value: '42' }],
      source: { file: 'shop.yaml', line: 4, column: 5 },
    });
    expect(byName['virtualNode:web']?.spec).toEqual({
      listeners: [
        {
          portMapping: { port: 8080, protocol: 'http' },
          tls: {
            mode: 'PERMISSIVE',
            certificate: { file: { certificateChain: '/c.pem', privateKey: '/k.pem' } },
          },
        },
      ],
      serviceDiscovery: { awsCloudMap: { namespaceName: 'shop.local', serviceName: 'web' } },
      backends: [{ virtualService: { virtualServiceName: 'web.shop.local' } }],
    });
    expect(byName['route:route']).toMatchObject({ virtualRouterName: 'router' });
    expect(byName['gatewayRoute:to-web']).toMatchObject({
      virtualGatewayName: 'edge',
      spec: {
        httpRoute: { action: { target: { virtualService: { virtualServiceName: 'web.shop.local' } } } },
      },
    });
    expect(Object.keys(byName).sort()).toEqual([
      'gatewayRoute:to-web',
      'mesh:shop',
      'route:route',
      'virtualGateway:edge',
      'virtualNode:web',
      'virtualRouter:router',
      'virtualService:web.shop.local',
    ]);
    expect(validate(imported.model).issues.filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('points validation issues at the CloudFormation property that holds the value', () => {
    // Arrange
    const text = EVERY_TYPE.replace('Port: 443, Protocol: http', 'Port: 0, Protocol: http');

    // Act
    const imported = importSources([{ file: 'shop.yaml', text }]);
    const issues = refineIssueLocations(validate(imported.model).issues, imported.locate);

    // Assert
    const port = issues.find((i) => i.path === 'gateways.edge.spec.listeners[0].portMapping.port');
    expect(port).toMatchObject({ code: 'SHAPE_RANGE', file: 'shop.yaml', line: 57, column: 44 });
  });

  it('reports unknown properties with the closest name, at their line and column', () => {
    // Arrange
    const text = EVERY_TYPE.replace(
      'VirtualNodeName: web\n',
      'VirtualNodeName: web\n      Spek: {}\n',
    ).replace('AWSCloudMap:', 'AwsCloudMap:');

    // Act
    const imported = importSources([{ file: 'shop.yaml', text }]);

    // Assert
    expect(described(imported.issues)).toEqual([
      '15:13 UNKNOWN_MEMBER unknown property "Spek" of AWS::AppMesh::VirtualNode; did you mean "Spec"?; allowed: MeshName, MeshOwner, Spec, Tags, VirtualNodeName',
      '24:24 UNKNOWN_MEMBER unknown property "AwsCloudMap" in ServiceDiscovery (CloudFormation type ServiceDiscovery); did you mean "AWSCloudMap"?; allowed: DNS, AWSCloudMap',
    ]);
  });

  it('reads the capitalised property names (HTTP2, GRPC, TCP, TLS, ACM, SDS, DNS) and refuses other spellings', () => {
    // Arrange
    const node = (timeout: string) => `Resources:
  Node:
    Type: AWS::AppMesh::VirtualNode
    Properties:
      MeshName: m
      VirtualNodeName: n
      Spec:
        Listeners:
          - PortMapping: { Port: 50051, Protocol: grpc }
            Timeout: { ${timeout}: { PerRequest: { Unit: ms, Value: "250" } } }
            ConnectionPool: { GRPC: { MaxRequests: 10 } }
        BackendDefaults:
          ClientPolicy:
            TLS:
              Enforce: "true"
              Validation: { Trust: { SDS: { SecretName: ca } } }
        ServiceDiscovery: { DNS: { Hostname: n.local } }
`;

    // Act
    const read = importSources([{ file: 'n.yaml', text: node('GRPC') }]);
    const refused = importSources([{ file: 'n.yaml', text: node('Grpc') }]);

    // Assert
    expect(read.model.resources[0]?.spec).toEqual({
      listeners: [
        {
          portMapping: { port: 50051, protocol: 'grpc' },
          timeout: { grpc: { perRequest: { unit: 'ms', value: 250 } } },
          connectionPool: { grpc: { maxRequests: 10 } },
        },
      ],
      backendDefaults: {
        clientPolicy: { tls: { enforce: true, validation: { trust: { sds: { secretName: 'ca' } } } } },
      },
      serviceDiscovery: { dns: { hostname: 'n.local' } },
    });
    expect(described(refused.issues)).toEqual([
      '10:30 UNKNOWN_MEMBER unknown property "Grpc" in Timeout (CloudFormation type ListenerTimeout); did you mean "GRPC"?; allowed: TCP, HTTP, HTTP2, GRPC',
    ]);
  });

  it('refuses an unknown App Mesh type, a missing required property and a name CloudFormation would generate', () => {
    // Arrange
    const text = `Resources:
  Mesh:
    Type: AWS::AppMesh::Mesh
  Node:
    Type: AWS::AppMesh::VirtualNode
    Properties:
      MeshName: m
      Spec: {}
  Thing:
    Type: AWS::AppMesh::VirtualThing
  Route:
    Type: AWS::AppMesh::Route
    Properties:
      MeshName: m
      RouteName: r
      Spec: {}
`;

    // Act
    const imported = importSources([{ file: 't.yaml', text }]);

    // Assert
    expect(described(imported.issues)).toEqual([
      '3:5 MISSING_MEMBER Mesh (AWS::AppMesh::Mesh) sets no MeshName: CloudFormation would generate a name when the stack is created, which no other stack, proxy or meshplane can know beforehand; set MeshName',
      '7:7 MISSING_MEMBER Node (AWS::AppMesh::VirtualNode) sets no VirtualNodeName: CloudFormation would generate a name when the stack is created, which no other stack, proxy or meshplane can know beforehand; set VirtualNodeName',
      "10:11 UNSUPPORTED_RESOURCE_TYPE AWS::AppMesh::VirtualThing is not an App Mesh resource type; CloudFormation's are AWS::AppMesh::Mesh, VirtualNode, VirtualService, VirtualRouter, Route, VirtualGateway and GatewayRoute",
      '14:7 MISSING_MEMBER AWS::AppMesh::Route requires the property VirtualRouterName',
    ]);
  });

  it('reads a Spec that a false condition turns into AWS::NoValue as no Spec, which only the mesh may lack', () => {
    // Arrange
    const text = `Conditions:
  No: !Equals [a, b]
Resources:
  Mesh:
    Type: AWS::AppMesh::Mesh
    Properties:
      MeshName: m
      Spec: !If [No, {}, !Ref AWS::NoValue]
  Node:
    Type: AWS::AppMesh::VirtualNode
    Properties:
      MeshName: m
      VirtualNodeName: n
      Spec: !If [No, {}, !Ref AWS::NoValue]
`;

    // Act
    const imported = importSources([{ file: 't.yaml', text }]);

    // Assert
    expect(imported.model.resources.map((r) => [r.kind, r.spec])).toEqual([['mesh', {}]]);
    expect(described(imported.issues)).toEqual([
      '14:13 MISSING_MEMBER AWS::AppMesh::VirtualNode requires the property Spec; here it is AWS::NoValue',
    ]);
  });

  it('reports an undeclared resource Condition and a misspelt resource attribute', () => {
    // Arrange
    const text = `Resources:
  Mesh:
    Type: AWS::AppMesh::Mesh
    Condition: IsProd
    Properties: { MeshName: m }
  Node:
    Type: AWS::AppMesh::VirtualNode
    Propertes: { MeshName: m }
`;

    // Act
    const imported = importSources([{ file: 't.yaml', text }]);

    // Assert
    expect(described(imported.issues)).toEqual([
      '4:16 UNRESOLVED_EXPRESSION !Condition IsProd at Resources.Mesh.Condition cannot be resolved: condition IsProd is not declared in Conditions (the template has no Conditions)',
      '8:16 UNKNOWN_MEMBER unknown resource attribute "Propertes"; did you mean "Properties"?; allowed: Type, Properties, Condition, DependsOn, Metadata, DeletionPolicy, UpdateReplacePolicy, UpdatePolicy, CreationPolicy',
      '7:5 MISSING_MEMBER AWS::AppMesh::VirtualNode requires the property MeshName',
      '7:5 MISSING_MEMBER AWS::AppMesh::VirtualNode requires the property Spec',
      '7:5 MISSING_MEMBER Node (AWS::AppMesh::VirtualNode) sets no VirtualNodeName: CloudFormation would generate a name when the stack is created, which no other stack, proxy or meshplane can know beforehand; set VirtualNodeName',
    ]);
  });

  it('keeps a resource whose tag depends on the deployment, without the tag, and warns', () => {
    // Arrange
    const text = `Resources:
  Mesh:
    Type: AWS::AppMesh::Mesh
    Properties:
      MeshName: m
      Tags:
        - { Key: stack, Value: !Ref AWS::StackName }
        - { Key: team, Value: shop }
`;

    // Act
    const imported = importSources([{ file: 't.yaml', text }]);

    // Assert
    expect(described(imported.issues)).toEqual([]);
    expect(described(imported.issues, 'warning')).toEqual([
      '7:32 UNRESOLVED_EXPRESSION !Ref AWS::StackName at Resources.Mesh.Properties.Tags[0].Value cannot be resolved statically: AWS::StackName is known only when the stack is created; give it like a parameter (--parameter AWS::StackName=<stack name>)',
    ]);
    expect(imported.model.resources[0]?.tags).toEqual([{ key: 'team', value: 'shop' }]);
  });

  it('reads JSON templates with positions', () => {
    // Arrange
    const text = `{
  "Parameters": { "Env": { "Type": "String", "Default": "prod" } },
  "Resources": {
    "Mesh": { "Type": "AWS::AppMesh::Mesh", "Properties": { "MeshName": { "Fn::Sub": "\${Env}-mesh" } } },
    "Node": {
      "Type": "AWS::AppMesh::VirtualNode",
      "Properties": {
        "MeshName": { "Fn::GetAtt": ["Mesh", "MeshName"] },
        "VirtualNodeName": "web",
        "Spec": { "ServiceDiscovery": { "DNS": { "Hostname": { "Fn::GetAtt": ["LB", "DNSName"] } } } }
      }
    },
    "LB": { "Type": "AWS::ElasticLoadBalancingV2::LoadBalancer" }
  },
  "Sections": {}
}`;

    // Act
    const imported = importSources([{ file: 't.json', text }]);

    // Assert
    expect(imported.model.resources.map((r) => r.name)).toEqual(['prod-mesh']);
    expect(described(imported.issues)).toEqual([
      '15:15 UNKNOWN_MEMBER unknown top-level section "Sections" in a CloudFormation template; allowed: AWSTemplateFormatVersion, Description, Metadata, Parameters, Rules, Mappings, Conditions, Transform, Resources, Outputs',
      '10:62 UNRESOLVED_EXPRESSION !GetAtt LB.DNSName at Resources.Node.Properties.Spec.ServiceDiscovery.DNS.Hostname cannot be resolved statically: DNSName is an attribute of LB (AWS::ElasticLoadBalancingV2::LoadBalancer), known only once the stack is deployed (and not a property the template sets)',
    ]);
  });
});
