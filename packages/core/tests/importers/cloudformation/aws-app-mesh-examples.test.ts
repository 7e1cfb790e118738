// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are CloudFormation Fn::Sub text, whose ${Name} is not a JavaScript template
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importSources, refineIssueLocations, validate } from '../../../src/index.js';

const fixtures = fileURLToPath(
  new URL('../../fixtures/cloudformation/aws-app-mesh-examples', import.meta.url),
);

/**
 * Every CloudFormation template with AWS::AppMesh::* resources in aws/aws-app-mesh-examples (see
 * the fixtures README for the commit), with the parameters a user would give and what the import
 * does: the resources by kind when it imports and `validate` finds no error, or every error, as
 * `line:column CODE message`, when it is refused. `wholeMesh` marks the templates that declare
 * their AWS::AppMesh::Mesh (the others add resources to a mesh made elsewhere).
 */
interface TemplateCase {
  template: string;
  wholeMesh: boolean;
  parameters: Record<string, string>;
  imports?: Record<string, number>;
  refused?: string[];
}

const TEMPLATES: TemplateCase[] = [
  {
    template: 'blogs/ecs-canary-deployments-pipeline/pipeline_stack/pipeline_cloudformation.yml',
    wholeMesh: false,
    parameters: { EnvironmentName: 'demo', MicroserviceName: 'colorteller', Port: '8080', Protocol: 'http' },
    refused: [
      '359:17 UNRESOLVED_EXPRESSION !ImportValue !Sub "${EnvironmentName}:Mesh" at Resources.VirtualService.Properties.MeshName cannot be resolved statically: it imports the export "demo:Mesh" of another stack, known only from the deployed stacks',
      '369:17 UNRESOLVED_EXPRESSION !ImportValue !Sub "${EnvironmentName}:Mesh" at Resources.VirtualRouter.Properties.MeshName cannot be resolved statically: it imports the export "demo:Mesh" of another stack, known only from the deployed stacks',
    ],
  },
  {
    template: 'blogs/ecs-canary-deployments-pipeline/setup/templates/ecs-mesh.yaml',
    wholeMesh: true,
    parameters: { EnvironmentName: 'demo' },
    imports: { mesh: 1 },
  },
  {
    template: 'blogs/ecs-cross-account/account_backend/appmesh_resources.yml',
    wholeMesh: false,
    parameters: {},
    imports: { virtualNode: 2, virtualService: 2 },
  },
  {
    template: 'blogs/ecs-cross-account/account_frontend/appmesh_resources.yml',
    wholeMesh: false,
    parameters: {},
    imports: { virtualNode: 2, virtualService: 2 },
  },
  {
    template: 'blogs/ecs-ec2-crossvpc-with-tls/mesh.yml',
    wholeMesh: true,
    parameters: {},
    refused: [
      '25:25 UNRESOLVED_EXPRESSION !ImportValue "RootCA" at Resources.CrystalVirtualNode.Properties.Spec.BackendDefaults.ClientPolicy.TLS.Validation.Trust.ACM.CertificateAuthorityArns[0] cannot be resolved statically: it imports the export "RootCA" of another stack, known only from the deployed stacks',
      '46:35 UNRESOLVED_EXPRESSION !ImportValue "AppMeshCert" at Resources.CrystalVirtualNode.Properties.Spec.Listeners[0].TLS.Certificate.ACM.CertificateArn cannot be resolved statically: it imports the export "AppMeshCert" of another stack, known only from the deployed stacks',
      '72:25 UNRESOLVED_EXPRESSION !ImportValue "RootCA" at Resources.NodejsVirtualNode.Properties.Spec.BackendDefaults.ClientPolicy.TLS.Validation.Trust.ACM.CertificateAuthorityArns[0] cannot be resolved statically: it imports the export "RootCA" of another stack, known only from the deployed stacks',
      '93:35 UNRESOLVED_EXPRESSION !ImportValue "AppMeshCert" at Resources.NodejsVirtualNode.Properties.Spec.Listeners[0].TLS.Certificate.ACM.CertificateArn cannot be resolved statically: it imports the export "AppMeshCert" of another stack, known only from the deployed stacks',
      '111:23 UNRESOLVED_EXPRESSION !ImportValue "EXTLB" at Resources.FrontendVirtualNode.Properties.Spec.ServiceDiscovery.DNS.Hostname cannot be resolved statically: it imports the export "EXTLB" of another stack, known only from the deployed stacks',
      '119:25 UNRESOLVED_EXPRESSION !ImportValue "RootCA" at Resources.FrontendVirtualNode.Properties.Spec.BackendDefaults.ClientPolicy.TLS.Validation.Trust.ACM.CertificateAuthorityArns[0] cannot be resolved statically: it imports the export "RootCA" of another stack, known only from the deployed stacks',
      '145:35 UNRESOLVED_EXPRESSION !ImportValue "AppMeshCert" at Resources.FrontendVirtualNode.Properties.Spec.Listeners[0].TLS.Certificate.ACM.CertificateArn cannot be resolved statically: it imports the export "AppMeshCert" of another stack, known only from the deployed stacks',
    ],
  },
  {
    template: 'examples/apps/colorapp/servicemesh/appmesh-colorapp.yaml',
    wholeMesh: false,
    parameters: { AppMeshMeshName: 'demo-mesh', ServicesDomain: 'demo.local' },
    imports: { virtualNode: 6, virtualRouter: 1, route: 1, virtualService: 2 },
  },
  {
    template: 'examples/infrastructure/appmesh-mesh.yaml',
    wholeMesh: true,
    parameters: { AppMeshMeshName: 'demo-mesh' },
    imports: { mesh: 1 },
  },
  {
    template: 'walkthroughs/fargate/appmesh-colorapp.yaml',
    wholeMesh: false,
    parameters: { AppMeshMeshName: 'demo-mesh', ServicesDomain: 'demo.local' },
    imports: { virtualNode: 7, virtualRouter: 1, route: 1, virtualService: 2 },
  },
  {
    template: 'walkthroughs/howto-alb/app.yaml',
    wholeMesh: false,
    parameters: { ProjectName: 'demo' },
    refused: [
      '399:9 UNRESOLVED_EXPRESSION !ImportValue !Sub "${ProjectName}:Mesh" at Resources.BackendV1VirtualNode.Properties.MeshName cannot be resolved statically: it imports the export "demo:Mesh" of another stack, known only from the deployed stacks',
      '409:23 UNRESOLVED_EXPRESSION !GetAtt BackendV1LoadBalancer.DNSName at Resources.BackendV1VirtualNode.Properties.Spec.ServiceDiscovery.DNS.Hostname cannot be resolved statically: DNSName is an attribute of BackendV1LoadBalancer (AWS::ElasticLoadBalancingV2::LoadBalancer), known only once the stack is deployed (and not a property the template sets)',
      '415:9 UNRESOLVED_EXPRESSION !ImportValue !Sub "${ProjectName}:Mesh" at Resources.BackendV2VirtualNode.Properties.MeshName cannot be resolved statically: it imports the export "demo:Mesh" of another stack, known only from the deployed stacks',
      '426:15 UNRESOLVED_EXPRESSION !ImportValue !Sub "${ProjectName}:DnsNamespaceName" at Resources.BackendV2VirtualNode.Properties.Spec.ServiceDiscovery.AWSCloudMap.NamespaceName cannot be resolved statically: it imports the export "demo:DnsNamespaceName" of another stack, known only from the deployed stacks',
      '439:9 UNRESOLVED_EXPRESSION !ImportValue !Sub "${ProjectName}:Mesh" at Resources.BackendVirtualService.Properties.MeshName cannot be resolved statically: it imports the export "demo:Mesh" of another stack, known only from the deployed stacks',
      '441:27 UNRESOLVED_EXPRESSION !Ref BackendRecordSet at Resources.BackendVirtualService.Properties.VirtualServiceName cannot be resolved statically: Ref of BackendRecordSet (AWS::Route53::RecordSet) returns its physical ID, known only once the stack is deployed',
      '451:9 UNRESOLVED_EXPRESSION !ImportValue !Sub "${ProjectName}:Mesh" at Resources.BackendVirtualRouter.Properties.MeshName cannot be resolved statically: it imports the export "demo:Mesh" of another stack, known only from the deployed stacks',
      '468:9 UNRESOLVED_EXPRESSION !ImportValue !Sub "${ProjectName}:Mesh" at Resources.BackendRoute.Properties.MeshName cannot be resolved statically: it imports the export "demo:Mesh" of another stack, known only from the deployed stacks',
      '571:9 UNRESOLVED_EXPRESSION !ImportValue !Sub "${ProjectName}:Mesh" at Resources.FrontVirtualNode.Properties.MeshName cannot be resolved statically: it imports the export "demo:Mesh" of another stack, known only from the deployed stacks',
      '581:23 UNRESOLVED_EXPRESSION !GetAtt PublicLoadBalancer.DNSName at Resources.FrontVirtualNode.Properties.Spec.ServiceDiscovery.DNS.Hostname cannot be resolved statically: DNSName is an attribute of PublicLoadBalancer (AWS::ElasticLoadBalancingV2::LoadBalancer), known only once the stack is deployed (and not a property the template sets)',
    ],
  },
  {
    template: 'walkthroughs/howto-alb/infra.yaml',
    wholeMesh: true,
    parameters: { ProjectName: 'demo' },
    imports: { mesh: 1 },
  },
  {
    template: 'walkthroughs/howto-cross-account/primary-account/mesh.yaml',
    wholeMesh: true,
    parameters: { ProjectName: 'demo' },
    imports: {
      mesh: 1,
      virtualGateway: 1,
      gatewayRoute: 1,
      virtualNode: 1,
      virtualRouter: 1,
      virtualService: 1,
      route: 1,
    },
  },
  {
    template: 'walkthroughs/howto-cross-account/secondary-account/mesh.yaml',
    wholeMesh: false,
    parameters: { MeshName: 'demo-mesh', ProjectName: 'demo' },
    imports: { virtualNode: 1 },
  },
  {
    template: 'walkthroughs/howto-ecs-basics/deploy/2-meshify.yaml',
    wholeMesh: true,
    parameters: { ProjectName: 'demo' },
    refused: [
      '546:23 UNRESOLVED_EXPRESSION !GetAtt PublicLoadBalancer.DNSName at Resources.FrontVirtualNode.Properties.Spec.ServiceDiscovery.DNS.Hostname cannot be resolved statically: DNSName is an attribute of PublicLoadBalancer (AWS::ElasticLoadBalancingV2::LoadBalancer), known only once the stack is deployed (and not a property the template sets)',
    ],
  },
  {
    template: 'walkthroughs/howto-ecs-basics/deploy/3-routing.yaml',
    wholeMesh: true,
    parameters: { ProjectName: 'demo' },
    refused: [
      '749:23 UNRESOLVED_EXPRESSION !GetAtt PublicLoadBalancer.DNSName at Resources.FrontVirtualNode.Properties.Spec.ServiceDiscovery.DNS.Hostname cannot be resolved statically: DNSName is an attribute of PublicLoadBalancer (AWS::ElasticLoadBalancingV2::LoadBalancer), known only once the stack is deployed (and not a property the template sets)',
    ],
  },
  {
    template: 'walkthroughs/howto-external-traffic/mesh/mesh.yaml',
    wholeMesh: true,
    parameters: { MeshName: 'demo-mesh', ServicesDomain: 'demo.local' },
    imports: {
      mesh: 1,
      virtualGateway: 1,
      gatewayRoute: 1,
      virtualNode: 3,
      virtualRouter: 1,
      route: 1,
      virtualService: 3,
    },
  },
  {
    template: 'walkthroughs/howto-grpc-ingress-gateway/mesh.yaml',
    wholeMesh: true,
    parameters: { ProjectName: 'demo' },
    imports: { mesh: 1, virtualNode: 1, virtualService: 1, virtualGateway: 1, gatewayRoute: 1 },
  },
  {
    template: 'walkthroughs/howto-grpc/mesh.yaml',
    wholeMesh: true,
    parameters: { ProjectName: 'demo' },
    imports: { mesh: 1, virtualNode: 2, virtualRouter: 1, virtualService: 1, route: 1 },
  },
  {
    template: 'walkthroughs/howto-http-headers/app.yaml',
    wholeMesh: true,
    parameters: { ProjectName: 'demo' },
    imports: { mesh: 1, virtualRouter: 1, virtualService: 1, virtualNode: 8, route: 7 },
  },
  {
    template: 'walkthroughs/howto-http-retries/app.yaml',
    wholeMesh: true,
    parameters: { ProjectName: 'demo' },
    imports: { mesh: 1, virtualRouter: 1, virtualService: 1, virtualNode: 2, route: 1 },
  },
  {
    template: 'walkthroughs/howto-http2/mesh.yaml',
    wholeMesh: true,
    parameters: { ProjectName: 'demo' },
    imports: { mesh: 1, virtualNode: 4, virtualRouter: 1, virtualService: 1, route: 1 },
  },
  {
    template: 'walkthroughs/howto-ipv6/cloud/mesh/custom-preference.yaml',
    wholeMesh: true,
    parameters: { AppMeshMeshName: 'demo-mesh' },
    imports: { mesh: 1, virtualGateway: 1, gatewayRoute: 6, virtualNode: 6, virtualService: 6 },
  },
  {
    template: 'walkthroughs/howto-ipv6/cloud/mesh/mesh-v4-only.yaml',
    wholeMesh: true,
    parameters: { AppMeshMeshName: 'demo-mesh' },
    imports: { mesh: 1, virtualGateway: 1, gatewayRoute: 6, virtualNode: 6, virtualService: 6 },
  },
  {
    template: 'walkthroughs/howto-ipv6/cloud/mesh/mesh-v4-preferred.yaml',
    wholeMesh: true,
    parameters: { AppMeshMeshName: 'demo-mesh' },
    imports: { mesh: 1, virtualGateway: 1, gatewayRoute: 6, virtualNode: 6, virtualService: 6 },
  },
  {
    template: 'walkthroughs/howto-ipv6/cloud/mesh/mesh-v6-only.yaml',
    wholeMesh: true,
    parameters: { AppMeshMeshName: 'demo-mesh' },
    imports: { mesh: 1, virtualGateway: 1, gatewayRoute: 6, virtualNode: 6, virtualService: 6 },
  },
  {
    template: 'walkthroughs/howto-ipv6/cloud/mesh/mesh-v6-preferred.yaml',
    wholeMesh: true,
    parameters: { AppMeshMeshName: 'demo-mesh' },
    imports: { mesh: 1, virtualGateway: 1, gatewayRoute: 6, virtualNode: 6, virtualService: 6 },
  },
  {
    template: 'walkthroughs/howto-ipv6/cloud/mesh/override-mesh-preference.yaml',
    wholeMesh: true,
    parameters: { AppMeshMeshName: 'demo-mesh' },
    imports: { mesh: 1, virtualGateway: 1, gatewayRoute: 6, virtualNode: 6, virtualService: 6 },
  },
  {
    template: 'walkthroughs/howto-ipv6/dns/mesh/custom-preference.yaml',
    wholeMesh: true,
    parameters: { AppMeshMeshName: 'demo-mesh' },
    imports: { mesh: 1, virtualGateway: 1, gatewayRoute: 6, virtualNode: 6, virtualService: 6 },
  },
  {
    template: 'walkthroughs/howto-ipv6/dns/mesh/mesh-v4-only.yaml',
    wholeMesh: true,
    parameters: { AppMeshMeshName: 'demo-mesh' },
    imports: { mesh: 1, virtualGateway: 1, gatewayRoute: 6, virtualNode: 6, virtualService: 6 },
  },
  {
    template: 'walkthroughs/howto-ipv6/dns/mesh/mesh-v4-preferred.yaml',
    wholeMesh: true,
    parameters: { AppMeshMeshName: 'demo-mesh' },
    imports: { mesh: 1, virtualGateway: 1, gatewayRoute: 6, virtualNode: 6, virtualService: 6 },
  },
  {
    template: 'walkthroughs/howto-ipv6/dns/mesh/mesh-v6-only.yaml',
    wholeMesh: true,
    parameters: { AppMeshMeshName: 'demo-mesh' },
    imports: { mesh: 1, virtualGateway: 1, gatewayRoute: 6, virtualNode: 6, virtualService: 6 },
  },
  {
    template: 'walkthroughs/howto-ipv6/dns/mesh/mesh-v6-preferred.yaml',
    wholeMesh: true,
    parameters: { AppMeshMeshName: 'demo-mesh' },
    imports: { mesh: 1, virtualGateway: 1, gatewayRoute: 6, virtualNode: 6, virtualService: 6 },
  },
  {
    template: 'walkthroughs/howto-ipv6/dns/mesh/override-mesh-preference.yaml',
    wholeMesh: true,
    parameters: { AppMeshMeshName: 'demo-mesh' },
    imports: { mesh: 1, virtualGateway: 1, gatewayRoute: 6, virtualNode: 6, virtualService: 6 },
  },
  {
    template: 'walkthroughs/howto-metrics-extension-ecs/deploy/djapp-v1.yaml',
    wholeMesh: true,
    parameters: { ProjectName: 'demo' },
    imports: {
      mesh: 1,
      virtualGateway: 1,
      virtualNode: 4,
      virtualService: 3,
      virtualRouter: 1,
      route: 1,
      gatewayRoute: 1,
    },
  },
  {
    template: 'walkthroughs/howto-metrics-extension-ecs/deploy/djapp-v2.yaml',
    wholeMesh: true,
    parameters: { ProjectName: 'demo' },
    imports: {
      mesh: 1,
      virtualGateway: 1,
      virtualNode: 4,
      virtualService: 3,
      virtualRouter: 1,
      route: 1,
      gatewayRoute: 1,
    },
  },
  {
    template: 'walkthroughs/howto-metrics-extension-ecs/deploy/djapp-v3.yaml',
    wholeMesh: true,
    parameters: { ProjectName: 'demo' },
    imports: {
      mesh: 1,
      virtualGateway: 1,
      virtualNode: 4,
      virtualService: 3,
      virtualRouter: 1,
      route: 1,
      gatewayRoute: 1,
    },
  },
  {
    template: 'walkthroughs/howto-metrics-extension-ecs/deploy/djapp-v4.yaml',
    wholeMesh: true,
    parameters: { ProjectName: 'demo' },
    imports: {
      mesh: 1,
      virtualGateway: 1,
      virtualNode: 4,
      virtualService: 3,
      virtualRouter: 1,
      route: 1,
      gatewayRoute: 1,
    },
  },
  {
    template: 'walkthroughs/howto-metrics-extension-ecs/deploy/djapp-v5.yaml',
    wholeMesh: true,
    parameters: { ProjectName: 'demo' },
    imports: {
      mesh: 1,
      virtualGateway: 1,
      virtualNode: 4,
      virtualService: 3,
      virtualRouter: 1,
      route: 1,
      gatewayRoute: 1,
    },
  },
  {
    template: 'walkthroughs/howto-mutual-tls-file-provided-by-acm/infrastructure/deploy.yaml',
    wholeMesh: true,
    parameters: { AppMeshMeshName: 'demo-mesh' },
    refused: [
      '449:31 UNRESOLVED_EXPRESSION !Ref AcmPcaColorTellerRootCA at Resources.Gateway.Properties.Spec.Fn::If[1].Fn::If[2].BackendDefaults.ClientPolicy.TLS.Validation.Trust.ACM.CertificateAuthorityArns[0] cannot be resolved statically: Ref of AcmPcaColorTellerRootCA (AWS::ACMPCA::CertificateAuthority) returns its physical ID, known only once the stack is deployed',
      '502:37 UNRESOLVED_EXPRESSION !Ref AcmPcaColorTellerEndpointCert at Resources.Node.Properties.Spec.Listeners[0].TLS.Fn::If[1].Fn::If[2].Certificate.ACM.CertificateArn cannot be resolved statically: Ref of AcmPcaColorTellerEndpointCert (AWS::CertificateManager::Certificate) returns its physical ID, known only once the stack is deployed',
    ],
  },
  {
    template: 'walkthroughs/howto-mutual-tls-file-provided-by-acm/infrastructure/mesh.yaml',
    wholeMesh: true,
    parameters: {},
    refused: [
      '82:31 UNRESOLVED_EXPRESSION !ImportValue !Sub "${EnvironmentName}:AcmPcaColorTellerRootCAArn" at Resources.Gateway.Properties.Spec.Fn::If[1].Fn::If[2].BackendDefaults.ClientPolicy.TLS.Validation.Trust.ACM.CertificateAuthorityArns[0] cannot be resolved statically: it imports the export "mtls-ec2-appmesh-example:AcmPcaColorTellerRootCAArn" of another stack, known only from the deployed stacks',
      '139:37 UNRESOLVED_EXPRESSION !ImportValue !Sub "${EnvironmentName}:AcmPcaColorTellerEndpointCertArn" at Resources.Node.Properties.Spec.Listeners[0].TLS.Fn::If[1].Fn::If[2].Certificate.ACM.CertificateArn cannot be resolved statically: it imports the export "mtls-ec2-appmesh-example:AcmPcaColorTellerEndpointCertArn" of another stack, known only from the deployed stacks',
    ],
  },
  {
    template: 'walkthroughs/howto-outlier-detection/mesh/mesh.yaml',
    wholeMesh: true,
    parameters: { ProjectName: 'demo' },
    refused: [
      '73:34 UNKNOWN_MEMBER unknown property "maxServerErrors" in OutlierDetection (CloudFormation type OutlierDetection); did you mean "MaxServerErrors"?; allowed: MaxServerErrors, Interval, BaseEjectionDuration, MaxEjectionPercent',
      '74:37 UNKNOWN_MEMBER unknown property "maxEjectionPercent" in OutlierDetection (CloudFormation type OutlierDetection); did you mean "MaxEjectionPercent"?; allowed: MaxServerErrors, Interval, BaseEjectionDuration, MaxEjectionPercent',
      '76:21 UNKNOWN_MEMBER unknown property "interval" in OutlierDetection (CloudFormation type OutlierDetection); did you mean "Interval"?; allowed: MaxServerErrors, Interval, BaseEjectionDuration, MaxEjectionPercent',
      '79:21 UNKNOWN_MEMBER unknown property "baseEjectionDuration" in OutlierDetection (CloudFormation type OutlierDetection); did you mean "BaseEjectionDuration"?; allowed: MaxServerErrors, Interval, BaseEjectionDuration, MaxEjectionPercent',
    ],
  },
  {
    template: 'walkthroughs/howto-servicediscovery-cloudmap/mesh.yaml',
    wholeMesh: true,
    parameters: { 'AWS::StackName': 'demo' },
    imports: {
      mesh: 1,
      virtualNode: 2,
      virtualGateway: 1,
      gatewayRoute: 1,
      virtualService: 1,
      virtualRouter: 1,
      route: 1,
    },
  },
  {
    template: 'walkthroughs/howto-timeout-policy/mesh/mesh.yaml',
    wholeMesh: true,
    parameters: {
      MeshName: 'demo-mesh',
      CertificateAuthorityArn:
        'arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/11111111-2222-3333-4444-555555555555',
      ServicesDomain: 'demo.local',
      CertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555',
    },
    imports: { mesh: 1, virtualNode: 2, virtualService: 1 },
  },
  {
    template: 'walkthroughs/howto-tls-file-provided/mesh/mesh.yaml',
    wholeMesh: true,
    parameters: { MeshName: 'demo-mesh', ServicesDomain: 'demo.local' },
    imports: {
      mesh: 1,
      virtualGateway: 1,
      gatewayRoute: 1,
      virtualNode: 2,
      virtualRouter: 1,
      route: 1,
      virtualService: 1,
    },
  },
  {
    template: 'walkthroughs/tls-with-acm/mesh/mesh.yaml',
    wholeMesh: true,
    parameters: {
      MeshName: 'demo-mesh',
      CertificateAuthorityArn:
        'arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/11111111-2222-3333-4444-555555555555',
      ServicesDomain: 'demo.local',
      CertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555',
    },
    imports: { mesh: 1, virtualGateway: 1, gatewayRoute: 1, virtualNode: 1, virtualService: 1 },
  },
];

