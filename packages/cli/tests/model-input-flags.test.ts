import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { afterEach, describe, expect, it } from 'vitest';
import { registerApply } from '../src/commands/apply.js';
import { registerDestroy } from '../src/commands/destroy.js';
import { registerExport } from '../src/commands/export-model.js';
import { registerGraph } from '../src/commands/graph.js';
import { registerMigrate } from '../src/commands/migrate-plan.js';
import { addModelInputOptions, modelInputOptions } from '../src/commands/model-input-flags.js';
import { registerPlan } from '../src/commands/plan.js';
import { registerValidate } from '../src/commands/validate.js';
import { registerXds } from '../src/commands/xds.js';
import { EXIT } from '../src/exit-codes.js';
import { runCommands } from './support/run-cli.js';

const TEMPLATE = fileURLToPath(
  new URL(
    '../../core/tests/fixtures/cloudformation/aws-app-mesh-examples/walkthroughs/howto-http-retries/app.yaml',
    import.meta.url,
  ),
);

afterEach(() => {
  process.exitCode = undefined;
});

/** Runs validate, plan or graph in-process; usage errors reject with commander's error, as bin.ts maps them to exit 2. */
const run = (args: string[]) =>
  runCommands(args, (program, output) => {
    registerValidate(program, output);
    registerPlan(program, output);
    registerGraph(program, output);
    registerApply(program, output, { interactive: false });
    registerDestroy(program, output, { interactive: false });
    registerExport(program, output);
    registerMigrate(program, output);
    registerXds(program, { output });
  });

describe('--parameter and --var', () => {
  it('validate reads a CloudFormation template with the parameters given', async () => {
    // Act
    const given = await run(['validate', TEMPLATE, '--parameter', 'ProjectName=retries']);
    const missing = await run(['validate', TEMPLATE]);

    // Assert
    expect(given.code).toBe(EXIT.OK);
    expect(given.out).toBe('valid: 6 resources, 0 errors, 4 warnings\n');
    expect(missing.code).toBe(EXIT.INVALID_INPUT);
    expect(missing.err).toContain(
      `${TEMPLATE}:4:5: error: Parameters.ProjectName: parameter ProjectName has no Default and no value was given, and Resources.Mesh.Properties.MeshName needs it: give one with --parameter ProjectName=<value> (the parameters option) [MISSING_PARAMETER]`,
    );
  });

  it('plan and graph take them too', async () => {
    // Act
    const planned = await run(['plan', '--local', '--json', TEMPLATE, '--parameter', 'ProjectName=retries']);
    const graph = await run(['graph', TEMPLATE, '--parameter', 'ProjectName=retries']);

    // Assert
    expect(planned.code).toBe(EXIT.OK);
    expect((JSON.parse(planned.out) as { meshes: string[] }).meshes).toEqual(['retries']);
    expect(graph.code).toBe(EXIT.OK);
    expect(graph.out).toContain('subgraph mesh1["mesh retries"]');
  });

  it('every command that reads model files takes them: apply, destroy, export, migrate plan, xds render', async () => {
    // Act
    const p = ['--parameter', 'ProjectName=retries'];
    const applied = await run(['apply', '--local', '--auto-approve', '--json', TEMPLATE, ...p]);
    const destroyed = await run(['destroy', '--local', '--auto-approve', '--json', TEMPLATE, ...p]);
    const exported = await run(['export', '--to', 'lattice', '--format', 'json', '--json', TEMPLATE, ...p]);
    const planned = await run(['migrate', 'plan', '--json', TEMPLATE, ...p]);
    const rendered = await run([
      'xds',
      'render',
      '--node',
      'mesh/retries/virtualNode/front-node',
      TEMPLATE,
      ...p,
    ]);
    const unparameterised = await run(['export', '--to', 'lattice', '--json', TEMPLATE]);

    // Assert: each read the template with ProjectName=retries (the mesh is named after it).
    expect(applied.code).toBe(EXIT.OK);
    expect((JSON.parse(applied.out) as { plan: { meshes: string[] } }).plan.meshes).toEqual(['retries']);
    expect(destroyed.code).toBe(EXIT.OK);
    expect(exported.err).toBe('');
    expect(JSON.stringify(JSON.parse(exported.out))).toContain('retries');
    expect((JSON.parse(planned.out) as { meshName: string }).meshName).toBe('retries');
    expect(rendered.code).toBe(EXIT.OK);
    expect(rendered.out).toContain('"@type"');
    expect(unparameterised.code).toBe(EXIT.INVALID_INPUT);
    expect(unparameterised.out).toContain('MISSING_PARAMETER');
  });

  it.each([
    [['--parameter', 'ProjectName'], '--parameter takes KEY=VALUE, got "ProjectName" (no "=")'],
    [['--parameter', '=x'], '--parameter takes KEY=VALUE, got "=x" (the name before "=" is empty)'],
    [
      ['--parameter', 'A=1', '--parameter', 'A=2'],
      '--parameter A is given twice ("1" and "2"); give each name once',
    ],
    [['--var', 'region'], '--var takes NAME=VALUE, got "region" (no "=")'],
  ])('refuses %j', async (flags, message) => {
    // Act
    const outcome = run(['validate', TEMPLATE, ...flags]);

    // Assert
    await expect(outcome).rejects.toBeInstanceOf(CommanderError);
    await expect(outcome).rejects.toMatchObject({ code: 'commander.invalidArgument' });
    await expect(outcome).rejects.toThrow(message);
  });

  it('turns the flags into import options, values split at the first "="', async () => {
    // Arrange
    let seen: unknown;
    const command = addModelInputOptions(new Command('probe').exitOverride()).action((flags) => {
      seen = modelInputOptions(flags);
    });

    // Act
    await command.parseAsync(
      ['--parameter', 'Url=a=b', '--parameter', 'AWS::Region=eu-west-1', '--var', 'env=prod', '--mesh', 'm'],
      { from: 'user' },
    );

    // Assert
    expect(seen).toEqual({
      meshName: 'm',
      parameters: { Url: 'a=b', 'AWS::Region': 'eu-west-1' },
      variables: { env: 'prod' },
    });
  });
});
