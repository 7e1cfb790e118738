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
export class MeshplaneError extends Error {
  override name = 'MeshplaneError';
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
