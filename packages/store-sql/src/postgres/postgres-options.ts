import { invalidOptionsError } from '@twingraph/model';

export interface PostgresStoreOptions {
  /**
   * PostgreSQL schema holding TwinGraph's tables, created when missing. A `?schema=` parameter of
   * the URL sets it too (this option wins). Letters, digits and `_` only.
   * @defaultValue 'twingraph'
   */
  schema?: string;
  /**
   * Most connections the stores open at once (one writes, the others read).
   * @defaultValue 10
   */
  poolSize?: number;
  /**
   * How long to wait for a connection before failing with ERR_STORE_UNAVAILABLE, in milliseconds.
   * @defaultValue 10000
   */
  connectionTimeoutMs?: number;
  /**
   * Most rows of one kind the writer puts in one multi-row INSERT; a larger commit is split into
   * several statements (still one transaction).
   * @defaultValue 1000
   */
  maxRowsPerStatement?: number;
  /**
   * Most records (runs, nodes, log lines, vertices) the writer commits in one transaction; batches
   * waiting beyond that go in the next one.
   * @defaultValue 20000
   */
  maxRecordsPerCommit?: number;
  /**
   * `application_name` of the connections, shown in pg_stat_activity.
   * @defaultValue 'twingraph'
   */
  applicationName?: string;
}

export type ResolvedPostgresStoreOptions = Required<PostgresStoreOptions>;

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

export function resolvePostgresStoreOptions(options: PostgresStoreOptions = {}, urlSchema?: string): ResolvedPostgresStoreOptions {
  const schema = options.schema ?? urlSchema ?? 'twingraph';
  const problems: string[] = [];
  if (!SCHEMA_NAME.test(schema)) problems.push(`schema "${schema}" must be 1-63 letters, digits or _ and not start with a digit`);
  const positive = (name: string, value: number | undefined, fallback: number): number => {
    if (value === undefined) return fallback;
    if (!Number.isInteger(value) || value < 1) problems.push(`${name} must be a positive integer (got ${String(value)})`);
    return value;
  };
  const resolved: ResolvedPostgresStoreOptions = {
    schema,
    poolSize: positive('poolSize', options.poolSize, 10),
    connectionTimeoutMs: positive('connectionTimeoutMs', options.connectionTimeoutMs, 10_000),
    maxRowsPerStatement: positive('maxRowsPerStatement', options.maxRowsPerStatement, 1000),
    maxRecordsPerCommit: positive('maxRecordsPerCommit', options.maxRecordsPerCommit, 20_000),
    applicationName: options.applicationName ?? 'twingraph',
  };
  if (problems.length > 0) throw invalidOptionsError('the PostgreSQL store', problems);
  return resolved;
}
