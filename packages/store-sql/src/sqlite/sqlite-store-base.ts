import type Database from 'better-sqlite3';
import { openSqliteDatabase, type SqliteDatabase } from './sqlite-database.js';
import type { SqliteDatabaseOptions } from './sqlite-database-options.js';

/** A database handle, or the path of a database file to open for this store alone. */
export type SqliteDatabaseSource = SqliteDatabase | string;

/** What SqliteRunStore and SqliteLineageStore share: the database handle, closing, error mapping. */
export abstract class SqliteStoreBase {
  readonly database: SqliteDatabase;
  private closed = false;
  private readonly statements = new Map<string, Database.Statement<unknown[]>>();

  protected constructor(source: SqliteDatabaseSource, options: SqliteDatabaseOptions = {}) {
    this.database = typeof source === 'string' ? openSqliteDatabase(source, options) : source;
    this.database.acquire();
  }

  /** Runs `fn` on the connection; failures become TwinGraphErrors. */
  protected use<T>(action: string, fn: (db: Database.Database) => T): T {
    if (this.closed) throw this.database.closedError(action);
    return this.database.guard(action, fn);
  }

  /**
   * {@link use} as a promise, for the async port methods: the driver is synchronous, so the work is
   * done now and its failure comes back as a rejection rather than a throw.
   */
  protected settle<T>(action: string, fn: (db: Database.Database) => T): Promise<T> {
    try {
      return Promise.resolve(this.use(action, fn));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Hands a write batch to the database's writer once the store is known to be open. Submitted at
   * once (not on a microtask), so a run-store and a lineage batch handed over together share a commit.
   */
  protected submitWrite(action: string, size: number, submit: () => Promise<void>): Promise<void> {
    if (this.closed) return Promise.reject(this.database.closedError(action));
    return size === 0 ? Promise.resolve() : submit();
  }

  /** A prepared statement for this SQL, prepared once per store. */
  protected statement(sql: string): Database.Statement<unknown[]> {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.database.connection.prepare<unknown[]>(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** Prepares the store's statements; on failure the store lets go of the database before throwing. */
  protected prepare<T>(action: string, fn: (db: Database.Database) => T): T {
    try {
      return this.use(action, fn);
    } catch (error) {
      void this.close();
      throw error;
    }
  }

  /** Stops using the database; it closes once no store uses it (resolving when it has). Idempotent. */
  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    return this.database.release();
  }
}
