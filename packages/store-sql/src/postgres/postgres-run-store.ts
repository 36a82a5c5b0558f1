import type { RunStore } from '@twingraph/core';
import type { LogQuery, LogRecord, NodeRecord, RunQuery, RunRecord, RunStoreWrite } from '@twingraph/model';
import { rowToLog, rowToNode, rowToRun, type LogRow, type NodeRow, type RunRow } from '../run/run-rows.js';
import { SELECT_RUN, listRunsSql, selectLogsSql } from '../run/run-store.sql.js';
import { toNumberedParams as $ } from '../sql/sql-text.js';
import type { PostgresDatabase } from './postgres-database.js';
import { PostgresStoreBase } from './postgres-store-base.js';
import { encodeRunBatch } from './postgres-write-plan.js';

// Node records always live in `nodes` here (SQLite folds most of them into component rows).
const SELECT_NODE = 'SELECT * FROM nodes WHERE execution_id = $1';
const SELECT_NODES_OF_RUN = 'SELECT * FROM nodes WHERE run_id = $1 ORDER BY node_seq';

/**
 * Runs, component executions and logs in PostgreSQL (the SQL RunStore), with the SQLite store's
 * tables and read statements. Writes go through the database's writer: batched multi-row
 * statements, applied in call order; log lines get their per-run seq inside the commit.
 */
export class PostgresRunStore extends PostgresStoreBase implements RunStore {
  /** @param database from openPostgresDatabase (shared with a lineage store: see createPostgresStores) */
  constructor(database: PostgresDatabase) {
    super(database);
  }

  write(batch: readonly RunStoreWrite[]): Promise<void> {
    return this.submitWrite('write run records', batch.length, () => encodeRunBatch(batch));
  }

  async getRun(runId: string): Promise<RunRecord | undefined> {
    const [row] = await this.query<RunRow>('read a run', $(SELECT_RUN), [runId]);
    return row === undefined ? undefined : rowToRun(row);
  }

  async listRuns(query: RunQuery = {}): Promise<RunRecord[]> {
    const params: unknown[] = [];
    if (query.pipeline !== undefined) params.push(query.pipeline);
    if (query.status !== undefined) params.push(query.status);
    params.push(query.limit ?? 50, query.offset ?? 0);
    const sql = $(listRunsSql(query.pipeline !== undefined, query.status !== undefined));
    return (await this.query<RunRow>('list runs', sql, params)).map(rowToRun);
  }

  async listNodes(runId: string): Promise<NodeRecord[]> {
    return (await this.query<NodeRow>('list the nodes of a run', SELECT_NODES_OF_RUN, [runId])).map(rowToNode);
  }

  async getNode(executionId: string): Promise<NodeRecord | undefined> {
    const [row] = await this.query<NodeRow>('read a node', SELECT_NODE, [executionId]);
    return row === undefined ? undefined : rowToNode(row);
  }

  async getLogs(runId: string, query: LogQuery = {}): Promise<LogRecord[]> {
    const params: unknown[] = [runId, query.afterSeq ?? 0];
    if (query.executionId !== undefined) params.push(query.executionId);
    params.push(query.limit ?? 1000);
    return (await this.query<LogRow>('read logs', $(selectLogsSql(query.executionId !== undefined)), params)).map(rowToLog);
  }
}
