import type { MeshplaneResource } from '../model/resources.js';
import { resourceKey } from '../model/resources.js';

type AnyRecord = Record<string, unknown>;

const asRecord = (v: unknown): AnyRecord | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as AnyRecord) : undefined;

const ROUTE_TYPES = ['httpRoute', 'http2Route', 'grpcRoute', 'tcpRoute'] as const;

/**
 * The keys of the resources that must exist before this one can be created, and that cannot be
 * deleted while it refers to them: its mesh, a route's router and target nodes, a virtual
 * service's provider, a gateway route's gateway and target service. A node's backends are not
 * included: App Mesh lets a node name backends that do not exist yet (cycles are legal).
 *
 * @example
 * ```ts
 * import { hardReferences } from '@meshplane/core/appmesh';
 * hardReferences({ kind: 'virtualService', meshName: 'm', name: 's', spec: { provider: { virtualNode: { virtualNodeName: 'n' } } } });
 * // ['mesh:m', 'virtualNode:m/n']
 * ```
 */
export function hardReferences(resource: MeshplaneResource): string[] {
  const meshName = resource.meshName;
  if (resource.kind === 'mesh') return [];
  const refs = new Set<string>([resourceKey({ kind: 'mesh', meshName, name: meshName })]);
  switch (resource.kind) {
    case 'route': {
      refs.add(resourceKey({ kind: 'virtualRouter', meshName, name: resource.virtualRouterName }));
      for (const node of routeTargetNodes(resource.spec)) {
        refs.add(resourceKey({ kind: 'virtualNode', meshName, name: node }));
      }
      break;
    }
    case 'virtualService': {
      const provider = asRecord(resource.spec?.provider);
      const node = asRecord(provider?.virtualNode)?.virtualNodeName;
      const router = asRecord(provider?.virtualRouter)?.virtualRouterName;
      if (typeof node === 'string') refs.add(resourceKey({ kind: 'virtualNode', meshName, name: node }));
      if (typeof router === 'string')
        refs.add(resourceKey({ kind: 'virtualRouter', meshName, name: router }));
      break;
    }
    case 'gatewayRoute': {
      refs.add(resourceKey({ kind: 'virtualGateway', meshName, name: resource.virtualGatewayName }));
      const spec = resource.spec as AnyRecord | undefined;
      for (const type of ['httpRoute', 'http2Route', 'grpcRoute']) {
        const target = asRecord(asRecord(asRecord(spec?.[type])?.action)?.target);
        const service = asRecord(target?.virtualService)?.virtualServiceName;
        if (typeof service === 'string') {
          refs.add(resourceKey({ kind: 'virtualService', meshName, name: service }));
        }
      }
      break;
    }
    default:
      break;
  }
  return [...refs];
}

/**
 * The virtual node names a route's weighted targets point at, whatever the route type.
 *
 * @example
 * ```ts
 * import { routeTargetNodes } from '@meshplane/core/appmesh';
 * routeTargetNodes({ httpRoute: { match: { prefix: '/' }, action: { weightedTargets: [{ virtualNode: 'a', weight: 1 }] } } }); // ['a']
 * ```
 */
export function routeTargetNodes(spec: unknown): string[] {
  const record = asRecord(spec);
  const nodes: string[] = [];
  for (const type of ROUTE_TYPES) {
    const targets = asRecord(asRecord(record?.[type])?.action)?.weightedTargets;
    if (!Array.isArray(targets)) continue;
    for (const target of targets) {
      const node = asRecord(target)?.virtualNode;
      if (typeof node === 'string') nodes.push(node);
    }
  }
  return nodes;
}
