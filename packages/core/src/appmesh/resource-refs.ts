import { hardReferenceKeys } from '../model/references.js';
import type { MeshplaneResource } from '../model/resources.js';
import { weightedTargets } from '../model/spec-accessors.js';

/**
 * The keys of the resources that must exist before this one can be created, and that cannot be
 * deleted while it refers to them: its mesh, a route's router and target nodes, a virtual
 * service's provider, a gateway route's gateway and target service. A node's backends are not
 * included: App Mesh lets a node name backends that do not exist yet (cycles are legal). The
 * graph is the kernel's (`references`), read here for the planner.
 *
 * @example
 * ```ts
 * import { hardReferences } from '@meshplane/core/appmesh/internals';
 * hardReferences({ kind: 'virtualService', meshName: 'm', name: 's', spec: { provider: { virtualNode: { virtualNodeName: 'n' } } } });
 * // ['mesh:m', 'virtualNode:m/n']
 * ```
 */
export function hardReferences(resource: MeshplaneResource): string[] {
  return hardReferenceKeys(resource);
}

/**
 * The virtual node names a route's weighted targets point at, whatever the route type.
 *
 * @example
 * ```ts
 * import { routeTargetNodes } from '@meshplane/core/appmesh/internals';
 * routeTargetNodes({ httpRoute: { match: { prefix: '/' }, action: { weightedTargets: [{ virtualNode: 'a', weight: 1 }] } } }); // ['a']
 * ```
 */
export function routeTargetNodes(spec: unknown): string[] {
  return weightedTargets(spec).map((t) => t.virtualNode);
}
