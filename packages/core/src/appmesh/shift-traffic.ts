import type { AppMeshClient, RouteSpec, WeightedTarget } from '@aws-sdk/client-app-mesh';
import { MESH_QUOTAS } from '../model/kinds.js';
import type { RouteResource } from '../model/resources.js';
import { weightedTargetList } from '../model/spec-accessors.js';
import { showValue } from '../options/show-value.js';
import { type AppMeshClientOptions, lazyClient } from './client.js';
import { clientTokenFor, updateSalt } from './client-token.js';
import { ReconcileError } from './errors.js';
import { describeResource, updateResource } from './resource-api.js';

/** Which route to shift: mesh, router and route names. */
export interface RouteRef {
  meshName: string;
  virtualRouterName: string;
  routeName: string;
}

/**
 * Options of {@link shiftTraffic}. `weights` is keyed by virtual node name, or `node:port` when
 * the route has several targets on the same node; targets not named keep their weight.
 */
export type ShiftTrafficOptions = AppMeshClientOptions &
  RouteRef & {
    weights: Record<string, number>;
  };

/** What {@link shiftTraffic} did. */
export interface ShiftTrafficResult {
  /** Weights per target before and after, keyed like the input (`node` or `node:port`). */
  before: Record<string, number>;
  after: Record<string, number>;
  /** False when the weights were already the requested ones (no write was made). */
  changed: boolean;
  /** The route as written (or as found, when unchanged). */
  route: RouteResource;
}

/**
 * The weighted targets of a route spec, whatever its type: the list itself (the kernel's
 * `weightedTargetList`), so that a shift writes the new weights into a cloned spec.
 *
 * @example
 * ```ts
 * import { weightedTargetsOf } from '@meshplane/core/appmesh';
 * weightedTargetsOf({ tcpRoute: { action: { weightedTargets: [{ virtualNode: 'a', weight: 1 }] } } }); // [{ virtualNode: 'a', weight: 1 }]
 * ```
 */
export function weightedTargetsOf(spec: RouteSpec | undefined): WeightedTarget[] | undefined {
  return weightedTargetList(spec) as WeightedTarget[] | undefined;
}

/**
 * The key a target is known by: the node name, or `node:port` when the node appears twice.
 *
 * @example
 * ```ts
 * import { targetKeys } from '@meshplane/core/appmesh/internals';
 * targetKeys([{ virtualNode: 'a', weight: 1, port: 80 }, { virtualNode: 'a', weight: 1, port: 81 }, { virtualNode: 'b', weight: 1 }]);
 * // ['a:80', 'a:81', 'b']
 * ```
 */
export function targetKeys(targets: readonly WeightedTarget[]): string[] {
  const count = new Map<string, number>();
  for (const t of targets) count.set(t.virtualNode ?? '', (count.get(t.virtualNode ?? '') ?? 0) + 1);
  return targets.map((t) =>
    (count.get(t.virtualNode ?? '') ?? 0) > 1 ? `${t.virtualNode}:${t.port ?? ''}` : (t.virtualNode ?? ''),
  );
}

/**
 * The problems of a route reference, each naming the field, the value and the rule: every name
 * must be a string of 1-255 characters (App Mesh's `ResourceName`). Empty when it is fine.
 *
 * @example
 * ```ts
 * import { routeRefProblems } from '@meshplane/core/appmesh/internals';
 * routeRefProblems({ meshName: 'dj-app', virtualRouterName: '', routeName: 'jazz-route' });
 * // ['virtualRouterName: "" must be a name of 1-255 characters']
 * ```
 */
