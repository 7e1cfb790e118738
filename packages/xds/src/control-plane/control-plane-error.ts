import { MeshplaneXdsError } from '../errors.js';

/**
 * Thrown by the control plane and its Cloud Map poller for bad options (every problem at once,
 * each naming the field, the value and the rule) and for misuse (started twice, used after close).
 *
 * @example
 * ```ts
 * import { ControlPlaneError, createCloudMapPoller } from '@meshplane/xds/internals';
 * try {
 *   createCloudMapPoller({ clientConfig: { region: 'us-east-1' } }, { revisionIntervalMs: 0 });
 * } catch (error) {
 *   console.log(error instanceof ControlPlaneError, (error as ControlPlaneError).code); // true 'INVALID_OPTIONS'
 * }
 * ```
 */
export class ControlPlaneError extends MeshplaneXdsError {
  override name = 'ControlPlaneError';
}
