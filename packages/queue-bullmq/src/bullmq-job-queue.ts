import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents } from 'bullmq';
import type { Cluster, Redis } from 'ioredis';
import { cancelledError, ERROR_CODES, toErrorData, TwinGraphError } from '@twingraph/model';
import { isBlobRef, type ConsumeOptions, type JobConsumer, type JobEnvelope, type JobHandler, type JobQueue, type JobResult, type SubmitOptions, type WorkerInfo } from '@twingraph/core';
import { resolveBullMqJobQueueOptions, type BullMqJobQueueOptions, type ResolvedBullMqJobQueueOptions } from './bullmq-job-queue-options.js';
import { startBullMqConsumer } from './bullmq-consumer.js';
import { CancelHub, cancelKey } from './cancel-hub.js';
import type { JobPayload, LogMessage } from './job-payload.js';
import { bullJobId, QueueKeys } from './queue-keys.js';
import { describeRedis, isRedisClient, openRedis, type RedisConnection } from './redis-connection.js';
import { WorkerRegistry } from './worker-registry.js';
import { loadRecord, offloadRecord } from './payload-blobs.js';

interface Pending {
  payload: JobPayload;
  jobId: string;
  resolve(result: JobResult): void;
  onLog: SubmitOptions['onLog'];
  /** Consecutive reconcile passes that found the job missing from Redis. */
  missing: number;
}

/**
 * JobQueue on BullMQ (Redis). Submitters and workers are separate processes sharing a Redis.
 *
 * - Results come back through one `QueueEvents` per queue (a Redis stream read by XREAD). It was chosen
 *   over `job.waitUntilFinished()` (which uses QueueEvents anyway, one listener per job) and over pub/sub
 *   because a stream is durable: a submitter whose connection blips resumes from its last event id and
 *   misses no result.
 * - Log lines travel by pub/sub on a channel per submitter (only when it passed `onLog`).
 * - Abort removes a waiting job; a running job gets a cancel message on a channel every worker watches,
 *   which aborts its handler's signal.
 * - A worker that dies loses its job lock; BullMQ's stalled-job check puts the job back for another worker.
 */
export class BullMqJobQueue implements JobQueue {
  readonly options: ResolvedBullMqJobQueueOptions;
  private readonly keys: QueueKeys;
  private readonly submitterId = randomUUID();
  private readonly redis: Redis | Cluster;
  private readonly queues = new Map<string, Queue<JobPayload, JobResult>>();
  private readonly events = new Map<string, Promise<QueueEvents>>();
  private readonly pending = new Map<string, Pending>();
  private readonly consumers = new Set<JobConsumer>();
  private readonly registry: WorkerRegistry;
  private logSubscriber: Promise<Redis | Cluster> | undefined;
  private cancelHub: CancelHub | undefined;
  private cancelSubscriber: Redis | Cluster | undefined;
  private readonly reconcileTimer: NodeJS.Timeout;
  private closed = false;
  private everConnected = false;
  private firstConnection: Promise<void> | undefined;
  private lastError: Error | undefined;

  constructor(options: BullMqJobQueueOptions = {}) {
    this.options = resolveBullMqJobQueueOptions(options);
    this.keys = new QueueKeys(this.options.prefix);
    this.redis = openRedis(this.options.connection);
    this.redis.on('error', (error: Error) => {
      this.lastError = error;
      this.options.onError(error);
    });
    this.registry = new WorkerRegistry(this.redis, this.keys, this.options.heartbeatMs);
    this.reconcileTimer = setInterval(() => void this.reconcile().catch(this.options.onError), this.options.reconcileIntervalMs);
    this.reconcileTimer.unref();
  }

