import { CycleDetectedError } from './cycle-detected.error.js';

export interface DagEdge {
  /** Upstream node id. */
  from: string;
  /** Downstream node id. */
  to: string;
}

/** Adjacency lists, built once; node order is kept as given so results are deterministic. */
export function buildAdjacency(nodeIds: readonly string[], edges: readonly DagEdge[]): Map<string, string[]> {
  const adjacency = new Map<string, string[]>();
  for (const id of nodeIds) adjacency.set(id, []);
  for (const edge of edges) {
    const list = adjacency.get(edge.from);
    if (list !== undefined && adjacency.has(edge.to)) list.push(edge.to);
  }
  return adjacency;
}

/**
 * Returns one cycle as the list of node ids along it, or undefined when the graph is acyclic.
 * Iterative DFS, so deep graphs (10,000-node chains) do not overflow the stack.
 */
export function findCycle(nodeIds: readonly string[], edges: readonly DagEdge[]): string[] | undefined {
  const adjacency = buildAdjacency(nodeIds, edges);
  const state = new Map<string, 1 | 2>(); // 1 = on the current path, 2 = done
  for (const start of nodeIds) {
    if (state.has(start)) continue;
    const path: string[] = [start];
    const cursors: number[] = [0];
    state.set(start, 1);
    while (path.length > 0) {
      const node = path[path.length - 1]!;
      const next = adjacency.get(node)!;
      const cursor = cursors[cursors.length - 1]!;
      if (cursor >= next.length) {
        state.set(node, 2);
        path.pop();
        cursors.pop();
        continue;
      }
      cursors[cursors.length - 1] = cursor + 1;
      const child = next[cursor]!;
      const childState = state.get(child);
      if (childState === 1) return path.slice(path.indexOf(child));
      if (childState === undefined) {
        state.set(child, 1);
        path.push(child);
        cursors.push(0);
      }
    }
  }
  return undefined;
}

/** Kahn's algorithm; ties keep the given node order. Throws CycleDetectedError naming the cycle. */
export function topologicalOrder(nodeIds: readonly string[], edges: readonly DagEdge[]): string[] {
  const adjacency = buildAdjacency(nodeIds, edges);
  const inDegree = new Map<string, number>(nodeIds.map((id) => [id, 0]));
  for (const targets of adjacency.values()) for (const t of targets) inDegree.set(t, (inDegree.get(t) ?? 0) + 1);
  const ready = nodeIds.filter((id) => inDegree.get(id) === 0);
  const order: string[] = [];
  for (let i = 0; i < ready.length; i++) {
    const id = ready[i]!;
    order.push(id);
    for (const target of adjacency.get(id)!) {
      const remaining = inDegree.get(target)! - 1;
      inDegree.set(target, remaining);
      if (remaining === 0) ready.push(target);
    }
  }
  if (order.length < nodeIds.length) {
    throw new CycleDetectedError(findCycle(nodeIds, edges) ?? nodeIds.filter((id) => !order.includes(id)));
  }
  return order;
}
