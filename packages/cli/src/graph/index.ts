export { renderDot } from './dot.js';
export { renderMermaid } from './mermaid.js';
export {
  buildMeshGraph,
  type GraphEdge,
  type GraphNode,
  type GraphNodeKind,
  type MeshGraph,
} from './mesh-graph.js';
