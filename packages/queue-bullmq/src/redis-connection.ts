import { Redis, type Cluster, type RedisOptions } from 'ioredis';
import { ERROR_CODES, TwinGraphError } from '@twingraph/model';

/**
 * Where Redis is: a `redis://` / `rediss://` URL (user, password, database, TLS), ioredis options
 * (Sentinel: `sentinels` + `name`), or a ready ioredis client / Cluster, passed through untouched.
 */
export type RedisConnection = string | RedisOptions | Redis | Cluster;

/** True for ioredis clients and clusters (they are used as-is and never closed by TwinGraph). */
export function isRedisClient(value: RedisConnection): value is Redis | Cluster {
  return typeof value === 'object' && typeof (value as { duplicate?: unknown }).duplicate === 'function';
}

/**
 * ioredis options for a `redis://[user:password@]host[:port][/db]` or `rediss://…` (TLS) URL.
 * `?tls=true` also turns TLS on; `?servername=` sets the TLS server name.
 */
export function redisOptionsFromUrl(url: string): RedisOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw invalidUrl(url, 'it is not a URL', error);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') throw invalidUrl(url, `the scheme is '${parsed.protocol}'`);
  const db = parsed.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d+$/.test(db)) throw invalidUrl(url, `the database '${db}' is not a number`);
  const tls = parsed.protocol === 'rediss:' || parsed.searchParams.get('tls') === 'true';
  const servername = parsed.searchParams.get('servername') ?? undefined;
  return {
    host: parsed.hostname === '' ? '127.0.0.1' : parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: parsed.port === '' ? 6379 : Number(parsed.port),
    ...(parsed.username === '' ? {} : { username: decodeURIComponent(parsed.username) }),
    ...(parsed.password === '' ? {} : { password: decodeURIComponent(parsed.password) }),
    ...(db === '' ? {} : { db: Number(db) }),
    ...(tls ? { tls: servername === undefined ? {} : { servername } } : {}),
  };
}

/** ioredis options for a connection given as a URL or options (not for ready clients). */
export function redisOptionsOf(connection: string | RedisOptions): RedisOptions {
  // BullMQ needs maxRetriesPerRequest null on blocking connections: commands wait for Redis to come
  // back instead of failing after 20 retries, which is what lets a run survive a Redis restart.
  return { maxRetriesPerRequest: null, ...(typeof connection === 'string' ? redisOptionsFromUrl(connection) : connection) };
}

/** A new ioredis client for the connection (a duplicate when a client was given). */
export function openRedis(connection: RedisConnection): Redis | Cluster {
  if (isRedisClient(connection)) return connection.duplicate();
  return new Redis(redisOptionsOf(connection));
}

/** The URL without its password, for messages and logs. */
export function describeRedis(connection: RedisConnection): string {
  if (typeof connection === 'string') return connection.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
  if (isRedisClient(connection)) return 'redis (client given)';
  if (connection.sentinels !== undefined) return `redis sentinel '${connection.name ?? ''}'`;
  return `redis://${connection.host ?? '127.0.0.1'}:${connection.port ?? 6379}`;
}

function invalidUrl(url: string, why: string, cause?: unknown): TwinGraphError {
  return new TwinGraphError(ERROR_CODES.INVALID_OPTIONS, `Invalid Redis URL '${url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@')}': ${why}`, {
    hint: 'Use redis://[user:password@]host[:port][/db], or rediss://… for TLS (e.g. redis://127.0.0.1:6379).',
    nonRetryable: true,
    cause,
  });
}
