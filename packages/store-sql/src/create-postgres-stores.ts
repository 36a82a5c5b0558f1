import { createPostgresDatabase, type PostgresDatabase } from './postgres/postgres-database.js';
import { PostgresLineageStore } from './postgres/postgres-lineage-store.js';
import type { PostgresStoreOptions } from './postgres/postgres-options.js';
import { PostgresRunStore } from './postgres/postgres-run-store.js';

export interface PostgresStores {
  database: PostgresDatabase;
  runStore: PostgresRunStore;
  lineageStore: PostgresLineageStore;
  /** Settles once connected and migrated; rejects with the reason the stores cannot be used. */
  ready: Promise<void>;
  /** Waits for submitted writes, then closes both stores and every connection. */
  close(): Promise<void>;
}

/**
 * A run store and a lineage store on one PostgreSQL database (`postgres://user:password@host:5432/db`,
 * optional `?schema=`, default schema `twingraph`), sharing its connections and its writer, so their
 * batches commit together, in call order. Returns at once, like createSqliteStores: connecting and
 * migrating start now and every store call waits for them (`ready` tells how they went). Use
 * {@link openPostgresStores} to wait and fail up front.
 */
export function createPostgresStores(url: string, options: PostgresStoreOptions = {}): PostgresStores {
  const database = createPostgresDatabase(url, options);
  const runStore = new PostgresRunStore(database);
  const lineageStore = new PostgresLineageStore(database);
  return {
    database,
    runStore,
    lineageStore,
    ready: database.ready,
    close: async () => {
      await runStore.close();
      await lineageStore.close();
      await database.close();
    },
  };
}

/** {@link createPostgresStores}, resolved once the database is ready; closed again and rejected when it cannot be. */
export async function openPostgresStores(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStores> {
  const stores = createPostgresStores(url, options);
  try {
    await stores.ready;
    return stores;
  } catch (error) {
    await stores.close().catch(() => undefined);
    throw error;
  }
}
