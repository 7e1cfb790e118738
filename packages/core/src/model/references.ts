import { KINDS } from './kinds.js';
import type { MeshplaneResource, ResourceKind } from './resources.js';
import { resourceKey } from './resources.js';
import {
  gatewayRouteTarget,
  nodeBackends,
  routeBody,
  serviceProvider,
  weightedTargets,
} from './spec-accessors.js';

/**
 * One edge of the resource graph.
 *
 * - `hard`: App Mesh refuses the create while the target is missing and the delete of the target
 *   while this resource exists (mesh, parent router or gateway, route targets, service provider,
 *   gateway route target).
 * - `soft`: a name App Mesh accepts before its target exists (a node's backends: cycles are legal,
 *   App Mesh user guide "Virtual nodes").
 */
export interface Reference {
  /** Why this resource names the other: the graph's edge label. */
  role: 'mesh' | 'parent' | 'routeTarget' | 'provider' | 'backend' | 'gatewayRouteTarget';
  strength: 'hard' | 'soft';
  kind: ResourceKind;
  meshName: string;
  name: string;
  /** `resourceKey` of the referenced resource. */
  key: string;
  /** Where the name is written, relative to the resource: `spec.httpRoute.action.weightedTargets[1].virtualNode`. */
  path: string;
  /** For route targets: the weight and the index in `weightedTargets`. */
  weight?: number;
}

/**
 * Every reference a resource makes, hard and soft, in the order the spec writes them. The whole
 * resource graph lives in this one function (go-control-plane keeps its reference walk in one
 * place, `GetResourceReferences`, for the same reason): the planner's create/delete order,
 * validation's missing references, the emulator's ResourceInUse rules, the CLI graph and the
 * Envoy translation all read it.
 *
 * @example
 * ```ts
 * import { references } from '@meshplane/core';
 * references({ kind: 'virtualService', meshName: 'm', name: 's', spec: { provider: { virtualNode: { virtualNodeName: 'n' } } } })
 *   .map((r) => r.key); // ['mesh:m', 'virtualNode:m/n']
 * ```
 */
export function references(resource: MeshplaneResource): Reference[] {
  if (resource.kind === 'mesh') return [];
  const meshName = resource.meshName;
  const ref = (
    role: Reference['role'],
    strength: Reference['strength'],
    kind: ResourceKind,
    name: string,
    path: string,
    extra: Partial<Reference> = {},
  ): Reference => {
    // Every referenced kind is mesh-scoped (never a route or gateway route), so the key needs no parent.
    const key = resourceKey({ kind, meshName, name });
    return { role, strength, kind, meshName, name, key, path, ...extra };
  };
  const out: Reference[] = [ref('mesh', 'hard', 'mesh', meshName, 'meshName')];
  const info = KINDS[resource.kind];
  if (resource.kind === 'route') {
    out.push(ref('parent', 'hard', 'virtualRouter', resource.virtualRouterName, info.parentMember ?? ''));
    const type = routeBody(resource.spec)?.type;
    for (const t of weightedTargets(resource.spec)) {
      out.push(
        ref(
          'routeTarget',
          'hard',
          'virtualNode',
          t.virtualNode,
          `spec.${type}.action.weightedTargets[${t.index}].virtualNode`,
          {
            weight: t.weight,
          },
        ),
      );
    }
  } else if (resource.kind === 'gatewayRoute') {
    out.push(ref('parent', 'hard', 'virtualGateway', resource.virtualGatewayName, info.parentMember ?? ''));
    const target = gatewayRouteTarget(resource.spec);
    if (target) {
      out.push(
        ref(
          'gatewayRouteTarget',
          'hard',
          'virtualService',
          target.virtualServiceName,
          `spec.${target.type}.action.target.virtualService.virtualServiceName`,
        ),
      );
    }
  } else if (resource.kind === 'virtualService') {
    const provider = serviceProvider(resource.spec);
    if (provider) {
      const member = provider.kind === 'virtualNode' ? 'virtualNodeName' : 'virtualRouterName';
      out.push(
        ref('provider', 'hard', provider.kind, provider.name, `spec.provider.${provider.kind}.${member}`),
      );
    }
  } else if (resource.kind === 'virtualNode') {
    for (const b of nodeBackends(resource.spec)) {
      out.push(
        ref(
          'backend',
          'soft',
          'virtualService',
          b.virtualServiceName,
          `spec.backends[${b.index}].virtualService.virtualServiceName`,
        ),
      );
    }
  }
  return out;
}

/** The keys of the hard references: what must exist before this resource is created. */
export function hardReferenceKeys(resource: MeshplaneResource): string[] {
  return [
    ...new Set(
      references(resource)
        .filter((r) => r.strength === 'hard')
        .map((r) => r.key),
    ),
  ];
}
