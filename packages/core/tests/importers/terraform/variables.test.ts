import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { importTerraformFiles, loadModelFromPath } from '../../../src/index.js';

const MAIN = `
variable "mesh" {
  type = string
}
variable "port" {
  type    = number
  default = 8080
}
variable "tags" {
  type    = map(string)
  default = { team = "dj" }
}
resource "aws_appmesh_mesh" "m" {
  name = var.mesh
  tags = var.tags
}
resource "aws_appmesh_virtual_router" "r" {
  name      = "r"
  mesh_name = aws_appmesh_mesh.m.name
  spec {
    listener {
      port_mapping {
        port     = var.port
        protocol = "http"
      }
    }
  }
}
`;

function routerPort(model: { resources: Array<{ kind: string; spec: unknown }> }): unknown {
  const router = model.resources.find((r) => r.kind === 'virtualRouter');
  const spec = router?.spec as { listeners?: Array<{ portMapping: { port: unknown } }> } | undefined;
  return spec?.listeners?.[0]?.portMapping.port;
}

describe('Terraform variables', () => {
  test('a variable without default and without value is MISSING_PARAMETER where an App Mesh resource needs it', async () => {
    // Act
    const { model, issues } = await importTerraformFiles([
      { file: 'main.tf', text: `${MAIN}variable "public_key" {\n  type = string\n}\n` },
    ]);
    // Assess: the key pair's public_key is needed by no App Mesh resource, so it is no problem here.
    expect(issues).toEqual([
      {
        code: 'MISSING_PARAMETER',
        path: 'aws_appmesh_mesh.m.name',
        message:
          'cannot resolve var.mesh: variable "mesh" (main.tf:2:1) has no default and no value is given: set it with --var mesh=VALUE or in terraform.tfvars',
        severity: 'error',
        file: 'main.tf',
        line: 14,
        column: 10,
      },
    ]);
    expect(model.resources).toEqual([]);
  });

  test('a given value is converted to the declared type (number from the -var string)', async () => {
    // Act
    const { model, issues } = await importTerraformFiles([{ file: 'main.tf', text: MAIN }], {
      variables: { mesh: 'dj-app', port: '9080' },
    });
    // Assess
    expect(issues).toEqual([]);
    expect(model.resources[0]).toMatchObject({
      kind: 'mesh',
      name: 'dj-app',
      tags: [{ key: 'team', value: 'dj' }],
    });
    expect(routerPort(model)).toBe(9080);
  });

  test('a value that is not of the declared type is INVALID_PARAMETER naming variable, value and type', async () => {
    // Act
    const { issues } = await importTerraformFiles([{ file: 'main.tf', text: MAIN }], {
      variables: { mesh: 'dj-app', port: 'eighty', tags: '["a"]' },
    });
    // Assess
    expect(issues.filter((i) => i.code === 'INVALID_PARAMETER')).toEqual([
      expect.objectContaining({
        path: 'var.port',
        message: 'variable "port" is declared as number: the given value "eighty" (a string) is not a number',
        line: 5,
        column: 1,
      }),
      expect.objectContaining({
        path: 'var.tags',
        message:
          'variable "tags" is declared as map(string): the given value ["a"] (a list) is not a map(string)',
      }),
    ]);
  });

  test('a value for an undeclared variable is UNKNOWN_PARAMETER with the closest declared name', async () => {
    // Act
    const { issues } = await importTerraformFiles([{ file: 'main.tf', text: MAIN }], {
      variables: { mesh: 'm', prot: '1' },
    });
    // Assess
    expect(issues).toEqual([
      {
        code: 'UNKNOWN_PARAMETER',
        path: 'var.prot',
        message:
          'a value is given for variable "prot", which the configuration does not declare; did you mean "port"?; declared: mesh, port, tags',
        severity: 'error',
      },
    ]);
  });

  test('validation blocks are checked: a false condition is INVALID_PARAMETER with the error_message', async () => {
    // Arrange
    const text = `variable "env" {
  type    = string
  default = "prod"
  validation {
    condition     = contains(["dev", "prod"], var.env)
    error_message = "env must be dev or prod."
  }
  validation {
    condition     = can(regex("^[a-z]+$", var.env))
    error_message = "not evaluated: can() and regex() are not known to meshplane"
  }
}
`;
    // Act
    const good = await importTerraformFiles([{ file: 'main.tf', text }]);
    const bad = await importTerraformFiles([{ file: 'main.tf', text }], { variables: { env: 'qa' } });
    // Assess
    expect(good.issues).toEqual([]);
    expect(bad.issues).toEqual([
      {
        code: 'INVALID_PARAMETER',
        path: 'var.env',
        message:
          'variable "env" = "qa" fails its validation (contains(["dev", "prod"], var.env)): env must be dev or prod.',
        severity: 'error',
        file: 'main.tf',
        line: 5,
        column: 21,
      },
    ]);
  });

  test('the value of a sensitive variable is never shown', async () => {
    // Act
    const { issues } = await importTerraformFiles(
      [
        {
          file: 'main.tf',
          text: 'variable "token" {\n  type      = number\n  sensitive = true\n  default   = 1\n}\n',
        },
      ],
      { variables: { token: 's3cr3t' } },
    );
    // Assess
    expect(issues.map((i) => i.message)).toEqual([
      'variable "token" is declared as number: the given value (sensitive value) is not a number',
    ]);
  });

  test('a default of the wrong type is reported at the default', async () => {
    // Act
    const { issues } = await importTerraformFiles([
      { file: 'main.tf', text: 'variable "n" {\n  type    = number\n  default = "x"\n}\n' },
    ]);
    // Assess
    expect(issues).toEqual([
      expect.objectContaining({ code: 'INVALID_PARAMETER', path: 'var.n', line: 3, column: 13 }),
    ]);
  });
});

describe('.tfvars files in a folder, with Terraform precedence', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshplane-tfvars-'));
    await writeFile(join(dir, 'main.tf'), MAIN);
    await writeFile(join(dir, 'terraform.tfvars'), 'mesh = "from-tfvars"\nport = 1000\n');
    await writeFile(join(dir, 'a.auto.tfvars'), 'port = 2000\n');
    await writeFile(join(dir, 'b.auto.tfvars'), 'port = 3000\nunused = 1\n');
    // Not loaded from a folder: Terraform reads other .tfvars only with -var-file.
    await writeFile(join(dir, 'prod.tfvars'), 'mesh = "not-loaded"\n');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('default < terraform.tfvars < *.auto.tfvars in name order; a value for no variable is a warning', async () => {
    // Act
    const { model, issues } = await loadModelFromPath(dir);
    // Assess
    expect(model.resources[0]?.name).toBe('from-tfvars');
    expect(routerPort(model)).toBe(3000);
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'UNKNOWN_PARAMETER',
        severity: 'warning',
        file: join(dir, 'b.auto.tfvars'),
        line: 2,
        column: 1,
      }),
    ]);
  });

  test('--var values win over every file; a .tfvars file named explicitly is read like -var-file', async () => {
    // Act
    const given = await loadModelFromPath(dir, { variables: { port: '4000' } });
    const explicit = await loadModelFromPath([join(dir, 'main.tf'), join(dir, 'prod.tfvars')]);
    // Assess
    expect(routerPort(given.model)).toBe(4000);
    expect(explicit.model.resources[0]?.name).toBe('not-loaded');
    expect(routerPort(explicit.model)).toBe(8080);
  });
});
