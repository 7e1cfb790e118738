import { type MeshModel, type MeshplaneResource, references, weightedTargets } from '@meshplane/core';

/** What a box of the drawing stands for. */
export type GraphNodeKind = 'virtualNode' | 'virtualRouter' | 'virtualService' | 'virtualGateway';

/** A box: one virtual node, router, service or gateway of one mesh. */
export interface GraphNode {
  id: string;
  kind: GraphNodeKind;
  meshName: string;
  name: string;
  /** True when something points at it but the model does not declare it. */
  missing: boolean;
}

/** An arrow: a service's provider, a route's weighted target, a backend, a gateway route. */
export interface GraphEdge {
  from: string;
  to: string;
  kind: 'provider' | 'route' | 'backend' | 'gatewayRoute';
  label?: string;
}

/** The mesh as boxes and arrows, independent of the output format. */
export interface MeshGraph {
  meshes: string[];
  nodes: GraphNode[];
  edges: GraphEdge[];
}

function percent(weight: number, total: number): string {
  if (total <= 0) return '0%';
  const p = (weight / total) * 100;
  return `${Number.isInteger(p) ? p : p.toFixed(1)}%`;
}

/**
 * Builds the drawing's boxes and arrows from a model: nodes, routers (with each route's weighted
 * targets as labelled arrows, `jazz-route 90%`), services (arrow to their provider), node
 * backends (dashed in the renderers) and gateways with their gateway routes. Ids are stable
 * (`n1`, `n2`, … in resource-key order), so the same model always draws the same text.
 *
 * @example
 * ```ts
 * import { buildMeshGraph } from './packages/cli/src/graph/index.js';
 * const graph = buildMeshGraph({ resources: [{ kind: 'mesh', meshName: 'm', name: 'm', spec: {} }] });
 * console.log(graph.meshes); // ['m']
 * ```
 */
export function buildMeshGraph(model: MeshModel): MeshGraph {
  const meshes = [...new Set(model.resources.map((r) => r.meshName))].sort();
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  const boxKey = (kind: GraphNodeKind, meshName: string, name: string) => `${kind}:${meshName}/${name}`;
  const declared = [...model.resources]
    .filter((r): r is Extract<MeshplaneResource, { kind: GraphNodeKind }> =>
      ['virtualNode', 'virtualRouter', 'virtualService', 'virtualGateway'].includes(r.kind),
    )
    .sort((a, b) => (boxKey(a.kind, a.meshName, a.name) < boxKey(b.kind, b.meshName, b.name) ? -1 : 1));
  for (const r of declared) {
    const key = boxKey(r.kind, r.meshName, r.name);
    nodes.set(key, {
      id: `n${nodes.size + 1}`,
      kind: r.kind,
      meshName: r.meshName,
      name: r.name,
      missing: false,
    });
  }
  const box = (kind: GraphNodeKind, meshName: string, name: string): string => {
    const key = boxKey(kind, meshName, name);
    let node = nodes.get(key);
    if (!node) {
      node = { id: `n${nodes.size + 1}`, kind, meshName, name, missing: true };
      nodes.set(key, node);
    }
    return node.id;
  };
  const sorted = [...model.resources].sort((a, b) =>
    `${a.kind}:${a.meshName}/${'virtualRouterName' in a ? a.virtualRouterName : ''}/${a.name}` <
    `${b.kind}:${b.meshName}/${'virtualRouterName' in b ? b.virtualRouterName : ''}/${b.name}`
      ? -1
      : 1,
  );
  // The arrows are the kernel's resource graph (`references`), drawn from the referring box.
  for (const r of sorted) {
    if (r.kind === 'route') {
      const from = box('virtualRouter', r.meshName, r.virtualRouterName);
      const targets = weightedTargets(r.spec);
      const total = targets.reduce((sum, t) => sum + t.weight, 0);
      for (const t of targets) {
        const port = t.port !== undefined ? ` :${t.port}` : '';
        edges.push({
          from,
          to: box('virtualNode', r.meshName, t.virtualNode),
          kind: 'route',
          label: `${r.name} ${percent(t.weight, total)}${port}`,
        });
      }
      continue;
    }
    for (const ref of references(r)) {
      if (ref.role === 'provider' && r.kind === 'virtualService') {
        edges.push({
          from: box('virtualService', r.meshName, r.name),
          to: box(ref.kind as GraphNodeKind, r.meshName, ref.name),
          kind: 'provider',
        });
      } else if (ref.role === 'backend' && r.kind === 'virtualNode') {
        edges.push({
          from: box('virtualNode', r.meshName, r.name),
          to: box('virtualService', r.meshName, ref.name),
          kind: 'backend',
          label: 'backend',
        });
      } else if (ref.role === 'gatewayRouteTarget' && r.kind === 'gatewayRoute') {
        edges.push({
          from: box('virtualGateway', r.meshName, r.virtualGatewayName),
          to: box('virtualService', r.meshName, ref.name),
          kind: 'gatewayRoute',
          label: r.name,
        });
      }
    }
  }
  return { meshes, nodes: [...nodes.values()], edges };
}