  async submit(job: JobEnvelope, options: SubmitOptions = {}): Promise<JobResult> {
    if (this.closed) return cancelled('The job queue is closed');
    if (options.signal?.aborted === true) return cancelled();
    const jobId = bullJobId(job.id);
    const key = cancelKey(job.queue, jobId);
    const payload: JobPayload = { envelope: job, ...(options.onLog === undefined ? {} : { replyTo: this.submitterId }) };
    let resolveResult!: (result: JobResult) => void;
    const result = new Promise<JobResult>((resolve) => (resolveResult = resolve));
    const entry: Pending = {
      payload,
      jobId,
      onLog: options.onLog,
      missing: 0,
      resolve: (value) => {
        if (this.pending.get(key) !== entry) return;
        this.pending.delete(key);
        options.signal?.removeEventListener('abort', onAbort);
        resolveResult(value);
      },
    };
    const onAbort = (): void => void this.abort(job.queue, key, entry);
    // Registered before the add and with QueueEvents already reading, so no result can slip past.
    this.pending.set(key, entry);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const inputs = await offloadRecord(job.inputs, this.options.maxPayloadBytes, this.options.blobStore);
      if (inputs !== job.inputs) payload.envelope = { ...job, inputs: inputs as Record<string, unknown> };
    } catch (error) {
      entry.resolve({ ok: false, error: toErrorData(error) });
      return result;
    }
    try {
      await this.connected();
      await this.queueEvents(job.queue);
      if (options.onLog !== undefined) await this.logs();
      if (this.pending.get(key) === entry) await this.add(job.queue, entry);
    } catch (error) {
      entry.resolve({ ok: false, error: toErrorData(unavailable(error)) });
    }
    return result;
  }

  async consume(queue: string, handler: JobHandler, options: ConsumeOptions = {}): Promise<JobConsumer> {
    await this.connected();
    if (this.cancelHub === undefined) {
      this.cancelSubscriber = openRedis(this.options.connection);
      this.cancelSubscriber.on('error', (error: Error) => this.options.onError(error));
      this.cancelHub = new CancelHub(this.cancelSubscriber, this.keys.cancelChannel);
    }
    const context = { options: this.options, keys: this.keys, publisher: this.redis, cancels: this.cancelHub, registry: this.registry };
    return startBullMqConsumer(context, queue, handler, options).then((consumer) => {
      this.consumers.add(consumer);
      return { close: () => consumer.close().finally(() => this.consumers.delete(consumer)) };
    });
  }

  async depth(queue: string): Promise<number> {
    await this.connected();
    return this.queue(queue).getJobCountByTypes('wait', 'paused', 'prioritized');
  }

  /** Jobs running on workers right now (for metrics). */
  async active(queue: string): Promise<number> {
    await this.connected();
    return this.queue(queue).getActiveCount();
  }

  async workers(queue: string): Promise<WorkerInfo[]> {
    await this.connected();
    return this.registry.list(queue);
  }

  /**
   * Resolves once Redis has answered; rejects with ERR_QUEUE_UNAVAILABLE when the first connection
   * takes longer than `connectTimeoutMs`. After that it resolves at once: later outages are waited out.
   */
  connected(): Promise<void> {
    if (this.everConnected) return Promise.resolve();
    this.firstConnection ??= new Promise<void>((resolve, reject) => {
      const onReady = (): void => {
        clearTimeout(timer);
        this.everConnected = true;
        resolve();
      };
      const timer = setTimeout(() => {
        this.redis.off('ready', onReady);
        this.firstConnection = undefined;
        reject(unreachable(this.options.connection, this.options.connectTimeoutMs, this.lastError));
      }, this.options.connectTimeoutMs);
      timer.unref();
      if (this.redis.status === 'ready') onReady();
      else this.redis.once('ready', onReady);
    });
    return this.firstConnection;
  }

  /** Deletes a queue and everything TwinGraph keeps for it (tests and operators; never called on close). */
  async obliterate(queue: string): Promise<void> {
    await this.queue(queue).obliterate({ force: true });
    await this.redis.del(this.keys.workerSet(queue));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.reconcileTimer);
    const waiting = [...this.pending.entries()];
    await Promise.all(
      waiting.map(async ([key, entry]) => {
        // Best effort: a job nobody waits for any more should not run later.
        await this.queue(entry.payload.envelope.queue).remove(entry.jobId).catch(() => 0);
        if (this.pending.get(key) === entry) entry.resolve(cancelled('The job queue is closed'));
      }),
    );
    await Promise.all([...this.consumers].map((consumer) => consumer.close()));
    for (const events of this.events.values()) await (await events.catch(() => undefined))?.close();
    for (const queue of this.queues.values()) await queue.close();
    const subscriber = await this.logSubscriber?.catch(() => undefined);
    for (const client of [subscriber, this.cancelSubscriber, ...(isRedisClient(this.options.connection) ? [] : [this.redis])]) {
      // quit() on a client that never connected would wait for a connection first.
      if (client !== undefined) await (client.status === 'ready' ? client.quit().catch(() => client.disconnect()) : client.disconnect());
    }
  }

  private queue(name: string): Queue<JobPayload, JobResult> {
    let queue = this.queues.get(name);
    if (queue === undefined) {
      queue = new Queue<JobPayload, JobResult>(name, { connection: this.redis, prefix: this.options.prefix });
      queue.on('error', (error) => this.options.onError(error));
      this.queues.set(name, queue);
    }
    return queue;
  }

  private add(queue: string, entry: Pending): Promise<unknown> {
    return this.queue(queue).add(entry.payload.envelope.component.name, entry.payload, {
      jobId: entry.jobId,
      // Results travel in the completion event; keeping finished jobs would only fill Redis.
      removeOnComplete: true,
      removeOnFail: true,
    });
  }

  private queueEvents(queue: string): Promise<QueueEvents> {
    let events = this.events.get(queue);
    if (events === undefined) {
      const instance = new QueueEvents(queue, { connection: this.redis, prefix: this.options.prefix, autorun: true });
      instance.on('error', (error) => this.options.onError(error));
      instance.on('completed', ({ jobId, returnvalue }) => {
        const entry = this.pending.get(cancelKey(queue, jobId));
        if (entry === undefined) return;
        const result = parseResult(returnvalue);
        if (!result.ok || !isBlobRef(result.outputs)) {
          entry.resolve(result);
          return;
        }
        // Large outputs came by blob reference.
        loadRecord(result.outputs, this.options.blobStore, 'outputs').then(
          (outputs) => entry.resolve({ ...result, outputs }),
          (error: unknown) => entry.resolve({ ok: false, error: toErrorData(error) }),
        );
      });
      instance.on('failed', ({ jobId, failedReason }) => {
        this.pending.get(cancelKey(queue, jobId))?.resolve({
          ok: false,
          error: {
            code: ERROR_CODES.WORKER_LOST,
            message: `The job's worker was lost: ${failedReason}`,
            category: 'operational',
            hint: 'Workers were killed or stopped renewing their lock; check the worker logs and their lockDuration.',
          },
        });
      });
      events = instance.waitUntilReady().then(() => instance);
      this.events.set(queue, events);
      events.catch(() => this.events.delete(queue));
    }
    return events;
  }

  private logs(): Promise<Redis | Cluster> {
    this.logSubscriber ??= (async () => {
      const subscriber = openRedis(this.options.connection);
      subscriber.on('error', (error: Error) => this.options.onError(error));
      const channel = this.keys.logChannel(this.submitterId);
      subscriber.on('message', (from: string, text: string) => {
        if (from !== channel) return;
        const message = JSON.parse(text) as LogMessage;
        this.pending.get(message.key)?.onLog?.(message.stream, message.line);
      });
      await subscriber.subscribe(channel);
      return subscriber;
    })();
    return this.logSubscriber;
  }

  private async abort(queue: string, key: string, entry: Pending): Promise<void> {
    const removed = await this.queue(queue).remove(entry.jobId).catch(() => 0);
    if (removed === 1) {
      entry.resolve(cancelled());
      return;
    }
    // Running (locked): ask its worker to stop, and stop waiting after a grace period even if it never answers.
    await this.redis.publish(this.keys.cancelChannel, key).catch(this.options.onError);
    setTimeout(() => entry.resolve(cancelled()), this.options.cancelGraceMs).unref();
  }

  /**
   * Re-adds jobs that vanished from Redis (restarted without persistence). A job must be missing on two
   * passes in a row, so a result still travelling in the event stream is not mistaken for a lost job.
   */
  private async reconcile(): Promise<void> {
    for (const entry of [...this.pending.values()]) {
      const queue = this.queue(entry.payload.envelope.queue);
      const state = await queue.getJobState(entry.jobId);
      entry.missing = state === 'unknown' ? entry.missing + 1 : 0;
      if (entry.missing >= 2) {
        entry.missing = 0;
        await this.add(entry.payload.envelope.queue, entry);
      }
    }
  }
}

