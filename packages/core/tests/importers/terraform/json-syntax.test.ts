// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are Terraform templates, whose ${…} is Terraform's, not JavaScript's
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { importTerraformFiles, loadModelFromPath, type MeshplaneResource } from '../../../src/index.js';

/** The same configuration in HCL and in Terraform's JSON syntax. */
const HCL = `variable "mesh" {
  type    = string
  default = "dj-app"
}
variable "port" {
  type    = number
  default = 8080
}
locals {
  suffix = "\${var.mesh}.local"
}
resource "aws_appmesh_mesh" "m" {
  name = var.mesh
}
resource "aws_appmesh_virtual_node" "n" {
  for_each   = toset(["jazz", "metal"])
  name       = "\${each.key}-v1"
  mesh_name  = aws_appmesh_mesh.m.name
  depends_on = [aws_appmesh_mesh.m]
  spec {
    listener {
      port_mapping {
        port     = var.port
        protocol = "http"
      }
    }
    backend {
      virtual_service {
        virtual_service_name = "a.\${local.suffix}"
      }
    }
    backend {
      virtual_service {
        virtual_service_name = "b.\${local.suffix}"
      }
    }
    service_discovery {
      dns {
        hostname = "\${each.key}.\${local.suffix}"
      }
    }
  }
  tags = { team = "music" }
}
`;

const JSON_SYNTAX = JSON.stringify(
  {
    '//': 'a comment, as Terraform allows',
    variable: { mesh: { type: 'string', default: 'dj-app' }, port: { type: 'number', default: 8080 } },
    locals: { suffix: '${var.mesh}.local' },
    resource: {
      aws_appmesh_mesh: { m: { name: '${var.mesh}' } },
      aws_appmesh_virtual_node: {
        n: {
          for_each: '${toset(["jazz", "metal"])}',
          name: '${each.key}-v1',
          mesh_name: '${aws_appmesh_mesh.m.name}',
          depends_on: ['aws_appmesh_mesh.m'],
          spec: {
            listener: [{ port_mapping: { port: '${var.port}', protocol: 'http' } }],
            backend: [
              { virtual_service: { virtual_service_name: 'a.${local.suffix}' } },
              { virtual_service: { virtual_service_name: 'b.${local.suffix}' } },
            ],
            service_discovery: { dns: { hostname: '${each.key}.${local.suffix}' } },
          },
          tags: { team: 'music' },
        },
      },
    },
  },
  null,
  2,
);

const withoutSource = (resources: MeshplaneResource[]) => resources.map(({ source: _, ...rest }) => rest);

describe('Terraform JSON configuration syntax (.tf.json)', () => {
  test('imports the same resources as the HCL configuration, through the same evaluator', async () => {
    const fromHcl = await importTerraformFiles([{ file: 'main.tf', text: HCL }]);
    const fromJson = await importTerraformFiles([{ file: 'main.tf.json', text: JSON_SYNTAX }]);
    expect(fromHcl.issues).toEqual([]);
    expect(fromJson.issues).toEqual([]);
    expect(fromJson.model.resources.map((r) => r.name).sort()).toEqual(['dj-app', 'jazz-v1', 'metal-v1']);
    expect(withoutSource(fromJson.model.resources)).toEqual(withoutSource(fromHcl.model.resources));
  });

  test('positions come from the JSON text', async () => {
    const { model } = await importTerraformFiles([{ file: 'main.tf.json', text: JSON_SYNTAX }]);
    const lines = JSON_SYNTAX.split('\n');
    const mesh = model.resources.find((r) => r.kind === 'mesh')!;
    expect(mesh.source?.file).toBe('main.tf.json');
    expect(lines[mesh.source!.line! - 1]).toContain('"m": {');
    const text = JSON_SYNTAX.replace('"${var.port}"', '"${aws_lb.front.port}"');
    const { issues } = await importTerraformFiles([{ file: 'main.tf.json', text }]);
    const unresolved = issues.find((i) => i.code === 'UNRESOLVED_EXPRESSION')!;
    expect(unresolved.file).toBe('main.tf.json');
    const line = text.split('\n')[unresolved.line! - 1]!;
    expect(line.slice(unresolved.column! - 1)).toMatch(/^("\$\{)?aws_lb\.front\.port/);
  });

  test('.tfvars.json values are literal and override defaults in Terraform’s order', async () => {
    const { model, issues } = await importTerraformFiles([
      { file: 'main.tf.json', text: JSON_SYNTAX },
      { file: 'b.auto.tfvars.json', text: '{ "mesh": "auto-${not-a-template}" }' },
      { file: 'terraform.tfvars.json', text: '{ "mesh": "from-tfvars", "port": 9090 }' },
    ]);
    expect(issues).toEqual([]);
    const mesh = model.resources.find((r) => r.kind === 'mesh')!;
    // terraform.tfvars.json first, then *.auto.tfvars.json: the auto file wins, taken literally.
    expect(mesh.name).toBe('auto-${not-a-template}');
    const node = model.resources.find((r) => r.kind === 'virtualNode')!;
    expect(node.spec).toMatchObject({ listeners: [{ portMapping: { port: 9090 } }] });
  });

  test('a JSON syntax error or a key that is not a block type is a located error', async () => {
    const broken = await importTerraformFiles([{ file: 'main.tf.json', text: '{\n  "resource": {,\n}' }]);
    expect(broken.issues).toEqual([
      expect.objectContaining({ code: 'PARSE_ERROR', file: 'main.tf.json', line: 2, column: 16 }),
    ]);
    const unknown = await importTerraformFiles([{ file: 'main.tf.json', text: '{\n  "resources": {}\n}' }]);
    expect(unknown.issues).toEqual([
      expect.objectContaining({
        code: 'INVALID_TYPE',
        file: 'main.tf.json',
        line: 2,
        message: expect.stringContaining('resources is not a block type of Terraform'),
      }),
    ]);
  });

  test('loadModelFromPath reads .tf.json files of a folder and of its local modules', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'meshplane-tfjson-'));
    try {
      await mkdir(join(dir, 'genre'));
      await writeFile(
        join(dir, 'main.tf.json'),
        JSON.stringify({ module: { genre: { source: './genre', mesh: 'dj-app' } } }),
      );
      await writeFile(join(dir, 'genre', 'variables.tf'), 'variable "mesh" {}\n');
      await writeFile(
        join(dir, 'genre', 'main.tf.json'),
        JSON.stringify({ resource: { aws_appmesh_mesh: { m: { name: '${var.mesh}' } } } }),
      );
      const { model, issues } = await loadModelFromPath(dir);
      expect(issues).toEqual([]);
      expect(model.resources.map((r) => [r.kind, r.name, r.source?.file])).toEqual([
        ['mesh', 'dj-app', join(dir, 'genre', 'main.tf.json')],
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
