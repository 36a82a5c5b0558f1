import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '@twingraph/model';
import { makeRunRecord } from '@twingraph/testing';
import { createSqliteStores } from '../create-sqlite-stores.js';
import { errorOf } from '../error-of.test-support.js';
import { SqliteRunStore } from '../run/sqlite-run-store.js';
import { LATEST_SCHEMA_VERSION, SCHEMA_MIGRATIONS, SCHEMA_MIGRATIONS_TABLE } from '../schema/schema-migrations.js';
import { TWINGRAPH_APPLICATION_ID } from '../schema/migrator.js';
import { createTempDatabase, type TempDatabase } from '../temp-database.test-support.js';
import { openSqliteDatabase } from './sqlite-database.js';

function fileDigest(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

describe('openSqliteDatabase', () => {
  let temp: TempDatabase;
  beforeEach(() => {
    temp = createTempDatabase();
  });
  afterEach(() => temp.remove());

  it('creates a WAL database with the schema, its version and TwinGraph application id', async () => {
    const database = openSqliteDatabase(temp.path, { busyTimeoutMs: 1234 });
    const db = database.connection;
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(1234);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('cache_size', { simple: true })).toBe(-65536);
    expect(db.pragma('application_id', { simple: true })).toBe(TWINGRAPH_APPLICATION_ID);
    const versions = db.prepare('SELECT version, name FROM schema_migrations').all();
    expect(versions).toEqual(SCHEMA_MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(['cached_from', 'components', 'counters', 'depends_on', 'logs', 'nodes', 'pipelines', 'runs', 'schema_migrations', 'workflow_tags', 'workflow_versions', 'workflows']);
    await database.close();
    expect(database.isOpen).toBe(false);
  });

  it('creates missing folders and keeps data across reopening without migrating again', async () => {
    const path = join(temp.dir, 'nested', 'deeper', 'store.db');
    const first = createSqliteStores(path);
    await first.runStore.write([{ kind: 'run', run: makeRunRecord({ runId: 'r1' }) }]);
    await first.close();

    const second = createSqliteStores(path);
    expect((await second.runStore.getRun('r1'))?.runId).toBe('r1');
    expect(second.database.connection.prepare('SELECT COUNT(*) FROM schema_migrations').pluck().get()).toBe(SCHEMA_MIGRATIONS.length);
    await second.close();
  });

  it('migrates a version-1 store to the latest version, keeping its runs', async () => {
    const raw = new Database(temp.path);
    raw.exec(SCHEMA_MIGRATIONS_TABLE);
    for (const statement of SCHEMA_MIGRATIONS[0]!.statements) raw.exec(statement);
    raw.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (1, ?, ?)').run(SCHEMA_MIGRATIONS[0]!.name, new Date().toISOString());
    raw.prepare("INSERT INTO runs (run_id, pipeline, version, status, started_at) VALUES ('old-run', 'p', 'v', 'succeeded', '2024-01-01T00:00:00.000Z')").run();
    raw.pragma(`application_id = ${TWINGRAPH_APPLICATION_ID}`);
    raw.close();
    const stores = createSqliteStores(temp.path);
    const db = stores.database.connection;
    expect(db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()).toEqual(SCHEMA_MIGRATIONS.map((m) => m.version));
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'workflow%' ORDER BY name").pluck().all()).toEqual(['workflow_tags', 'workflow_versions', 'workflows']);
    expect((await stores.runStore.getRun('old-run'))?.status).toBe('succeeded');
    await stores.close();
  });

  it('opens a private in-memory database', async () => {
    const stores = createSqliteStores(':memory:');
    await stores.runStore.write([{ kind: 'run', run: makeRunRecord({ runId: 'r1' }) }]);
    expect(await stores.runStore.listRuns()).toHaveLength(1);
    await stores.close();
  });

  it('refuses a file that is not a SQLite database and leaves it untouched', async () => {
    writeFileSync(temp.path, 'name,value\nthis is a CSV file, not a database\n'.repeat(200));
    const before = fileDigest(temp.path);
    const error = await errorOf(() => openSqliteDatabase(temp.path));
    expect(error.code).toBe(ERROR_CODES.STORE_CORRUPT);
    expect(error.hint).toContain(temp.path);
    expect(error.hint).toMatch(/move .* aside/i);
    expect(error.details).toMatchObject({ path: temp.path, sqliteCode: 'SQLITE_NOTADB' });
    expect(fileDigest(temp.path)).toBe(before);
    expect(readdirSync(temp.dir)).toEqual(['twingraph.db']);
    // The stores built on a path report the same error.
    expect((await errorOf(() => new SqliteRunStore(temp.path))).code).toBe(ERROR_CODES.STORE_CORRUPT);
  });

  it('refuses SQLite databases that belong to something else, unchanged', async () => {
    const other = new Database(temp.path);
    other.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)');
    other.close();
    const before = fileDigest(temp.path);
    const plain = await errorOf(() => openSqliteDatabase(temp.path));
    expect(plain.code).toBe(ERROR_CODES.STORE_CORRUPT);
    expect(plain.message).toMatch(/not a TwinGraph store/);
    expect(fileDigest(temp.path)).toBe(before);

    const foreignPath = join(temp.dir, 'foreign.db');
    const foreign = new Database(foreignPath);
    foreign.pragma('application_id = 42');
    foreign.exec('CREATE TABLE t (x)');
    foreign.close();
    const byId = await errorOf(() => openSqliteDatabase(foreignPath));
    expect(byId.code).toBe(ERROR_CODES.STORE_CORRUPT);
    expect(byId.message).toMatch(/application_id 42/);
  });

  it('refuses a database written by a newer schema version, unchanged', async () => {
    await openSqliteDatabase(temp.path).close();
    const raw = new Database(temp.path);
    raw.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(LATEST_SCHEMA_VERSION + 1, 'from the future', new Date().toISOString());
    raw.close();
    const before = fileDigest(temp.path);

    const error = await errorOf(() => openSqliteDatabase(temp.path));
    expect(error.code).toBe(ERROR_CODES.STORE_VERSION);
    expect(error.details).toMatchObject({ schemaVersion: LATEST_SCHEMA_VERSION + 1, supportedVersion: LATEST_SCHEMA_VERSION });
    expect(error.hint).toMatch(/upgrade/i);
    expect(fileDigest(temp.path)).toBe(before);
  });

  it('fails a write with ERR_STORE_LOCKED while another connection holds the lock, and keeps stored runs', async () => {
    const stores = createSqliteStores(temp.path, { busyTimeoutMs: 50 });
    const runs = [makeRunRecord({ runId: 'kept-1' }), makeRunRecord({ runId: 'kept-2', status: 'succeeded' })];
    await stores.runStore.write(runs.map((run) => ({ kind: 'run' as const, run })));

    const other = new Database(temp.path);
    other.exec('BEGIN EXCLUSIVE');
    other.prepare("INSERT INTO runs (run_id, pipeline, version, status, started_at) VALUES ('uncommitted', 'p', 'v', 'running', 'x')").run();
    const started = Date.now();
    const error = await errorOf(() => stores.runStore.write([{ kind: 'run', run: makeRunRecord({ runId: 'blocked' }) }]));
    expect(error.code).toBe(ERROR_CODES.STORE_LOCKED);
    expect(error.category).toBe('operational');
    expect(error.hint).toMatch(/busyTimeoutMs/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(40);
    // Reads still work under a WAL write lock.
    expect(await stores.runStore.getRun('kept-1')).toEqual(runs[0]);
    other.exec('ROLLBACK');
    other.close();
    await stores.close();

    const reopened = createSqliteStores(temp.path);
    expect((await reopened.runStore.listRuns()).map((r) => r.runId).sort()).toEqual(['kept-1', 'kept-2']);
    await reopened.runStore.write([{ kind: 'run', run: makeRunRecord({ runId: 'after' }) }]);
    expect(await reopened.runStore.getRun('after')).toBeDefined();
    await reopened.close();
  });

  it('fails to open with ERR_STORE_LOCKED while another connection holds an exclusive lock', async () => {
    await openSqliteDatabase(temp.path).close();
    const other = new Database(temp.path);
    other.pragma('locking_mode = EXCLUSIVE');
    other.exec('BEGIN EXCLUSIVE; COMMIT');
    const error = await errorOf(() => openSqliteDatabase(temp.path, { busyTimeoutMs: 30 }));
    expect(error.code).toBe(ERROR_CODES.STORE_LOCKED);
    other.close();
    await openSqliteDatabase(temp.path).close();
  });

  it('reports ERR_STORE_UNAVAILABLE when the path cannot be a database file', async () => {
    mkdirSync(join(temp.dir, 'a-folder'));
    const error = await errorOf(() => openSqliteDatabase(join(temp.dir, 'a-folder')));
    expect(error.code).toBe(ERROR_CODES.STORE_UNAVAILABLE);
    expect(error.hint).toMatch(/permissions|folder/i);

    writeFileSync(join(temp.dir, 'plain-file'), 'x');
    const underFile = await errorOf(() => openSqliteDatabase(join(temp.dir, 'plain-file', 'store.db')));
    expect(underFile.code).toBe(ERROR_CODES.STORE_UNAVAILABLE);
  });

  it('reports ERR_STORE_CORRUPT for a database damaged after it was written', async () => {
    const stores = createSqliteStores(temp.path);
    const runs = Array.from({ length: 300 }, (_, i) => ({ kind: 'run' as const, run: makeRunRecord({ runId: `run-${i}`, inputs: { padding: 'x'.repeat(200) } }) }));
    await stores.runStore.write(runs);
    await stores.close();
    const bytes = readFileSync(temp.path);
    const pageSize = bytes.readUInt16BE(16);
    // Scribble over every page after the schema pages: the b-trees become unreadable.
    for (let offset = pageSize * 2; offset < bytes.length; offset++) bytes[offset] = (offset * 7919) & 0xff;
    writeFileSync(temp.path, bytes);

    const error = await errorOf(async () => {
      const damaged = createSqliteStores(temp.path);
      try {
        await damaged.runStore.listRuns({ limit: 1000 });
      } finally {
        await damaged.close();
      }
    });
    expect(error.code).toBe(ERROR_CODES.STORE_CORRUPT);
    expect(error.hint).toContain(temp.path);
  });

  it('shares one connection between stores and closes it when the last store closes', async () => {
    const stores = createSqliteStores(temp.path);
    await stores.lineageStore.close();
    expect(stores.database.isOpen).toBe(true);
    await stores.runStore.write([{ kind: 'run', run: makeRunRecord({ runId: 'r1' }) }]);
    const closedError = await errorOf(() => stores.lineageStore.statistics());
    expect(closedError.code).toBe(ERROR_CODES.STORE_UNAVAILABLE);
    expect(closedError.message).toMatch(/closed/);
    await stores.runStore.close();
    expect(stores.database.isOpen).toBe(false);
    await stores.close();
    expect((await errorOf(() => stores.runStore.getRun('r1'))).code).toBe(ERROR_CODES.STORE_UNAVAILABLE);
    expect(existsSync(`${temp.path}-wal`)).toBe(false);
  });
});
