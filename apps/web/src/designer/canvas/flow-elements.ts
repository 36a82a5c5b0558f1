import type { WorkflowDocument, WorkflowEdge, WorkflowNode } from '@twingraph/model';
import { edgeId } from '../model/document-changes.js';
import { outputPortsOf } from '../model/port-compatibility.js';
import type { FlowEdge } from './FlowEdgeView.js';
import type { FlowNode } from './WorkflowNodeView.js';

type Dims = { width: number; height: number };

/**
 * Turns the document into React Flow nodes and edges, reusing the previous object for every node and
 * edge that did not change. React Flow skips unchanged objects, and memoised views skip re-rendering,
 * so a drag or a run event costs one node, not the whole graph.
 */
export class FlowElementCache {
  private nodes = new Map<string, { src: WorkflowNode; selected: boolean; dims: Dims | undefined; bodyOutputs: unknown; flow: FlowNode }>();
  private edges = new Map<string, { src: WorkflowEdge; selected: boolean; flow: FlowEdge }>();
  readonly measured = new Map<string, Dims>();

  flowNodes(doc: WorkflowDocument, selected: ReadonlySet<string>): FlowNode[] {
    const byId = new Map(doc.nodes.map((n) => [n.id, n]));
    const next = new Map<string, { src: WorkflowNode; selected: boolean; dims: Dims | undefined; bodyOutputs: unknown; flow: FlowNode }>();
    const out: FlowNode[] = [];
    for (const node of doc.nodes) {
      const isSelected = selected.has(node.id);
      const dims = this.measured.get(node.id);
      // A loop's outputs include its body's: it must refresh when the body changes.
      const bodyOutputs = node.type === 'loop' ? byId.get(node.body)?.outputs : undefined;
      const prev = this.nodes.get(node.id);
      let entry = prev;
      if (!prev || prev.src !== node || prev.selected !== isSelected || prev.dims !== dims || prev.bodyOutputs !== bodyOutputs) {
        const flow: FlowNode = {
          id: node.id,
          type: 'workflow',
          position: node.position ?? { x: 0, y: 0 },
          data: { node, outputs: outputPortsOf(node, byId) },
          selected: isSelected,
          ...(dims ? { measured: dims } : {}),
        };
        entry = { src: node, selected: isSelected, dims, bodyOutputs, flow };
      }
      next.set(node.id, entry as NonNullable<typeof entry>);
      out.push((entry as NonNullable<typeof entry>).flow);
    }
    this.nodes = next;
    for (const id of this.measured.keys()) if (!next.has(id)) this.measured.delete(id);
    return out;
  }

  flowEdges(docEdges: readonly WorkflowEdge[], selected: ReadonlySet<string>): FlowEdge[] {
    const next = new Map<string, { src: WorkflowEdge; selected: boolean; flow: FlowEdge }>();
    const out: FlowEdge[] = [];
    for (const edge of docEdges) {
      const id = edgeId(edge);
      const isSelected = selected.has(id);
      const prev = this.edges.get(id);
      let entry = prev;
      if (!prev || prev.src !== edge || prev.selected !== isSelected) {
        entry = {
          src: edge,
          selected: isSelected,
          flow: {
            id,
            type: 'flow',
            source: edge.source,
            target: edge.target,
            sourceHandle: edge.sourceHandle ?? null,
            targetHandle: edge.targetHandle ?? null,
            selected: isSelected,
            data: { sourceHandle: edge.sourceHandle },
          },
        };
      }
      next.set(id, entry as NonNullable<typeof entry>);
      out.push((entry as NonNullable<typeof entry>).flow);
    }
    this.edges = next;
    return out;
  }
}
