import Database from 'better-sqlite3';
import { ERROR_CODES, TwinGraphError } from '@twingraph/model';

/** Where the failure happened, for the message and hint. */
export interface StoreErrorContext {
  path: string;
  /** What the store was doing, e.g. "write lineage". */
  action: string;
  busyTimeoutMs: number;
}

/** The SQLite result code (`SQLITE_BUSY`, `SQLITE_NOTADB`…) of a driver error, if it is one. */
export function sqliteCodeOf(error: unknown): string | undefined {
  return error instanceof Database.SqliteError ? error.code : undefined;
}

function describePath(path: string): string {
  return path === ':memory:' || path === '' ? 'the in-memory database' : path;
}

/** The store error for a file that is not a (TwinGraph) database or is damaged. */
export function storeCorruptError(context: StoreErrorContext, reason: string, cause?: unknown): TwinGraphError {
  const where = describePath(context.path);
  return new TwinGraphError(ERROR_CODES.STORE_CORRUPT, `Cannot ${context.action}: ${where} ${reason}`, {
    category: 'operational',
    hint: `Move ${where} aside (for example rename it to ${where}.broken) so TwinGraph can create a new store there, or point TwinGraph at another file. TwinGraph left the file untouched.`,
    details: { path: context.path, action: context.action, ...(sqliteCodeOf(cause) === undefined ? {} : { sqliteCode: sqliteCodeOf(cause) }) },
    nonRetryable: true,
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * Turns anything thrown while using the database into a TwinGraphError with a stable code and a
 * hint saying what to do. TwinGraphErrors pass through unchanged.
 */
export function toStoreError(error: unknown, context: StoreErrorContext): TwinGraphError {
  if (error instanceof TwinGraphError) return error;
  const code = sqliteCodeOf(error);
  const message = error instanceof Error ? error.message : String(error);
  const where = describePath(context.path);
  const details = { path: context.path, action: context.action, ...(code === undefined ? {} : { sqliteCode: code }) };
  if (code === undefined) {
    const systemCode = systemErrorCode(error);
    if (systemCode !== undefined) {
      return new TwinGraphError(ERROR_CODES.STORE_UNAVAILABLE, `Cannot ${context.action}: ${where} is unavailable (${message})`, {
        category: 'operational',
        hint: systemCode === 'ENOSPC' ? unavailableHint('SQLITE_FULL', where) : unavailableHint('SQLITE_CANTOPEN', where),
        details: { ...details, systemCode },
        cause: error,
      });
    }
    if (error instanceof TypeError && /BigInt|circular|serialize/i.test(message)) {
      return new TwinGraphError(ERROR_CODES.NON_SERIALIZABLE, `Cannot ${context.action}: a value is not JSON-serializable (${message})`, {
        hint: 'Records must hold plain JSON values: no BigInt, functions or circular references.',
        details,
        nonRetryable: true,
        cause: error,
      });
    }
    return new TwinGraphError(ERROR_CODES.INTERNAL, `Cannot ${context.action} in ${where}: ${message}`, { category: 'unexpected', details, cause: error });
  }
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return storeCorruptError(context, `is not a SQLite database or is damaged (${message})`, error);
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new TwinGraphError(ERROR_CODES.STORE_LOCKED, `Cannot ${context.action}: ${where} stayed locked by another connection for more than ${context.busyTimeoutMs} ms`, {
      category: 'operational',
      hint: 'Another process (a second `twingraph` command, a server or a SQLite tool) holds the database: wait for it or stop it, then retry; or raise busyTimeoutMs.',
      details,
      cause: error,
    });
  }
  if (code.startsWith('SQLITE_CONSTRAINT') || code === 'SQLITE_MISMATCH' || code === 'SQLITE_RANGE') {
    return new TwinGraphError(ERROR_CODES.VALIDATION, `Cannot ${context.action}: a record was rejected by the store (${message})`, {
      hint: 'A record is missing a required field or has a field of the wrong type; check what was written.',
      details,
      nonRetryable: true,
      cause: error,
    });
  }
  return new TwinGraphError(ERROR_CODES.STORE_UNAVAILABLE, `Cannot ${context.action}: ${where} is unavailable (${code}: ${message})`, {
    category: 'operational',
    hint: unavailableHint(code, where),
    details,
    cause: error,
  });
}

function unavailableHint(code: string, where: string): string {
  if (code === 'SQLITE_FULL') return `The disk holding ${where} is full: free some space, then retry.`;
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_PERM' || code.startsWith('SQLITE_READONLY') || code === 'SQLITE_AUTH') {
    return `Check that ${where} is a file (not a folder) and that this user may read and write it and its folder (SQLite also writes -wal and -shm files beside it).`;
  }
  if (code.startsWith('SQLITE_IOERR')) return `Reading or writing ${where} failed: check the disk and file system, then retry.`;
  return `Check ${where} and the disk it is on, then retry.`;
}

/** `EACCES`, `ENOSPC`… of a Node.js file-system error (e.g. creating the folder). */
function systemErrorCode(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as NodeJS.ErrnoException).code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? code : undefined;
}