function parseResult(value: unknown): JobResult {
  const parsed = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  if (typeof parsed === 'object' && parsed !== null && 'ok' in parsed) return parsed as JobResult;
  return { ok: false, error: { code: ERROR_CODES.INTERNAL, message: 'A worker returned something that is not a job result', details: { value: parsed } } };
}

function cancelled(reason?: string): JobResult {
  return { ok: false, error: toErrorData(cancelledError(reason)) };
}

function unavailable(error: unknown): TwinGraphError {
  if (error instanceof TwinGraphError && error.code === ERROR_CODES.QUEUE_UNAVAILABLE) return error;
  return new TwinGraphError(ERROR_CODES.QUEUE_UNAVAILABLE, `Could not add the job to Redis: ${error instanceof Error ? error.message : String(error)}`, {
    category: 'operational',
    hint: 'Check that Redis is reachable at the configured URL (TWINGRAPH_REDIS_URL / --redis).',
    cause: error,
  });
}

function unreachable(connection: RedisConnection, waitedMs: number, lastError: Error | undefined): TwinGraphError {
  const where = describeRedis(connection);
  return new TwinGraphError(ERROR_CODES.QUEUE_UNAVAILABLE, `Cannot reach Redis at ${where} (waited ${waitedMs} ms${lastError === undefined ? '' : `: ${lastError.message}`})`, {
    category: 'operational',
    hint: 'Start Redis (bash scripts/services/redis.sh start) or point --redis / TWINGRAPH_REDIS_URL at a running one.',
    details: { redis: where, waitedMs },
    cause: lastError,
  });
}
