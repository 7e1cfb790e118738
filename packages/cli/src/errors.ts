import { brandErrorClass, MeshplaneError } from '@meshplane/core/errors';

/** Every code a `MeshplaneCliError` carries: stable, safe to switch on. */
export type CliErrorCode =
  /** A bad flag value or combination of flags (the command prints every problem and exits 2). */
  | 'INVALID_FLAGS'
  /** `meshplane export --format api` without the flags the API form needs (--vpc-id, --cluster, …). */
  | 'MIGRATE_FLAGS';

/**
 * The base class of every error the `meshplane` CLI itself throws (bad target, xds or export flags),
 * under core's `MeshplaneError` like every package's root error. `code` is one of
 * {@link CliErrorCode}. Errors of the packages the commands call keep their own classes.
 *
 * @example
 * ```ts
 * import { MeshplaneError } from '@meshplane/core';
 * import { MeshplaneCliError } from './errors.js'; // inside packages/cli/src
 * const error = new MeshplaneCliError('INVALID_FLAGS', '--region "x" is not an AWS region');
 * console.log(error instanceof MeshplaneError, error.code); // true 'INVALID_FLAGS'
 * ```
 */
export class MeshplaneCliError extends MeshplaneError<CliErrorCode> {
  override name = 'MeshplaneCliError';
}
// A statement after the class, not a static block: a static block naming the class makes esbuild
// rename it (`_MeshplaneCliError`), and Node prints errors by their class's name.
brandErrorClass(MeshplaneCliError, '@meshplane/cli:MeshplaneCliError');
