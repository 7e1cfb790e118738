import type { Command, OutputConfiguration } from 'commander';
import { printFailure } from './failure.js';

// `--json` anywhere on the command line: commander may fail before it has parsed the flag
// (an unknown option before it), so the raw arguments are looked at too.
function wantsJson(command: Command, program: Command): boolean {
  if ((command.opts() as { json?: unknown }).json === true) return true;
  return (program as unknown as { rawArgs?: string[] }).rawArgs?.includes('--json') === true;
}

/**
 * Makes commander's own usage errors (unknown option, missing argument, bad choice, unknown
 * command) follow `--json` like every other failure: `{ ok: false, error: { code:
 * "INVALID_FLAGS", message } }` on stdout instead of `error: …` on stderr (the help commander
 * shows after an error stays on stderr). Without `--json` nothing changes. Call it once the
 * commands are registered.
 *
 * @example
 * ```ts
 * import { Command } from 'commander';
 * import { jsonUsageErrors } from './output/usage-errors.js'; // inside packages/cli/src
 * const program = new Command('meshplane');
 * program.command('plan').option('--json').argument('<path...>');
 * jsonUsageErrors(program);
 * ```
 */
export function jsonUsageErrors(program: Command): void {
  const visit = (command: Command) => {
    const previous = (command.configureOutput() as OutputConfiguration).outputError;
    command.configureOutput({
      outputError: (text, write) => {
        if (!wantsJson(command, program)) {
          if (previous) previous(text, write);
          else write(text);
          return;
        }
        // Looked up now: a test or an embedding program may configure writeOut afterwards.
        const writeOut =
          (command.configureOutput() as OutputConfiguration).writeOut ??
          ((t: string) => process.stdout.write(t));
        const message = text.replace(/^error: /, '').trimEnd();
        printFailure({ out: (t) => writeOut(t), err: write }, true, { code: 'INVALID_FLAGS', message });
      },
    });
    for (const sub of command.commands) visit(sub);
  };
  visit(program);
}
