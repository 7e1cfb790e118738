import { MeshplaneError } from '../errors/meshplane-error.js';

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
export class ReconcileError extends MeshplaneError {
  override name = 'ReconcileError';
}
