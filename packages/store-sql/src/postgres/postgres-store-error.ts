import { ERROR_CODES, TwinGraphError } from '@twingraph/model';

/** Where a PostgreSQL store failure happened, for the message and hint. */
export interface PostgresErrorContext {
  /** The server and database, without credentials, and the schema: `127.0.0.1:5432/twingraph (schema twingraph)`. */
  target: string;
  /** What the store was doing, e.g. "write lineage". */
  action: string;
}

/** The SQLSTATE (`23505`, `08006`…) of a server error, if it is one. */
export function sqlStateOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** `ECONNREFUSED`, `ENOTFOUND`… of a network error (also inside an AggregateError from dual-stack connects). */
function systemCodeOf(error: unknown): string | undefined {
  if (error instanceof AggregateError) return error.errors.map(systemCodeOf).find((c) => c !== undefined);
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? code : undefined;
}

function messageOf(error: unknown): string {
  if (error instanceof AggregateError && error.message === '') return error.errors.map(messageOf).join('; ');
  return error instanceof Error ? error.message : String(error);
}

/**
 * Turns anything the driver throws into a TwinGraphError with a stable code and a hint saying what
 * to do. TwinGraphErrors pass through unchanged.
 */
export function toPostgresStoreError(error: unknown, context: PostgresErrorContext): TwinGraphError {
  if (error instanceof TwinGraphError) return error;
  const message = messageOf(error);
  const sqlState = sqlStateOf(error);
  const details: Record<string, unknown> = { target: context.target, action: context.action };
  const fail = (code: string, text: string, hint: string, extra: { category?: 'user' | 'operational' | 'unexpected'; nonRetryable?: boolean } = {}): TwinGraphError =>
    new TwinGraphError(code, `Cannot ${context.action}: ${text}`, {
      category: extra.category ?? 'operational',
      hint,
      details: sqlState === undefined ? details : { ...details, sqlState },
      ...(extra.nonRetryable === true ? { nonRetryable: true } : {}),
      cause: error,
    });
  if (sqlState === undefined) {
    const systemCode = systemCodeOf(error);
    if (systemCode !== undefined || /timeout exceeded when trying to connect|Connection terminated|not queryable|connection error/i.test(message)) {
      return fail(
        ERROR_CODES.STORE_UNAVAILABLE,
        `PostgreSQL at ${context.target} is unreachable (${message})`,
        'Check that the PostgreSQL server is running and reachable at the host and port of the store URL (for tests: bash scripts/services/postgres.sh start).',
      );
    }
    if (error instanceof TypeError && /BigInt|circular|serialize/i.test(message)) {
      return fail(ERROR_CODES.NON_SERIALIZABLE, `a value is not JSON-serializable (${message})`, 'Records must hold plain JSON values: no BigInt, functions or circular references.', {
        category: 'user',
        nonRetryable: true,
      });
    }
    return fail(ERROR_CODES.INTERNAL, `${message} (PostgreSQL at ${context.target})`, 'This looks like a bug in TwinGraph; please report it with the message above.', { category: 'unexpected' });
  }
  const server = `PostgreSQL at ${context.target} answered ${sqlState}: ${message}`;
  const klass = sqlState.slice(0, 2);
  if (klass === '28') {
    return fail(ERROR_CODES.STORE_UNAVAILABLE, server, 'Check the user name and password in the store URL (postgres://user:password@host:port/database) and pg_hba.conf.', { nonRetryable: true });
  }
  if (sqlState === '3D000') {
    return fail(ERROR_CODES.STORE_UNAVAILABLE, server, 'Create the database first (createdb <name>, or CREATE DATABASE) or point the store URL at an existing one.', { nonRetryable: true });
  }
  if (klass === '42' && sqlState === '42501') {
    return fail(ERROR_CODES.STORE_UNAVAILABLE, server, 'The user of the store URL lacks a privilege: it needs CREATE on the database (for the schema) and all privileges on the TwinGraph schema.', { nonRetryable: true });
  }
  if (sqlState === '40001' || sqlState === '40P01' || sqlState === '55P03' || sqlState === '57014') {
    return fail(ERROR_CODES.STORE_LOCKED, server, 'Another connection held a lock TwinGraph needed (or a statement timeout cut it short): retry, or look for long transactions in pg_stat_activity.');
  }
  if (klass === '23' || klass === '22') {
    return fail(ERROR_CODES.VALIDATION, `a record was rejected by the store (${server})`, 'A record is missing a required field or holds a value PostgreSQL cannot store (text with NUL characters, for instance); check what was written.', {
      category: 'user',
      nonRetryable: true,
    });
  }
  if (klass === '08' || klass === '53' || klass === '57' || klass === '58' || klass === 'XX') {
    const hint = klass === '53' ? 'The server is out of a resource (disk, memory or connections): free some or raise max_connections, then retry.' : 'The connection to PostgreSQL failed or the server is shutting down: check the server, then retry.';
    return fail(ERROR_CODES.STORE_UNAVAILABLE, server, hint);
  }
  return fail(ERROR_CODES.STORE_UNAVAILABLE, server, `Check the PostgreSQL server at ${context.target} and its log, then retry.`);
}
