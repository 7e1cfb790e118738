import { MeshplaneError } from '@meshplane/core';
import { brandErrorClass } from '@meshplane/core/errors';

/** Every code a `MeshplaneMigrateError` carries: stable, safe to switch on. */
export type MigrateErrorCode =
  /** An export was given a model of no mesh or of several meshes (one mesh per export). */
  | 'MIGRATE_MESH_COUNT'
  /** `latticeApiCalls` has no task role ARN for a node that calls through the service network. */
  | 'MIGRATE_MISSING_ROLE'
  /** A `{ $ref }` of an API call names a resource no earlier call created. */
  | 'MIGRATE_UNRESOLVED_REF'
  /** Options of an export form that cannot render it (a node without image, TLS without CA). */
  | 'MIGRATE_INVALID_OPTIONS'
  /** An API call of an export that is no VPC Lattice create operation `applyLatticeCalls` knows. */
  | 'MIGRATE_UNKNOWN_OPERATION';

/**
 * The base class of every error that `@meshplane/migrate` throws, under core's `MeshplaneError`
 * like every package's root error. `code` is one of {@link MigrateErrorCode}; `cause` carries the
 * underlying error when there is one.
 *
 * @example
 * ```ts
 * import { MeshplaneError } from '@meshplane/core';
 * import { exportLattice, MeshplaneMigrateError } from '@meshplane/migrate';
 * try {
 *   exportLattice({ resources: [] });
 * } catch (error) {
 *   console.log(error instanceof MeshplaneMigrateError); // true
 *   console.log(error instanceof MeshplaneError); // true
 *   console.log((error as MeshplaneMigrateError).code); // 'MIGRATE_MESH_COUNT'
 * }
 * ```
 */
export class MeshplaneMigrateError extends MeshplaneError<MigrateErrorCode> {
  override name = 'MeshplaneMigrateError';
}
// A statement after the class, not a static block: a static block naming the class makes esbuild
// rename it (`_MeshplaneMigrateError`), and Node prints errors by their class's name.
brandErrorClass(MeshplaneMigrateError, '@meshplane/migrate:MeshplaneMigrateError');
