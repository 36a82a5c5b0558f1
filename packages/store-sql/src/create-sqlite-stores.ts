import { SqliteLineageStore } from './lineage/sqlite-lineage-store.js';
import { SqliteRunStore } from './run/sqlite-run-store.js';
import { openSqliteDatabase, type SqliteDatabase } from './sqlite/sqlite-database.js';
import type { SqliteDatabaseOptions } from './sqlite/sqlite-database-options.js';

export interface SqliteStores {
  database: SqliteDatabase;
  runStore: SqliteRunStore;
  lineageStore: SqliteLineageStore;
  /** Closes both stores and the database file. */
  close(): Promise<void>;
}

/**
 * A run store and a lineage store sharing one SQLite database file (one connection). Closing
 * both stores, in any order, closes the file; so does `close()`.
 */
export function createSqliteStores(path: string, options: SqliteDatabaseOptions = {}): SqliteStores {
  const database = openSqliteDatabase(path, options);
  try {
    const runStore = new SqliteRunStore(database);
    const lineageStore = new SqliteLineageStore(database);
    return {
      database,
      runStore,
      lineageStore,
      close: async () => {
        await runStore.close();
        await lineageStore.close();
        await database.close();
      },
    };
  } catch (error) {
    void database.close();
    throw error;
  }
}
