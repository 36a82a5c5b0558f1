import type { ComponentVertex, LineageEdge, LineageGraph } from '@twingraph/model';

/** `LABEL from->to` for every edge, sorted: compares edge sets regardless of backend order. */
export function edgeKeys(edges: readonly LineageEdge[]): string[] {
  return edges.map((e) => `${e.label} ${e.from}->${e.to}`).sort();
}

/** Sorted executionIds of a graph's components. */
export function componentIds(graph: LineageGraph | { components: readonly ComponentVertex[] }): string[] {
  return graph.components.map((c) => c.executionId).sort();
}

/** executionIds in the order returned. */
export function idsInOrder(vertices: readonly ComponentVertex[]): string[] {
  return vertices.map((v) => v.executionId);
}

/** Finds the one edge with this label and endpoints, or throws. */
export function findEdge(edges: readonly LineageEdge[], label: LineageEdge['label'], from: string, to: string): LineageEdge {
  const matches = edges.filter((e) => e.label === label && e.from === from && e.to === to);
  if (matches.length !== 1) throw new Error(`Expected one ${label} edge ${from}->${to}, found ${matches.length}`);
  return matches[0]!;
}
