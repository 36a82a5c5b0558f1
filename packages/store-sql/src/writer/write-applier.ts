import type Database from 'better-sqlite3';
import type { EncodedWrites } from './encoded-writes.js';

/** The statements of the write path, as SQL text (see write-sql.ts). */
export interface WriteSql {
  upsertRun: string;
  upsertNode: string;
  insertLog: string;
  lastLogSeq: string;
  upsertPipeline: string;
  insertComponent: string;
  updateComponent: string;
  deleteDependsOn: string;
  deleteCachedFrom: string;
  insertDependsOn: string;
  insertCachedFrom: string;
  resolveDependsOn: string;
  resolveCachedFrom: string;
}

/** Applies write batches in one IMMEDIATE transaction, all or nothing. */
export type WriteApplier = (batches: readonly EncodedWrites[]) => void;

/**
 * Prepares the write path on a connection. The hot path is a new component: one INSERT, one INSERT
 * per parent, one node upsert; no reads. Only a vertex that already existed pays for the update and
 * edge deletes.
 *
 * This function runs on the caller's connection and, as source text, on the writer thread
 * (thread-sqlite-writer.ts), so it must stay self-contained: no imports or module-level names,
 * only its parameters (types are erased).
 */
export function createWriteApplier(db: Database.Database, sql: WriteSql): WriteApplier {
  const prepare = (text: string): Database.Statement<unknown[]> => db.prepare<unknown[]>(text);
  const upsertRun = prepare(sql.upsertRun);
  const upsertNode = prepare(sql.upsertNode);
  const insertLog = prepare(sql.insertLog);
  const lastLogSeq = prepare(sql.lastLogSeq).pluck();
  const upsertPipeline = prepare(sql.upsertPipeline);
  const insertComponent = prepare(sql.insertComponent);
  const updateComponent = prepare(sql.updateComponent).pluck();
  const deleteDependsOn = prepare(sql.deleteDependsOn);
  const deleteCachedFrom = prepare(sql.deleteCachedFrom);
  const insertDependsOn = prepare(sql.insertDependsOn);
  const insertCachedFrom = prepare(sql.insertCachedFrom);
  const resolveDependsOn = prepare(sql.resolveDependsOn);
  const resolveCachedFrom = prepare(sql.resolveCachedFrom);

  const applyLineage = (w: EncodedWrites): void => {
    for (const params of w.pipelines ?? []) upsertPipeline.run(params);
    const components = w.components;
    if (components === undefined) return;
    const dependsOn = w.dependsOn ?? [];
    const cachedFrom = w.cachedFrom ?? [];
    let edge = 0;
    let cached = 0;
    for (let i = 0; i < components.length; i++) {
      const params = components[i]!;
      const inserted = insertComponent.run(params);
      let vertexId: number | bigint;
      if (inserted.changes === 1) vertexId = inserted.lastInsertRowid;
      else {
        // Re-written vertex: replace its columns and its own edges; edges pointing at it stay.
        vertexId = updateComponent.get([...params.slice(1), params[0]]) as number;
        deleteDependsOn.run(vertexId);
        deleteCachedFrom.run(vertexId);
      }
      // The parent's execution id binds twice: as written, and to look up its vertex_id.
      for (; edge < dependsOn.length && dependsOn[edge] === i; edge += 3) insertDependsOn.run(vertexId, dependsOn[edge + 1], dependsOn[edge + 1], dependsOn[edge + 2]);
      for (; cached < cachedFrom.length && cachedFrom[cached] === i; cached += 2) insertCachedFrom.run(vertexId, cachedFrom[cached + 1], cachedFrom[cached + 1]);
    }
    // A vertex may be the missing end of an edge written in an earlier batch.
    resolveDependsOn.run();
    resolveCachedFrom.run();
  };

  const applyAll = (batches: readonly EncodedWrites[]): void => {
    // Next log seq per run, read once per transaction; the write lock makes it safe across processes.
    let nextSeq: Map<string, number> | undefined;
    for (const w of batches) {
      for (const params of w.runs ?? []) upsertRun.run(params);
      for (const params of w.nodes ?? []) upsertNode.run(params);
      for (const p of w.logs ?? []) {
        nextSeq ??= new Map<string, number>();
        const runId = p[0] as string;
        const seq = (nextSeq.get(runId) ?? (lastLogSeq.get(runId) as number)) + 1;
        nextSeq.set(runId, seq);
        insertLog.run(p[0], p[1], p[2], p[3], p[4], seq);
      }
      applyLineage(w);
    }
  };
  const transaction = db.transaction(applyAll);
  // IMMEDIATE takes the write lock up front, so a transaction never fails halfway for want of it.
  return (batches) => transaction.immediate(batches);
}
