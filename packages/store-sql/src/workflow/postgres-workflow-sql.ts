import type { PoolClient } from 'pg';
import type { PostgresDatabase } from '../postgres/postgres-database.js';
import { toPostgresStoreError } from '../postgres/postgres-store-error.js';
import { PostgresStoreBase } from '../postgres/postgres-store-base.js';
import { toNumberedParams as $ } from '../sql/sql-text.js';
import type { WorkflowSql, WorkflowSqlSession } from './workflow-sql.js';

/** WorkflowSql on a PostgreSQL database: pooled connections, READ COMMITTED transactions. */
export class PostgresWorkflowSql extends PostgresStoreBase implements WorkflowSql {
  readonly dialect = 'postgres' as const;

  constructor(database: PostgresDatabase) {
    super(database);
  }

  all<R extends object>(action: string, sql: string, params: readonly unknown[] = []): Promise<R[]> {
    return this.query<R>(action, $(sql), params);
  }

  run(action: string, sql: string, params: readonly unknown[] = []): Promise<number> {
    return this.database.execute(action, $(sql), params);
  }

  transaction<T>(action: string, fn: (tx: WorkflowSqlSession) => Promise<T>): Promise<T> {
    return this.database.transaction(action, (client) => fn(clientSession(this.database, client)));
  }
}

function clientSession(database: PostgresDatabase, client: PoolClient): WorkflowSqlSession {
  const wrap = async <T>(action: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      throw toPostgresStoreError(error, database.errorContext(action));
    }
  };
  return {
    all: <R extends object>(action: string, sql: string, params: readonly unknown[] = []) => wrap(action, async () => (await client.query<R>($(sql), params as unknown[])).rows),
    run: (action: string, sql: string, params: readonly unknown[] = []) => wrap(action, async () => (await client.query($(sql), params as unknown[])).rowCount ?? 0),
  };
}
