import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { ERROR_CODES, TwinGraphError } from '@twingraph/model';
import { inspectSchema, migrateSchema } from '../schema/migrator.js';
import { resolveSqliteDatabaseOptions, type ResolvedSqliteDatabaseOptions, type SqliteDatabaseOptions } from './sqlite-database-options.js';
import { toStoreError, type StoreErrorContext } from './sqlite-store-error.js';
import { InlineSqliteWriter } from '../writer/inline-sqlite-writer.js';
import { ThreadSqliteWriter } from '../writer/thread-sqlite-writer.js';
import { WriteCombiner } from '../writer/write-combiner.js';

/** Set on every connection to a TwinGraph database (the journal mode, WAL, is kept by the file). */
const CONNECTION_PRAGMAS = ['synchronous = NORMAL', 'foreign_keys = ON', 'temp_store = MEMORY'];

/**
 * One open SQLite database file, shared by the stores built on it. Each store acquires it and
 * releases it on close; the connection closes when the last store has released it, or at once on
 * {@link SqliteDatabase.close}.
 */
export class SqliteDatabase {
  readonly path: string;
  readonly options: ResolvedSqliteDatabaseOptions;
  /** The better-sqlite3 connection. Use {@link SqliteDatabase.guard} so failures become TwinGraphErrors. */
  readonly connection: Database.Database;
  /** Commits the stores' write batches, in order (see SqliteDatabaseOptions.writeThread). */
  readonly writer: WriteCombiner;
  private users = 0;
  private closing: Promise<void> | undefined;

  /** Use {@link openSqliteDatabase}. */
  constructor(path: string, connection: Database.Database, options: ResolvedSqliteDatabaseOptions) {
    this.path = path;
    this.connection = connection;
    this.options = options;
    // A second connection to ':memory:' would open another, empty database.
    const writer = options.writeThread && !isInMemory(path) ? new ThreadSqliteWriter(this, connectionPragmas(options)) : new InlineSqliteWriter(this);
    this.writer = new WriteCombiner(writer, (action) => this.errorContext(action));
  }

  get isOpen(): boolean {
    return this.connection.open;
  }

  /** Runs `fn` against the connection; anything it throws comes out as a TwinGraphError. */
  guard<T>(action: string, fn: (db: Database.Database) => T): T {
    if (!this.connection.open) throw this.closedError(action);
    try {
      return fn(this.connection);
    } catch (error) {
      throw toStoreError(error, this.errorContext(action));
    }
  }

  /** Registers a store using this database. */
  acquire(): void {
    if (!this.connection.open) throw this.closedError('use the store');
    this.users++;
  }

  /** A store stopped using this database; the last one closes it. Resolves once it is closed. */
  release(): Promise<void> {
    this.users = Math.max(0, this.users - 1);
    return this.users === 0 ? this.close() : Promise.resolve();
  }

  /**
   * Closes the connection now, whoever still uses it; resolves once the batches already submitted
   * are committed and the writer's connection is closed too. Idempotent.
   */
  close(): Promise<void> {
    if (this.closing === undefined) {
      // Batches still being collected are submitted first: an inline writer needs the connection.
      this.closing = this.writer.close();
      if (this.connection.open) this.connection.close();
    }
    return this.closing;
  }

  errorContext(action: string): StoreErrorContext {
    return { path: this.path, action, busyTimeoutMs: this.options.busyTimeoutMs };
  }

  /** The error for using a closed store. */
  closedError(action: string): TwinGraphError {
    return new TwinGraphError(ERROR_CODES.STORE_UNAVAILABLE, `Cannot ${action}: the store for ${this.path} is closed`, {
      category: 'unexpected',
      hint: 'A store was used after close(); close stores only when nothing uses them any more.',
      details: { path: this.path, action },
    });
  }
}

/**
 * Opens (creating if needed) a TwinGraph SQLite database: WAL journal, synchronous=NORMAL, a busy
 * timeout, a page cache of `cacheSizeKiB`, temporary tables in memory, foreign keys enforced (for
 * tables that declare them), and the schema migrated to this version. `':memory:'` gives a private
 * in-memory database. Fails with ERR_STORE_CORRUPT, ERR_STORE_LOCKED, ERR_STORE_VERSION or
 * ERR_STORE_UNAVAILABLE, leaving a refused file as it was.
 */
export function openSqliteDatabase(path: string, options: SqliteDatabaseOptions = {}): SqliteDatabase {
  const resolved = resolveSqliteDatabaseOptions(options);
  const context: StoreErrorContext = { path, action: 'open the store', busyTimeoutMs: resolved.busyTimeoutMs };
  const inMemory = isInMemory(path);
  let connection: Database.Database | undefined;
  try {
    if (!inMemory && resolved.createDirectory) mkdirSync(dirname(path), { recursive: true });
    connection = new Database(path, { timeout: resolved.busyTimeoutMs });
    // Identify the file before changing anything: setting WAL mode alone rewrites the header.
    const found = inspectSchema(connection, context);
    connection.pragma('journal_mode = WAL');
    for (const pragma of connectionPragmas(resolved)) connection.pragma(pragma);
    migrateSchema(connection, context, found);
    return new SqliteDatabase(path, connection, resolved);
  } catch (error) {
    connection?.close();
    throw toStoreError(error, context);
  }
}

function isInMemory(path: string): boolean {
  return path === ':memory:' || path === '';
}

function connectionPragmas(options: ResolvedSqliteDatabaseOptions): string[] {
  return [...CONNECTION_PRAGMAS, `cache_size = -${options.cacheSizeKiB}`];
}
