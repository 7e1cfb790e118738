import { serviceDiscoveryModel } from '@meshplane/core/smithy';
import { LocalServiceError } from '../service.js';

/** The error shapes of the Cloud Map model that the local service throws. */
export type CloudMapErrorType =
  | 'InvalidInput'
  | 'NamespaceNotFound'
  | 'ServiceNotFound'
  | 'InstanceNotFound'
  | 'OperationNotFound'
  | 'DuplicateRequest'
  | 'ResourceInUse'
  | 'NamespaceAlreadyExists'
  | 'ServiceAlreadyExists'
  | 'ResourceLimitExceeded'
  | 'CustomHealthNotFound'
  | 'TooManyTagsException'
  | 'ResourceNotFoundException'
  | 'ServiceAttributesLimitExceededException'
  | 'RequestLimitExceeded';

/**
 * The HTTP status of a Cloud Map error shape, read from the model's `httpError` trait so the
 * status can never drift from the spec (the SDK itself dispatches on `__type`, not the status).
 *
 * @example
 * ```ts
 * import { cloudMapErrorStatus } from '@meshplane/local/internals';
 * cloudMapErrorStatus('ServiceNotFound'); // 404
 * ```
 */
export function cloudMapErrorStatus(type: CloudMapErrorType): number {
  return serviceDiscoveryModel.shapes[type]?.httpError ?? 400;
}

/**
 * Builds a {@link LocalServiceError} for a Cloud Map error shape, with the status from the model
 * and the shape's extra members (`DuplicateOperationId`, `NamespaceId`, …) in `fields`.
 *
 * @example
 * ```ts
 * import { cloudMapError } from '@meshplane/local/internals';
 * const error = cloudMapError('NamespaceNotFound', 'Namespace ns-0123456789abcdef not found.');
 * console.log(error.type, error.status); // 'NamespaceNotFound' 404
 * ```
 */
export function cloudMapError(
  type: CloudMapErrorType,
  message: string,
  fields: Record<string, unknown> = {},
): LocalServiceError {
  return new LocalServiceError(type, cloudMapErrorStatus(type), message, fields);
}

/** Shorthand for the most common error: a bad input that names the field, value and rule. */
export function invalidInput(message: string): LocalServiceError {
  return cloudMapError('InvalidInput', message);
}
