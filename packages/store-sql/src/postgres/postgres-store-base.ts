import type { PostgresDatabase, SnapshotQuery } from './postgres-database.js';
import type { PostgresWrites } from './postgres-write-plan.js';

/** What PostgresRunStore and PostgresLineageStore share: the database handle, closing, the write guard. */
export abstract class PostgresStoreBase {
  readonly database: PostgresDatabase;
  private closed = false;

  protected constructor(database: PostgresDatabase) {
    this.database = database;
    this.database.acquire();
  }

  /** Encodes a batch now (a value that is not JSON fails this write alone) and queues it for the writer. */
  protected submitWrite(action: string, size: number, encode: () => PostgresWrites): Promise<void> {
    if (this.closed) return Promise.reject(this.database.closedError(action));
    if (size === 0) return Promise.resolve();
    let writes: PostgresWrites;
    try {
      writes = encode();
    } catch (error) {
      return Promise.reject(this.database.writerError(error, action));
    }
    return this.database.writer.submit(writes, action);
  }

  protected query<R extends object>(action: string, sql: string, params: readonly unknown[] = []): Promise<R[]> {
    if (this.closed) return Promise.reject(this.database.closedError(action));
    return this.database.query<R>(action, sql, params);
  }

  protected snapshot<T>(action: string, fn: (query: SnapshotQuery) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(this.database.closedError(action));
    return this.database.snapshot(action, fn);
  }

  /** Stops using the database; it closes once no store uses it (resolving when it has). Idempotent. */
  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    return this.database.release();
  }
}
