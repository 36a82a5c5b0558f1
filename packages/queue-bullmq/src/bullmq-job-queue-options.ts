import type { BlobStore } from '@twingraph/core';
import type { RedisConnection } from './redis-connection.js';

/** Options of {@link BullMqJobQueue}. Durations are in milliseconds. */
export interface BullMqJobQueueOptions {
  /** Redis: URL (`redis://`, `rediss://`), ioredis options (Sentinel) or a client / Cluster. @defaultValue 'redis://127.0.0.1:6379' */
  connection?: RedisConnection;
  /** Prefix of every Redis key (BullMQ's and TwinGraph's), so several deployments can share one Redis. @defaultValue 'twingraph' */
  prefix?: string;
  /**
   * How long a worker's lock on a running job lasts without renewal (it renews at half this).
   * A worker that dies (SIGKILL, lost machine) is noticed after about this long. @defaultValue 30000
   */
  lockDurationMs?: number;
  /** How often workers look for jobs whose worker died (stalled jobs) and put them back. @defaultValue 30000 */
  stalledIntervalMs?: number;
  /** How many times a job may lose its worker and be re-run before it fails with ERR_WORKER_LOST. @defaultValue 2 */
  maxStalledCount?: number;
  /** How often a consumer refreshes its entry in `workers()`; it disappears after 3 missed beats. @defaultValue 5000 */
  heartbeatMs?: number;
  /** After aborting a running job, how long to wait for its worker to confirm before resolving as cancelled anyway. @defaultValue 10000 */
  cancelGraceMs?: number;
  /**
   * How often the submitter checks its unfinished jobs still exist. A job that vanished (Redis restarted
   * without persistence) is added again, so a run continues once Redis is back. @defaultValue 5000
   */
  reconcileIntervalMs?: number;
  /**
   * How long the first connection to Redis may take. Past it, operations fail with ERR_QUEUE_UNAVAILABLE
   * (a worker or driver started against a Redis that is not there stops with a clear error instead of
   * hanging). Once connected, outages are waited out: commands wait until Redis is back. @defaultValue 10000
   */
  connectTimeoutMs?: number;
  /**
   * Where job inputs and results over `maxPayloadBytes` go; Redis then carries only their blob ref.
   * Submitters and workers must share it (same directory, or S3). @defaultValue none (payloads inline)
   */
  blobStore?: BlobStore | undefined;
  /** Inputs or results whose JSON is over this many bytes go by blob reference (needs `blobStore`). @defaultValue 1 MiB */
  maxPayloadBytes?: number;
  /** Called with connection and background errors (they are retried, never thrown). @defaultValue ignore */
  onError?: (error: Error) => void;
}

export type ResolvedBullMqJobQueueOptions = Required<Omit<BullMqJobQueueOptions, 'blobStore'>> & { blobStore: BlobStore | undefined };

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** Job inputs/results over this go by blob reference (when a blob store is given): 1 MiB. */
export const DEFAULT_MAX_PAYLOAD_BYTES = 1024 * 1024;

export function resolveBullMqJobQueueOptions(options: BullMqJobQueueOptions = {}): ResolvedBullMqJobQueueOptions {
  return {
    connection: options.connection ?? DEFAULT_REDIS_URL,
    prefix: options.prefix ?? 'twingraph',
    lockDurationMs: options.lockDurationMs ?? 30_000,
    stalledIntervalMs: options.stalledIntervalMs ?? 30_000,
    maxStalledCount: options.maxStalledCount ?? 2,
    heartbeatMs: options.heartbeatMs ?? 5_000,
    cancelGraceMs: options.cancelGraceMs ?? 10_000,
    reconcileIntervalMs: options.reconcileIntervalMs ?? 5_000,
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    blobStore: options.blobStore,
    maxPayloadBytes: options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES,
    onError: options.onError ?? ((): void => undefined),
  };
}
