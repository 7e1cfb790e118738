// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are HCL text, whose ${…} is an HCL interpolation, not a JavaScript template
import { describe, expect, test } from 'vitest';
import { importTerraformFiles } from '../../../src/index.js';

/** Imports one main.tf holding `text` (plus a mesh named "m" unless the text declares one). */
async function importTf(text: string, variables?: Record<string, string>) {
  const mesh = text.includes('"aws_appmesh_mesh"')
    ? ''
    : 'resource "aws_appmesh_mesh" "m" {\n  name = "m"\n}\n';
  return importTerraformFiles([{ file: 'main.tf', text: `${mesh}${text}` }], variables ? { variables } : {});
}

/** A virtual node whose DNS hostname is the expression: the simplest place to read a string. */
function nodeWithHostname(expression: string, extra = ''): string {
  return `${extra}
resource "aws_appmesh_virtual_node" "n" {
  name      = "n"
  mesh_name = "m"
  spec {
    service_discovery {
      dns {
        hostname = ${expression}
      }
    }
  }
}
`;
}

async function hostname(expression: string, extra = '', variables?: Record<string, string>) {
  const { model, issues } = await importTf(nodeWithHostname(expression, extra), variables);
  const node = model.resources.find((r) => r.kind === 'virtualNode');
  const discovery = (node?.spec as { serviceDiscovery?: { dns?: { hostname?: string } } } | undefined)
    ?.serviceDiscovery;
  return { value: discovery?.dns?.hostname, issues };
}

