import type { MeshModel } from '@meshplane/core';
import { buildMeshGraph, type GraphNode } from './mesh-graph.js';

const quote = (text: string) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

const SHAPES: Record<GraphNode['kind'], string> = {
  virtualService: 'ellipse',
  virtualRouter: 'hexagon',
  virtualNode: 'box',
  virtualGateway: 'parallelogram',
};

/**
 * Draws the model as Graphviz DOT: one cluster per mesh, the same boxes and arrows as
 * {@link renderMermaid} (route arrows labelled with route name and weight share, backends dashed).
 *
 * @example
 * ```ts
 * import { renderDot } from './packages/cli/src/graph/index.js';
 * console.log(renderDot({ resources: [{ kind: 'mesh', meshName: 'm', name: 'm', spec: {} }] }));
 * ```
 */
export function renderDot(model: MeshModel): string {
  const graph = buildMeshGraph(model);
  const lines = ['digraph mesh {', '  rankdir=LR;', '  node [fontname="Helvetica"];'];
  graph.meshes.forEach((mesh, i) => {
    lines.push(`  subgraph cluster_${i + 1} {`, `    label=${quote(`mesh ${mesh}`)};`);
    for (const node of graph.nodes.filter((n) => n.meshName === mesh)) {
      const attrs = [
        `label=${quote(node.missing ? `${node.name} (missing)` : node.name)}`,
        `shape=${SHAPES[node.kind]}`,
      ];
      if (node.missing) attrs.push('style=dashed', 'color=red');
      lines.push(`    ${node.id} [${attrs.join(', ')}];`);
    }
    lines.push('  }');
  });
  for (const edge of graph.edges) {
    const attrs: string[] = [];
    if (edge.label) attrs.push(`label=${quote(edge.label)}`);
    if (edge.kind === 'backend') attrs.push('style=dashed');
    lines.push(`  ${edge.from} -> ${edge.to}${attrs.length > 0 ? ` [${attrs.join(', ')}]` : ''};`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
