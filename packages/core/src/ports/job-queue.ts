import type { ErrorData } from '@twingraph/model';
import type { ComponentSpec } from './executor.js';

/** A component execution handed to a worker. Serializable: `fn` is never sent, workers look components up by name. */
export interface JobEnvelope {
  /** Unique per attempt: `${executionId}:${attempt}`. */
  id: string;
  queue: string;
  runId: string;
  executionId: string;
  attempt: number;
  component: Omit<ComponentSpec, 'fn'>;
  inputs: Record<string, unknown>;
  timeoutMs?: number;
}

export type JobResult =
  | { ok: true; outputs: Record<string, unknown>; metadata?: Record<string, unknown> }
  | { ok: false; error: ErrorData };

export interface JobContext {
  signal: AbortSignal;
  log(stream: 'stdout' | 'stderr' | 'system', line: string): void;
}

export type JobHandler = (job: JobEnvelope, context: JobContext) => Promise<JobResult>;

export interface SubmitOptions {
  /** Aborting removes a waiting job, or asks the worker running it to stop. */
  signal?: AbortSignal;
  onLog?: (stream: 'stdout' | 'stderr' | 'system', line: string) => void;
}

export interface ConsumeOptions {
  /** Jobs handled at once by this consumer. @defaultValue 1 */
  concurrency?: number;
  /** Names this consumer in `workers()` and in job metadata. @defaultValue a random id */
  workerId?: string;
  /** Component names this consumer can run, advertised through `workers()` so submitters can wait for a capable worker. */
  components?: readonly string[];
}

/** A live consumer as advertised by a queue that tracks them (heartbeats). */
export interface WorkerInfo {
  id: string;
  queue: string;
  /** Component names it can run; undefined when it did not say (it takes anything). */
  components?: string[];
  concurrency: number;
  /** Host name and process id, for operators. */
  host?: string;
  pid?: number;
  /** ISO time of its last heartbeat. */
  heartbeatAt: string;
}

export interface JobConsumer {
  /** Stops taking jobs; waits for running ones to finish. */
  close(): Promise<void>;
}

/**
 * Delivers component executions to workers and their results back. The engine keeps the run and
 * attempt state machine (retries, timeouts, records); a queue only moves work. Implementations:
 * InMemoryJobQueue (one process), BullMqJobQueue (Redis).
 * Left out on purpose: priorities, delayed jobs and repeatable jobs (schedules live in the server).
 */
export interface JobQueue {
  /** Adds a job and resolves with its result once a consumer has handled it. */
  submit(job: JobEnvelope, options?: SubmitOptions): Promise<JobResult>;
  consume(queue: string, handler: JobHandler, options?: ConsumeOptions): Promise<JobConsumer>;
  /** Jobs waiting (not yet started) on the queue. */
  depth(queue: string): Promise<number>;
  /** Live consumers of the queue, for queues that track them (BullMQ: heartbeats in Redis). */
  workers?(queue: string): Promise<WorkerInfo[]>;
  close(): Promise<void>;
}
