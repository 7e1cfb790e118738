import type { MatchSpecificity } from './http-match.js';

/**
 * What {@link compareRoutes} needs to know about a route.
 *
 * @example
 * ```ts
 * const route: OrderableRoute = { name: 'api', priority: 0, specificity: { pathKind: 1, pathLength: 4, conditions: 0 } };
 * ```
 */
export interface OrderableRoute {
  name: string;
  priority: number | undefined;
  specificity: MatchSpecificity;
}

/**
 * The order in which a virtual router's routes are tried; the first route that matches wins.
 *
 * 1. Routes WITH a priority come first, lowest number first: "Routes are matched based on the
 *    specified value, where 0 is the highest priority" (App Mesh API reference, `RouteSpec.priority`;
 *    the CDK adds "the first matched route is selected").
 * 2. Routes WITHOUT a priority follow. App Mesh does not document their order; before priorities
 *    existed App Mesh sorted routes by match length when it built Envoy's route table
 *    (aws/aws-app-mesh-roadmap#77). We make that deterministic and most-specific-first, the
 *    order Envoy-based control planes use: exact path, then path regex, then prefix; longer
 *    first within a kind; then the route with more conditions (headers, query parameters, method,
 *    scheme, gRPC names). So a `/` catch-all never shadows `/api`.
 * 3. Remaining ties (equal priority, which validation rejects, or equal specificity) are broken by
 *    route name, so that the order never depends on the order of the model's list.
 *
 * @example
 * ```ts
 * import { compareRoutes } from '@meshplane/core/router/internals';
 * const spec = (pathKind: number, pathLength: number) => ({ pathKind, pathLength, conditions: 0 });
 * const routes = [
 *   { name: 'all', priority: undefined, specificity: spec(1, 1) },
 *   { name: 'api', priority: undefined, specificity: spec(1, 4) },
 *   { name: 'pinned', priority: 5, specificity: spec(1, 1) },
 * ];
 * console.log(routes.sort(compareRoutes).map((r) => r.name)); // ['pinned', 'api', 'all']
 * ```
 */
export function compareRoutes(a: OrderableRoute, b: OrderableRoute): number {
  const pa = a.priority;
  const pb = b.priority;
  if (pa !== undefined && pb === undefined) return -1;
  if (pa === undefined && pb !== undefined) return 1;
  if (pa !== undefined && pb !== undefined && pa !== pb) return pa - pb;
  const sa = a.specificity;
  const sb = b.specificity;
  if (sa.pathKind !== sb.pathKind) return sb.pathKind - sa.pathKind;
  if (sa.pathLength !== sb.pathLength) return sb.pathLength - sa.pathLength;
  if (sa.conditions !== sb.conditions) return sb.conditions - sa.conditions;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
