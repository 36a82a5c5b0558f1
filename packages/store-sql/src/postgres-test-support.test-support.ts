import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { openPostgresStores, type PostgresStores } from './create-postgres-stores.js';
import type { PostgresStoreOptions } from './postgres/postgres-options.js';

/** The database of scripts/services/postgres.sh, or TWINGRAPH_TEST_POSTGRES_URL. */
export const TEST_POSTGRES_URL = process.env.TWINGRAPH_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/twingraph_test';

/** Runs one statement on a connection of its own (test set-up and inspection). */
export async function adminQuery<R extends object = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** True when PostgreSQL answers at TEST_POSTGRES_URL within a few seconds. */
export async function postgresAvailable(): Promise<boolean> {
  try {
    await adminQuery('SELECT 1');
    return true;
  } catch {
    return false;
  }
}

/** A schema name no other test uses. */
export function uniqueSchema(prefix = 'test'): string {
  return `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
}

export function dropSchema(schema: string): Promise<unknown> {
  return adminQuery(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
}

/** Stores in a schema of their own; `cleanup` closes them and drops the schema. */
export async function isolatedPostgresStores(options: PostgresStoreOptions = {}): Promise<PostgresStores & { schema: string; cleanup: () => Promise<void> }> {
  const schema = uniqueSchema();
  const stores = await openPostgresStores(TEST_POSTGRES_URL, { poolSize: 3, ...options, schema });
  return {
    ...stores,
    schema,
    cleanup: async () => {
      try {
        await stores.close();
      } finally {
        await dropSchema(schema);
      }
    },
  };
}