function importTemplate(entry: TemplateCase) {
  const file = join(fixtures, entry.template);
  return importSources([{ file: entry.template, text: readFileSync(file, 'utf8') }], {
    parameters: entry.parameters,
  });
}

describe('the CloudFormation templates of aws-app-mesh-examples', () => {
  it('the table lists every fixture template that declares an AWS::AppMesh::* resource', () => {
    // Arrange
    const listed = execFileSync('grep', ['-rlE', 'Type: *["\']?AWS::AppMesh::', '.'], { cwd: fixtures })
      .toString()
      .trim()
      .split('\n')
      .map((path) => path.replace(/^\.\//, ''))
      .sort();

    // Assert
    expect(TEMPLATES.map((entry) => entry.template).sort()).toEqual(listed);
  });

  it.each(TEMPLATES)('$template', (entry) => {
    // Act
    const imported = importTemplate(entry);
    const text = readFileSync(join(fixtures, entry.template), 'utf8');
    const importErrors = imported.issues.filter((issue) => issue.severity === 'error');
    const validationErrors =
      importErrors.length === 0
        ? refineIssueLocations(validate(imported.model).issues, imported.locate).filter(
            (issue) => issue.severity === 'error',
          )
        : [];
    const errors = [...importErrors, ...validationErrors].map(
      (issue) => `${issue.line}:${issue.column} ${issue.code} ${issue.message}`,
    );
    const kinds: Record<string, number> = {};
    for (const resource of imported.model.resources) kinds[resource.kind] = (kinds[resource.kind] ?? 0) + 1;

    // Assert
    expect(/Type:\s*['"]?AWS::AppMesh::Mesh\b/.test(text)).toBe(entry.wholeMesh);
    if (entry.refused) {
      expect(errors).toEqual(entry.refused);
    } else {
      expect(errors).toEqual([]);
      expect(kinds).toEqual(entry.imports);
    }
  });
});
