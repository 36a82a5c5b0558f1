import { openPostgresDatabase, type PostgresDatabase } from './postgres/postgres-database.js';
import { PostgresLineageStore } from './postgres/postgres-lineage-store.js';
import type { PostgresStoreOptions } from './postgres/postgres-options.js';
import { PostgresRunStore } from './postgres/postgres-run-store.js';

export interface PostgresStores {
  database: PostgresDatabase;
  runStore: PostgresRunStore;
  lineageStore: PostgresLineageStore;
  /** Waits for submitted writes, then closes both stores and every connection. */
  close(): Promise<void>;
}

/**
 * A run store and a lineage store on one PostgreSQL database (`postgres://user:password@host:5432/db`,
 * optional `?schema=`), sharing its connections and its writer, so their batches commit together in
 * call order. Connects and migrates the schema first (see migratePostgresSchema).
 */
export async function createPostgresStores(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStores> {
  const database = await openPostgresDatabase(url, options);
  const runStore = new PostgresRunStore(database);
  const lineageStore = new PostgresLineageStore(database);
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
}
