import type Database from 'better-sqlite3';
import type { ClearScope } from '@twingraph/model';
import { UNFOLD_ALL_NODES, UNFOLD_NODES_OF_PIPELINE } from '../run/folded-nodes.sql.js';
import { CLEAR_ALL, CLEAR_PIPELINE, PIPELINE_IDS_BY_NAME, PIPELINE_IDS_BY_NAME_EXCEPT } from './lineage-write.sql.js';

type Statement = Database.Statement<unknown[]>;

/**
 * Clearing lineage, prepared once. Writes go through the database's writer (write-applier.ts).
 * Node records folded into the cleared component rows move to `nodes` first: clearing lineage
 * never loses run records.
 */
export class LineageClearStatements {
  private readonly clearPipeline: Record<keyof typeof CLEAR_PIPELINE, Statement>;
  private readonly clearAll: Record<keyof typeof CLEAR_ALL, Statement>;
  private readonly idsByName: Statement;
  private readonly idsByNameExcept: Statement;
  private readonly unfoldPipeline: Statement;
  private readonly unfoldAll: Statement;
  /** One IMMEDIATE transaction: the write lock is taken up front, so it never deadlocks midway. */
  readonly clear: (scope: ClearScope) => number;

  constructor(db: Database.Database) {
    const prepare = (sql: string): Statement => db.prepare<unknown[]>(sql);
    this.clearPipeline = mapValues(CLEAR_PIPELINE, prepare);
    this.clearAll = mapValues(CLEAR_ALL, prepare);
    this.idsByName = prepare(PIPELINE_IDS_BY_NAME).pluck();
    this.idsByNameExcept = prepare(PIPELINE_IDS_BY_NAME_EXCEPT).pluck();
    this.unfoldPipeline = prepare(UNFOLD_NODES_OF_PIPELINE);
    this.unfoldAll = prepare(UNFOLD_ALL_NODES);
    const clear = db.transaction((scope: ClearScope) => this.clearScope(scope));
    this.clear = (scope) => clear.immediate(scope);
  }

  private clearScope(scope: ClearScope): number {
    if ('all' in scope) {
      this.unfoldAll.run();
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
      this.unfoldPipeline.run(id);
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
