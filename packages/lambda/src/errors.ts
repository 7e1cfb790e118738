/**
 * The base class of every error that `@meshplane/lambda` throws. `code` is stable and safe to
 * switch on; `cause` carries the underlying error when there is one.
 *
 * @example
 * ```ts
 * import { MeshplaneLambdaError } from '@meshplane/lambda';
 * try {
 *   throw new MeshplaneLambdaError('RESPONSE_URL_REJECTED', 'ResponseURL must use https');
 * } catch (error) {
 *   if (error instanceof MeshplaneLambdaError) console.log(error.code); // 'RESPONSE_URL_REJECTED'
 * }
 * ```
 */
export class MeshplaneLambdaError extends Error {
  override name = 'MeshplaneLambdaError';
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
