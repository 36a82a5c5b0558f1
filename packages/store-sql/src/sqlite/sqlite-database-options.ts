export interface SqliteDatabaseOptions {
  /**
   * How long a statement waits for another connection's lock before failing with ERR_STORE_LOCKED,
   * in milliseconds.
   * @defaultValue 5000
   */
  busyTimeoutMs?: number;
  /**
   * Page cache of the connection, in KiB. Lookups by execution id and hash stay in memory for
   * large lineage graphs.
   * @defaultValue 65536 (64 MiB)
   */
  cacheSizeKiB?: number;
  /**
   * Create the folder that holds the database file when it is missing.
   * @defaultValue true
   */
  createDirectory?: boolean;
  /**
   * Commit write batches on a worker thread with its own connection, so a run goes on while its
   * records are written; a write still resolves only once committed. Off, batches are committed on
   * the caller's thread when written. An in-memory database (`':memory:'`) always writes inline.
   * @defaultValue true
   */
  writeThread?: boolean;
}

export type ResolvedSqliteDatabaseOptions = Required<SqliteDatabaseOptions>;

export function resolveSqliteDatabaseOptions(options: SqliteDatabaseOptions = {}): ResolvedSqliteDatabaseOptions {
  return {
    busyTimeoutMs: Math.max(0, options.busyTimeoutMs ?? 5000),
    cacheSizeKiB: Math.max(0, Math.floor(options.cacheSizeKiB ?? 65_536)),
    createDirectory: options.createDirectory ?? true,
    writeThread: options.writeThread ?? true,
  };
}
