import type { WriteRequest } from './encoded-writes.js';

/**
 * Commits the write requests of the stores sharing one database, in the order they are submitted.
 * Implementations: InlineSqliteWriter (on the stores' connection) and ThreadSqliteWriter (on a
 * worker thread with its own connection, so commits overlap with the caller's work).
 */
export interface SqliteWriter {
  /**
   * Resolves once the request is committed or rolled back, with each batch's failure (a driver or
   * system error, not yet mapped) or undefined; rejects when the writer itself failed.
   */
  submit(request: WriteRequest): Promise<unknown[]>;
  /** Resolves when every request submitted so far has settled. */
  idle(): Promise<void>;
  /** Settles the requests already submitted, then lets go of the writer's resources. Idempotent. */
  close(): Promise<void>;
}
