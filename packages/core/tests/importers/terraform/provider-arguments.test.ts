import { describe, expect, test } from 'vitest';
import { importTerraformFiles } from '../../../src/index.js';

/**
 * The arguments the importer takes are the Terraform AWS provider's, not the App Mesh API's: where
 * the provider's schema lacks an API member, Terraform refuses the argument, and so does the
 * importer. Source: internal/service/appmesh/gateway_route.go of hashicorp/terraform-provider-aws
 * (the schema as published for provider 5.90.1).
 */
const gatewayRoute = (route: string) => `resource "aws_appmesh_mesh" "m" {
  name = "m"
}
resource "aws_appmesh_virtual_gateway" "gw" {
  name      = "gw"
  mesh_name = aws_appmesh_mesh.m.name
  spec {
    listener {
      port_mapping {
        port     = 8080
        protocol = "grpc"
      }
    }
  }
}
resource "aws_appmesh_virtual_service" "svc" {
  name      = "svc.local"
  mesh_name = aws_appmesh_mesh.m.name
  spec {}
}
resource "aws_appmesh_gateway_route" "r" {
  name                 = "r"
  mesh_name            = aws_appmesh_mesh.m.name
  virtual_gateway_name = aws_appmesh_virtual_gateway.gw.name
  spec {
${route}
  }
}
`;

const unknownMembers = async (route: string) => {
  const { issues } = await importTerraformFiles([{ file: 'main.tf', text: gatewayRoute(route) }]);
  return issues.filter((i) => i.code === 'UNKNOWN_MEMBER').map((i) => `${i.line}:${i.column} ${i.message}`);
};

const grpcTarget =
  'action {\n      target {\n        virtual_service {\n          virtual_service_name = "svc.local"\n        }\n      }\n    }';

describe('gateway route arguments the AWS provider does not take (gateway_route.go)', () => {
  test('the arguments the provider takes import without UNKNOWN_MEMBER', async () => {
    expect(
      await unknownMembers(`    grpc_route {
      match {
        service_name = "svc"
        port         = 8080
      }
      ${grpcTarget}
    }`),
    ).toEqual([]);
  });

  test('http_route.match has no method in the provider', async () => {
    const messages = await unknownMembers(`    http_route {
      match {
        prefix = "/"
        method = "GET"
      }
      ${grpcTarget}
    }`);
    expect(messages).toEqual([
      `29:9 unknown argument "method" in aws_appmesh_gateway_route.r.spec[0].http_route[0].match[0]: the AWS provider's aws_appmesh_gateway_route has no method in http_route.match or http2_route.match (internal/service/appmesh/gateway_route.go), although the App Mesh API's HttpGatewayRouteMatch has one: remove it, or set it through CloudFormation (AWS::AppMesh::GatewayRoute) or the App Mesh API`,
    ]);
  });

  test('http2_route.match has no method in the provider', async () => {
    const messages = await unknownMembers(`    http2_route {
      match {
        prefix = "/"
        method = "GET"
      }
      ${grpcTarget}
    }`);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(
      'unknown argument "method" in aws_appmesh_gateway_route.r.spec[0].http2_route[0].match[0]',
    );
  });

  test('grpc_route.match has no hostname in the provider', async () => {
    const messages = await unknownMembers(`    grpc_route {
      match {
        service_name = "svc"
        hostname {
          exact = "example.com"
        }
      }
      ${grpcTarget}
    }`);
    expect(messages).toEqual([
      `29:9 unknown argument "hostname" in aws_appmesh_gateway_route.r.spec[0].grpc_route[0].match[0]: the AWS provider's aws_appmesh_gateway_route takes only service_name and port in grpc_route.match (internal/service/appmesh/gateway_route.go), although the App Mesh API's GrpcGatewayRouteMatch has hostname: remove it, or set it through CloudFormation (AWS::AppMesh::GatewayRoute) or the App Mesh API`,
    ]);
  });

  test('grpc_route.match has no metadata in the provider', async () => {
    const messages = await unknownMembers(`    grpc_route {
      match {
        service_name = "svc"
        metadata {
          name = "x"
        }
      }
      ${grpcTarget}
    }`);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(
      'unknown argument "metadata" in aws_appmesh_gateway_route.r.spec[0].grpc_route[0].match[0]: the AWS provider\'s aws_appmesh_gateway_route takes only service_name and port in grpc_route.match',
    );
  });

  test('grpc_route.action has no rewrite in the provider', async () => {
    const messages = await unknownMembers(`    grpc_route {
      match {
        service_name = "svc"
      }
      action {
        target {
          virtual_service {
            virtual_service_name = "svc.local"
          }
        }
        rewrite {
          hostname {
            default_target_hostname = "DISABLED"
          }
        }
      }
    }`);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(
      'unknown argument "rewrite" in aws_appmesh_gateway_route.r.spec[0].grpc_route[0].action[0]: the AWS provider\'s aws_appmesh_gateway_route takes only target in grpc_route.action',
    );
  });
});
