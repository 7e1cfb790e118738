import type {
  RouteResource,
  VirtualNodeResource,
  VirtualRouterResource,
  VirtualServiceResource,
} from '../model/resources.js';
import type { ValidationCode } from '../validation/codes.js';
import type { ValidationIssue } from '../validation/issue.js';
import type { CompiledNode, CompiledRoute, CompileOptions, TimeoutSource } from './compiled-tables.js';
import type { CompiledRetryPolicy } from './retry-policy.js';

/**
 * The resources of the source node's mesh, by kind and name, as the compiler looks them up.
 *
 * @example
 * ```ts
 * const scope: MeshScope = meshScope(model.resources, 'dj-app');
 * console.log(scope.nodes.has('jazz-v1'));
 * ```
 */
export interface MeshScope {
  meshName: string;
  nodes: Map<string, VirtualNodeResource>;
  routers: Map<string, VirtualRouterResource>;
  routesByRouter: Map<string, RouteResource[]>;
  /** By lower-case name: virtual service names are DNS names. */
  services: Map<string, VirtualServiceResource>;
}

/**
 * What the compiler's steps share while compiling one source node: the options, the mesh scope,
 * the defaults, the caches (each node and route compiled once) and the issues found, reported in
 * validation's shape (`code`, `path`, `message`, `severity`) and all at once at the end.
 *
 * @example
 * ```ts
 * ctx.report('UNKNOWN_TARGET', 'routes.r.rt.spec.httpRoute.action.weightedTargets[0].virtualNode', 'virtual node "x" does not exist in mesh "m"');
 * ```
 */
export interface CompileContext {
  options: CompileOptions;
  scope: MeshScope;
  now: () => number;
  defaultMs: number;
  defaultSource: TimeoutSource;
  defaultRetry: CompiledRetryPolicy | undefined;
  issues: ValidationIssue[];
  nodes: Map<string, CompiledNode>;
  /** `path|name` of the missing nodes reported, so that a node is reported once per reference. */
  missingNodes: Set<string>;
  /** Matches are compiled once per route, whatever the number of router listeners. */
  routes: Map<RouteResource, CompiledRoute | undefined>;
  report(code: ValidationCode, path: string, message: string): void;
  /**
   * Problems with the router's options that the model reveals (a reachable Cloud Map node and no
   * `discovery`): not the model's issues, reported with them.
   */
  optionProblems: string[];
}

/**
 * Groups the resources of one mesh by kind and name.
 *
 * @example
 * ```ts
 * import { meshScope } from './compile-context.js';
 * const scope = meshScope(model.resources, 'dj-app');
 * ```
 */
export function meshScope(
  resources: readonly { kind: string; meshName: string; name: string }[],
  meshName: string,
): MeshScope {
  const scope: MeshScope = {
    meshName,
    nodes: new Map(),
    routers: new Map(),
    routesByRouter: new Map(),
    services: new Map(),
  };
  for (const r of resources) {
    if (r.meshName !== meshName) continue;
    if (r.kind === 'virtualNode') scope.nodes.set(r.name, r as VirtualNodeResource);
    else if (r.kind === 'virtualRouter') scope.routers.set(r.name, r as VirtualRouterResource);
    else if (r.kind === 'virtualService')
      scope.services.set(r.name.toLowerCase(), r as VirtualServiceResource);
    else if (r.kind === 'route') {
      const route = r as RouteResource;
      const list = scope.routesByRouter.get(route.virtualRouterName) ?? [];
      list.push(route);
      scope.routesByRouter.set(route.virtualRouterName, list);
    }
  }
  return scope;
}

/** Whether a value is a non-null object. */
export const isObject = (v: unknown): v is object => v !== null && typeof v === 'object';

/** Whether a value is an integer from `min` to `max`. */
export const isIntegerIn = (v: unknown, min: number, max: number): boolean =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
