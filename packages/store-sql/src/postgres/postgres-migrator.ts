import type { ClientBase } from 'pg';
import { ERROR_CODES, TwinGraphError } from '@twingraph/model';
import { SCHEMA_MIGRATIONS_TABLE } from '../schema/schema-migrations.js';
import { LATEST_POSTGRES_SCHEMA_VERSION, POSTGRES_SCHEMA_MIGRATIONS, POSTGRES_TABLES } from './postgres-schema-migrations.js';
import type { PostgresErrorContext } from './postgres-store-error.js';

/**
 * Brings `schema` to {@link LATEST_POSTGRES_SCHEMA_VERSION}: creates it when missing, applies the
 * migrations it lacks in one transaction, recorded in its `schema_migrations`. The transaction holds
 * an advisory lock keyed by the schema name, so servers starting together migrate once, in turn;
 * the others then find the schema up to date. Refuses a schema written by a newer TwinGraph and one
 * that holds tables of the same names without TwinGraph's `schema_migrations`, changing nothing.
 * Returns the version found before migrating (0 for a new schema).
 */
export async function migratePostgresSchema(client: ClientBase, schema: string, context: PostgresErrorContext): Promise<number> {
  const quoted = quoteIdentifier(schema);
  // Up to date (the usual start): one read, no lock, no transaction.
  const current = await readVersion(client, schema);
  if (current !== undefined) checkNotNewer(current, context);
  if (current === LATEST_POSTGRES_SCHEMA_VERSION) return current;
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`twingraph:migrate:${schema}`]);
    const found = await readVersion(client, schema);
    if (found === undefined) await refuseForeignTables(client, schema, context);
    else checkNotNewer(found, context);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoted}`);
    await client.query(`SET LOCAL search_path TO ${quoted}`);
    await client.query(SCHEMA_MIGRATIONS_TABLE);
    for (const migration of POSTGRES_SCHEMA_MIGRATIONS) {
      if (migration.version <= (found ?? 0)) continue;
      for (const statement of migration.statements) await client.query(statement);
      await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [migration.version, migration.name, new Date().toISOString()]);
    }
    await client.query('COMMIT');
    return found ?? 0;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** `"name"`, for the schema names resolvePostgresStoreOptions admits (letters, digits, `_`). */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

async function readVersion(client: ClientBase, schema: string): Promise<number | undefined> {
  // A catalog query, not to_regclass(): after waiting for the lock, the table another server just
  // created is visible to a new statement, while cached name lookups may still say it is missing.
  const table = await client.query<{ found: boolean }>(
    "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = $1 AND tablename = 'schema_migrations') AS found",
    [schema],
  );
  if (table.rows[0]?.found !== true) return undefined;
  const row = await client.query<{ version: number | null }>(`SELECT MAX(version) AS version FROM ${quoteIdentifier(schema)}.schema_migrations`);
  return row.rows[0]?.version ?? 0;
}

async function refuseForeignTables(client: ClientBase, schema: string, context: PostgresErrorContext): Promise<void> {
  const found = await client.query<{ table_name: string }>(
    'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name = ANY($2::text[]) ORDER BY table_name',
    [schema, [...POSTGRES_TABLES]],
  );
  if (found.rows.length === 0) return;
  const tables = found.rows.map((r) => r.table_name);
  throw new TwinGraphError(ERROR_CODES.STORE_CORRUPT, `Cannot ${context.action}: schema "${schema}" of ${context.target} already has tables named ${tables.join(', ')} that TwinGraph did not create (no schema_migrations)`, {
    category: 'operational',
    hint: 'Give TwinGraph a schema of its own: add ?schema=<name> to the store URL (default schema: twingraph). TwinGraph changed nothing.',
    details: { target: context.target, schema, tables },
    nonRetryable: true,
  });
}

function checkNotNewer(version: number, context: PostgresErrorContext): void {
  if (version <= LATEST_POSTGRES_SCHEMA_VERSION) return;
  throw new TwinGraphError(
    ERROR_CODES.STORE_VERSION,
    `${context.target} was written by a newer TwinGraph (schema version ${version}; this version reads up to ${LATEST_POSTGRES_SCHEMA_VERSION})`,
    {
      hint: 'Upgrade TwinGraph to use this store, or point this version at another database or schema (?schema=<name>).',
      details: { target: context.target, schemaVersion: version, supportedVersion: LATEST_POSTGRES_SCHEMA_VERSION },
      nonRetryable: true,
    },
  );
}
