import { MeshplaneError } from '@meshplane/core';
import { brandErrorClass } from '@meshplane/core/errors';

/** Every code an `@meshplane/xds` error carries. */
export type XdsErrorCode =
  | 'INVALID_OPTIONS'
  | 'ALREADY_STARTED'
  | 'CLOSED'
  | 'OBJECT_TOO_LARGE'
  | 'XDS_INVALID_OPTION'
  | 'XDS_INVALID_SNAPSHOT'
  | 'XDS_INVALID_RESOURCE'
  | 'XDS_INVALID_NODE_ID'
  | 'XDS_INVALID_BOOTSTRAP_OPTIONS'
  | 'XDS_LISTEN_FAILED';

/**
 * The root of every error `@meshplane/xds` throws: `code` is stable and safe to switch on,
 * `cause` carries the underlying error when there is one. Subclasses of each part (sources,
 * control plane, server, translation) extend it, so `instanceof MeshplaneXdsError` catches them
 * all and `instanceof MeshplaneError` (from `@meshplane/core`) catches every meshplane error.
 *
 * @example
 * ```ts
 * import { MeshplaneError } from '@meshplane/core';
 * import { MeshplaneXdsError } from '@meshplane/xds';
 * const error = new MeshplaneXdsError('INVALID_OPTIONS', 'socket: "" must be a path');
 * console.log(error instanceof MeshplaneError, error.code); // true 'INVALID_OPTIONS'
 * ```
 */
export class MeshplaneXdsError extends MeshplaneError<XdsErrorCode> {
  override name = 'MeshplaneXdsError';
}
// A statement after the class, not a static block: a static block naming the class makes esbuild
// rename it (`_MeshplaneXdsError`), and Node prints errors by their class's name.
brandErrorClass(MeshplaneXdsError, '@meshplane/xds:MeshplaneXdsError');
