import { join } from 'node:path';
import { createDefaultRuntimes, FileSystemBlobStore, LocalExecutor, SecretExecutor, SecretMasker, type JobConsumer } from '@twingraph/core';
import { secretResolverFromEnv } from '../wiring/secret-wiring.js';
import { awsBlobStoreFromEnv, awsSecretResolversFromEnv } from '../wiring/aws-wiring.js';
import { maxPayloadBytesFromEnv } from '../wiring/queue-wiring.js';
import { BullMqJobQueue } from '@twingraph/queue-bullmq';
import { registeredComponentNames } from '../sdk/component-registry.js';
import { importComponentModules } from './import-components.js';
import { createWorkerJobHandler } from './worker-job-handler.js';
import { resolveWorkerOptions, type ResolvedWorkerOptions, type WorkerOptions } from './worker-options.js';

export interface RunningWorker {
  readonly id: string;
  readonly options: ResolvedWorkerOptions;
  /** Component names this worker can run (advertised to submitters). */
  readonly components: readonly string[];
  readonly queue: BullMqJobQueue;
  /**
   * Stops taking jobs and waits for running ones (up to `shutdownGraceMs`); jobs still running after
   * that are left locked, and BullMQ's stalled check hands them to another worker.
   * Resolves false when the grace period ran out (the caller should exit the process).
   */
  close(): Promise<boolean>;
}

/** Starts a queue worker: imports the component modules, then consumes every queue with the local executor. */
export async function startWorker(options: WorkerOptions = {}): Promise<RunningWorker> {
  const resolved = resolveWorkerOptions(options);
  await importComponentModules(resolved.imports);
  const components = registeredComponentNames();
  // Job inputs/results over the payload limit travel through this store, shared with the drivers.
  const blobStore = awsBlobStoreFromEnv(process.env) ?? new FileSystemBlobStore({ root: resolved.blobDir });
  const maxPayloadBytes = maxPayloadBytesFromEnv(process.env);
  const queue = new BullMqJobQueue({
    blobStore,
    ...(maxPayloadBytes === undefined ? {} : { maxPayloadBytes }),
    ...resolved.queueOptions,
    connection: resolved.redis,
    onError: resolved.queueOptions.onError ?? onceInARow((message) => process.stderr.write(`worker ${resolved.id}: ${message}\n`)),
  });
  // ${secret:NAME} in a job's env is resolved here, from this worker's secret sources, and masked in what goes back.
  const executor = new SecretExecutor(new LocalExecutor({ runtimes: createDefaultRuntimes({ cacheDir: join(process.env['TWINGRAPH_HOME'] ?? '.twingraph', 'build') }) }), secretResolverFromEnv(process.env, awsSecretResolversFromEnv(process.env)), new SecretMasker());
  const handler = createWorkerJobHandler(resolved.id, executor);
  const consumers: JobConsumer[] = [];
  try {
    for (const name of resolved.queues) {
      consumers.push(await queue.consume(name, handler, { concurrency: resolved.concurrency, workerId: resolved.id, components }));
    }
  } catch (error) {
    // Redis unreachable at start: release the connections (they would keep the process alive) and say so.
    await Promise.all(consumers.map((c) => c.close())).catch(() => undefined);
    await queue.close().catch(() => undefined);
    await executor.close();
    throw error;
  }
  let closing: Promise<boolean> | undefined;
  return {
    id: resolved.id,
    options: resolved,
    components,
    queue,
    close: () => {
      closing ??= (async () => {
        const drained = Promise.all(consumers.map((c) => c.close()));
        const grace = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), resolved.shutdownGraceMs).unref());
        if ((await Promise.race([drained, grace])) === 'timeout') return false;
        await queue.close();
        await executor.close();
        await blobStore.close?.();
        return true;
      })();
      return closing;
    },
  };
}

/** Reports an error message once while it repeats (a Redis that is down fails every reconnect the same way). */
function onceInARow(report: (message: string) => void): (error: Error) => void {
  let last: string | undefined;
  return (error) => {
    if (error.message !== last) report(error.message);
    last = error.message;
  };
}
