import { randomUUID } from 'node:crypto';
import { Worker, type Job } from 'bullmq';
import type { Cluster, Redis } from 'ioredis';
import { toErrorData } from '@twingraph/model';
import type { ConsumeOptions, JobConsumer, JobHandler, JobResult } from '@twingraph/core';
import type { ResolvedBullMqJobQueueOptions } from './bullmq-job-queue-options.js';
import { cancelKey, type CancelHub } from './cancel-hub.js';
import type { JobPayload, LogMessage } from './job-payload.js';
import type { QueueKeys } from './queue-keys.js';
import { isRedisClient, redisOptionsOf } from './redis-connection.js';
import type { WorkerRegistry } from './worker-registry.js';
import { loadRecord, offloadRecord } from './payload-blobs.js';

export interface ConsumerContext {
  options: ResolvedBullMqJobQueueOptions;
  keys: QueueKeys;
  /** Shared non-blocking connection for log publishing. */
  publisher: Redis | Cluster;
  cancels: CancelHub;
  registry: WorkerRegistry;
}

/**
 * One BullMQ Worker running `handler`. The handler's result (ok or not) becomes the job's return value:
 * the engine owns retries, so BullMQ's own failed/retry path is only used when a worker is lost.
 */
export async function startBullMqConsumer(context: ConsumerContext, queue: string, handler: JobHandler, consumeOptions: ConsumeOptions): Promise<JobConsumer> {
  const { options, keys, publisher, cancels, registry } = context;
  await cancels.start();
  const concurrency = Math.max(1, consumeOptions.concurrency ?? 1);

  const processor = async (job: Job<JobPayload, JobResult>): Promise<JobResult> => {
    const { envelope, replyTo } = job.data;
    const key = cancelKey(queue, job.id ?? '');
    const controller = new AbortController();
    cancels.register(key, controller);
    let lastLog: Promise<unknown> = Promise.resolve();
    const channel = replyTo === undefined ? undefined : keys.logChannel(replyTo);
    const log = channel === undefined
      ? (): void => undefined
      : (stream: LogMessage['stream'], line: string): void => {
          const message: LogMessage = { key, stream, line };
          lastLog = publisher.publish(channel, JSON.stringify(message)).catch(options.onError);
        };
    let result: JobResult;
    try {
      // Inputs over maxPayloadBytes came by blob reference; outputs over it leave the same way.
      const inputs = await loadRecord(envelope.inputs, options.blobStore, 'inputs');
      result = await handler(inputs === envelope.inputs ? envelope : { ...envelope, inputs }, { signal: controller.signal, log });
      if (result.ok) {
        const outputs = await offloadRecord(result.outputs, options.maxPayloadBytes, options.blobStore);
        if (outputs !== result.outputs) result = { ...result, outputs: outputs as Record<string, unknown> };
      }
    } catch (error) {
      result = { ok: false, error: toErrorData(error) };
    } finally {
      cancels.unregister(key);
    }
    // Publishes go out in order on one connection: waiting for the last one means every log line
    // reached Redis before the completion does, so the submitter sees logs before the result.
    await lastLog;
    return result;
  };

  const connection = isRedisClient(options.connection) ? options.connection : redisOptionsOf(options.connection);
  const worker = new Worker<JobPayload, JobResult>(queue, processor, {
    connection,
    prefix: options.prefix,
    concurrency,
    lockDuration: options.lockDurationMs,
    stalledInterval: options.stalledIntervalMs,
    maxStalledCount: options.maxStalledCount,
    autorun: true,
  });
  worker.on('error', (error) => options.onError(error));
  await worker.waitUntilReady();

  const stopAdvertising = registry.advertise(
    {
      id: consumeOptions.workerId ?? randomUUID(),
      queue,
      concurrency,
      ...(consumeOptions.components === undefined ? {} : { components: [...consumeOptions.components] }),
    },
    options.onError,
  );

  let closing: Promise<void> | undefined;
  return {
    close: () => {
      // Not forced: BullMQ stops fetching and waits for running jobs, which then complete normally.
      closing ??= (async () => {
        await stopAdvertising();
        await worker.close();
      })();
      return closing;
    },
  };
}
