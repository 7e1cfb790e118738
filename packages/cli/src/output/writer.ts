/**
 * Where a command writes: human text and JSON to `out`, diagnostics to `err`. Commands take one
 * so that tests can capture output in-process; the default writes to the process streams.
 *
 * @example
 * ```ts
 * import { processOutput } from './output/index.js'; // inside packages/cli/src
 * processOutput().out('hello\n');
 * ```
 */
export interface Output {
  out(text: string): void;
  err(text: string): void;
}

/**
 * An {@link Output} on `process.stdout` / `process.stderr`, looked up at each write (so that a
 * test can replace the streams' `write`).
 *
 * @example
 * ```ts
 * import { processOutput } from './output/index.js'; // inside packages/cli/src
 * processOutput().err('something went wrong\n');
 * ```
 */
export function processOutput(): Output {
  return {
    out: (text) => {
      process.stdout.write(text);
    },
    err: (text) => {
      process.stderr.write(text);
    },
  };
}

/**
 * Prints a value as indented JSON followed by a newline, the `--json` form of every command.
 *
 * @example
 * ```ts
 * import { printJson, processOutput } from './output/index.js'; // inside packages/cli/src
 * printJson(processOutput(), { valid: true, issues: [] });
 * ```
 */
export function printJson(output: Output, value: unknown): void {
  output.out(`${JSON.stringify(value, null, 2)}\n`);
}
