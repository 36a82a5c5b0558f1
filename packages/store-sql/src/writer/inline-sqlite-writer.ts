import type { SqliteDatabase } from '../sqlite/sqlite-database.js';
import type { WriteRequest } from './encoded-writes.js';
import type { SqliteWriter } from './sqlite-writer.js';
import { createWriteApplier, type WriteApplier } from './write-applier.js';
import { WRITE_PLAN } from './write-sql.js';

/** Commits each request at once on the database's own connection (for `:memory:` databases, or when asked). */
export class InlineSqliteWriter implements SqliteWriter {
  private apply: WriteApplier | undefined;

  constructor(private readonly database: SqliteDatabase) {}

  submit(request: WriteRequest): Promise<unknown[]> {
    try {
      const connection = this.database.connection;
      if (!connection.open) throw this.database.closedError('write records');
      this.apply ??= createWriteApplier(connection, WRITE_PLAN);
      return Promise.resolve(this.apply([request])[0]!);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  idle(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
