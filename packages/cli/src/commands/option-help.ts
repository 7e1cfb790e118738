/**
 * The help text of the options several commands share, worded once so that `--help` reads the
 * same everywhere (tests/option-help.test.ts checks every command against these forms):
 *
 * - `--json`: `print <document> on stdout; failures as { ok: false, error }` (JSON lines for the
 *   long-running `local` and `xds serve`);
 * - `--mesh`: {@link MESH_HELP} (as model-input-flags.ts words it), wherever model files load;
 * - `--region`: `AWS region[ of …] (default: …)`;
 * - `--profile`: {@link PROFILE_HELP};
 * - `--endpoint`: `<services> endpoint URL (e.g. a running \`meshplane local\`)`.
 */

/** The failure part of every `--json` description. */
export const JSON_FAILURES = 'failures as { ok: false, error }';

/**
 * The description of `--json` for a command whose result is one document.
 *
 * @example
 * ```ts
 * import { jsonHelp } from './commands/option-help.js'; // inside packages/cli/src
 * jsonHelp('{ valid, issues }'); // 'print { valid, issues } on stdout; failures as { ok: false, error }'
 * ```
 */
export function jsonHelp(document: string): string {
  return `print ${document} on stdout; ${JSON_FAILURES}`;
}

/**
 * The description of `--json` for a long-running command that logs JSON lines.
 *
 * @example
 * ```ts
 * import { jsonLinesHelp } from './commands/option-help.js'; // inside packages/cli/src
 * jsonLinesHelp('{ time, level, msg, … }'); // 'print JSON lines { time, level, msg, … } on stdout; failures as { ok: false, error }'
 * ```
 */
export function jsonLinesHelp(lines: string): string {
  return `print JSON lines ${lines} on stdout; ${JSON_FAILURES}`;
}

/** `--mesh` of every command that loads model files (the words of model-input-flags.ts). */
export const MESH_HELP = 'the mesh of App Mesh controller objects the input does not place (no meshRef)';

/** `--profile` of every command that calls AWS. */
export const PROFILE_HELP = 'AWS profile of the shared config files (default: AWS_PROFILE, else default)';

/** Where the SDK finds a region when `--region` is not given, and the region of a local endpoint. */
export const REGION_CHAIN_DEFAULT =
  'default: AWS_REGION, AWS_DEFAULT_REGION or the profile; us-east-1 for a local endpoint';

/** The example of every `--endpoint` that `meshplane local` can answer. */
export const LOCAL_ENDPOINT_EXAMPLE = 'e.g. a running `meshplane local`';
