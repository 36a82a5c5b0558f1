import dagre from '@dagrejs/dagre';
import type { WorkflowDocument } from '@twingraph/model';

export const NODE_WIDTH = 220;

/** Height a node view takes: header plus one row per port on the longer side. */
export function nodeHeight(inputs: number, outputs: number): number {
  return 52 + Math.max(inputs, outputs, 1) * 20;
}

/** Left-to-right layered layout of the whole document (dagre). Returns new positions by node id. */
export function autoLayout(doc: WorkflowDocument): Record<string, { x: number; y: number }> {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 30, ranksep: 70, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of doc.nodes) g.setNode(n.id, { width: NODE_WIDTH, height: nodeHeight(n.inputs.length, n.outputs.length + (n.type === 'condition' ? 3 : 0)) });
  for (const e of doc.edges) if (g.hasNode(e.source) && g.hasNode(e.target)) g.setEdge(e.source, e.target);
  dagre.layout(g);
  const out: Record<string, { x: number; y: number }> = {};
  for (const n of doc.nodes) {
    const p = g.node(n.id) as { x: number; y: number; width: number; height: number } | undefined;
    if (p) out[n.id] = { x: p.x - p.width / 2, y: p.y - p.height / 2 };
  }
  return out;
}
