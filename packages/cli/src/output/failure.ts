import { MeshplaneError, type ValidationIssue } from '@meshplane/core';
import { countIssues, issueToJson, plural } from './issues.js';
import { type Output, printJson } from './writer.js';

/**
 * Why a command failed, the one shape every command prints: `error: <message>` (and `hint: …`)
 * on stderr for people; under `--json`, `{ "ok": false, "error": { code, message, hint? } }` on
 * stdout, plus the command's own members (`issues` for a model that does not validate).
 */
export interface CommandFailure {
  /**
   * What kind of failure: `INVALID_FLAGS`, `INVALID_MODEL`, `CANCELLED`, a meshplane error code
   * (`APPLY_FAILED`, …), the AWS error name (`NotFoundException`, `CredentialsProviderError`),
   * `REGION_MISSING`, the network error code (`ECONNREFUSED`, `ENOTFOUND`) or `INTERNAL_ERROR`
   * (an exception no command handled, output/unexpected-error.ts).
   */
  code: string;
  message: string;
  /** What to do about it, when meshplane knows (see aws/error-hints.ts). */
  hint?: string;
}

/**
 * Prints a failure the documented way: on stderr as text, or on stdout as the `--json` failure
 * document `{ ok: false, error, ...extra }`.
 *
 * @example
 * ```ts
 * import { printFailure } from './output/failure.js'; // inside packages/cli/src
 * import { processOutput } from './output/writer.js';
 * printFailure(processOutput(), true, { code: 'INVALID_FLAGS', message: '--port must be a number' });
 * // stdout: { "ok": false, "error": { "code": "INVALID_FLAGS", "message": "--port must be a number" } }
 * ```
 */
export function printFailure(
  output: Output,
  json: boolean,
  failure: CommandFailure,
  extra: Record<string, unknown> = {},
): void {
  if (json) {
    const error = {
      code: failure.code,
      message: failure.message,
      ...(failure.hint ? { hint: failure.hint } : {}),
    };
    printJson(output, { ok: false, error, ...extra });
    return;
  }
  output.err(`error: ${failure.message}\n${failure.hint ? `hint: ${failure.hint}\n` : ''}`);
}

/**
 * Bad flags or arguments, every problem at once: one `error:` line each on stderr, or one
 * `INVALID_FLAGS` failure whose message joins them and whose `problems` lists them.
 *
 * @example
 * ```ts
 * import { printFlagProblems } from './output/failure.js'; // inside packages/cli/src
 * import { processOutput } from './output/writer.js';
 * printFlagProblems(processOutput(), false, ['--node is required', '--socket "" must be a file path']);
 * ```
 */
export function printFlagProblems(output: Output, json: boolean, problems: readonly string[]): void {
  if (json) {
    printFailure(output, true, { code: 'INVALID_FLAGS', message: problems.join('; ') }, { problems });
    return;
  }
  for (const problem of problems) output.err(`error: ${problem}\n`);
}

/**
 * The `--json` failure of a model that cannot be used: `{ ok: false, valid: false, error:
 * { code: "INVALID_MODEL", message }, issues }`, the members of `validate --json` included so
 * that one reader handles both.
 *
 * @example
 * ```ts
 * import { invalidModelJson } from './output/failure.js'; // inside packages/cli/src
 * invalidModelJson([{ code: 'X', path: 'p', message: 'm', severity: 'error' }]).error.message; // 'the model has 1 error, 0 warnings'
 * ```
 */
export function invalidModelJson(issues: readonly ValidationIssue[]) {
  const { errors, warnings } = countIssues(issues);
  return {
    ok: false as const,
    valid: false as const,
    error: {
      code: 'INVALID_MODEL',
      message: `the model has ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`,
    },
    issues: issues.map(issueToJson),
  };
}

// The SDK nests network errors under `cause`: the errno code may be one or two levels down.
function errnoCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * A thrown error as a {@link CommandFailure}: a meshplane error keeps its code, an AWS error its
 * name, a network error its errno code, the SDK's `Region is missing` is `REGION_MISSING`;
 * anything else is `FAILED`.
 *
 * @example
 * ```ts
 * import { failureOf } from './output/failure.js'; // inside packages/cli/src
 * failureOf(Object.assign(new Error('route not found'), { name: 'NotFoundException' })).code; // 'NotFoundException'
 * ```
 */
export function failureOf(error: unknown, hint?: string): CommandFailure {
  const withHint = hint ? { hint } : {};
  if (error instanceof MeshplaneError)
    return { code: error.code, message: `${error.message} [${error.code}]`, ...withHint };
  if (error instanceof Error) {
    const named = error.name && error.name !== 'Error';
    // The SDK's region resolver throws a plain Error: given a code of its own for --json readers.
    const region = !named && /^region is missing$/i.test(error.message) ? 'REGION_MISSING' : undefined;
    return {
      code: errnoCode(error) ?? region ?? (named ? error.name : 'FAILED'),
      message: named ? `${error.name}: ${error.message}` : error.message,
      ...withHint,
    };
  }
  return { code: 'FAILED', message: String(error), ...withHint };
}
