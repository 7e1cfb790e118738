import { MeshplaneError } from '@meshplane/core';
import { brandErrorClass } from '@meshplane/core/errors';

/** Every code a `LocalEndpointError` carries. */
export type LocalEndpointErrorCode =
  | 'STATE_FILE_CORRUPT'
  | 'STATE_FILE_UNREADABLE'
  | 'STATE_FILE_WRITE_FAILED'
  | 'INVALID_OPTIONS'
  | 'LISTEN_FAILED'
  /** A hosted service's own error (`LocalServiceError`: its `type` and `status` go on the wire). */
  | 'SERVICE_ERROR'
  /** A request body or path the wire protocol cannot decode (`MalformedRequestError`, answered 400). */
  | 'MALFORMED_REQUEST'
  /** A request body over the endpoint's limit (`BodyTooLargeError`, answered 413). */
  | 'BODY_TOO_LARGE';

/**
 * The base class of every error `@meshplane/local` throws to its caller (not to HTTP clients:
 * those get the service's own error shapes). `code` is stable: `STATE_FILE_CORRUPT`,
 * `STATE_FILE_UNREADABLE`, `STATE_FILE_WRITE_FAILED`, `INVALID_OPTIONS`, `LISTEN_FAILED`, and
 * `SERVICE_ERROR` for a hosted service's `LocalServiceError`; inside the endpoint,
 * `MALFORMED_REQUEST` and `BODY_TOO_LARGE` mark a request it answers in the service's error
 * format (they never reach the caller of `startLocalEndpoint`).
 *
 * @example
 * ```ts
 * import { LocalEndpointError, startLocalEndpoint } from '@meshplane/local';
 * try {
 *   await startLocalEndpoint({ stateFile: '/tmp/broken.json' });
 * } catch (error) {
 *   if (error instanceof LocalEndpointError) console.error(error.code, error.message);
 * }
 * ```
 */
export class LocalEndpointError extends MeshplaneError<LocalEndpointErrorCode> {
  override name = 'LocalEndpointError';
}
// A statement after the class, not a static block: a static block naming the class makes esbuild
// rename it (`_LocalEndpointError`), and Node prints errors by their class's name.
brandErrorClass(LocalEndpointError, '@meshplane/local:LocalEndpointError');
