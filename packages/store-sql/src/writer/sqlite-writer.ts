import type { EncodedWrites } from './encoded-writes.js';

/**
 * Commits the write batches of the stores sharing one database, in the order they are submitted.
 * Implementations: InlineSqliteWriter (on the stores' connection) and ThreadSqliteWriter (on a
 * worker thread with its own connection, so commits overlap with the caller's work).
 */
export interface SqliteWriter {
  /** Resolves once the batch is committed; rejects with a TwinGraphError naming `action`. */
  submit(writes: EncodedWrites, action: string): Promise<void>;
  /** Resolves when every batch submitted so far has settled. */
  idle(): Promise<void>;
  /** Settles the batches already submitted, then lets go of the writer's resources. Idempotent. */
  close(): Promise<void>;
}
