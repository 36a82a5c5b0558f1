export interface SqliteDatabaseOptions {
  /**
   * How long a statement waits for another connection's lock before failing with ERR_STORE_LOCKED,
   * in milliseconds.
   * @defaultValue 5000
   */
  busyTimeoutMs?: number;
  /**
   * Create the folder that holds the database file when it is missing.
   * @defaultValue true
   */
  createDirectory?: boolean;
}

export type ResolvedSqliteDatabaseOptions = Required<SqliteDatabaseOptions>;

export function resolveSqliteDatabaseOptions(options: SqliteDatabaseOptions = {}): ResolvedSqliteDatabaseOptions {
  return {
    busyTimeoutMs: Math.max(0, options.busyTimeoutMs ?? 5000),
    createDirectory: options.createDirectory ?? true,
  };
}
