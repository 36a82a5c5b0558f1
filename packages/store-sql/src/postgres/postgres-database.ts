import pg from 'pg';
import { ERROR_CODES, TwinGraphError, invalidOptionsError } from '@twingraph/model';
import { migratePostgresSchema } from './postgres-migrator.js';
import { resolvePostgresStoreOptions, type PostgresStoreOptions, type ResolvedPostgresStoreOptions } from './postgres-options.js';
import { toPostgresStoreError, type PostgresErrorContext } from './postgres-store-error.js';
import { isServerError, PostgresWriter } from './postgres-writer.js';

/** Runs queries inside one read-only snapshot. */
export type SnapshotQuery = <R extends object>(sql: string, params?: readonly unknown[]) => Promise<R[]>;

const INT8_OID = 20;
// Counts and BIGINT keys as numbers (they stay far below 2^53), not strings.
const parseInt8 = (value: string): number => Number(value);
const TYPES = {
  getTypeParser: (oid: number, format?: 'text' | 'binary'): unknown => (oid === INT8_OID ? parseInt8 : (pg.types.getTypeParser(oid, format ?? 'text') as unknown)),
};

/**
 * One PostgreSQL database (and schema) shared by the stores built on it: a pool of reading
 * connections and a writer on a connection of its own. Each store acquires it and releases it on
 * close; it closes when the last store has released it, or at once on close().
 */
export class PostgresDatabase {
  readonly options: ResolvedPostgresStoreOptions;
  /** Server, database and schema, without credentials: for messages. */
  readonly target: string;
  readonly writer: PostgresWriter;
  private readonly readPool: pg.Pool;
  private readonly writePool: pg.Pool;
  /**
   * Settles once the database is connected and its schema migrated (started by the constructor);
   * rejects with the reason it could not be. Every query and write waits for it.
   */
  readonly ready: Promise<void>;
  private users = 0;
  private closing: Promise<void> | undefined;

  /** Use {@link createPostgresDatabase} or {@link openPostgresDatabase}. */
  constructor(config: pg.PoolConfig, options: ResolvedPostgresStoreOptions, target: string) {
    this.options = options;
    this.target = target;
    const base: pg.PoolConfig = {
      ...config,
      connectionTimeoutMillis: options.connectionTimeoutMs,
      application_name: options.applicationName,
      options: `-c search_path=${options.schema}`,
      types: TYPES,
      // Idle connections do not keep a finished CLI command alive.
      allowExitOnIdle: true,
    };
    this.readPool = new pg.Pool({ ...base, max: Math.max(1, options.poolSize - 1) });
    this.writePool = new pg.Pool({ ...base, max: 1, pipeline: true });
    // An idle connection dropped by the server must not crash the process; the next query reports it.
    this.readPool.on('error', () => undefined);
    this.writePool.on('error', () => undefined);
    this.ready = this.migrate();
    // Reported to whoever uses the store; unobserved (a store never used) it must not crash the process.
    this.ready.catch(() => undefined);
    this.writer = new PostgresWriter(this.writePool, this.ready, options, (error, action) => this.writerError(error, action));
  }

  get isOpen(): boolean {
    return this.closing === undefined;
  }

  /** One statement on a pooled connection; failures become TwinGraphErrors. */
  async query<R extends object>(action: string, sql: string, params: readonly unknown[] = []): Promise<R[]> {
    if (!this.isOpen) throw this.closedError(action);
    await this.ready;
    try {
      return (await this.readPool.query<R>(sql, params as unknown[])).rows;
    } catch (error) {
      throw toPostgresStoreError(error, this.errorContext(action));
    }
  }

  /** Several reads that see one snapshot (REPEATABLE READ, read only). */
  async snapshot<T>(action: string, fn: (query: SnapshotQuery) => Promise<T>): Promise<T> {
    if (!this.isOpen) throw this.closedError(action);
    await this.ready;
    let client: pg.PoolClient | undefined;
    try {
      client = await this.readPool.connect();
      const c = client;
      await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const result = await fn(async <R extends object>(sql: string, params: readonly unknown[] = []) => (await c.query<R>(sql, params as unknown[])).rows);
      await c.query('COMMIT');
      c.release();
      return result;
    } catch (error) {
      await releaseAfter(client, error);
      throw toPostgresStoreError(error, this.errorContext(action));
    }
  }

