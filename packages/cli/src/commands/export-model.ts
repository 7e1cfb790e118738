import type { MeshModel } from '@meshplane/core';
import {
  exportLattice,
  exportServiceConnect,
  type FidelityReport,
  formatFidelityReport,
  latticeApiCalls,
  latticeCloudFormation,
  serviceConnectApiCalls,
  serviceConnectCloudFormation,
} from '@meshplane/migrate';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { MeshplaneCliError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { loadValidModel } from '../load-model.js';
import { failureOf, printFailure } from '../output/failure.js';
import { type Output, printJson, processOutput } from '../output/writer.js';
import { addModelInputOptions, type ModelInputFlags, modelInputOptions } from './model-input-flags.js';
import { jsonHelp } from './option-help.js';

/**
 * `meshplane export` and `meshplane migrate plan` exit 3 when the fidelity report is not clean:
 * the export was written, but some model feature has no form in the target (see the report).
 */
export const EXIT_REPORT_NOT_CLEAN = 3;

/** Flags of `meshplane export`. */
interface ExportFlags extends ModelInputFlags {
  to: 'lattice' | 'service-connect';
  format: 'cloudformation' | 'api' | 'json';
  vpcId?: string;
  cluster?: string;
  ecsRole?: string;
  taskRole: Record<string, string>;
  image: Record<string, string>;
  lambda: Record<string, string>;
  privateCa?: string;
  tlsRole?: string;
  json?: boolean;
}

/** Parses repeatable `name=value` flags into a record, naming the flag on a bad value. */
export const keyValue =
  (flag: string) =>
  (raw: string, previous: Record<string, string> = {}): Record<string, string> => {
    const at = raw.indexOf('=');
    if (at <= 0 || at === raw.length - 1)
      throw new InvalidArgumentError(`${flag} takes <node>=<value>, got ${JSON.stringify(raw)}`);
    return { ...previous, [raw.slice(0, at)]: raw.slice(at + 1) };
  };

function artifact(model: MeshModel, flags: ExportFlags): { value: unknown; report: FidelityReport } {
  if (flags.to === 'lattice') {
    const exported = exportLattice(model, { lambdaFunctions: flags.lambda });
    if (flags.format === 'cloudformation')
      return { value: latticeCloudFormation(exported), report: exported.report };
    if (flags.format === 'json') return { value: exported, report: exported.report };
    const missing = (['vpcId', 'cluster', 'ecsRole'] as const).filter((k) => flags[k] === undefined);
    if (missing.length > 0)
      throw new MeshplaneCliError(
        'MIGRATE_FLAGS',
        `--format api --to lattice needs ${missing.map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ')}`,
      );
    const calls = latticeApiCalls(exported, {
      vpcId: flags.vpcId as string,
      cluster: flags.cluster as string,
      ecsInfrastructureRoleArn: flags.ecsRole as string,
      taskRoleArns: flags.taskRole,
    });
    return { value: calls, report: exported.report };
  }
  const exported = exportServiceConnect(model);
  if (flags.format === 'cloudformation')
    return { value: serviceConnectCloudFormation(exported), report: exported.report };
  if (flags.format === 'json') return { value: exported, report: exported.report };
  if (flags.cluster === undefined)
    throw new MeshplaneCliError('MIGRATE_FLAGS', '--format api --to service-connect needs --cluster');
  const tls =
    flags.privateCa && flags.tlsRole
      ? { tls: { privateCaArn: flags.privateCa, roleArn: flags.tlsRole } }
      : {};
  return {
    value: serviceConnectApiCalls(exported, { cluster: flags.cluster, images: flags.image, ...tls }),
    report: exported.report,
  };
}

/**
 * Registers `meshplane export --to lattice|service-connect --format cloudformation|api|json
 * <model...>`: the export on stdout (JSON), the fidelity report on stderr (in the JSON under
 * `report` with `--format json`). Exit 0: clean report; 1: the export failed; 2: invalid model or
 * flags; 3: exported, but the report lists features the target cannot express.
 *
 * @example
 * ```ts
 * import { Command } from 'commander';
 * import { registerExport } from './commands/export-model.js'; // inside packages/cli/src
 * const program = new Command('meshplane');
 * registerExport(program);
 * await program.parseAsync(['node', 'meshplane', 'export', '--to', 'lattice', 'examples/shopmesh/mesh']);
 * ```
 */
export function registerExport(program: Command, output: Output = processOutput()): void {
  addModelInputOptions(program.command('export'))
    .description(
      'Export a mesh to VPC Lattice or ECS Service Connect, with a fidelity report of what the target cannot express',
    )
    .argument('<path...>', 'model files or folders (one mesh)')
    .addOption(
      new Option('--to <target>', 'migration target')
        .choices(['lattice', 'service-connect'])
        .makeOptionMandatory(),
    )
    .addOption(
      new Option('--format <format>', 'output form')
        .choices(['cloudformation', 'api', 'json'])
        .default('cloudformation'),
    )
    .option('--vpc-id <id>', 'VPC of the Lattice target groups (--format api)')
    .option('--cluster <name>', 'ECS cluster of the services (--format api)')
    .option(
      '--ecs-role <arn>',
      'ECS infrastructure role for VpcLatticeConfigurations (--format api --to lattice)',
    )
    .option(
      '--task-role <node=arn>',
      'task role of a calling node, repeatable (auth policy principals)',
      keyValue('--task-role'),
      {},
    )
    .option(
      '--image <node=image>',
      'container image of a node, repeatable (--format api --to service-connect)',
      keyValue('--image'),
      {},
    )
    .option(
      '--lambda <node=arn>',
      'a node served by a Lambda function, repeatable (LAMBDA target group)',
      keyValue('--lambda'),
      {},
    )
    .option('--private-ca <arn>', 'AWS Private CA for Service Connect TLS')
    .option('--tls-role <arn>', 'role ECS uses with the Private CA')
    .option('--json', jsonHelp('{ export, report } (the export in the --format form)'))
    .action(async (paths: string[], flags: ExportFlags) => {
      const json = flags.json === true;
      const input = modelInputOptions(flags);
      const model = await loadValidModel(paths, output, { purpose: 'export', json, input });
      if (!model) {
        process.exitCode = EXIT.INVALID_INPUT;
        return;
      }
      let result: { value: unknown; report: FidelityReport };
      try {
        result = artifact(model, flags);
      } catch (error) {
        // MIGRATE_FLAGS and the exporters' refusals of the model are bad input (exit 2).
        printFailure(output, json, failureOf(error));
        process.exitCode = error instanceof Error ? EXIT.INVALID_INPUT : EXIT.FAILED;
        return;
      }
      if (json || flags.format === 'json') printJson(output, { export: result.value, report: result.report });
      else {
        printJson(output, result.value);
        output.err(`${formatFidelityReport(result.report)}\n`);
      }
      process.exitCode = result.report.clean ? EXIT.OK : EXIT_REPORT_NOT_CLEAN;
    });
}
