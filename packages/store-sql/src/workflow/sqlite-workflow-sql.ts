import type { SqliteDatabaseOptions } from '../sqlite/sqlite-database-options.js';
import { SqliteStoreBase, type SqliteDatabaseSource } from '../sqlite/sqlite-store-base.js';
import type { WorkflowSql, WorkflowSqlSession } from './workflow-sql.js';

/**
 * WorkflowSql on a SQLite database (the stores' connection). Transactions are IMMEDIATE (the write
 * lock first, so two processes saving at once wait for each other instead of failing midway) and
 * run one at a time.
 */
export class SqliteWorkflowSql extends SqliteStoreBase implements WorkflowSql {
  readonly dialect = 'sqlite' as const;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(source: SqliteDatabaseSource, options: SqliteDatabaseOptions = {}) {
    super(source, options);
  }

  all<R extends object>(action: string, sql: string, params: readonly unknown[] = []): Promise<R[]> {
    return this.settle(action, () => this.statement(sql).all(params) as R[]);
  }

  run(action: string, sql: string, params: readonly unknown[] = []): Promise<number> {
    return this.settle(action, () => this.statement(sql).run(params).changes);
  }

  transaction<T>(action: string, fn: (tx: WorkflowSqlSession) => Promise<T>): Promise<T> {
    const next = this.queue.then(async () => {
      this.use(action, (db) => db.exec('BEGIN IMMEDIATE'));
      try {
        const result = await fn(this);
        this.use(action, (db) => db.exec('COMMIT'));
        return result;
      } catch (error) {
        if (this.database.isOpen && this.database.connection.inTransaction) this.database.connection.exec('ROLLBACK');
        throw error;
      }
    });
    this.queue = next.catch(() => undefined);
    return next;
  }
}
