import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { providerArguments } from '../../../src/importers/terraform/provider-schema.js';
import { importDocuments, importTerraformFiles, loadModelFromPath, validate } from '../../../src/index.js';

const fixture = (path: string) => fileURLToPath(new URL(`../../fixtures/terraform/${path}`, import.meta.url));

describe('the color gateway configuration (tests/fixtures/terraform/color-gateway)', () => {
  test('imports every App Mesh type, TLS, logging, retries, header matches and rewrites in the API shape', async () => {
    // Arrange: the same mesh as App Mesh API documents (CLI input form), checked against the API reference.
    const expected = importDocuments(
      JSON.parse(await readFile(fixture('expected/color-gateway.json'), 'utf8')),
    );
    // Act
    const { model, issues } = await loadModelFromPath(fixture('color-gateway'));
    // Assess
    expect(issues).toEqual([]);
    expect(expected.issues).toEqual([]);
    expect(model.resources.map(({ source: _s, ...r }) => r)).toEqual(
      expected.model.resources.map(({ source: _s, ...r }) => r),
    );
    expect(validate(model, { strict: true })).toEqual({ valid: true, issues: [] });
  });
});

describe('the provider schema derived from the App Mesh model', () => {
  // Block and argument names as the AWS provider declares them (terraform providers schema -json,
  // hashicorp/aws: aws_appmesh_virtual_node, aws_appmesh_route).
  test.each([
    ['VirtualNodeSpec', ['backend', 'backend_defaults', 'listener', 'logging', 'service_discovery']],
    ['ClientPolicyTls', ['certificate', 'enforce', 'ports', 'validation']],
    ['GrpcRouteMatch', ['metadata', 'method_name', 'port', 'prefix', 'service_name']],
    [
      'GrpcRetryPolicy',
      ['grpc_retry_events', 'http_retry_events', 'max_retries', 'per_retry_timeout', 'tcp_retry_events'],
    ],
    ['HttpRouteAction', ['weighted_target']],
    ['AwsCloudMapServiceDiscovery', ['attributes', 'ip_preference', 'namespace_name', 'service_name']],
  ])('%s', (shape, names) => {
    // Act
    const table = providerArguments(shape);
    // Assess
    expect([...table.keys()].sort()).toEqual(names);
  });

  test('lists of objects are repeated blocks, lists of scalars attributes, the Cloud Map attributes a map', () => {
    // Act
    const node = providerArguments('VirtualNodeSpec');
    const retry = providerArguments('HttpRetryPolicy');
    const cloudMap = providerArguments('AwsCloudMapServiceDiscovery');
    // Assess
    expect(node.get('listener')).toMatchObject({ form: 'blocks', member: 'listeners', shape: 'Listener' });
    expect(node.get('service_discovery')).toMatchObject({ form: 'block', member: 'serviceDiscovery' });
    expect(retry.get('http_retry_events')).toMatchObject({
      form: 'list',
      member: 'httpRetryEvents',
      scalar: 'string',
    });
    expect(retry.get('max_retries')).toMatchObject({ form: 'attribute', scalar: 'number', required: true });
    expect(cloudMap.get('attributes')).toMatchObject({ form: 'attribute-map', member: 'attributes' });
  });
});

describe('arguments the provider has and the API does not', () => {
  test('prefix in a gRPC route match is accepted with a warning and not sent', async () => {
    // Act
    const { model, issues } = await importTerraformFiles([
      {
        file: 'grpc.tf',
        text: `resource "aws_appmesh_route" "g" {
  name                = "g"
  mesh_name           = "m"
  virtual_router_name = "r"
  spec {
    grpc_route {
      match {
        service_name = "echo.Echo"
        prefix       = "/"
      }
      action {
        weighted_target {
          virtual_node = "echo"
          weight       = 100
        }
      }
    }
  }
}
`,
      },
    ]);
    // Assess
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'IGNORED_MEMBER',
        severity: 'warning',
        path: 'aws_appmesh_route.g.spec[0].grpc_route[0].match[0].prefix',
        line: 9,
        column: 9,
      }),
    ]);
    expect(model.resources[0]?.spec).toEqual({
      grpcRoute: {
        match: { serviceName: 'echo.Echo' },
        action: { weightedTargets: [{ virtualNode: 'echo', weight: 100 }] },
      },
    });
  });
});
