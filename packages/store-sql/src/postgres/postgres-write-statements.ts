import type { PostgresWrites } from './postgres-write-plan.js';
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
  const add = (rows: readonly unknown[][], build: (chunk: unknown[][]) => Statement): void => {
    for (const chunk of chunked(rows, maxRows)) statements.push(build(chunk));
  };
  add(w.pipelines, upsertPipelines);
  if (w.components.length > 0) {
    add(w.components.map((c) => c.params), upsertComponents);
    const dependsOn: unknown[][] = [];
    const cachedFrom: unknown[][] = [];
    for (const c of w.components) {
      const child = c.params[0];
      // A parent listed twice keeps the last data flow (one upsert may not touch a row twice).
      const parents = new Map(c.parents);
      for (const [parent, dataFlow] of parents) dependsOn.push([child, parent, dataFlow]);
      if (c.cachedFrom !== undefined) cachedFrom.push([child, c.cachedFrom]);
    }
    add(dependsOn, insertDependsOn);
    add(cachedFrom, insertCachedFrom);
    statements.push(resolveEdges());
  }
  add(w.runs, upsertRuns);
  add(w.nodes, upsertNodes);
  if (w.logs.length > 0) {
    // Ordinals restart per statement: each statement reads the run's last seq, earlier chunks included.
    for (const chunk of chunked(w.logs, maxRows)) {
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
