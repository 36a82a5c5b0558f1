import type { SqliteDatabase } from '../sqlite/sqlite-database.js';
import type { EncodedWrites } from './encoded-writes.js';
import type { SqliteWriter } from './sqlite-writer.js';
import { createWriteApplier, type WriteApplier } from './write-applier.js';
import { WRITE_SQL } from './write-sql.js';

/** Commits each batch at once on the database's own connection (for `:memory:` databases, or when asked). */
export class InlineSqliteWriter implements SqliteWriter {
  private apply: WriteApplier | undefined;

  constructor(private readonly database: SqliteDatabase) {}

  submit(writes: EncodedWrites, action: string): Promise<void> {
    try {
      this.database.guard(action, (db) => (this.apply ??= createWriteApplier(db, WRITE_SQL))([writes]));
      return Promise.resolve();
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
