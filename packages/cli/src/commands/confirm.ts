import { createInterface } from 'node:readline/promises';

/** How apply and destroy ask before they change anything; tests replace both members. */
export interface ConfirmDeps {
  /** True when stdin is a terminal that can answer (default: `process.stdin.isTTY`). */
  interactive?: boolean;
  /** Asks the question; resolves true for yes (default: readline on stdin, "yes" to go on). */
  confirm?: (question: string) => Promise<boolean>;
}

/**
 * Asks `question` on the terminal (the question on stderr, so that stdout stays the result) and
 * resolves true only for the answer `yes`, as Terraform does: anything else cancels.
 *
 * @example
 * ```ts
 * import { askOnTerminal } from './commands/confirm.js'; // inside packages/cli/src
 * if (process.stdin.isTTY) await askOnTerminal('Apply 3 change(s)? Type "yes" to go on: ');
 * ```
 */
export async function askOnTerminal(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await rl.question(question)).trim().toLowerCase() === 'yes';
  } finally {
    rl.close();
  }
}