export function routeRefProblems(ref: Partial<Record<keyof RouteRef, unknown>>): string[] {
  const problems: string[] = [];
  for (const field of ['meshName', 'virtualRouterName', 'routeName'] as const) {
    const value = ref[field];
    if (typeof value !== 'string' || value.length < 1 || value.length > 255) {
      // Bounded above 255 characters, so that a name one past App Mesh's limit shows whole.
      problems.push(`${field}: ${showValue(value, 1000)} must be a name of 1-255 characters`);
    }
  }
  return problems;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks and merges requested weights into a route's current ones. Reports every problem at once:
 * unknown targets, weights that are not integers in 0–100, a total outside 1–100 (App Mesh's
 * rules for weighted targets).
 *
 * @example
 * ```ts
 * import { mergeWeights } from '@meshplane/core/appmesh/internals';
 * mergeWeights('dj-app/jazz-router/jazz-route', [{ virtualNode: 'jazz-v1', weight: 100 }, { virtualNode: 'jazz-v2', weight: 0 }], { 'jazz-v2': 10, 'jazz-v1': 90 });
 * // { 'jazz-v1': 90, 'jazz-v2': 10 }
 * ```
 */
export function mergeWeights(
  route: string,
  targets: readonly WeightedTarget[],
  weights: Record<string, number>,
): Record<string, number> {
  const keys = targetKeys(targets);
  const merged: Record<string, number> = {};
  keys.forEach((k, i) => {
    merged[k] = targets[i]?.weight ?? 0;
  });
  const problems: string[] = [];
  for (const [key, weight] of Object.entries(weights)) {
    if (!(key in merged)) {
      problems.push(
        `weights["${key}"]: route ${route} has no weighted target "${key}" (targets: ${keys.join(', ')})`,
      );
      continue;
    }
    if (!Number.isInteger(weight) || weight < 0 || weight > MESH_QUOTAS.maxTotalWeight) {
      problems.push(
        `weights["${key}"]: ${showValue(weight)} must be an integer from 0 to ${MESH_QUOTAS.maxTotalWeight}`,
      );
      continue;
    }
    merged[key] = weight;
  }
  const total = Object.values(merged).reduce((a, b) => a + b, 0);
  if (problems.length === 0 && (total < 1 || total > MESH_QUOTAS.maxTotalWeight)) {
    problems.push(
      `weights: total ${total} must be from 1 to ${MESH_QUOTAS.maxTotalWeight} (App Mesh weighted target rule)`,
    );
  }
  if (problems.length > 0) throw new ReconcileError('INVALID_WEIGHTS', problems.join('; '));
  return merged;
}

/**
 * Reads a route and returns it as a model resource.
 *
 * @example
 * ```ts
 * import { AppMeshClient } from '@aws-sdk/client-app-mesh';
 * import { readRoute } from '@meshplane/core/appmesh/internals';
 * const client = new AppMeshClient({ region: 'us-east-1' });
 * const route = await readRoute(client, { meshName: 'dj-app', virtualRouterName: 'jazz-router', routeName: 'jazz-route' });
 * ```
 */
export async function readRoute(client: AppMeshClient, ref: RouteRef): Promise<RouteResource> {
  return (await readRouteWithVersion(client, ref)).route;
}

async function readRouteWithVersion(
  client: AppMeshClient,
  ref: RouteRef,
): Promise<{ route: RouteResource; version: number | undefined; uid: string | undefined }> {
  const state = await describeResource(client, {
    kind: 'route',
    meshName: ref.meshName,
    name: ref.routeName,
    virtualRouterName: ref.virtualRouterName,
  });
  const route: RouteResource = {
    kind: 'route',
    meshName: ref.meshName,
    virtualRouterName: ref.virtualRouterName,
    name: ref.routeName,
    spec: (state.spec ?? {}) as RouteSpec,
  };
  return { route, version: state.metadata?.version, uid: state.metadata?.uid };
}

/**
 * Changes only the weights of a route's weighted targets with exactly one UpdateRoute (after one
 * DescribeRoute); every other field of the route is sent back unchanged. No write at all when the
 * weights already match. Validates before writing: names of 1-255 characters and a weights object
 * (`INVALID_SHIFT`, before any call), then named targets must exist in the route, each weight
 * 0–100, total 1–100 (`INVALID_WEIGHTS`).
 *
 * @example
 * ```ts
 * import { shiftTraffic } from '@meshplane/core/appmesh';
 * // The DJ app's jazz canary: 100/0 → 90/10.
 * await shiftTraffic({
 *   clientConfig: { region: 'us-east-1' },
 *   meshName: 'dj-app',
 *   virtualRouterName: 'jazz-router',
 *   routeName: 'jazz-route',
 *   weights: { 'jazz-v1': 90, 'jazz-v2': 10 },
 * });
 * ```
 */
export async function shiftTraffic(options: ShiftTrafficOptions): Promise<ShiftTrafficResult> {
  const problems = routeRefProblems(options);
  if (!isPlainObject(options.weights)) {
    problems.push(
      `weights: ${showValue(options.weights)} must be an object of target name → weight, e.g. { "jazz-v2": 10 }`,
    );
  }
  if (problems.length > 0) throw new ReconcileError('INVALID_SHIFT', problems.join('; '));
  const client = lazyClient(options)();
  return shiftRoute(client, options, options.weights);
}

/**
 * The shared core of {@link shiftTraffic} and canary: describe, merge, one update.
 *
 * @example
 * ```ts
 * import { AppMeshClient } from '@aws-sdk/client-app-mesh';
 * import { shiftRoute } from '@meshplane/core/appmesh/internals';
 * const client = new AppMeshClient({ region: 'us-east-1' });
 * await shiftRoute(client, { meshName: 'dj-app', virtualRouterName: 'metal-router', routeName: 'metal-route' }, { 'metal-v1': 50, 'metal-v2': 50 });
 * ```
 */
export async function shiftRoute(
  client: AppMeshClient,
  ref: RouteRef,
  weights: Record<string, number>,
): Promise<ShiftTrafficResult> {
  const label = `${ref.meshName}/${ref.virtualRouterName}/${ref.routeName}`;
  const { route, version, uid } = await readRouteWithVersion(client, ref);
  const targets = weightedTargetsOf(route.spec);
  if (!targets || targets.length === 0) {
    throw new ReconcileError('NO_WEIGHTED_TARGETS', `route ${label} has no weighted targets to shift`);
  }
  const keys = targetKeys(targets);
  const before: Record<string, number> = {};
  keys.forEach((k, i) => {
    before[k] = targets[i]?.weight ?? 0;
  });
  const after = mergeWeights(label, targets, weights);
  if (keys.every((k) => before[k] === after[k])) return { before, after, changed: false, route };
  const spec = structuredClone(route.spec);
  const newTargets = weightedTargetsOf(spec)!;
  newTargets.forEach((t, i) => {
    t.weight = after[keys[i]!];
  });
  const updated: RouteResource = { ...route, spec };
  await updateResource(
    client,
    updated,
    clientTokenFor('update', updated, updateSalt(version, route.spec, uid)),
  );
  return { before, after, changed: true, route: updated };
}
