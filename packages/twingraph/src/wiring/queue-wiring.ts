import { ERROR_CODES, TwinGraphError } from '@twingraph/model';
import { QueueExecutor, type BlobStore, type Executor, type ResultCache } from '@twingraph/core';
import { BullMqJobQueue, RedisResultCache } from '@twingraph/queue-bullmq';
import type { TwinGraphSettings } from './twingraph-config.js';

/**
 * With a Redis URL, local components go to `twingraph worker` processes on the settings' queue
 * (other platforms keep their own executors: a Docker or Kubernetes job is already remote).
 * Job inputs/results over TWINGRAPH_MAX_PAYLOAD_BYTES (default 1 MiB) go through `blobStore`, which the
 * workers must share; TWINGRAPH_WORKER_WAIT_MS (default 30000) is how long a job waits for a worker that
 * has its component before failing with ERR_NO_CAPABLE_WORKER.
 */
export function queueExecutorFromSettings(settings: TwinGraphSettings, redis: string, blobStore: BlobStore, env: NodeJS.ProcessEnv = process.env): Executor {
  const maxPayloadBytes = maxPayloadBytesFromEnv(env);
  const waitMs = positiveFromEnv(env, 'TWINGRAPH_WORKER_WAIT_MS', 'e.g. TWINGRAPH_WORKER_WAIT_MS=60000, or off to wait on the queue without checking for a capable worker');
  return new QueueExecutor({
    queue: new BullMqJobQueue({ connection: redis, blobStore, ...(maxPayloadBytes === undefined ? {} : { maxPayloadBytes }) }),
    queueName: settings.queue ?? 'twingraph',
    platform: 'local',
    ownsQueue: true,
    ...(waitMs === undefined ? {} : { capableWorkerWaitMs: waitMs === Number.POSITIVE_INFINITY ? 0 : waitMs }),
    ...(settings.componentConcurrency === undefined ? {} : { componentConcurrency: settings.componentConcurrency }),
  });
}

/** TWINGRAPH_MAX_PAYLOAD_BYTES: job inputs/results over it go by blob reference ('off': always inline). */
export function maxPayloadBytesFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  return positiveFromEnv(env, 'TWINGRAPH_MAX_PAYLOAD_BYTES', 'e.g. TWINGRAPH_MAX_PAYLOAD_BYTES=1048576 (1 MiB), or off to keep payloads inline');
}

/**
 * With a Redis URL, the level-2 result cache lives in the same Redis, shared by every driver and server on
 * it. TWINGRAPH_CACHE_TTL: entry lifetime in seconds (default 86400), or off to ask the lineage store only.
 */
export function resultCacheFromEnv(settings: TwinGraphSettings, env: NodeJS.ProcessEnv = process.env): ResultCache | undefined {
  if (settings.redis === undefined || !settings.cache) return undefined;
  const ttl = positiveFromEnv(env, 'TWINGRAPH_CACHE_TTL', 'e.g. TWINGRAPH_CACHE_TTL=3600 keeps results in Redis for an hour; off turns the Redis cache off');
  if (ttl === Number.POSITIVE_INFINITY) return undefined;
  return new RedisResultCache({ connection: settings.redis, ...(ttl === undefined ? {} : { ttlMs: ttl * 1000 }) });
}

/** A positive whole number from env; 'off' gives Infinity; unset gives undefined. */
function positiveFromEnv(env: NodeJS.ProcessEnv, name: string, example: string): number | undefined {
  const text = env[name]?.trim();
  if (text === undefined || text === '') return undefined;
  if (['off', 'none', 'infinity', '0'].includes(text.toLowerCase())) return Number.POSITIVE_INFINITY;
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) {
    throw new TwinGraphError(ERROR_CODES.INVALID_OPTIONS, `${name} must be a positive whole number or 'off', got '${text}'`, { hint: example, nonRetryable: true });
  }
  return value;
}
