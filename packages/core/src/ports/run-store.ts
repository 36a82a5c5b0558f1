import type { LogQuery, LogRecord, NodeRecord, RunQuery, RunRecord, RunStoreWrite } from '@twingraph/model';

/**
 * Runs, their component executions (status, attempts, results) and logs: what the CLI, the API and
 * resume read. Implementations: InMemoryRunStore, SqlRunStore (SQLite, PostgreSQL).
 * Writes come batched and must be applied in the order `write()` was called (the engine does not wait
 * for one batch before handing over the next); a run or node written again replaces the earlier record.
 */
export interface RunStore {
  write(batch: readonly RunStoreWrite[]): Promise<void>;
  getRun(runId: string): Promise<RunRecord | undefined>;
  /** Newest first. */
  listRuns(query?: RunQuery): Promise<RunRecord[]>;
  /** In start order. */
  listNodes(runId: string): Promise<NodeRecord[]>;
  getNode(executionId: string): Promise<NodeRecord | undefined>;
  /** In write order, with seq set. */
  getLogs(runId: string, query?: LogQuery): Promise<LogRecord[]>;
  close(): Promise<void>;
}
