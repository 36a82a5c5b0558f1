import { createPostgresDatabase, type PostgresDatabase } from '../postgres/postgres-database.js';
import type { PostgresStoreOptions } from '../postgres/postgres-options.js';
import type { SqliteDatabaseOptions } from '../sqlite/sqlite-database-options.js';
import type { SqliteDatabaseSource } from '../sqlite/sqlite-store-base.js';
import { PostgresWorkflowSql } from './postgres-workflow-sql.js';
import { SqlWorkflowStore } from './sql-workflow-store.js';
import { SqliteWorkflowSql } from './sqlite-workflow-sql.js';

/** Saved workflows in a SQLite database: a handle shared with other stores, or a file path (opened for this store). */
export function createSqliteWorkflowStore(source: SqliteDatabaseSource, options: SqliteDatabaseOptions = {}): SqlWorkflowStore {
  return new SqlWorkflowStore(new SqliteWorkflowSql(source, options));
}

/**
 * Saved workflows in PostgreSQL: a database shared with other stores, or a `postgres://` URL
 * (connections of its own, 3 by default; the schema is migrated on first use like the other stores).
 */
export function createPostgresWorkflowStore(source: PostgresDatabase | string, options: PostgresStoreOptions = {}): SqlWorkflowStore {
  const database = typeof source === 'string' ? createPostgresDatabase(source, { poolSize: 3, ...options }) : source;
  return new SqlWorkflowStore(new PostgresWorkflowSql(database));
}
