import type Database from 'better-sqlite3';
import type { ClearScope, LineageWrite } from '@twingraph/model';
import { componentParams, dataFlowJson, pipelineParams } from './lineage-rows.js';
import {
  CLEAR_ALL,
  CLEAR_PIPELINE,
  DELETE_CACHED_FROM_OF_CHILD,
  DELETE_DEPENDS_ON_OF_CHILD,
  INSERT_CACHED_FROM,
  INSERT_COMPONENT,
  INSERT_DEPENDS_ON,
  PIPELINE_IDS_BY_NAME,
  PIPELINE_IDS_BY_NAME_EXCEPT,
  RESOLVE_CACHED_FROM,
  RESOLVE_DEPENDS_ON,
  UPDATE_COMPONENT,
  UPSERT_PIPELINE,
} from './lineage-write.sql.js';

type Statement = Database.Statement<unknown[]>;

/**
 * The lineage write path, prepared once. The hot path is a new component: one INSERT, one INSERT
 * per parent; no reads. Only a vertex that already existed pays for the update and edge deletes.
 */
export class LineageWriteStatements {
  private readonly upsertPipeline: Statement;
  private readonly insertComponent: Statement;
  private readonly updateComponent: Statement;
  private readonly deleteDependsOn: Statement;
  private readonly deleteCachedFrom: Statement;
  private readonly insertDependsOn: Statement;
  private readonly insertCachedFrom: Statement;
  private readonly resolveDependsOn: Statement;
  private readonly resolveCachedFrom: Statement;
  private readonly clearPipeline: Record<keyof typeof CLEAR_PIPELINE, Statement>;
  private readonly clearAll: Record<keyof typeof CLEAR_ALL, Statement>;
  private readonly idsByName: Statement;
  private readonly idsByNameExcept: Statement;
  /** One IMMEDIATE transaction per batch: the write lock is taken up front, so it never deadlocks midway. */
  readonly write: (batch: readonly LineageWrite[]) => void;
  readonly clear: (scope: ClearScope) => number;

  constructor(db: Database.Database) {
    const prepare = (sql: string): Statement => db.prepare<unknown[]>(sql);
    this.upsertPipeline = prepare(UPSERT_PIPELINE);
    this.insertComponent = prepare(INSERT_COMPONENT);
    this.updateComponent = prepare(UPDATE_COMPONENT).pluck();
    this.deleteDependsOn = prepare(DELETE_DEPENDS_ON_OF_CHILD);
    this.deleteCachedFrom = prepare(DELETE_CACHED_FROM_OF_CHILD);
    this.insertDependsOn = prepare(INSERT_DEPENDS_ON);
    this.insertCachedFrom = prepare(INSERT_CACHED_FROM);
    this.resolveDependsOn = prepare(RESOLVE_DEPENDS_ON);
    this.resolveCachedFrom = prepare(RESOLVE_CACHED_FROM);
    this.clearPipeline = mapValues(CLEAR_PIPELINE, prepare);
    this.clearAll = mapValues(CLEAR_ALL, prepare);
    this.idsByName = prepare(PIPELINE_IDS_BY_NAME).pluck();
    this.idsByNameExcept = prepare(PIPELINE_IDS_BY_NAME_EXCEPT).pluck();
    const write = db.transaction((batch: readonly LineageWrite[]) => this.writeAll(batch));
    const clear = db.transaction((scope: ClearScope) => this.clearScope(scope));
    this.write = (batch) => write.immediate(batch);
    this.clear = (scope) => clear.immediate(scope);
  }

  private writeAll(batch: readonly LineageWrite[]): void {
    let components = false;
    for (const op of batch) {
      if (op.kind === 'pipeline') {
        this.upsertPipeline.run(pipelineParams(op.vertex));
        continue;
      }
      const params = componentParams(op.vertex);
      const inserted = this.insertComponent.run(params);
      let vertexId: number | bigint;
      if (inserted.changes === 1) vertexId = inserted.lastInsertRowid;
      else {
        // Re-written vertex: replace its columns and its own edges; edges pointing at it stay.
        vertexId = this.updateComponent.get([...params.slice(1), op.vertex.executionId]) as number;
        this.deleteDependsOn.run(vertexId);
        this.deleteCachedFrom.run(vertexId);
      }
      for (const edge of op.parents) this.insertDependsOn.run(vertexId, edge.parent, edge.parent, dataFlowJson(edge));
      if (op.cachedFrom !== undefined) this.insertCachedFrom.run(vertexId, op.cachedFrom, op.cachedFrom);
      components = true;
    }
    // A vertex may be the missing end of an edge written in an earlier batch.
    if (components) {
      this.resolveDependsOn.run();
      this.resolveCachedFrom.run();
    }
  }

  private clearScope(scope: ClearScope): number {
    if ('all' in scope) {
      this.clearAll.dependsOn.run();
      this.clearAll.cachedFrom.run();
      return this.clearAll.components.run().changes + this.clearAll.pipelines.run().changes;
    }
    const ids =
      'pipelineId' in scope
        ? [scope.pipelineId]
        : ((scope.exceptPipelineId === undefined
            ? this.idsByName.all(scope.pipelineName)
            : this.idsByNameExcept.all(scope.pipelineName, scope.exceptPipelineId)) as string[]);
    let removed = 0;
    const s = this.clearPipeline;
    for (const id of ids) {
      s.dependsOnFrom.run(id);
      s.dependsOnTo.run(id);
      s.cachedFromFrom.run(id);
      s.cachedFromTo.run(id);
      removed += s.components.run(id).changes + s.pipeline.run(id).changes;
    }
    return removed;
  }
}

function mapValues<K extends string, V, R>(record: Readonly<Record<K, V>>, fn: (value: V) => R): Record<K, R> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, fn(v as V)])) as Record<K, R>;
}
