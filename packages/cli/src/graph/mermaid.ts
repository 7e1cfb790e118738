import type { MeshModel } from '@meshplane/core';
import { buildMeshGraph, type GraphNode } from './mesh-graph.js';

// Mermaid labels go inside double quotes; a double quote itself must be written as an entity.
const label = (text: string) => `"${text.replace(/"/g, '#quot;')}"`;

function shape(node: GraphNode): string {
  const text = label(node.missing ? `${node.name} (missing)` : node.name);
  switch (node.kind) {
    case 'virtualService':
      return `${node.id}([${text}])`;
    case 'virtualRouter':
      return `${node.id}{{${text}}}`;
    case 'virtualGateway':
      return `${node.id}[/${text}/]`;
    default:
      return `${node.id}[${text}]`;
  }
}

/**
 * Draws the model as a Mermaid flowchart: one subgraph per mesh; services as stadiums, routers as
 * hexagons, nodes as boxes, gateways as parallelograms; route arrows labelled with route name and
 * weight share, backends dashed.
 *
 * @example
 * ```ts
 * import { renderMermaid } from './packages/cli/src/graph/index.js';
 * console.log(renderMermaid({ resources: [{ kind: 'mesh', meshName: 'm', name: 'm', spec: {} }] }));
 * ```
 */
export function renderMermaid(model: MeshModel): string {
  const graph = buildMeshGraph(model);
  const lines = ['flowchart LR'];
  graph.meshes.forEach((mesh, i) => {
    lines.push(`  subgraph mesh${i + 1}[${label(`mesh ${mesh}`)}]`);
    for (const node of graph.nodes.filter((n) => n.meshName === mesh)) lines.push(`    ${shape(node)}`);
    lines.push('  end');
  });
  for (const edge of graph.edges) {
    if (edge.kind === 'backend') lines.push(`  ${edge.from} -.->|backend| ${edge.to}`);
    else if (edge.label) lines.push(`  ${edge.from} -->|${label(edge.label)}| ${edge.to}`);
    else lines.push(`  ${edge.from} --> ${edge.to}`);
  }
  const missing = graph.nodes.filter((n) => n.missing).map((n) => n.id);
  if (missing.length > 0) {
    lines.push('  classDef missing stroke-dasharray: 5 5,stroke:#c00');
    lines.push(`  class ${missing.join(',')} missing`);
  }
  return `${lines.join('\n')}\n`;
}
