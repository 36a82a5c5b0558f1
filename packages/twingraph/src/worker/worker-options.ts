import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { BullMqJobQueueOptions } from '@twingraph/queue-bullmq';

/** Options of {@link startWorker} (`twingraph worker`). Durations in milliseconds. */
export interface WorkerOptions {
  /** Redis URL. @defaultValue TWINGRAPH_REDIS_URL, else 'redis://127.0.0.1:6379' */
  redis?: string;
  /** Queues to consume. @defaultValue ['twingraph'] */
  queues?: readonly string[];
  /** Jobs run at once, per queue. @defaultValue 4 */
  concurrency?: number;
  /** Modules defining components (.ts without a build step, or .js/.mjs); their components are what this worker can run. @defaultValue [] */
  imports?: readonly string[];
  /** Id shown in `workers()` and recorded on every vertex the worker produced. @defaultValue `${hostname}-${pid}-${random}` */
  id?: string;
  /** Passed to the queue: lock, stall detection and heartbeat tuning. @defaultValue BullMqJobQueue defaults */
  queueOptions?: Omit<BullMqJobQueueOptions, 'connection'>;
  /**
   * Directory of the blob store where job inputs/results over the payload limit travel; drivers on the
   * same machine use `<TWINGRAPH_HOME>/blobs`, workers elsewhere need it shared (or S3 via TWINGRAPH_S3_*).
   * @defaultValue TWINGRAPH_BLOB_DIR, else `<TWINGRAPH_HOME or .twingraph>/blobs`
   */
  blobDir?: string;
  /** How long SIGTERM waits for running jobs before leaving them to be re-run elsewhere. @defaultValue 30000 */
  shutdownGraceMs?: number;
}

export type ResolvedWorkerOptions = Required<WorkerOptions>;

export const DEFAULT_QUEUE_NAME = 'twingraph';

export function resolveWorkerOptions(options: WorkerOptions = {}, env: NodeJS.ProcessEnv = process.env): ResolvedWorkerOptions {
  return {
    redis: options.redis ?? env['TWINGRAPH_REDIS_URL'] ?? 'redis://127.0.0.1:6379',
    queues: options.queues !== undefined && options.queues.length > 0 ? options.queues : [env['TWINGRAPH_QUEUE'] ?? DEFAULT_QUEUE_NAME],
    concurrency: Math.max(1, options.concurrency ?? 4),
    imports: options.imports ?? [],
    id: options.id ?? `${hostname()}-${process.pid}-${randomUUID().slice(0, 6)}`,
    queueOptions: options.queueOptions ?? {},
    shutdownGraceMs: options.shutdownGraceMs ?? 30_000,
    blobDir: options.blobDir ?? env['TWINGRAPH_BLOB_DIR'] ?? join(env['TWINGRAPH_HOME'] ?? '.twingraph', 'blobs'),
  };
}
