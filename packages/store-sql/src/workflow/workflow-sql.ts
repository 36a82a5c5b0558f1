import type { SqlDialect } from './workflow.sql.js';

/** Statements with `?` placeholders, run by one dialect; failures come out as TwinGraphErrors. */
export interface WorkflowSqlSession {
  all<R extends object>(action: string, sql: string, params?: readonly unknown[]): Promise<R[]>;
  /** Resolves with the number of rows changed. */
  run(action: string, sql: string, params?: readonly unknown[]): Promise<number>;
}

/** What SqlWorkflowStore needs of a database: sessions, transactions, closing. */
export interface WorkflowSql extends WorkflowSqlSession {
  readonly dialect: SqlDialect;
  /** Runs `fn` in one read-write transaction; commits when it resolves, rolls back when it throws. */
  transaction<T>(action: string, fn: (tx: WorkflowSqlSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
