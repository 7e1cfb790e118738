import { MeshplaneError } from '../errors/meshplane-error.js';

/** Every code a Cloud Map error carries (the list below, as a type). */
export type CloudMapErrorCode =
  | 'INVALID_CLIENT_OPTIONS'
  | 'INVALID_ARGUMENT'
  | 'NAMESPACE_TYPE_MISMATCH'
  | 'OPERATION_TIMEOUT'
  | 'OPERATION_FAILED'
  | 'OPERATION_NOT_FOUND'
  | 'NAMESPACE_NOT_FOUND'
  | 'SERVICE_NOT_FOUND'
  | 'INSTANCE_NOT_FOUND'
  | 'CUSTOM_HEALTH_NOT_FOUND'
  | 'DISCOVERY_UNAVAILABLE'
  | 'DISCOVERY_STALE'
  | 'DISCOVERY_CLOSED'
  | 'CLOUD_MAP_ERROR';

/**
 * The base class of the errors `@meshplane/core/cloudmap` throws. `code` is stable:
 * `INVALID_CLIENT_OPTIONS`, `INVALID_ARGUMENT`, `NAMESPACE_TYPE_MISMATCH`, `OPERATION_TIMEOUT`,
 * `OPERATION_FAILED`, `OPERATION_NOT_FOUND`, `NAMESPACE_NOT_FOUND`, `SERVICE_NOT_FOUND`, `INSTANCE_NOT_FOUND`,
 * `CUSTOM_HEALTH_NOT_FOUND`, `DISCOVERY_UNAVAILABLE`, `DISCOVERY_STALE`, `DISCOVERY_CLOSED`,
 * `CLOUD_MAP_ERROR`. `cause` is the SDK error when there is one.
 *
 * @example
 * ```ts
 * import { CloudMapError, setInstanceHealth } from '@meshplane/core/cloudmap';
 * try {
 *   await setInstanceHealth({ clientConfig: { region: 'us-east-1' } }, {
 *     serviceId: 'srv-0123456789abcdef', instanceId: 'i-1', status: 'UNHEALTHY',
 *   });
 * } catch (error) {
 *   if (error instanceof CloudMapError) console.error(error.code, error.message);
 * }
 * ```
 */
export class CloudMapError extends MeshplaneError<CloudMapErrorCode> {
  override name = 'CloudMapError';
}

/**
 * An asynchronous Cloud Map operation (namespace creation, registration, …) did not finish
 * before the deadline. Carries the operation id, its last status and the deadline.
 *
 * @example
 * ```ts
 * import { CloudMapOperationTimeoutError, waitForOperation } from '@meshplane/core/cloudmap';
 * try {
 *   await waitForOperation({ clientConfig: { region: 'us-east-1' } }, 'op-id', { timeoutMs: 5_000 });
 * } catch (error) {
 *   if (error instanceof CloudMapOperationTimeoutError) console.error(error.operationId, error.lastStatus);
 * }
 * ```
 */
export class CloudMapOperationTimeoutError extends CloudMapError {
  override name = 'CloudMapOperationTimeoutError';
  constructor(
    readonly operationId: string,
    readonly lastStatus: string | undefined,
    readonly timeoutMs: number,
  ) {
    super(
      'OPERATION_TIMEOUT',
      `Cloud Map operation ${operationId} did not complete within ${timeoutMs} ms (last status: ${lastStatus ?? 'unknown'}).`,
    );
  }
}

/**
 * An asynchronous Cloud Map operation ended with status FAIL; `errorCode` and the message are
 * Cloud Map's.
 *
 * @example
 * ```ts
 * import { CloudMapOperationFailedError } from '@meshplane/core/cloudmap';
 * const error = new CloudMapOperationFailedError('op-id', 'CANNOT_CREATE_HOSTED_ZONE', 'zone conflict');
 * console.log(error.code, error.errorCode); // OPERATION_FAILED CANNOT_CREATE_HOSTED_ZONE
 * ```
 */
export class CloudMapOperationFailedError extends CloudMapError {
  override name = 'CloudMapOperationFailedError';
  constructor(
    readonly operationId: string,
    readonly errorCode: string | undefined,
    errorMessage: string | undefined,
  ) {
    super(
      'OPERATION_FAILED',
      `Cloud Map operation ${operationId} failed${errorCode ? ` with ${errorCode}` : ''}: ${errorMessage ?? 'no message'}.`,
    );
  }
}

/**
 * Discovery could not produce instances: the namespace or service does not exist
 * (`NAMESPACE_NOT_FOUND`, `SERVICE_NOT_FOUND`), Cloud Map fails and nothing is cached
 * (`DISCOVERY_UNAVAILABLE`), the cached data is older than `maxStaleMs` and refreshing failed
 * (`DISCOVERY_STALE`), or the discovery was closed (`DISCOVERY_CLOSED`).
 *
 * @example
 * ```ts
 * import { CloudMapDiscoveryError, createDiscovery } from '@meshplane/core/cloudmap';
 * const discovery = createDiscovery({ clientConfig: { region: 'us-east-1' } });
 * try {
 *   await discovery.discover({ namespaceName: 'prod', serviceName: 'jazz' });
 * } catch (error) {
 *   if (error instanceof CloudMapDiscoveryError) console.error(error.code, error.service);
 * }
 * ```
 */
export class CloudMapDiscoveryError extends CloudMapError {
  override name = 'CloudMapDiscoveryError';
  constructor(
    code: CloudMapErrorCode,
    message: string,
    /** `namespace/service` of the lookup. */
    readonly service: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

/**
 * The error name of an SDK exception (`ServiceNotFound`, `ThrottlingException`, …).
 *
 * @example
 * ```ts
 * import { ServiceNotFound } from '@aws-sdk/client-servicediscovery';
 * import { awsErrorName } from './errors.js';
 * console.log(awsErrorName(new ServiceNotFound({ message: 'no', $metadata: {} }))); // 'ServiceNotFound'
 * ```
 */
export function awsErrorName(error: unknown): string | undefined {
  if (error && typeof error === 'object' && 'name' in error && typeof error.name === 'string')
    return error.name;
  return undefined;
}

/**
 * A short human description of an SDK error for messages.
 *
 * @example
 * ```ts
 * import { ServiceNotFound } from '@aws-sdk/client-servicediscovery';
 * import { describeAwsError } from './errors.js';
 * console.log(describeAwsError(new ServiceNotFound({ message: 'Service srv-1 not found.', $metadata: {} })));
 * // 'ServiceNotFound: Service srv-1 not found.'
 * ```
 */
export function describeAwsError(error: unknown): string {
  const name = awsErrorName(error) ?? 'Error';
  const message = error instanceof Error ? error.message : String(error);
  return message && message !== name ? `${name}: ${message}` : name;
}
