import { validateWorkflow, type WorkflowDocument, type WorkflowProblem } from '@twingraph/model';
import { edgeId } from './document-changes.js';

export interface DocumentProblems {
  /** Every problem validateWorkflow reported. */
  readonly all: readonly WorkflowProblem[];
  /** Problems by node id (a node's own fields, its ports, and edges into it). */
  readonly byNode: ReadonlyMap<string, readonly WorkflowProblem[]>;
  /** Problems by editor edge id. */
  readonly byEdge: ReadonlyMap<string, readonly WorkflowProblem[]>;
  /** Problems of the document itself (metadata, spec, cycles). */
  readonly general: readonly WorkflowProblem[];
}

const NODE_PATH = /^\$\.nodes\[(\d+)\]/;
const EDGE_PATH = /^\$\.edges\[(\d+)\]/;

/** Validates the document as the server will, and files each problem under the node or edge it is about. */
export function documentProblems(doc: WorkflowDocument): DocumentProblems {
  const result = validateWorkflow(doc);
  const byNode = new Map<string, WorkflowProblem[]>();
  const byEdge = new Map<string, WorkflowProblem[]>();
  const general: WorkflowProblem[] = [];
  const add = <K,>(map: Map<K, WorkflowProblem[]>, key: K, p: WorkflowProblem) => map.set(key, [...(map.get(key) ?? []), p]);
  for (const p of result.problems) {
    const n = NODE_PATH.exec(p.path);
    const e = EDGE_PATH.exec(p.path);
    const node = n ? doc.nodes[Number(n[1])] : undefined;
    const edge = e ? doc.edges[Number(e[1])] : undefined;
    if (node) add(byNode, node.id, p);
    else if (edge) {
      add(byEdge, edgeId(edge), p);
      // The node an edge feeds is where the user looks for why it is red.
      if (doc.nodes.some((x) => x.id === edge.target)) add(byNode, edge.target, p);
    } else if (p.code === 'cycle') {
      general.push(p);
      for (const node of doc.nodes) if (p.message.includes(node.id)) add(byNode, node.id, p);
    } else general.push(p);
  }
  return { all: result.problems, byNode, byEdge, general };
}

/** One line per problem, for toasts and the save-blocked message. */
export function describeProblem(p: WorkflowProblem): string {
  return `${p.path}: ${p.message}${p.hint ? ` — ${p.hint}` : ''}`;
}
