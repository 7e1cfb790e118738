import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { hclParser } from '../../../src/importers/terraform/hcl-parser.js';
import { scanHclStructure } from '../../../src/importers/terraform/hcl-structure.js';
import { importSources, importTerraformFiles } from '../../../src/index.js';
import { hclShapeOf, shapeOf } from './hcl-shape.js';

const tf = (text: string) => importTerraformFiles([{ file: 'main.tf', text }]);

describe('HCL syntax and configuration errors', () => {
  test('a syntax error is PARSE_ERROR with the parser’s line and column, and nothing is imported', async () => {
    // Act
    const { model, issues } = await importTerraformFiles([
      { file: 'ok.tf', text: 'resource "aws_appmesh_mesh" "m" {\n  name = "m"\n}\n' },
      { file: 'bad.tf', text: 'resource "aws_appmesh_mesh" "n" {\n  name = \n}\n' },
    ]);
    // Assess
    expect(model.resources).toEqual([]);
    expect(issues).toEqual([
      {
        code: 'PARSE_ERROR',
        path: 'bad.tf',
        message:
          'HCL syntax error: Invalid expression; Expected the start of an expression, but found an invalid expression token.',
        severity: 'error',
        file: 'bad.tf',
        line: 2,
        column: 10,
      },
    ]);
  });

  test('every diagnostic of a file is reported, references to other places name the file', async () => {
    // Act
    const { issues } = await importTerraformFiles([
      { file: 'dup.tf', text: 'resource "x" "y" {\n  a = 1\n  a = 2\n  b = (\n}\n' },
    ]);
    // Assess
    expect(issues.map((i) => [i.line, i.column, i.message])).toEqual([
      [
        3,
        3,
        'HCL syntax error: Attribute redefined; The argument "a" was already set at dup.tf:2,3-4. Each argument may be set only once.',
      ],
      [
        5,
        1,
        'HCL syntax error: Invalid expression; Expected the start of an expression, but found an invalid expression token.',
      ],
    ]);
  });

  test('a resource declared twice is DUPLICATE_DECLARATION pointing at the first declaration', async () => {
    // Act
    const { issues } = await importTerraformFiles([
      { file: 'a.tf', text: 'resource "aws_appmesh_mesh" "m" {\n  name = "m"\n}\n' },
      { file: 'b.tf', text: '\n\nresource "aws_appmesh_mesh" "m" {\n  name = "m2"\n}\n' },
    ]);
    // Assess
    expect(issues).toEqual([
      {
        code: 'DUPLICATE_DECLARATION',
        path: 'aws_appmesh_mesh.m',
        message:
          'resource aws_appmesh_mesh.m is declared again: the first declaration is at a.tf:1:1 (Terraform refuses a configuration that declares an address twice)',
        severity: 'error',
        file: 'b.tf',
        line: 3,
        column: 1,
      },
    ]);
  });

  test('an unknown argument or block is UNKNOWN_MEMBER with the closest provider name, at the argument', async () => {
    // Act
    const { issues, model } = await tf(`resource "aws_appmesh_virtual_node" "n" {
  name      = "n"
  mesh_name = "m"
  spec {
    listener {
      port_mapping {
        port     = 80
        protocl  = "http"
      }
    }
    listeners {
    }
  }
  mesh_nme = "x"
}
`);
    // Assess
    expect(model.resources).toEqual([]);
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'UNKNOWN_MEMBER',
        path: 'aws_appmesh_virtual_node.n.mesh_nme',
        message: expect.stringContaining(
          'unknown argument "mesh_nme" in aws_appmesh_virtual_node.n; did you mean "mesh_name"?',
        ),
        line: 14,
        column: 3,
      }),
      expect.objectContaining({
        path: 'aws_appmesh_virtual_node.n.spec[0].listener[0].port_mapping[0].protocl',
        message: expect.stringContaining(
          'unknown argument or block "protocl" in aws_appmesh_virtual_node.n.spec[0].listener[0].port_mapping[0]; did you mean "protocol"?',
        ),
        line: 8,
        column: 9,
      }),
      expect.objectContaining({
        path: 'aws_appmesh_virtual_node.n.spec[0].listeners',
        message: expect.stringContaining('did you mean "listener"?'),
        line: 11,
        column: 5,
      }),
    ]);
  });

  test('the syntax of provider versions before 2.3.0 (preview API) says what to write instead', async () => {
    // Act
    const { issues } = await tf(`resource "aws_appmesh_virtual_node" "b1" {
  name      = "serviceBv1"
  mesh_name = "simpleapp"
  spec {
    backends = ["servicea.simpleapp.local"]
    listener {
      port_mapping {
        port     = 8080
        protocol = "http"
      }
    }
    service_discovery {
      dns {
        service_name = "serviceb.simpleapp.local"
      }
    }
  }
}
`);
    // Assess
    expect(issues.map((i) => [i.code, i.line, i.column, i.message])).toEqual([
      [
        'UNKNOWN_MEMBER',
        5,
        5,
        'unknown argument "backends" in aws_appmesh_virtual_node.b1.spec[0]: backends = [...] is the syntax of AWS provider versions before 2.3.0 (App Mesh preview API): write one backend { virtual_service { virtual_service_name = "..." } } block per service',
      ],
      [
        'UNKNOWN_MEMBER',
        14,
        9,
        'unknown argument "service_name" in aws_appmesh_virtual_node.b1.spec[0].service_discovery[0].dns[0]: service_name is the name of hostname in AWS provider versions before 2.3.0: rename it to hostname',
      ],
    ]);
  });

  test('wrong types, a second single block, a missing spec and mesh_owner are each reported', async () => {
    // Act
    const { issues } = await tf(`resource "aws_appmesh_virtual_router" "r" {
  name       = "r"
  mesh_name  = "m"
  mesh_owner = "111122223333"
  spec {
    listener {
      port_mapping {
        port     = "eighty"
        protocol = "http"
      }
      port_mapping {
        port     = 81
        protocol = "http"
      }
    }
  }
}
resource "aws_appmesh_virtual_service" "s" {
  name      = "s"
  mesh_name = "m"
}
`);
    // Assess
    expect(issues.map((i) => [i.code, i.severity, i.path, i.line])).toEqual([
      ['IGNORED_MEMBER', 'warning', 'aws_appmesh_virtual_router.r.mesh_owner', 4],
      ['INVALID_TYPE', 'error', 'aws_appmesh_virtual_router.r.spec[0].listener[0].port_mapping[1]', 11],
      ['MISSING_MEMBER', 'error', 'aws_appmesh_virtual_service.s', 18],
    ]);
    expect(issues[1]!.message).toBe(
      'aws_appmesh_virtual_router.r.spec[0].listener[0].port_mapping is set 2 times: the provider takes at most one port_mapping block here',
    );
  });

  test('a port that is not a number says so with the value', async () => {
    // Act
    const { issues } = await tf(`resource "aws_appmesh_virtual_router" "r" {
  name      = "r"
  mesh_name = "m"
  spec {
    listener {
      port_mapping {
        port     = "eighty"
        protocol = "http"
      }
    }
  }
}
`);
    // Assess
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'INVALID_TYPE',
        message:
          'aws_appmesh_virtual_router.r.spec[0].listener[0].port_mapping[0].port must be a number, got "eighty"',
        line: 7,
        column: 9,
      }),
    ]);
  });

  test('an unknown aws_appmesh_ type is UNSUPPORTED_RESOURCE_TYPE; modules and other resources are warnings', async () => {
    // Act
    const { issues } = await tf(`module "mesh" {
  source = "./modules/mesh"
}
resource "aws_appmesh_virtual_nodes" "n" {}
resource "aws_iam_role" "a" {}
resource "aws_iam_role" "b" {}
resource "aws_ecs_service" "c" {}
`);
    // Assess
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'UNSUPPORTED_RESOURCE_TYPE',
        severity: 'error',
        message: expect.stringContaining(
          'resource type "aws_appmesh_virtual_nodes" is not an App Mesh resource type of the AWS provider; did you mean "aws_appmesh_virtual_node"?',
        ),
        line: 4,
      }),
      {
        code: 'UNFOLLOWED_MODULE',
        path: 'module.mesh',
        message:
          'module "mesh" (source "./modules/mesh") is not followed: local modules are followed when the files are read from disk (loadModelFromPath, meshplane validate <folder>); App Mesh resources it declares are not imported',
        severity: 'warning',
        file: 'main.tf',
        line: 1,
        column: 1,
      },
      expect.objectContaining({
        code: 'IGNORED_RESOURCES',
        message:
          '3 resource(s) that are not App Mesh resources were ignored: aws_iam_role ×2, aws_ecs_service ×1',
        line: 5,
      }),
    ]);
  });

  test('importSources refuses .tf files with a pointer to the asynchronous importers', () => {
    // Act
    const { issues } = importSources([{ file: 'main.tf', text: 'resource "aws_appmesh_mesh" "m" {}\n' }]);
    // Assess
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'UNSUPPORTED_FILE',
        message: expect.stringContaining('use loadModelFromPath or importTerraformFiles'),
      }),
    ]);
  });
});

