import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { registerGraph } from '../src/commands/graph.js';
import { registerPlan } from '../src/commands/plan.js';
import { registerValidate } from '../src/commands/validate.js';
import { EXIT } from '../src/exit-codes.js';
import { runCommands } from './support/run-cli.js';

const FOLDER = fileURLToPath(new URL('../../core/tests/fixtures/terraform/dj-app', import.meta.url));
const STATE = fileURLToPath(
  new URL('../../core/tests/fixtures/terraform/show-json/dj-app-state.json', import.meta.url),
);

afterEach(() => {
  process.exitCode = undefined;
});

/** Runs validate, plan or graph in-process and returns what they printed and the exit code. */
const run = (args: string[]) =>
  runCommands(args, (program, output) => {
    registerValidate(program, output);
    registerPlan(program, output);
    registerGraph(program, output);
  });

describe('Terraform input on the command line', () => {
  it('validate reads a folder of .tf files, and one .tf file with the variables it needs', async () => {
    // Act
    const folder = await run(['validate', FOLDER]);
    const oneFile = await run(['validate', join(FOLDER, 'main.tf')]);

    // Assert
    expect(folder.code).toBe(EXIT.OK);
    expect(folder.out).toBe('valid: 12 resources, 0 errors, 1 warning\n');
    expect(folder.err).toContain(
      `${join(FOLDER, 'genres.tf')}:87:1: warning: resource: 3 resource(s) that are not App Mesh resources were ignored`,
    );
    // main.tf alone lacks variables.tf: every var.* is an undeclared variable, named with its position.
    expect(oneFile.code).toBe(EXIT.INVALID_INPUT);
    expect(oneFile.err).toContain(
      `${join(FOLDER, 'main.tf')}:30:10: error: aws_appmesh_mesh.dj.name: cannot resolve var.mesh_name: no variable "mesh_name" is declared [UNRESOLVED_EXPRESSION]`,
    );
    // Through a reference, the position is the failing expression's (the namespace's name, line 24).
    expect(oneFile.err).toContain(
      `${join(FOLDER, 'main.tf')}:24:17: error: aws_appmesh_virtual_node.dj.spec[0].service_discovery[0].aws_cloud_map[0].namespace_name: cannot resolve var.namespace`,
    );
  });

  it('--var sets a variable; a bad value names the variable, its type and the value', async () => {
    // Act
    const renamed = await run(['plan', '--local', '--json', FOLDER, '--var', 'mesh_name=dj-canary']);
    const bad = await run(['validate', FOLDER, '--var', 'app_port=http']);
    const unknown = await run(['validate', FOLDER, '--var', 'app_prot=9080']);

    // Assert
    expect(renamed.code).toBe(EXIT.OK);
    expect((JSON.parse(renamed.out) as { meshes: string[] }).meshes).toEqual(['dj-canary']);
    expect(bad.code).toBe(EXIT.INVALID_INPUT);
    expect(bad.err).toContain(
      `${join(FOLDER, 'variables.tf')}:14:1: error: var.app_port: variable "app_port" is declared as number: the given value "http" (a string) is not a number [INVALID_PARAMETER]`,
    );
    expect(unknown.code).toBe(EXIT.INVALID_INPUT);
    expect(unknown.err).toContain('did you mean "app_port"?');
  });

  it('graph and validate read terraform show -json output like any model file', async () => {
    // Act
    const graph = await run(['graph', FOLDER]);
    const state = await run(['validate', STATE]);

    // Assert
    expect(graph.code).toBe(EXIT.OK);
    expect(graph.out).toContain('subgraph mesh1["mesh dj-app"]');
    expect(state.code).toBe(EXIT.OK);
    expect(state.out).toBe('valid: 12 resources, 0 errors, 1 warning\n');
  });
});
