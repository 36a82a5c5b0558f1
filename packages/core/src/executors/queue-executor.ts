import { ERROR_CODES, fromErrorData, TwinGraphError, type Platform } from '@twingraph/model';
import type { ExecutionOutcome, ExecutionRequest, Executor } from '../ports/executor.js';
import type { JobEnvelope, JobQueue, WorkerInfo } from '../ports/job-queue.js';
import { ConcurrencyLimiter } from '../engine/concurrency-limiter.js';

/** Options of {@link QueueExecutor}. Durations are in milliseconds. */
export interface QueueExecutorOptions {
  /** Where jobs go: InMemoryJobQueue, BullMqJobQueue, … */
  queue: JobQueue;
  /** The queue name workers consume. */
  queueName: string;
  /** The platform whose components this executor sends to workers. @defaultValue 'local' */
  platform?: Platform;
  /**
   * How long a job waits for a live worker that advertises its component (queues that track workers)
   * before failing with ERR_NO_CAPABLE_WORKER, instead of waiting on the queue forever. 0 skips the check.
   * @defaultValue 30000
   */
  capableWorkerWaitMs?: number;
  /** Most jobs in flight at once per component name, from this executor (e.g. `{ train: 2 }`). @defaultValue no limit */
  componentConcurrency?: Readonly<Record<string, number>>;
  /** Close the queue when the executor closes. @defaultValue false */
  ownsQueue?: boolean;
}

export type ResolvedQueueExecutorOptions = Required<QueueExecutorOptions>;

export function resolveQueueExecutorOptions(options: QueueExecutorOptions): ResolvedQueueExecutorOptions {
  return {
    queue: options.queue,
    queueName: options.queueName,
    platform: options.platform ?? 'local',
    capableWorkerWaitMs: options.capableWorkerWaitMs ?? 30_000,
    componentConcurrency: options.componentConcurrency ?? {},
    ownsQueue: options.ownsQueue ?? false,
  };
}

/** How long a seen worker list answers "who can run X" before it is read again. */
const WORKER_LIST_TTL_MS = 1_000;
const WORKER_POLL_MS = 100;

/**
 * Runs components on queue workers: each attempt becomes a JobEnvelope (no function: workers look the
 * component up by name, or run document code from the envelope) and the worker's result becomes the
 * outcome. The engine keeps retries, timeouts and records, exactly as with a local executor.
 * Streaming components are collected on the worker and their items replayed here when the job ends.
 */
export class QueueExecutor implements Executor {
  /** Workers resolve `${secret:NAME}` with their own secret sources: values never go through the queue. */
  readonly forwardsSecretReferences = true;
  readonly platform: Platform;
  readonly options: ResolvedQueueExecutorOptions;
  private readonly limiters = new Map<string, ConcurrencyLimiter>();
  private workerList: { at: number; workers: Promise<WorkerInfo[]> } | undefined;

  constructor(options: QueueExecutorOptions) {
    this.options = resolveQueueExecutorOptions(options);
    this.platform = this.options.platform;
    for (const [name, limit] of Object.entries(this.options.componentConcurrency)) this.limiters.set(name, new ConcurrencyLimiter(Math.max(1, limit)));
  }

  async execute(request: ExecutionRequest): Promise<ExecutionOutcome> {
    const { fn: _fn, ...component } = request.component;
    if (component.code === undefined) await this.waitForCapableWorker(component.name, request.signal);
    const limiter = this.limiters.get(component.name);
    if (limiter !== undefined) await limiter.acquire();
    try {
      const envelope: JobEnvelope = {
        id: `${request.executionId}:${request.attempt}`,
        queue: this.options.queueName,
        runId: request.runId,
        executionId: request.executionId,
        attempt: request.attempt,
        component,
        inputs: request.inputs,
        ...(request.timeoutMs === undefined ? {} : { timeoutMs: request.timeoutMs }),
      };
      const result = await this.options.queue.submit(envelope, { signal: request.signal, onLog: (stream, line) => request.log(stream, line) });
      if (!result.ok) throw fromErrorData(result.error);
      if (request.emitItem !== undefined && Array.isArray(result.outputs.items)) for (const item of result.outputs.items as unknown[]) request.emitItem(item);
      return result.metadata === undefined ? { outputs: result.outputs } : { outputs: result.outputs, metadata: result.metadata };
    } finally {
      limiter?.release();
    }
  }

  async healthCheck(): Promise<void> {
    await this.options.queue.depth(this.options.queueName);
  }

  async close(): Promise<void> {
    if (this.options.ownsQueue) await this.options.queue.close();
  }

  private async waitForCapableWorker(name: string, signal: AbortSignal): Promise<void> {
    const { queue, queueName, capableWorkerWaitMs } = this.options;
    if (queue.workers === undefined || capableWorkerWaitMs <= 0) return;
    const deadline = Date.now() + capableWorkerWaitMs;
    for (;;) {
      const workers = await this.liveWorkers();
      if (workers.some((w) => w.components === undefined || w.components.includes(name))) return;
      if (signal.aborted) throw signal.reason;
      if (Date.now() >= deadline) {
        throw new TwinGraphError(ERROR_CODES.NO_CAPABLE_WORKER, `No worker can run component '${name}': none of the ${workers.length} live worker(s) on queue '${queueName}' has it (waited ${capableWorkerWaitMs} ms)`, {
          category: 'operational',
          hint: `Start one that imports the module defining '${name}': twingraph worker --redis <url> --queue ${queueName} --import <module>`,
          details: { component: name, queue: queueName, workers: workers.map((w) => ({ id: w.id, components: w.components })) },
          nonRetryable: true,
        });
      }
      this.workerList = undefined;
      await new Promise((resolve) => setTimeout(resolve, WORKER_POLL_MS));
    }
  }

  private liveWorkers(): Promise<WorkerInfo[]> {
    const now = Date.now();
    if (this.workerList === undefined || now - this.workerList.at > WORKER_LIST_TTL_MS) {
      // An unreachable queue is the answer (ERR_QUEUE_UNAVAILABLE), not "no capable worker".
      const workers = this.options.queue.workers!(this.options.queueName);
      this.workerList = { at: now, workers };
      workers.catch(() => (this.workerList = undefined));
    }
    return this.workerList.workers;
  }
}
