import { LOG_COLUMNS, NODE_COLUMNS, RUN_COLUMNS } from '../run/run-rows.js';
import { PIPELINE_COLUMNS } from '../lineage/lineage-rows.js';
import { VERTEX_COLUMNS, type PostgresWrites } from './postgres-write-plan.js';
import {
  chunked,
  insertCachedFrom,
  insertDependsOn,
  insertLogs,
  resolveEdges,
  upsertComponents,
  upsertNodes,
  upsertPipelines,
  upsertRuns,
  type Statement,
} from './postgres-write.sql.js';

/**
 * The statements that apply merged writes, in order: vertices, then their edges (which look up
 * vertex ids, the batch's own included), then edges of earlier batches waiting for these vertices,
 * then runs, nodes and logs.
 */
export function writeStatements(w: PostgresWrites, maxRows: number): Statement[] {
  const statements: Statement[] = [];
  const add = (rows: readonly unknown[][], width: number, build: (chunk: unknown[][]) => Statement): void => {
    for (const chunk of chunked(rows, width, maxRows)) statements.push(build(chunk));
  };
  add(w.pipelines, PIPELINE_COLUMNS.length, upsertPipelines);
  if (w.components.length > 0) {
    add(w.components.map((c) => c.params), VERTEX_COLUMNS.length, upsertComponents);
    const dependsOn: unknown[][] = [];
    const cachedFrom: unknown[][] = [];
    for (const c of w.components) {
      const child = c.params[0];
      // A parent listed twice keeps the last data flow (one upsert may not touch a row twice).
      const parents = new Map(c.parents);
      for (const [parent, dataFlow] of parents) dependsOn.push([child, parent, dataFlow]);
      if (c.cachedFrom !== undefined) cachedFrom.push([child, c.cachedFrom]);
    }
    add(dependsOn, 3, insertDependsOn);
    add(cachedFrom, 2, insertCachedFrom);
    statements.push(resolveEdges(w.components.map((c) => c.params[0])));
  }
  add(w.runs, RUN_COLUMNS.length, upsertRuns);
  add(w.nodes, NODE_COLUMNS.length, upsertNodes);
  if (w.logs.length > 0) {
    // Ordinals restart per statement: each statement reads the run's last seq, earlier chunks included.
    for (const chunk of chunked(w.logs, LOG_COLUMNS.length + 1, maxRows)) {
      const perRun = new Map<unknown, number>();
      const rows = chunk.map((params) => {
        const ordinal = (perRun.get(params[0]) ?? 0) + 1;
        perRun.set(params[0], ordinal);
        return [...params, ordinal];
      });
      statements.push(insertLogs(rows));
    }
  }
  return statements;
}
