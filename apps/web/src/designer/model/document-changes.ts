/**
 * Editor state as change objects (after xyflow's `changes.ts`): every edit of the workflow document
 * is a plain object applied by one pure function, so undo/redo, copy/paste and tests all go through
 * the same path. Documents are never mutated: a change returns a new document that shares every
 * untouched node, which keeps memoised node views from re-rendering.
 */
import type { WorkflowDocument, WorkflowEdge, WorkflowNode, WorkflowPort } from '@twingraph/model';

export type DocumentChange =
  | { type: 'add-nodes'; nodes: WorkflowNode[]; edges?: WorkflowEdge[] }
  | { type: 'remove'; nodeIds: string[]; edgeIds: string[] }
  | { type: 'move'; positions: Record<string, { x: number; y: number }> }
  | { type: 'update-node'; id: string; patch: Partial<Record<string, unknown>> }
  | { type: 'rename-node'; id: string; newId: string }
  | { type: 'set-ports'; id: string; side: 'inputs' | 'outputs'; ports: WorkflowPort[]; renamed?: { from: string; to: string } }
  | { type: 'connect'; edge: WorkflowEdge }
  | { type: 'update-metadata'; patch: Partial<WorkflowDocument['metadata']> }
  | { type: 'update-spec'; patch: Partial<NonNullable<WorkflowDocument['spec']>> }
  | { type: 'replace'; document: WorkflowDocument };

/** The id an edge is known by in the editor (documents may leave `id` out). */
export function edgeId(edge: WorkflowEdge): string {
  return edge.id ?? `${edge.source}.${edge.sourceHandle ?? '*'}->${edge.target}.${edge.targetHandle ?? '*'}`;
}

function withoutUndefined(node: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) if (v !== undefined) out[k] = v;
  return out;
}

export function applyChange(doc: WorkflowDocument, change: DocumentChange): WorkflowDocument {
  switch (change.type) {
    case 'add-nodes':
      return { ...doc, nodes: [...doc.nodes, ...change.nodes], edges: [...doc.edges, ...(change.edges ?? [])] };
    case 'remove': {
      const nodes = new Set(change.nodeIds);
      const edges = new Set(change.edgeIds);
      return {
        ...doc,
        nodes: doc.nodes.filter((n) => !nodes.has(n.id)),
        edges: doc.edges.filter((e) => !edges.has(edgeId(e)) && !nodes.has(e.source) && !nodes.has(e.target)),
      };
    }
    case 'move':
      return {
        ...doc,
        nodes: doc.nodes.map((n) => {
          const p = change.positions[n.id];
          return p === undefined ? n : { ...n, position: { x: Math.round(p.x), y: Math.round(p.y) } };
        }),
      };
    case 'update-node':
      return {
        ...doc,
        nodes: doc.nodes.map((n) => (n.id === change.id ? (withoutUndefined({ ...n, ...change.patch }) as WorkflowNode) : n)),
      };
    case 'rename-node': {
      const { id, newId } = change;
      return {
        ...doc,
        nodes: doc.nodes.map((n) => {
          let next = n.id === id ? { ...n, id: newId } : n;
          // A map/loop pointing at the renamed node keeps pointing at it.
          if ((next.type === 'map' || next.type === 'loop') && next.body === id) next = { ...next, body: newId };
          return next;
        }),
        edges: doc.edges.map((e) => {
          if (e.source !== id && e.target !== id) return e;
          const next = { ...e, source: e.source === id ? newId : e.source, target: e.target === id ? newId : e.target };
          return e.id === undefined ? next : { ...next, id: edgeId({ ...next, id: undefined }) };
        }),
      };
    }
    case 'set-ports': {
      const node = doc.nodes.find((n) => n.id === change.id);
      if (!node) return doc;
      const before = new Set(node[change.side].map((p) => p.name));
      const after = new Set(change.ports.map((p) => p.name));
      const gone = [...before].filter((name) => !after.has(name));
      const { renamed } = change;
      // A renamed port keeps its edges.
      const edgesKept = renamed === undefined ? doc.edges : doc.edges.map((e) => {
        if (change.side === 'inputs' && e.target === change.id && e.targetHandle === renamed.from) return { ...e, targetHandle: renamed.to, id: edgeId({ ...e, targetHandle: renamed.to, id: undefined }) };
        if (change.side === 'outputs' && e.source === change.id && e.sourceHandle === renamed.from) return { ...e, sourceHandle: renamed.to, id: edgeId({ ...e, sourceHandle: renamed.to, id: undefined }) };
        return e;
      });
      return {
        ...doc,
        nodes: doc.nodes.map((n) => (n.id === change.id ? { ...n, [change.side]: change.ports } : n)),
        // Edges on a port that no longer exists would dangle: drop them with the port.
        edges: edgesKept.filter((e) =>
          change.side === 'inputs'
            ? !(e.target === change.id && e.targetHandle !== undefined && gone.includes(e.targetHandle))
            : !(e.source === change.id && e.sourceHandle !== undefined && gone.includes(e.sourceHandle)),
        ),
      };
    }
    case 'connect': {
      const id = edgeId(change.edge);
      if (doc.edges.some((e) => edgeId(e) === id)) return doc;
      return { ...doc, edges: [...doc.edges, { ...change.edge, id }] };
    }
    case 'update-metadata':
      return { ...doc, metadata: { ...doc.metadata, ...change.patch } };
    case 'update-spec':
      return { ...doc, spec: withoutUndefined({ ...(doc.spec ?? {}), ...change.patch }) };
    case 'replace':
      return change.document;
  }
}
