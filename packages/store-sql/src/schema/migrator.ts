import type Database from 'better-sqlite3';
import { ERROR_CODES, TwinGraphError } from '@twingraph/model';
import { storeCorruptError, type StoreErrorContext } from '../sqlite/sqlite-store-error.js';
import { LATEST_SCHEMA_VERSION, SCHEMA_MIGRATIONS, SCHEMA_MIGRATIONS_TABLE } from './schema-migrations.js';

/** `PRAGMA application_id` of TwinGraph stores ("TWGR"), so other SQLite files are recognised. */
export const TWINGRAPH_APPLICATION_ID = 0x54574752;

/**
 * Read-only checks before anything is written: refuses files that belong to another application
 * and databases written by a newer TwinGraph, so a refused file stays byte-for-byte as it was.
 * Returns the schema version found (0 for a new database).
 */
export function inspectSchema(db: Database.Database, context: StoreErrorContext): number {
  // The first read of the header: a file that is not a database fails here (SQLITE_NOTADB).
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  if (applicationId !== 0 && applicationId !== TWINGRAPH_APPLICATION_ID) {
    throw storeCorruptError(context, `is a SQLite database of another application (application_id ${applicationId}), not a TwinGraph store`);
  }
  const found = readVersion(db);
  if (found === undefined && applicationId === 0 && countUserTables(db) > 0) {
    throw storeCorruptError(context, 'is a SQLite database, but not a TwinGraph store (it has tables and no schema_migrations)');
  }
  checkNotNewer(found ?? 0, context);
  return found ?? 0;
}

/** Brings an inspected database from version `found` to {@link LATEST_SCHEMA_VERSION}. */
export function migrateSchema(db: Database.Database, context: StoreErrorContext, found: number): void {
  if (found === LATEST_SCHEMA_VERSION) return;
  // IMMEDIATE takes the write lock first, so two processes opening a new file do not both migrate.
  db.transaction(() => {
    db.exec(SCHEMA_MIGRATIONS_TABLE);
    const current = readVersion(db) ?? 0;
    checkNotNewer(current, context);
    const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    for (const migration of SCHEMA_MIGRATIONS) {
      if (migration.version <= current) continue;
      for (const statement of migration.statements) db.exec(statement);
      record.run(migration.version, migration.name, new Date().toISOString());
    }
    db.pragma(`application_id = ${TWINGRAPH_APPLICATION_ID}`);
  }).immediate();
}

function readVersion(db: Database.Database): number | undefined {
  const table = db.prepare("SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  if (table === undefined) return undefined;
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as { version: number | null };
  return row.version ?? 0;
}

function countUserTables(db: Database.Database): number {
  const row = db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").get() as { n: number };
  return row.n;
}

function checkNotNewer(version: number, context: StoreErrorContext): void {
  if (version <= LATEST_SCHEMA_VERSION) return;
  throw new TwinGraphError(
    ERROR_CODES.STORE_VERSION,
    `${context.path} was written by a newer TwinGraph (schema version ${version}; this version reads up to ${LATEST_SCHEMA_VERSION})`,
    {
      hint: 'Upgrade TwinGraph to open this store, or point this version at another database file.',
      details: { path: context.path, schemaVersion: version, supportedVersion: LATEST_SCHEMA_VERSION },
      nonRetryable: true,
    },
  );
}
