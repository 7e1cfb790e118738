/**
 * Exit codes that scripts can rely on.
 *
 * @example
 * ```ts
 * import { EXIT } from 'meshplane';
 * if (process.exitCode === EXIT.INVALID_INPUT) console.error('fix the model first');
 * ```
 */
export const EXIT = {
  /** Success (and, for `plan --detailed-exitcode`, nothing to do). */
  OK: 0,
  /** The command failed (an API error, a failed health check, …). */
  FAILED: 1,
  /** The input is invalid (a model that does not validate, a bad flag, an unreadable file). */
  INVALID_INPUT: 2,
  /** `plan --detailed-exitcode` only: the plan has changes. */
  CHANGES: 3,
} as const;

/** One of the values of {@link EXIT}. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
