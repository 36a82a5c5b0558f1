import type { DependsOnEdge, LineageWrite } from '@twingraph/model';
import { rowToComponent, rowToPipeline, type ComponentRow, type PipelineRow } from './lineage-rows.js';

/**
 * LineageStore.exportGraph for SQLite and PostgreSQL: the same statements (`?` placeholders) page through
 * pipelines by id and components by vertex_id (write order, keyset paging, so a page costs the same at
 * any offset), each component with its resolved DEPENDS_ON and CACHED_FROM edges.
 */
export const EXPORT_SQL = {
  pipelines: 'SELECT * FROM pipelines WHERE pipeline_id > ? ORDER BY pipeline_id LIMIT ?',
  components: 'SELECT * FROM components WHERE vertex_id > ? ORDER BY vertex_id LIMIT ?',
  // Edges to parents / sources not in the store (parent_id, source_id NULL) are left out, as queries do.
  dependsOn: `SELECT d.child_id, d.parent, d.data_flow FROM depends_on d
    WHERE d.child_id >= ? AND d.child_id <= ? AND d.parent_id IS NOT NULL ORDER BY d.child_id, d.parent`,
  cachedFrom: 'SELECT f.child_id, f.source FROM cached_from f WHERE f.child_id >= ? AND f.child_id <= ? AND f.source_id IS NOT NULL',
} as const;

/** Runs one read statement with `?` parameters (the backend converts placeholders as it needs). */
export type ExportQuery = <R extends object>(sql: string, params: unknown[]) => Promise<R[]>;

type VertexKey = number | string | bigint;

export async function* exportLineagePages(query: ExportQuery, pageSize = 500): AsyncIterable<LineageWrite[]> {
  const size = Math.max(1, pageSize);
  let lastPipeline = '';
  for (;;) {
    const rows: PipelineRow[] = await query<PipelineRow>(EXPORT_SQL.pipelines, [lastPipeline, size]);
    if (rows.length === 0) break;
    yield rows.map((row) => ({ kind: 'pipeline', vertex: rowToPipeline(row) }));
    lastPipeline = rows[rows.length - 1]!.pipeline_id;
    if (rows.length < size) break;
  }
  let lastVertex: VertexKey = 0;
  for (;;) {
    const rows: Array<ComponentRow & { vertex_id: VertexKey }> = await query<ComponentRow & { vertex_id: VertexKey }>(EXPORT_SQL.components, [lastVertex, size]);
    if (rows.length === 0) break;
    const first: VertexKey = rows[0]!.vertex_id;
    const last: VertexKey = rows[rows.length - 1]!.vertex_id;
    const parents = new Map<string, DependsOnEdge[]>();
    const byVertex = new Map(rows.map((row) => [String(row.vertex_id), row.execution_id]));
    for (const d of await query<{ child_id: VertexKey; parent: string; data_flow: string }>(EXPORT_SQL.dependsOn, [first, last])) {
      const child = byVertex.get(String(d.child_id));
      if (child === undefined) continue;
      const flows = JSON.parse(d.data_flow) as Array<{ from_output: string; to_input: string }>;
      const list = parents.get(child) ?? [];
      list.push({ child, parent: d.parent, dataFlow: flows.map((f) => ({ fromOutput: f.from_output, toInput: f.to_input })) });
      parents.set(child, list);
    }
    const cached = new Map<string, string>();
    for (const f of await query<{ child_id: VertexKey; source: string }>(EXPORT_SQL.cachedFrom, [first, last])) {
      const child = byVertex.get(String(f.child_id));
      if (child !== undefined) cached.set(child, f.source);
    }
    yield rows.map((row): LineageWrite => {
      const source = cached.get(row.execution_id);
      return { kind: 'component', vertex: rowToComponent(row), parents: parents.get(row.execution_id) ?? [], ...(source === undefined ? {} : { cachedFrom: source }) };
    });
    lastVertex = last;
    if (rows.length < size) break;
  }
}
