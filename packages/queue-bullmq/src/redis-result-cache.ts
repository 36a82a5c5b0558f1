import { Redis, type Cluster } from 'ioredis';
import type { CachedResult, ResultCache } from '@twingraph/core';
import { QueueKeys } from './queue-keys.js';
import { isRedisClient, redisOptionsFromUrl, type RedisConnection } from './redis-connection.js';

/** Options of {@link RedisResultCache}. */
export interface RedisResultCacheOptions {
  /** Redis URL, ioredis options or client (shared with the job queue's Redis, usually). @defaultValue 'redis://127.0.0.1:6379' */
  connection?: RedisConnection;
  /** Key prefix, as the job queue's. @defaultValue 'twingraph' */
  prefix?: string;
  /** How long an entry lives in Redis, ms (TWINGRAPH_CACHE_TTL in the CLI and server, in seconds). @defaultValue 86400000 (a day) */
  ttlMs?: number;
  /** Results whose JSON is larger are not put in Redis (they stay in the lineage store). @defaultValue 1 MiB */
  maxEntryBytes?: number;
  /** Called with Redis errors; the cache then answers "miss". @defaultValue ignore */
  onError?: (error: Error) => void;
}

/**
 * ResultCache in Redis: one string key per content hash (`<prefix>:twingraph:result:<hash>`) holding
 * the execution id, outputs (blob refs stay refs) and completion time, with a TTL. Every driver and
 * server on the same Redis shares it, so a result computed by one is found by the next without a
 * lineage-store query. A Redis that fails or is slow is a miss, never an error.
 */
export class RedisResultCache implements ResultCache {
  private readonly redis: Redis | Cluster;
  private readonly keys: QueueKeys;
  private readonly ttlMs: number;
  private readonly maxEntryBytes: number;
  private readonly onError: (error: Error) => void;
  /** The first connection (up to a second); after that, a Redis that is not ready is a miss at once. */
  private readonly ready: Promise<boolean>;

  constructor(options: RedisResultCacheOptions = {}) {
    const connection = options.connection ?? 'redis://127.0.0.1:6379';
    // Fail fast: a cache lookup must not wait for a Redis that is down (no offline queue, short timeout).
    this.redis = isRedisClient(connection) ? connection.duplicate() : new Redis({
      ...(typeof connection === 'string' ? redisOptionsFromUrl(connection) : connection),
      maxRetriesPerRequest: 1, enableOfflineQueue: false, commandTimeout: 1000,
    });
    this.ready = new Promise<boolean>((resolve) => {
      this.redis.once('ready', () => resolve(true));
      setTimeout(() => resolve(false), 1000).unref();
    });
    this.keys = new QueueKeys(options.prefix ?? 'twingraph');
    this.ttlMs = Math.max(1, Math.round(options.ttlMs ?? 86_400_000));
    this.maxEntryBytes = options.maxEntryBytes ?? 1024 * 1024;
    this.onError = options.onError ?? ((): void => undefined);
    this.redis.on('error', (error: Error) => this.onError(error));
  }

  private async usable(): Promise<boolean> {
    if (this.redis.status === 'ready') return true;
    return (await this.ready) && (this.redis.status as string) === 'ready';
  }

  async get(hash: string): Promise<CachedResult | undefined> {
    if (!(await this.usable())) return undefined;
    try {
      const text = await this.redis.get(this.keys.result(hash));
      return text === null ? undefined : (JSON.parse(text) as CachedResult);
    } catch (error) {
      this.onError(error as Error);
      return undefined;
    }
  }

  async set(hash: string, result: CachedResult): Promise<void> {
    if (!(await this.usable())) return;
    const text = JSON.stringify(result);
    if (Buffer.byteLength(text) > this.maxEntryBytes) return;
    try {
      await this.redis.set(this.keys.result(hash), text, 'PX', this.ttlMs);
    } catch (error) {
      this.onError(error as Error);
    }
  }

  async close(): Promise<void> {
    await (this.redis.status === 'ready' ? this.redis.quit().then(() => undefined, () => this.redis.disconnect()) : Promise.resolve(this.redis.disconnect()));
  }
}
