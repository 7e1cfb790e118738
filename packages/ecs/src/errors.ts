import { MeshplaneError, type ValidationIssue } from '@meshplane/core';
import { brandErrorClass } from '@meshplane/core/errors';

/** Every code an `@meshplane/ecs` error carries. */
export type EcsErrorCode =
  | 'ECS_INVALID_INPUT'
  | 'INVALID_CLIENT'
  | 'METADATA_INVALID'
  | 'METADATA_UNAVAILABLE'
  | 'NAMESPACE_NOT_FOUND'
  | 'SERVICE_NOT_FOUND'
  | 'OPERATION_FAILED'
  | 'OPERATION_TIMEOUT'
  | 'DEREGISTRATION_FAILED'
  | 'RETRY_GAVE_UP';

/**
 * The base class of every error that `@meshplane/ecs` throws. `code` is stable and safe to switch
 * on; `cause` carries the underlying error when there is one.
 *
 * @example
 * ```ts
 * import { MeshplaneEcsError } from '@meshplane/ecs';
 * const error = new MeshplaneEcsError('METADATA_UNAVAILABLE', 'ECS_CONTAINER_METADATA_URI_V4 is not set');
 * console.log(error.code); // 'METADATA_UNAVAILABLE'
 * ```
 */
export class MeshplaneEcsError extends MeshplaneError<EcsErrorCode> {
  override name = 'MeshplaneEcsError';
}
// A statement after the class, not a static block: a static block naming the class makes esbuild
// rename it (`_MeshplaneEcsError`), and Node prints errors by their class's name.
brandErrorClass(MeshplaneEcsError, '@meshplane/ecs:MeshplaneEcsError');

/**
 * Thrown before anything is produced when the input of a renderer (task definition, IAM policy,
 * agent options) is invalid. Carries every problem found, not only the first.
 *
 * @example
 * ```ts
 * import { EcsInputError } from '@meshplane/ecs';
 * const error = new EcsInputError([
 *   { code: 'REQUIRED', path: 'app.image', message: 'app.image is required', severity: 'error' },
 * ]);
 * console.log(error.issues.length, error.code); // 1 'ECS_INVALID_INPUT'
 * ```
 */
export class EcsInputError extends MeshplaneEcsError {
  override name = 'EcsInputError';
  readonly issues: ValidationIssue[];

  constructor(issues: ValidationIssue[], options?: { cause?: unknown }) {
    const lines = issues.map((issue) => `${issue.path}: ${issue.message} [${issue.code}]`);
    super(
      'ECS_INVALID_INPUT',
      `invalid input (${issues.length} problem(s)):\n  ${lines.join('\n  ')}`,
      options,
    );
    this.issues = issues;
  }
}
