import { MeshplaneError } from '../errors/meshplane-error.js';

/** The codes of {@link ReconcileError} (and `ApplyError`). */
export type ReconcileErrorCode =
  | 'APPLY_ABORTED'
  | 'APPLY_FAILED'
  | 'DEPENDENCY_CYCLE'
  | 'DUPLICATE_RESOURCE'
  | 'INVALID_CANARY'
  | 'INVALID_CLIENT_OPTIONS'
  | 'INVALID_CONCURRENCY'
  | 'INVALID_MODEL'
  | 'INVALID_PAGE_SIZE'
  | 'INVALID_PLAN'
  | 'INVALID_RETRY_OPTIONS'
  | 'INVALID_SHIFT'
  | 'INVALID_WEIGHTS'
  | 'INVALID_WRITE_RATE'
  | 'NO_ARN'
  | 'NO_WEIGHTED_TARGETS';

/**
 * An error of the reconciler (`@meshplane/core/appmesh`): a plan that cannot be built, a bad
 * traffic shift, an apply or destroy that did not finish. `code` is stable.
 *
 * @example
 * ```ts
 * import { ReconcileError } from '@meshplane/core/appmesh';
 * const error = new ReconcileError('INVALID_WEIGHTS', 'weight of "jazz-v2" is 101; must be 0-100');
 * console.log(error.code); // 'INVALID_WEIGHTS'
 * ```
 */
export class ReconcileError extends MeshplaneError<ReconcileErrorCode> {
  override name = 'ReconcileError';
}
