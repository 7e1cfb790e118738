import { type Command, Option } from 'commander';
import { EXIT } from '../exit-codes.js';
import { checkModel } from '../load-model.js';
import { invalidModelJson } from '../output/failure.js';
import { countIssues, formatIssue, issueToJson, plural, sortIssues } from '../output/issues.js';
import { type Output, printJson, processOutput } from '../output/writer.js';
import { addModelInputOptions, type ModelInputFlags, modelInputOptions } from './model-input-flags.js';
import { jsonHelp } from './option-help.js';

/** Flags of `meshplane validate`, as commander parses them. */
interface ValidateFlags extends ModelInputFlags {
  json?: boolean;
  strict?: boolean;
  preview: 'upgrade' | 'refuse';
}

/**
 * Registers `meshplane validate <path...> [--json] [--strict]`: exit 0 when the model is valid
 * (warnings allowed), 2 when it is not or cannot be read. Human output prints one line per issue
 * on stderr, `file:line:column: severity: path: message [code]`, then the verdict on stdout;
 * `--json` prints `{ "valid": bool, "issues": [{ "code", "path", "message", "severity", "file?",
 * "line?", "column?" }] }`, with `"ok": false` and `"error": { "code": "INVALID_MODEL", "message" }`
 * when invalid (the failure shape of every command).
 *
 * @example
 * ```ts
 * import { Command } from 'commander';
 * import { registerValidate } from './commands/validate.js'; // inside packages/cli/src
 * const program = new Command('meshplane');
 * registerValidate(program);
 * await program.parseAsync(['node', 'meshplane', 'validate', 'examples/shopmesh/mesh']);
 * ```
 */
export function registerValidate(program: Command, output: Output = processOutput()): void {
  addModelInputOptions(program.command('validate'))
    .description(
      'Validate a model: a .ts/.js model file, a .json/.yaml file, or a folder of App Mesh JSON documents or App Mesh controller YAML',
    )
    .argument('<path...>', 'model files or folders; several load as one model, in the order given')
    .option('--json', jsonHelp('{ valid, issues }'))
    .option('--strict', 'an undeclared backend is an error (not a warning) under egress filter DROP_ALL')
    .addOption(
      new Option(
        '--preview <mode>',
        '2018 preview App Mesh documents: upgrade them (with warnings) or refuse them',
      )
        .choices(['upgrade', 'refuse'])
        .default('upgrade'),
    )
    .action(async (paths: string[], flags: ValidateFlags) => {
      const checked = await checkModel(paths, {
        strict: flags.strict === true,
        preview: flags.preview,
        ...modelInputOptions(flags),
      });
      const report = { ...checked, resources: checked.model.resources.length };
      process.exitCode = report.valid ? EXIT.OK : EXIT.INVALID_INPUT;
      if (flags.json) {
        printJson(
          output,
          report.valid
            ? { valid: true, issues: report.issues.map(issueToJson) }
            : invalidModelJson(report.issues),
        );
        return;
      }
      // Issues are diagnostics (stderr, like plan, apply and graph); the verdict is the result.
      for (const issue of sortIssues(report.issues)) output.err(`${formatIssue(issue)}\n`);
      const { errors, warnings } = countIssues(report.issues);
      const counts = `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
      output.out(
        report.valid
          ? `valid: ${plural(report.resources, 'resource')}, ${counts}\n`
          : `invalid: ${counts} (${plural(report.resources, 'resource')} loaded)\n`,
      );
    });
}
