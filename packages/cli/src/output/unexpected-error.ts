import { EXIT } from '../exit-codes.js';
import { failureOf, printFailure } from './failure.js';
import type { Output } from './writer.js';

/** How the process was asked to report: `--json` for the failure document, `debug` for the stack. */
export interface UnexpectedErrorMode {
  json: boolean;
  debug: boolean;
}

/**
 * Reads the report mode from the raw command line and the environment: `--json` or `--debug`
 * anywhere before a `--` terminator (commander may not have parsed the command's options when the
 * error happens), and `MESHPLANE_DEBUG=1` (or `true`) for the stack without changing the command.
 *
 * @example
 * ```ts
 * import { unexpectedErrorMode } from './output/unexpected-error.js'; // inside packages/cli/src
 * unexpectedErrorMode(['node', 'meshplane', 'graph', '--json', 'm.ts'], {}); // { json: true, debug: false }
 * ```
 */
export function unexpectedErrorMode(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): UnexpectedErrorMode {
  const end = argv.indexOf('--');
  const args = end === -1 ? argv : argv.slice(0, end);
  const debugEnv = (env.MESHPLANE_DEBUG ?? '').trim().toLowerCase();
  return {
    json: args.includes('--json'),
    debug: args.includes('--debug') || debugEnv === '1' || debugEnv === 'true',
  };
}

const REPORT_HINT =
  'this is a bug in meshplane (or in code it ran, such as a model module): please report it with the command line, `meshplane --version` and the stack trace';

/**
 * Reports an exception no command handled (a bug, or a model module's code throwing where
 * meshplane did not expect it) in the one failure shape: `error: …` and a hint on stderr, or
 * `{ ok: false, error: { code: "INTERNAL_ERROR", message, hint } }` on stdout under `--json`.
 * The stack trace is shown only in debug mode (`--debug`, `MESHPLANE_DEBUG=1`): on stderr, and as
 * the `stack` member of the JSON document. Returns the exit code, {@link EXIT}.FAILED.
 *
 * @example
 * ```ts
 * import { reportUnexpectedError } from './output/unexpected-error.js'; // inside packages/cli/src
 * import { processOutput } from './output/writer.js';
 * process.exitCode = reportUnexpectedError(new TypeError('x is undefined'), processOutput(), { json: true, debug: false });
 * ```
 */
export function reportUnexpectedError(error: unknown, output: Output, mode: UnexpectedErrorMode): number {
  const { message } = failureOf(error);
  const stack = error instanceof Error && error.stack ? error.stack : undefined;
  const hint = mode.debug
    ? REPORT_HINT
    : `${REPORT_HINT} (run again with --debug or MESHPLANE_DEBUG=1 to print it)`;
  printFailure(
    output,
    mode.json,
    { code: 'INTERNAL_ERROR', message, hint },
    mode.debug && stack ? { stack } : {},
  );
  if (!mode.json && mode.debug && stack) output.err(`${stack}\n`);
  return EXIT.FAILED;
}
