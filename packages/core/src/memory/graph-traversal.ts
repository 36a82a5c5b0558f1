import type { ComponentVertex, LineageEdge, PipelineVertex } from '@twingraph/model';

/**
 * Breadth-first walk over DEPENDS_ON from one execution, shared by stores that keep the graph in
 * memory (and usable by any store that can list an execution's neighbours).
 */
export function walkDependsOn(
  start: string,
  depth: number | undefined,
  neighbours: (executionId: string) => Array<{ id: string; edge: LineageEdge }>,
): { ids: string[]; edges: LineageEdge[] } {
  const seen = new Set<string>([start]);
  const edges: LineageEdge[] = [];
  let frontier = [start];
  const limit = depth ?? Number.POSITIVE_INFINITY;
  for (let level = 0; level < limit && frontier.length > 0; level++) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const neighbour of neighbours(id)) {
        edges.push(neighbour.edge);
        if (!seen.has(neighbour.id)) {
          seen.add(neighbour.id);
          next.push(neighbour.id);
        }
      }
    }
    frontier = next;
  }
  return { ids: [...seen], edges };
}

export function belongsToEdge(vertex: ComponentVertex): LineageEdge {
  return { label: 'BELONGS_TO', from: vertex.executionId, to: vertex.pipelineId, properties: { component_order: vertex.componentOrder } };
}

export function sortNewestFirst(vertices: ComponentVertex[]): ComponentVertex[] {
  return vertices.sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : b.componentOrder - a.componentOrder));
}

export function uniquePipelines(list: Array<PipelineVertex | undefined>): PipelineVertex[] {
  const map = new Map<string, PipelineVertex>();
  for (const p of list) if (p !== undefined) map.set(p.pipelineId, p);
  return [...map.values()];
}