describe('the structure scanner agrees with the HCL parser', () => {
  test('on one-line blocks, comments, heredocs and strings holding braces', () => {
    // Act
    const body = scanHclStructure(`# comment { not a block
locals {
  a = "}{ \${"}"} //"  # trailing comment
  b = <<-EOT
    } not the end {
    EOT
  c = { x = [1,
    2] }
}
resource "aws_appmesh_mesh" "m" { name = "m" }
/* block comment
resource "aws_appmesh_mesh" "hidden" {}
*/
`);
    // Assess
    expect(body.blocks.map((b) => [b.type, b.labels, b.at.line])).toEqual([
      ['locals', [], 2],
      ['resource', ['aws_appmesh_mesh', 'm'], 10],
    ]);
    expect(
      body.blocks[0]!.body.attributes.map((a) => [
        a.name,
        a.expression,
        a.expressionAt.line,
        a.expressionAt.column,
      ]),
    ).toEqual([
      ['a', '"}{ ${"}"} //"', 3, 7],
      ['b', '<<-EOT\n    } not the end {\n    EOT', 4, 7],
      ['c', '{ x = [1,\n    2] }', 7, 7],
    ]);
    expect(body.blocks[1]!.body.attributes.map((a) => [a.name, a.expression])).toEqual([['name', '"m"']]);
  });

  test('on the fixtures: the same blocks and arguments as hcl2json', async () => {
    const folder = fileURLToPath(new URL('../../fixtures/terraform/dj-app', import.meta.url));
    for (const name of (await readdir(folder)).filter((n) => n.endsWith('.tf'))) {
      // Arrange
      const text = await readFile(join(folder, name), 'utf8');
      // Act
      const scanned = shapeOf(scanHclStructure(text));
      const parsed = hclShapeOf(await (await hclParser()).parse(name, text));
      // Assess
      expect(scanned, name).toEqual(parsed);
    }
  });
});
