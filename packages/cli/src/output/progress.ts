import type { Output } from './writer.js';

/**
 * A progress line printer: on a terminal (stderr is a TTY) each line goes to stderr as a
 * diagnostic; elsewhere (pipes, CI logs, `--json` consumers) nothing, so that scripted output
 * stays what it was.
 *
 * @example
 * ```ts
 * import { terminalProgress } from './output/progress.js'; // inside packages/cli/src
 * const lines: string[] = [];
 * terminalProgress({ out: () => {}, err: (t) => lines.push(t) }, true)('UpdateRoute throttled, retry 2/10');
 * console.log(lines); // ['UpdateRoute throttled, retry 2/10\n']
 * ```
 */
export function terminalProgress(
  output: Output,
  isTTY: boolean = process.stderr.isTTY === true,
): (line: string) => void {
  return (line) => {
    if (isTTY) output.err(`${line}\n`);
  };
}

/**
 * Runs `step`, and when it is still running after `afterMs` (1 s by default) tells the user what
 * it is waiting for, e.g. `reading mesh dj-app…`, so that a slow read is not silence.
 *
 * @example
 * ```ts
 * import { announceSlowStep } from './output/progress.js'; // inside packages/cli/src
 * const value = await announceSlowStep(() => {}, 'reading mesh dj-app…', async () => 42);
 * console.log(value); // 42
 * ```
 */
export async function announceSlowStep<T>(
  progress: (line: string) => void,
  label: string,
  step: () => Promise<T>,
  afterMs = 1000,
): Promise<T> {
  const timer = setTimeout(() => progress(label), afterMs);
  try {
    return await step();
  } finally {
    clearTimeout(timer);
  }
}
