import type { RunStore } from '@twingraph/core';
import type { LogQuery, LogRecord, NodeRecord, RunQuery, RunRecord, RunStoreWrite } from '@twingraph/model';
import type { SqliteDatabaseOptions } from '../sqlite/sqlite-database-options.js';
import { SqliteStoreBase, type SqliteDatabaseSource } from '../sqlite/sqlite-store-base.js';
import { rowToLog, rowToNode, rowToRun, type LogRow, type NodeRow, type RunRow } from './run-rows.js';
import { SELECT_NODE, SELECT_NODES_OF_RUN } from './folded-nodes.sql.js';
import { SELECT_RUN, listRunsSql, selectLogsSql } from './run-store.sql.js';

/**
 * Runs, component executions and logs in SQLite (the SQL RunStore). Each write batch is one
 * IMMEDIATE transaction, committed by the database's writer (a worker thread for files).
 */
export class SqliteRunStore extends SqliteStoreBase implements RunStore {

  /** @param source a handle from openSqliteDatabase (shared with a lineage store), or a file path. */
  constructor(source: SqliteDatabaseSource, options: SqliteDatabaseOptions = {}) {
    super(source, options);
  }

  /** Upserts runs and nodes; log lines get a per-run seq assigned inside the batch's transaction. */
  write(batch: readonly RunStoreWrite[]): Promise<void> {
    const action = 'write run records';
    return this.submitWrite(action, batch.length, () => this.database.writer.submitRun(batch, action));
  }

  getRun(runId: string): Promise<RunRecord | undefined> {
    return this.settle('read a run', () => {
      const row = this.statement(SELECT_RUN).get(runId) as RunRow | undefined;
      return row === undefined ? undefined : rowToRun(row);
    });
  }

  listRuns(query: RunQuery = {}): Promise<RunRecord[]> {
    const params: unknown[] = [];
    if (query.pipeline !== undefined) params.push(query.pipeline);
    if (query.status !== undefined) params.push(query.status);
    params.push(query.limit ?? 50, query.offset ?? 0);
    return this.settle('list runs', () =>
      (this.statement(listRunsSql(query.pipeline !== undefined, query.status !== undefined)).all(params) as RunRow[]).map(rowToRun),
    );
  }

  listNodes(runId: string): Promise<NodeRecord[]> {
    return this.settle('list the nodes of a run', () => (this.statement(SELECT_NODES_OF_RUN).all(runId, runId) as NodeRow[]).map(rowToNode));
  }

  getNode(executionId: string): Promise<NodeRecord | undefined> {
    return this.settle('read a node', () => {
      const row = this.statement(SELECT_NODE).get(executionId, executionId) as NodeRow | undefined;
      return row === undefined ? undefined : rowToNode(row);
    });
  }

  getLogs(runId: string, query: LogQuery = {}): Promise<LogRecord[]> {
    const params: unknown[] = [runId, query.afterSeq ?? 0];
    if (query.executionId !== undefined) params.push(query.executionId);
    params.push(query.limit ?? 1000);
    return this.settle('read logs', () => (this.statement(selectLogsSql(query.executionId !== undefined)).all(params) as LogRow[]).map(rowToLog));
  }

}
