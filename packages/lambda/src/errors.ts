import { brandErrorClass, MeshplaneError } from '@meshplane/core/errors';

/** Every code a `MeshplaneLambdaError` carries: stable, safe to switch on. */
export type MeshplaneLambdaErrorCode =
  /** A custom-resource operation did not finish before the deadline margin. */
  | 'DEADLINE'
  /** A call to a function URL went through `dispatch()`, which cannot sign. */
  | 'DISPATCH_UNSUPPORTED'
  /** A custom-resource event without a valid RequestType or PhysicalResourceId. */
  | 'INVALID_EVENT'
  /** Options of `registerLambdaNode`, `deregisterLambdaNode` or the node helpers. */
  | 'INVALID_LAMBDA_NODE'
  /** Options of a factory (middleware, handlers, signer, model source). */
  | 'INVALID_OPTIONS'
  /** A PhysicalResourceId outside CloudFormation's 1-1,024 bytes. */
  | 'INVALID_PHYSICAL_ID'
  /** Custom-resource properties a provider refused. */
  | 'INVALID_PROPERTIES'
  /** A custom-resource response that is not CloudFormation's response object. */
  | 'INVALID_RESPONSE'
  /** A trace header that `formatTraceHeader` cannot format. */
  | 'INVALID_TRACE_HEADER'
  /** The mesh a Lambda node or a model source names does not exist. */
  | 'MESH_NOT_FOUND'
  /** The answer PUT to the ResponseURL failed every try. */
  | 'RESPONSE_NOT_DELIVERED'
  /** A ResponseURL outside the allow-list. */
  | 'RESPONSE_URL_REJECTED'
  /** An AWS_IAM function URL call whose body is a stream. */
  | 'SIGNING_BODY_UNSUPPORTED'
  /** A request the signer cannot read (URL, method, headers). */
  | 'SIGNING_INVALID_REQUEST'
  /** A request to sign whose host names no region. */
  | 'SIGNING_REGION_UNKNOWN'
  /** A custom-resource event for a resource type no provider serves. */
  | 'UNKNOWN_RESOURCE_TYPE';

/**
 * The base class of every error that `@meshplane/lambda` throws, under core's `MeshplaneError`
 * like every package's root error. `code` is one of {@link MeshplaneLambdaErrorCode}; `cause`
 * carries the underlying error when there is one.
 *
 * @example
 * ```ts
 * import { MeshplaneError } from '@meshplane/core/errors';
 * import { MeshplaneLambdaError } from '@meshplane/lambda';
 * try {
 *   throw new MeshplaneLambdaError('RESPONSE_URL_REJECTED', 'ResponseURL must use https');
 * } catch (error) {
 *   if (error instanceof MeshplaneLambdaError) console.log(error.code); // 'RESPONSE_URL_REJECTED'
 *   console.log(error instanceof MeshplaneError); // true
 * }
 * ```
 */
export class MeshplaneLambdaError extends MeshplaneError<MeshplaneLambdaErrorCode> {
  override name = 'MeshplaneLambdaError';
}
// A statement after the class, not a static block: a static block naming the class makes esbuild
// rename it (`_MeshplaneLambdaError`), and Node prints errors by their class's name.
brandErrorClass(MeshplaneLambdaError, '@meshplane/lambda:MeshplaneLambdaError');
