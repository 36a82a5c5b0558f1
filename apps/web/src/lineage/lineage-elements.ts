import type { ComponentVertex, LineageEdge, LineageGraph, PipelineVertex } from '@twingraph/model';

export type ColourBy = 'status' | 'platform';

export const STATUS_COLOURS: Record<string, string> = {
  succeeded: '#1f9d55', failed: '#d0342c', running: '#2e7dd1', queued: '#2e7dd1', cached: '#7b61c9',
  cancelled: '#9aa3b2', skipped: '#b8bfcb', pending: '#c9ced6',
};

export const PLATFORM_COLOURS: Record<string, string> = {
  local: '#4f5bd5', docker: '#0db7ed', kubernetes: '#326ce5', lambda: '#ff9900', batch: '#d45b07',
};

export function colourOf(vertex: Pick<ComponentVertex, 'status' | 'platform'>, by: ColourBy): string {
  return (by === 'status' ? STATUS_COLOURS[vertex.status] : PLATFORM_COLOURS[vertex.platform]) ?? '#8a93a3';
}

/** Several answers (an execution, or upstream + downstream) as one graph, each vertex and edge once. */
export function mergeGraphs(...graphs: LineageGraph[]): LineageGraph {
  const pipelines = new Map<string, PipelineVertex>();
  const components = new Map<string, ComponentVertex>();
  const edges = new Map<string, LineageEdge>();
  for (const g of graphs) {
    for (const p of g.pipelines) pipelines.set(p.pipelineId, p);
    for (const c of g.components) components.set(c.executionId, c);
    for (const e of g.edges) edges.set(`${e.label}:${e.from}:${e.to}`, e);
  }
  return { pipelines: [...pipelines.values()], components: [...components.values()], edges: [...edges.values()] };
}

/** Checks that parsed JSON is a lineage graph (as exported); throws with what is wrong. */
export function parseLineageJson(text: string): LineageGraph {
  const value = JSON.parse(text) as unknown;
  if (value === null || typeof value !== 'object') throw new Error('The file is not a JSON object');
  const g = value as Partial<LineageGraph>;
  if (!Array.isArray(g.components) || !Array.isArray(g.edges)) throw new Error('Expected {pipelines, components, edges} as exported by the lineage explorer');
  for (const c of g.components) {
    if (typeof c?.executionId !== 'string' || typeof c.name !== 'string') throw new Error('Every component needs an executionId and a name');
  }
  return { pipelines: Array.isArray(g.pipelines) ? g.pipelines : [], components: g.components, edges: g.edges };
}

/** Data-flow edges (parent → child) among the given components: DEPENDS_ON reversed. */
export function dataFlowEdges(graph: LineageGraph): Array<{ source: string; target: string; label: 'DEPENDS_ON' | 'CACHED_FROM' }> {
  const ids = new Set(graph.components.map((c) => c.executionId));
  const out: Array<{ source: string; target: string; label: 'DEPENDS_ON' | 'CACHED_FROM' }> = [];
  for (const e of graph.edges) {
    if (e.label === 'BELONGS_TO' || !ids.has(e.from) || !ids.has(e.to)) continue;
    out.push({ source: e.to, target: e.from, label: e.label });
  }
  return out;
}

/**
 * Layered positions in O(nodes + edges): column = longest path from a root, rows ordered by the mean
 * row of the parents (fewer crossings), tall columns wrapped. Fast enough for many thousands of
 * vertices where force-directed layouts stall the page.
 */
