/**
 * The base class of every error that `@meshplane/core` throws. `code` is stable and safe to
 * switch on; `cause` carries the underlying error when there is one.
 *
 * @example
 * ```ts
 * import { MeshplaneError } from '@meshplane/core';
 * try {
 *   throw new MeshplaneError('MESH_NOT_FOUND', 'mesh "dj-app" does not exist');
 * } catch (error) {
 *   if (error instanceof MeshplaneError) console.log(error.code); // 'MESH_NOT_FOUND'
 * }
 * ```
 */
export class MeshplaneError<C extends string = string> extends Error {
  override name = 'MeshplaneError';
  /** The error's code: each subclass narrows it to its own union. */
  readonly code: C;

  constructor(code: C, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
