import { hostname } from 'node:os';
import type { Cluster, Redis } from 'ioredis';
import type { WorkerInfo } from '@twingraph/core';
import type { QueueKeys } from './queue-keys.js';

/**
 * Workers advertise themselves in Redis with heartbeats: a sorted set of ids per queue scored by the
 * last beat, and a JSON entry per worker that expires when the beats stop. Submitters read it to wait
 * for a worker that can run a component, and operators read it as `twingraph_workers`.
 */
export class WorkerRegistry {
  constructor(
    private readonly redis: Redis | Cluster,
    private readonly keys: QueueKeys,
    private readonly heartbeatMs: number,
  ) {}

  /** Entries older than this are dead: three missed beats. */
  private get ttlMs(): number {
    return this.heartbeatMs * 3;
  }

  /** Starts beating for one consumer; the returned function stops and removes it. */
  advertise(info: Omit<WorkerInfo, 'heartbeatAt' | 'host' | 'pid'>, onError: (error: Error) => void): () => Promise<void> {
    const entry = { ...info, host: hostname(), pid: process.pid };
    const beat = async (): Promise<void> => {
      const now = Date.now();
      await this.redis
        .multi()
        .zadd(this.keys.workerSet(info.queue), now, info.id)
        .set(this.keys.worker(info.queue, info.id), JSON.stringify({ ...entry, heartbeatAt: new Date(now).toISOString() }), 'PX', this.ttlMs)
        .exec();
    };
    const safeBeat = (): void => void beat().catch(onError);
    safeBeat();
    const timer = setInterval(safeBeat, this.heartbeatMs);
    timer.unref();
    return async () => {
      clearInterval(timer);
      await this.redis.multi().zrem(this.keys.workerSet(info.queue), info.id).del(this.keys.worker(info.queue, info.id)).exec().catch(onError);
    };
  }

  /** Live workers of a queue (heartbeat within three intervals). */
  async list(queue: string): Promise<WorkerInfo[]> {
    const set = this.keys.workerSet(queue);
    const since = Date.now() - this.ttlMs;
    await this.redis.zremrangebyscore(set, '-inf', `(${since}`);
    const ids = await this.redis.zrangebyscore(set, since, '+inf');
    if (ids.length === 0) return [];
    const values = await this.redis.mget(...ids.map((id) => this.keys.worker(queue, id)));
    return values.flatMap((value) => (value === null ? [] : [JSON.parse(value) as WorkerInfo]));
  }
}