  /** One statement on a pooled connection; resolves with the number of rows it changed. */
  async execute(action: string, sql: string, params: readonly unknown[] = []): Promise<number> {
    if (!this.isOpen) throw this.closedError(action);
    await this.ready;
    try {
      return (await this.readPool.query(sql, params as unknown[])).rowCount ?? 0;
    } catch (error) {
      throw toPostgresStoreError(error, this.errorContext(action));
    }
  }

  /** `fn` in one read-write transaction (READ COMMITTED) on a pooled connection: committed when it resolves. */
  async transaction<T>(action: string, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    if (!this.isOpen) throw this.closedError(action);
    await this.ready;
    let client: pg.PoolClient | undefined;
    try {
      client = await this.readPool.connect();
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      client.release();
      return result;
    } catch (error) {
      await releaseAfter(client, error);
      throw toPostgresStoreError(error, this.errorContext(action));
    }
  }

  /** Applies the migrations this schema lacks (see migratePostgresSchema). */
  private async migrate(): Promise<void> {
    const context = this.errorContext('open the store');
    try {
      const client = await this.writePool.connect();
      try {
        await migratePostgresSchema(client, this.options.schema, context);
      } finally {
        client.release();
      }
    } catch (error) {
      throw toPostgresStoreError(error, context);
    }
  }

  acquire(): void {
    if (!this.isOpen) throw this.closedError('use the store');
    this.users++;
  }

  release(): Promise<void> {
    this.users = Math.max(0, this.users - 1);
    return this.users === 0 ? this.close() : Promise.resolve();
  }

  /** Waits for the writes already submitted, then closes every connection. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.ready.catch(() => undefined);
      await this.writer.close();
      await Promise.all([this.readPool.end(), this.writePool.end()]);
    })();
    return this.closing;
  }

  /** A failure of the write path (encoding included) as a TwinGraphError. */
  writerError(error: unknown, action: string): TwinGraphError {
    return toPostgresStoreError(error, this.errorContext(action));
  }

  errorContext(action: string): PostgresErrorContext {
    return { target: this.target, action };
  }

  closedError(action: string): TwinGraphError {
    return new TwinGraphError(ERROR_CODES.STORE_UNAVAILABLE, `Cannot ${action}: the store for ${this.target} is closed`, {
      category: 'unexpected',
      hint: 'A store was used after close(); close stores only when nothing uses them any more.',
      details: { target: this.target, action },
    });
  }
}

/** Rolls back and returns a pooled connection after a failure; one that broke is destroyed instead. */
async function releaseAfter(client: pg.PoolClient | undefined, error: unknown): Promise<void> {
  if (client === undefined) return;
  if (isServerError(error)) {
    await client.query('ROLLBACK').catch(() => undefined);
    client.release();
  } else client.release(error instanceof Error ? error : new Error(String(error)));
}

/** Whether a store URL names PostgreSQL (`postgres://` or `postgresql://`). */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/**
 * A handle on the PostgreSQL database of `url` (`postgres://user:password@host:port/database?schema=…`,
 * plus any libpq parameter node-postgres understands, such as sslmode). Returns at once: connecting
 * and migrating the schema start now, and {@link PostgresDatabase.ready} (which every query and write
 * waits for) reports how that went: ERR_STORE_UNAVAILABLE, ERR_STORE_VERSION or ERR_STORE_CORRUPT.
 * A bad URL or option throws ERR_INVALID_OPTIONS here.
 */
export function createPostgresDatabase(url: string, options: PostgresStoreOptions = {}): PostgresDatabase {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalidOptionsError('the PostgreSQL store', [`"${redact(url)}" is not a URL (expected postgres://user:password@host:5432/database)`]);
  }
  if (!isPostgresUrl(url)) throw invalidOptionsError('the PostgreSQL store', [`"${redact(url)}" is not a postgres:// URL`]);
  const urlSchema = parsed.searchParams.get('schema') ?? undefined;
  parsed.searchParams.delete('schema');
  const resolved = resolvePostgresStoreOptions(options, urlSchema);
  const target = `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}${parsed.pathname || '/'} (schema ${resolved.schema})`;
  return new PostgresDatabase({ connectionString: parsed.toString() }, resolved, target);
}

/** {@link createPostgresDatabase}, resolved once the database is ready (closed again if it cannot be). */
export async function openPostgresDatabase(url: string, options: PostgresStoreOptions = {}): Promise<PostgresDatabase> {
  const database = createPostgresDatabase(url, options);
  try {
    await database.ready;
    return database;
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error;
  }
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  return url.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@');
}