describe('Terraform expressions evaluated statically', () => {
  test.each([
    ['a string literal', '"jazz.local"', 'jazz.local'],
    ['escapes of a quoted string', '"a\\\\tb\\"c\\u00e9"', 'a\\tb"cé'],
    ['a literal ${ written $${', '"$${not-a-template}"', '${not-a-template}'],
    ['a template', '"${var.prefix}-node.${local.domain}"', 'dj-node.prod.local'],
    [
      'a heredoc (indented, trailing newline trimmed by trimspace)',
      'trimspace(<<-EOT\n          ${var.prefix}.heredoc\n        EOT\n        )',
      'dj.heredoc',
    ],
    ['format', 'format("%s-v%d.%s", var.prefix, 2, local.domain)', 'dj-v2.prod.local'],
    ['join and lower/upper', 'join(".", [lower("JAZZ"), upper("x"), "local"])', 'jazz.X.local'],
    ['concat, element and length', 'element(concat(["a"], ["b", "c"]), length(["x", "y"]))', 'c'],
    [
      'lookup with a default and merge',
      'lookup(merge(local.hosts, { extra = "e.local" }), "extra", "none")',
      'e.local',
    ],
    [
      'lookup falling back to the default',
      'lookup(local.hosts, "missing", "fallback.local")',
      'fallback.local',
    ],
    ['a conditional', 'var.prefix == "dj" ? "yes.local" : "no.local"', 'yes.local'],
    ['arithmetic in a template', '"n${1 + 2 * 3}.local"', 'n7.local'],
    ['a map index and attribute', 'local.hosts["jazz"]', 'jazz.local'],
    [
      'a for expression',
      'join(",", [for h in values(local.hosts) : upper(h) if h != "metal.local"])',
      'JAZZ.LOCAL',
    ],
    [
      'replace, trimprefix and substr',
      'substr(trimprefix(replace("x-jazz.local", "-", "."), "x."), 0, 4)',
      'jazz',
    ],
    ['a reference to another App Mesh resource', 'aws_appmesh_mesh.m.name', 'm'],
    ['a mesh id (the provider sets it to the name)', 'aws_appmesh_mesh.m.id', 'm'],
    [
      'an argument of a non-App Mesh resource',
      'aws_service_discovery_private_dns_namespace.ns.name',
      'prod.local',
    ],
  ])('%s', async (_what, expression, expected) => {
    // Arrange
    const extra = `
variable "prefix" {
  default = "dj"
}
locals {
  domain = "prod.local"
  hosts  = { jazz = "jazz.local", metal = "metal.local" }
}
resource "aws_service_discovery_private_dns_namespace" "ns" {
  name = local.domain
  vpc  = "vpc-1"
}
`;
    // Act
    const { value, issues } = await hostname(expression, extra);
    // Assess
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(value).toBe(expected);
  });

  test.each([
    [
      'a data source',
      'data.aws_region.current.name',
      'data.aws_region.current.name',
      'data sources are read by Terraform',
    ],
    ['an unknown function', 'md5("x")', 'md5("x")', 'the function md5() is not evaluated by meshplane'],
    ['a splat', 'join(",", aws_appmesh_mesh.m[*].name)', 'aws_appmesh_mesh.m[*].name', 'splat expressions'],
    [
      'an ARN (region and account unknown)',
      'aws_appmesh_mesh.m.arn',
      'aws_appmesh_mesh.m.arn',
      'arn of aws_appmesh_mesh is set by App Mesh',
    ],
    [
      'a computed attribute of another resource',
      'aws_service_discovery_private_dns_namespace.ns.hosted_zone',
      'aws_service_discovery_private_dns_namespace.ns.hosted_zone',
      'not set in the configuration',
    ],
    [
      'an undeclared resource',
      'aws_appmesh_mesh.mm.name',
      'aws_appmesh_mesh.mm.name',
      'no resource aws_appmesh_mesh.mm is declared in the configuration; did you mean "aws_appmesh_mesh.m"?',
    ],
    [
      'an undeclared variable',
      'var.prefx',
      'var.prefx',
      'no variable "prefx" is declared; did you mean "prefix"?',
    ],
    ['a module output', 'module.dns.name', 'module.dns.name', 'module "dns" is not followed'],
    ['a wrong argument type', 'upper(["x"])', 'upper(["x"])', 'must be a string'],
  ])(
    '%s is an UNRESOLVED_EXPRESSION naming the exact text, at its position',
    async (_what, expression, named, reason) => {
      // Arrange
      const extra = `variable "prefix" {\n  default = "dj"\n}\nresource "aws_service_discovery_private_dns_namespace" "ns" {\n  name = "prod.local"\n}\n`;
      // Act
      const { issues } = await hostname(expression, extra);
      // Assess
      const errors = issues.filter((i) => i.severity === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({
        code: 'UNRESOLVED_EXPRESSION',
        path: 'aws_appmesh_virtual_node.n.spec[0].service_discovery[0].dns[0].hostname',
        file: 'main.tf',
        line: 17,
      });
      expect(errors[0]!.message).toContain(`cannot resolve ${named}:`);
      expect(errors[0]!.message).toContain(reason);
      // The column is the expression's (or the failing part's) own, after "hostname = ".
      expect(errors[0]!.column).toBeGreaterThanOrEqual(20);
    },
  );

  test('a nested block of another resource reads as a list of objects; a block that reads itself is a cycle', async () => {
    // Act
    const { model, issues } = await importTf(`
resource "aws_appmesh_virtual_node" "a" {
  name      = "a"
  mesh_name = "m"
  spec {
    service_discovery {
      dns {
        hostname = "a.local"
      }
    }
  }
}
resource "aws_appmesh_virtual_node" "b" {
  name      = "b"
  mesh_name = "m"
  spec {
    service_discovery {
      dns {
        hostname = "b-\${aws_appmesh_virtual_node.a.spec[0].service_discovery[0].dns[0].hostname}"
      }
    }
    backend {
      virtual_service {
        virtual_service_name = aws_appmesh_virtual_node.b.spec[0].service_discovery[0].dns[0].hostname
      }
    }
  }
}
`);
    // Assess
    const b = model.resources.find((r) => r.name === 'b');
    expect(b?.spec).toMatchObject({ serviceDiscovery: { dns: { hostname: 'b-a.local' } } });
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'UNRESOLVED_EXPRESSION',
        path: 'aws_appmesh_virtual_node.b.spec[0].backend[0].virtual_service[0].virtual_service_name',
        message: expect.stringContaining(
          'it depends on itself: aws_appmesh_virtual_node.b.spec → aws_appmesh_virtual_node.b.spec',
        ),
      }),
    ]);
  });

  test('a cycle between locals is reported, not a hang', async () => {
    // Act
    const { issues } = await hostname('local.a', 'locals {\n  a = local.b\n  b = "${local.a}.x"\n}\n');
    // Assess
    expect(issues.filter((i) => i.severity === 'error').map((i) => i.message)).toEqual([
      expect.stringContaining('it depends on itself: local.a → local.b → local.a'),
    ]);
  });
});

