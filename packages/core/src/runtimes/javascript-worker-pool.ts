import { Worker } from 'node:worker_threads';
import type { ExecutionRequest } from '../ports/executor.js';
import { WORKER_MESSAGE, type WorkerJob, type WorkerMessage } from './javascript-worker-harness.js';

/** How one execution ended inside a worker; the runtime turns it into outputs or an error. */
export type WorkerOutcome =
  | { kind: 'done'; outputs: string | undefined }
  | { kind: 'threw'; error: { name: string; message: string; stack?: string } }
  | { kind: 'script' }
  | { kind: 'invalid'; code: string; message: string }
  /** The worker died while running this execution (uncaught error, process.exit(), out of memory). */
  | { kind: 'crashed'; exitCode: number | null; error?: Error };

export interface JavaScriptWorkerPoolOptions {
  /** Path of the worker harness module. */
  harness: string;
  /** Most workers alive at once. */
  size: number;
  /** Most executions handed to a worker in one message. */
  maxBatch: number;
  /** Called for each log line of an execution. */
  onLog(job: PoolJob, stream: 'stdout' | 'stderr', line: string): void;
}

export interface PoolJob {
  readonly request: ExecutionRequest;
  readonly message: WorkerJob;
  /** Runtime state attached to the job (the output collector, created on the first log line). */
  state: unknown;
  settle(outcome: WorkerOutcome): void;
  fail(reason: unknown): void;
  onAbort: (() => void) | undefined;
}

class PoolWorker {
  /** Jobs sent to this worker and not settled yet, in the order it runs them (the first is running). */
  batch: PoolJob[] = [];
  alive = true;
  /** The uncaught error the worker reported; acted on at 'exit', once its earlier messages are in. */
  error: Error | undefined;

  constructor(readonly worker: Worker) {}
}

/**
 * worker_threads that run JavaScript component modules warm. Each worker runs one execution at a
 * time (so logs and a timeout belong to one execution); executions queued together are sent to a
 * worker in one message to save round trips. A timeout or cancel terminates the worker (which stops
 * even a busy loop) and the pool starts a new one on demand; a worker that dies fails only the
 * execution it was running, and the rest of its batch goes back to the queue.
 */
export class JavaScriptWorkerPool {
  private readonly queue: PoolJob[] = [];
  private readonly idle: PoolWorker[] = [];
  private readonly workers = new Set<PoolWorker>();
  private readonly jobs = new Map<number, PoolJob>();
  private dispatchScheduled = false;
  private closed = false;

  constructor(private readonly options: JavaScriptWorkerPoolOptions) {}

  /** Number of live workers (tests, diagnostics). */
  get size(): number {
    return this.workers.size;
  }

