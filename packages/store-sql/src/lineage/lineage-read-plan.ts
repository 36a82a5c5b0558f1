import type { LineageGraph, LineageSearch, LineageStatistics } from '@twingraph/model';
import { SEARCH_FILTERS, searchSql, traversalComponentsSql, traversalEdgesSql, type Direction } from './lineage-query.sql.js';
import {
  belongsToEdgeOf,
  cachedFromRowToEdge,
  dependsOnRowToEdge,
  rowToComponent,
  rowToPipeline,
  type CachedFromRow,
  type ComponentRow,
  type DependsOnRow,
  type PipelineRow,
} from './lineage-rows.js';

// What the SQLite and PostgreSQL lineage stores do alike around their reads (statements with `?`
// parameters, rows to vertices); each runs the statements its own way (sync transaction, snapshot).

export interface Statement {
  sql: string;
  params: unknown[];
}

/** The search statement: only the filters the query sets, then the limit (default 100). */
export function searchStatement(query: LineageSearch): Statement {
  let mask = 0;
  const params: unknown[] = [];
  SEARCH_FILTERS.forEach(([key], i) => {
    const value = query[key];
    if (value !== undefined) {
      mask |= 1 << i;
      params.push(value);
    }
  });
  params.push(query.limit ?? 100);
  return { sql: searchSql(mask), params };
}

/** The two statements of a walk from `start`: components reached, then the DEPENDS_ON edges among them. */
export function traversalStatements(direction: Direction, start: string, depth: number | undefined): { components: Statement; edges: Statement } {
  const limited = depth !== undefined && Number.isFinite(depth);
  const limit = limited ? Math.max(0, Math.floor(depth)) : 0;
  return {
    components: { sql: traversalComponentsSql(direction, limited), params: limited ? [start, limit] : [start] },
    edges: { sql: traversalEdgesSql(direction, limited), params: limited ? [start, limit, limit] : [start] },
  };
}

/** A run's graph from its rows; BELONGS_TO edges are implied by the components. */
export function runGraphOf(pipeline: PipelineRow, components: readonly ComponentRow[], dependsOn: readonly DependsOnRow[], cachedFrom: readonly CachedFromRow[]): LineageGraph {
  const vertices = components.map(rowToComponent);
  return {
    pipelines: [rowToPipeline(pipeline)],
    components: vertices,
    edges: [...vertices.map(belongsToEdgeOf), ...dependsOn.map(dependsOnRowToEdge), ...cachedFrom.map(cachedFromRowToEdge)],
  };
}

export interface LineageCounts {
  pipelines: number;
  components: number;
  depends_on: number;
  cached_from: number;
}

/** Statistics from the counts (one BELONGS_TO edge per component) and the per-platform/status tallies. */
export function statisticsOf(counts: LineageCounts, byPlatform: Record<string, number>, byStatus: Record<string, number>): LineageStatistics {
  return {
    vertices: counts.pipelines + counts.components,
    edges: counts.depends_on + counts.components + counts.cached_from,
    pipelines: counts.pipelines,
    components: counts.components,
    edgesByLabel: { DEPENDS_ON: counts.depends_on, BELONGS_TO: counts.components, CACHED_FROM: counts.cached_from },
    byPlatform,
    byStatus,
  };
}

/** `{ key: n }` from `key, n` rows. */
export function tallyOf(rows: ReadonlyArray<{ key: string; n: number }>): Record<string, number> {
  const result: Record<string, number> = {};
  for (const row of rows) result[row.key] = row.n;
  return result;
}