describe('parentheses (HCL ParenthesesExpr, which hcl2json gives the type "")', () => {
  test('group without changing the value', async () => {
    expect(await hostname('("jazz.local")')).toEqual({ value: 'jazz.local', issues: [] });
    expect(await hostname('((("a"))) == "a" ? "yes.local" : "no.local"')).toEqual({
      value: 'yes.local',
      issues: [],
    });
  });

  test('change precedence as in Terraform: (1 + 2) * 4 is 12, 1 + 2 * 4 is 9', async () => {
    expect(await hostname('"${(1 + 2) * 4}.local"')).toEqual({ value: '12.local', issues: [] });
    expect(await hostname('"${1 + 2 * 4}.local"')).toEqual({ value: '9.local', issues: [] });
  });
});

describe('count and for_each on App Mesh resources', () => {
  test('count expands to one resource per index, count.index in templates', async () => {
    // Act
    const { model, issues } = await importTf(`
resource "aws_appmesh_virtual_node" "v" {
  count     = 3
  name      = "v\${count.index + 1}"
  mesh_name = aws_appmesh_mesh.m.name
  spec {}
}
`);
    // Assess
    expect(issues).toEqual([]);
    expect(model.resources.filter((r) => r.kind === 'virtualNode').map((r) => r.name)).toEqual([
      'v1',
      'v2',
      'v3',
    ]);
  });

  test('for_each over a map expands in key order, each.key and each.value, and instances are referenced by key', async () => {
    // Act
    const { model, issues } = await importTf(`
resource "aws_appmesh_virtual_node" "v" {
  for_each  = { b = 8081, a = 8080 }
  name      = "node-\${each.key}"
  mesh_name = "m"
  spec {
    listener {
      port_mapping {
        port     = each.value
        protocol = "http"
      }
    }
  }
}
resource "aws_appmesh_virtual_service" "s" {
  name      = "s.local"
  mesh_name = "m"
  spec {
    provider {
      virtual_node {
        virtual_node_name = aws_appmesh_virtual_node.v["b"].name
      }
    }
  }
}
`);
    // Assess
    expect(issues).toEqual([]);
    const nodes = model.resources.filter((r) => r.kind === 'virtualNode');
    expect(
      nodes.map((r) => [
        r.name,
        (r.spec as { listeners: Array<{ portMapping: { port: number } }> }).listeners[0]!.portMapping.port,
      ]),
    ).toEqual([
      ['node-a', 8080],
      ['node-b', 8081],
    ]);
    expect(model.resources.find((r) => r.kind === 'virtualService')?.spec).toEqual({
      provider: { virtualNode: { virtualNodeName: 'node-b' } },
    });
  });

  test('a count that cannot be resolved is an issue naming it, and the resource is not imported', async () => {
    // Act
    const { model, issues } = await importTf(`
resource "aws_appmesh_virtual_node" "v" {
  count     = length(data.aws_availability_zones.all.names)
  name      = "v"
  mesh_name = "m"
  spec {}
}
`);
    // Assess
    expect(model.resources.map((r) => r.kind)).toEqual(['mesh']);
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'UNRESOLVED_EXPRESSION',
        path: 'aws_appmesh_virtual_node.v',
        line: 6,
        column: 22,
        message: expect.stringContaining(
          'cannot resolve data.aws_availability_zones.all.names: data sources',
        ),
      }),
    ]);
  });

  test('a dynamic block expands over its for_each with the iterator named after the block or by iterator', async () => {
    // Act
    const { model, issues } = await importTf(`
variable "ports" {
  type    = list(number)
  default = [8080, 8443]
}
resource "aws_appmesh_virtual_router" "r" {
  name      = "r"
  mesh_name = "m"
  spec {
    dynamic "listener" {
      for_each = var.ports
      iterator = p
      content {
        port_mapping {
          port     = p.value
          protocol = p.key == 0 ? "http" : "http2"
        }
      }
    }
  }
}
`);
    // Assess
    expect(issues).toEqual([]);
    expect(model.resources.find((r) => r.kind === 'virtualRouter')?.spec).toEqual({
      listeners: [
        { portMapping: { port: 8080, protocol: 'http' } },
        { portMapping: { port: 8443, protocol: 'http2' } },
      ],
    });
  });
});