  submit(job: PoolJob): void {
    const signal = job.request.signal;
    if (signal.aborted) {
      job.fail(signal.reason);
      return;
    }
    job.onAbort = () => this.abort(job, signal.reason);
    signal.addEventListener('abort', job.onAbort, { once: true });
    this.jobs.set(job.message.id, job);
    this.queue.push(job);
    // Executions submitted in the same turn (a map's items) go out together.
    this.scheduleDispatch();
  }

  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.workers];
    this.workers.clear();
    this.idle.length = 0;
    await Promise.all(all.map((w) => w.worker.terminate()));
  }

  private dispatch(): void {
    this.dispatchScheduled = false;
    while (this.queue.length > 0 && !this.closed) {
      let pw = this.idle.pop();
      if (pw === undefined) {
        if (this.workers.size >= this.options.size) return;
        pw = this.spawn();
      }
      const available = this.idle.length + 1 + (this.options.size - this.workers.size);
      const count = Math.min(this.options.maxBatch, Math.ceil(this.queue.length / available));
      const batch = this.queue.splice(0, count);
      pw.batch = batch;
      pw.worker.ref();
      try {
        pw.worker.postMessage(batch.map((j) => j.message));
      } catch (error) {
        // Inputs that cannot be cloned (e.g. a stream): fail those jobs, not the worker.
        pw.batch = [];
        this.release(pw);
        for (const job of batch) this.finish(job, undefined, error);
      }
    }
  }

  private spawn(): PoolWorker {
    const worker = new Worker(this.options.harness, { stdout: true, stderr: true });
    const pw = new PoolWorker(worker);
    this.workers.add(pw);
    worker.on('message', (message: WorkerMessage) => this.onMessage(pw, message));
    // 'error' (an uncaught exception) comes on Node's internal port and can overtake the 'done'
    // messages of jobs that finished before it; 'exit' is emitted only after those messages are
    // delivered, so the job still at batch[0] then is the one that crashed.
    worker.on('error', (error) => {
      pw.error ??= error;
    });
    worker.on('exit', (code) => this.onDeath(pw, code));
    // Writes that bypass the patched console (rare) still belong to the running execution.
    const forward = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
      const job = pw.batch[0];
      if (job === undefined) return;
      for (const line of chunk.toString('utf8').split('\n')) if (line !== '') this.options.onLog(job, stream, line);
    };
    worker.stdout.on('data', forward('stdout'));
    worker.stderr.on('data', forward('stderr'));
    return pw;
  }

  private onMessage(pw: PoolWorker, message: WorkerMessage): void {
    const job = this.jobs.get(message.id);
    if (message.t === WORKER_MESSAGE.log) {
      if (job !== undefined) this.options.onLog(job, message.s === 0 ? 'stdout' : 'stderr', message.line);
      return;
    }
    if (pw.batch[0] === job) pw.batch.shift();
    if (job !== undefined) {
      const outcome: WorkerOutcome =
        message.t === WORKER_MESSAGE.done ? { kind: 'done', outputs: message.outputs } :
        message.t === WORKER_MESSAGE.threw ? { kind: 'threw', error: message.error } :
        message.t === WORKER_MESSAGE.script ? { kind: 'script' } :
        { kind: 'invalid', code: message.code, message: message.message };
      this.finish(job, outcome, undefined);
    }
    if (pw.batch.length === 0 && pw.alive) this.release(pw);
  }

  private release(pw: PoolWorker): void {
    pw.worker.unref();
    this.idle.push(pw);
    this.scheduleDispatch();
  }

  /** Dispatch on the next microtask if jobs wait; also after a worker is retired, which frees a slot. */
  private scheduleDispatch(): void {
    if (this.queue.length === 0 || this.dispatchScheduled) return;
    this.dispatchScheduled = true;
    queueMicrotask(() => this.dispatch());
  }

  /** The worker ended (terminated by us, crashed, or the code called process.exit). */
  private onDeath(pw: PoolWorker, exitCode: number): void {
    if (!pw.alive) return;
    this.retire(pw);
    const [running, ...rest] = pw.batch;
    pw.batch = [];
    const error = pw.error;
    if (running !== undefined) this.finish(running, { kind: 'crashed', exitCode, ...(error === undefined ? {} : { error }) }, undefined);
    this.requeue(rest);
  }

  private abort(job: PoolJob, reason: unknown): void {
    const queued = this.queue.indexOf(job);
    if (queued !== -1) {
      this.queue.splice(queued, 1);
      this.finish(job, undefined, reason);
      return;
    }
    for (const pw of this.workers) {
      if (!pw.batch.includes(job)) continue;
      // terminate() stops the thread even inside a busy loop; the rest of its batch runs elsewhere.
      this.retire(pw);
      void pw.worker.terminate();
      const others = pw.batch.filter((j) => j !== job);
      pw.batch = [];
      this.finish(job, undefined, reason);
      this.requeue(others);
      return;
    }
  }

  private retire(pw: PoolWorker): void {
    pw.alive = false;
    this.workers.delete(pw);
    const i = this.idle.indexOf(pw);
    if (i !== -1) this.idle.splice(i, 1);
  }

  /**
   * Puts a retired worker's unstarted jobs back at the head of the queue and dispatches even when
   * there are none: the retired worker's slot is free, and jobs queued behind a full pool wait for it.
   */
  private requeue(jobs: readonly PoolJob[]): void {
    this.queue.unshift(...jobs);
    this.scheduleDispatch();
  }

  private finish(job: PoolJob, outcome: WorkerOutcome | undefined, error: unknown): void {
    if (!this.jobs.delete(job.message.id)) return;
    if (job.onAbort !== undefined) job.request.signal.removeEventListener('abort', job.onAbort);
    if (outcome !== undefined) job.settle(outcome);
    else job.fail(error);
  }
}
