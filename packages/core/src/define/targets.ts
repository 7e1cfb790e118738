import type { ClientPolicy } from '@aws-sdk/client-app-mesh';
import { assertReadable, checkName, checkPort, MeshDefinitionError } from './errors.js';

/** A weighted target of a route whose `virtualNode` is typed by the declared node names. */
export interface WeightedTargetOf<N extends string> {
  readonly virtualNode: N;
  readonly weight: number;
  readonly port?: number;
}

/** A route action: the weighted targets, typed by node name. Returned by {@link weights}. */
export interface WeightedAction<N extends string> {
  readonly weightedTargets: readonly WeightedTargetOf<N>[];
}

/**
 * Weighted targets for a route, keyed by virtual node name. A value is a weight (0-100), or
 * `{ weight, port }` when the target node has several listeners.
 *
 * @example
 * ```ts
 * import { weights } from '@meshplane/core';
 * weights({ 'jazz-v1': 90, 'jazz-v2': 10 });
 * // { weightedTargets: [{ virtualNode: 'jazz-v1', weight: 90 }, { virtualNode: 'jazz-v2', weight: 10 }] }
 * weights({ 'jazz-v1': { weight: 100, port: 9080 } });
 * ```
 */
export function weights<const N extends string>(
  targets: Record<N, number | { weight: number; port?: number }>,
): WeightedAction<N> {
  if (typeof targets !== 'object' || targets === null) {
    throw new MeshDefinitionError(
      'INVALID_WEIGHTS',
      'weights',
      targets,
      'must be an object keyed by node name',
    );
  }
  assertReadable(targets, 'weights');
  const weightedTargets: WeightedTargetOf<N>[] = [];
  for (const [virtualNode, value] of Object.entries(targets) as [
    N,
    number | { weight: number; port?: number },
  ][]) {
    const weight = typeof value === 'object' && value !== null ? value.weight : value;
    if (typeof weight !== 'number' || !Number.isInteger(weight) || weight < 0 || weight > 100) {
      throw new MeshDefinitionError(
        'INVALID_WEIGHT',
        `weights.${virtualNode}`,
        weight,
        'must be an integer weight from 0 to 100',
      );
    }
    if (typeof value === 'object' && value !== null && value.port !== undefined) {
      weightedTargets.push({
        virtualNode,
        weight,
        port: checkPort(value.port, `weights.${virtualNode}.port`),
      });
    } else {
      weightedTargets.push({ virtualNode, weight });
    }
  }
  return { weightedTargets };
}

/** A backend of a virtual node, typed by the declared virtual service names. */
export interface BackendOf<S extends string> {
  readonly virtualService: { readonly virtualServiceName: S; readonly clientPolicy?: ClientPolicy };
}

/**
 * A virtual node backend: the virtual service the node calls, with an optional client policy
 * (TLS). A plain service-name string in `backends` means the same without a client policy.
 *
 * @example
 * ```ts
 * import { backend } from '@meshplane/core';
 * backend('jazz.prod.svc.cluster.local');
 * // { virtualService: { virtualServiceName: 'jazz.prod.svc.cluster.local' } }
 * ```
 */
export function backend<const S extends string>(
  virtualServiceName: S,
  options?: { clientPolicy?: ClientPolicy },
): BackendOf<S> {
  checkName(virtualServiceName, 'backend virtualServiceName');
  return options?.clientPolicy === undefined
    ? { virtualService: { virtualServiceName } }
    : { virtualService: { virtualServiceName, clientPolicy: options.clientPolicy } };
}