export function layeredPositions(ids: readonly string[], edges: ReadonlyArray<{ source: string; target: string }>, options: { columnGap?: number; rowGap?: number; maxPerColumn?: number } = {}): Map<string, { x: number; y: number }> {
  const columnGap = options.columnGap ?? 230;
  const rowGap = options.rowGap ?? 56;
  const maxPerColumn = options.maxPerColumn ?? 80;
  const children = new Map<string, string[]>(ids.map((id) => [id, []]));
  const parents = new Map<string, string[]>(ids.map((id) => [id, []]));
  const inDegree = new Map<string, number>(ids.map((id) => [id, 0]));
  for (const e of edges) {
    if (!children.has(e.source) || !children.has(e.target) || e.source === e.target) continue;
    children.get(e.source)!.push(e.target);
    parents.get(e.target)!.push(e.source);
    inDegree.set(e.target, inDegree.get(e.target)! + 1);
  }
  const level = new Map<string, number>();
  const queue = ids.filter((id) => inDegree.get(id) === 0);
  for (const id of queue) level.set(id, 0);
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    for (const child of children.get(id)!) {
      level.set(child, Math.max(level.get(child) ?? 0, level.get(id)! + 1));
      const left = inDegree.get(child)! - 1;
      inDegree.set(child, left);
      if (left === 0) queue.push(child);
    }
  }
  // Vertices on a cycle (not a valid lineage, but never hang): first column.
  for (const id of ids) if (!level.has(id)) level.set(id, 0);
  const columns: string[][] = [];
  for (const id of ids) (columns[level.get(id)!] ??= []).push(id);
  const row = new Map<string, number>();
  const positions = new Map<string, { x: number; y: number }>();
  let x = 0;
  for (const column of columns) {
    if (column === undefined) continue;
    const keyed = column.map((id, index) => {
      const ps = parents.get(id)!.map((p) => row.get(p)).filter((r): r is number => r !== undefined);
      return { id, key: ps.length === 0 ? index : ps.reduce((a, b) => a + b, 0) / ps.length, index };
    });
    keyed.sort((a, b) => a.key - b.key || a.index - b.index);
    const wraps = Math.ceil(keyed.length / maxPerColumn);
    const perColumn = Math.ceil(keyed.length / wraps);
    keyed.forEach(({ id }, i) => {
      const sub = Math.floor(i / perColumn);
      const r = i % perColumn;
      row.set(id, r);
      positions.set(id, { x: x + sub * columnGap * 0.6, y: (r - (perColumn - 1) / 2) * rowGap });
    });
    x += columnGap * (1 + (wraps - 1) * 0.6);
  }
  return positions;
}

export interface GraphFigures {
  components: number;
  edges: number;
  pipelines: number;
  byStatus: Record<string, number>;
  byPlatform: Record<string, number>;
  /** Longest chain of DEPENDS_ON edges (vertices). */
  depth: number;
  roots: number;
  leaves: number;
  /** Sum of component durations that ran, in ms. */
  totalDurationMs: number;
}

/** Figures of the graph on screen (the server's statistics cover the whole store). */
export function graphFigures(graph: LineageGraph): GraphFigures {
  const byStatus: Record<string, number> = {};
  const byPlatform: Record<string, number> = {};
  let totalDurationMs = 0;
  for (const c of graph.components) {
    byStatus[c.status] = (byStatus[c.status] ?? 0) + 1;
    byPlatform[c.platform] = (byPlatform[c.platform] ?? 0) + 1;
    if (c.completedAt !== undefined && c.status !== 'cached') {
      const ms = Date.parse(c.completedAt) - Date.parse(c.startedAt);
      if (Number.isFinite(ms) && ms > 0) totalDurationMs += ms;
    }
  }
  const flow = dataFlowEdges(graph).filter((e) => e.label === 'DEPENDS_ON');
  const ids = graph.components.map((c) => c.executionId);
  const positions = layeredPositions(ids, flow, { maxPerColumn: Number.MAX_SAFE_INTEGER });
  const depth = ids.length === 0 ? 0 : new Set([...positions.values()].map((p) => p.x)).size;
  const hasParent = new Set(flow.map((e) => e.target));
  const hasChild = new Set(flow.map((e) => e.source));
  return {
    components: graph.components.length,
    edges: flow.length,
    pipelines: graph.pipelines.length,
    byStatus,
    byPlatform,
    depth,
    roots: ids.filter((id) => !hasParent.has(id)).length,
    leaves: ids.filter((id) => !hasChild.has(id)).length,
    totalDurationMs,
  };
}
