import type { WorkflowDocument, WorkflowPort } from '@twingraph/model';

export interface WorkflowInput {
  readonly name: string;
  readonly type: WorkflowPort['type'];
  /** The default of the first node that declares it (what runs when nothing is given). */
  readonly default: unknown;
  /** Nodes whose unconnected input of this name the value feeds. */
  readonly nodes: readonly string[];
}

/**
 * The workflow's inputs as `twingraph run --input` sees them: every declared node input that no edge
 * feeds, grouped by name (one value feeds all nodes with that unconnected input).
 */
export function workflowInputs(doc: WorkflowDocument): WorkflowInput[] {
  const bodies = new Set(doc.nodes.flatMap((n) => (n.type === 'map' || n.type === 'loop' ? [n.body] : [])));
  const fed = new Set(doc.edges.map((e) => `${e.target}\u0000${e.targetHandle ?? '*'}`));
  const byName = new Map<string, { name: string; type: WorkflowPort['type']; default: unknown; nodes: string[] }>();
  for (const node of doc.nodes) {
    if (bodies.has(node.id) || fed.has(`${node.id}\u0000*`)) continue;
    for (const port of node.inputs) {
      if (fed.has(`${node.id}\u0000${port.name}`)) continue;
      const entry = byName.get(port.name);
      if (entry) entry.nodes.push(node.id);
      else byName.set(port.name, { name: port.name, type: port.type, default: port.default, nodes: [node.id] });
    }
  }
  return [...byName.values()];
}
