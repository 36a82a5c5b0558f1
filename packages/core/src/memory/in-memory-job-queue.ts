import { cancelledError, toErrorData } from '@twingraph/model';
import type { ConsumeOptions, JobConsumer, JobEnvelope, JobHandler, JobQueue, JobResult, SubmitOptions } from '../ports/job-queue.js';

interface Waiting {
  job: JobEnvelope;
  options: SubmitOptions;
  resolve(result: JobResult): void;
}

interface Consumer {
  handler: JobHandler;
  concurrency: number;
  active: number;
  closed: boolean;
  idle: Array<() => void>;
}

/** Delivers jobs to consumers in this process, FIFO per queue. */
export class InMemoryJobQueue implements JobQueue {
  private readonly waiting = new Map<string, Waiting[]>();
  private readonly consumers = new Map<string, Consumer[]>();
  private closed = false;

  submit(job: JobEnvelope, options: SubmitOptions = {}): Promise<JobResult> {
    if (this.closed) return Promise.resolve({ ok: false, error: toErrorData(cancelledError('The job queue is closed')) });
    return new Promise<JobResult>((resolve) => {
      const entry: Waiting = { job, options, resolve };
      const signal = options.signal;
      if (signal?.aborted) {
        resolve({ ok: false, error: toErrorData(cancelledError()) });
        return;
      }
      signal?.addEventListener(
        'abort',
        () => {
          const list = this.waiting.get(job.queue);
          const index = list?.indexOf(entry) ?? -1;
          if (list !== undefined && index >= 0) {
            list.splice(index, 1);
            resolve({ ok: false, error: toErrorData(cancelledError()) });
          }
        },
        { once: true },
      );
      const list = this.waiting.get(job.queue);
      if (list === undefined) this.waiting.set(job.queue, [entry]);
      else list.push(entry);
      this.dispatch(job.queue);
    });
  }

  consume(queue: string, handler: JobHandler, options: ConsumeOptions = {}): Promise<JobConsumer> {
    const consumer: Consumer = { handler, concurrency: Math.max(1, options.concurrency ?? 1), active: 0, closed: false, idle: [] };
    const list = this.consumers.get(queue);
    if (list === undefined) this.consumers.set(queue, [consumer]);
    else list.push(consumer);
    this.dispatch(queue);
    return Promise.resolve({
      close: async () => {
        consumer.closed = true;
        this.consumers.set(queue, (this.consumers.get(queue) ?? []).filter((c) => c !== consumer));
        if (consumer.active > 0) await new Promise<void>((resolve) => consumer.idle.push(resolve));
      },
    });
  }

  private dispatch(queue: string): void {
    const waiting = this.waiting.get(queue);
    if (waiting === undefined) return;
    for (const consumer of this.consumers.get(queue) ?? []) {
      while (!consumer.closed && consumer.active < consumer.concurrency && waiting.length > 0) {
        this.run(queue, consumer, waiting.shift()!);
      }
    }
  }

  private run(queue: string, consumer: Consumer, entry: Waiting): void {
    consumer.active++;
    const controller = new AbortController();
    const onAbort = (): void => controller.abort(entry.options.signal?.reason);
    entry.options.signal?.addEventListener('abort', onAbort, { once: true });
    const log = entry.options.onLog ?? ((): void => undefined);
    let handled: Promise<JobResult>;
    try {
      handled = consumer.handler(entry.job, { signal: controller.signal, log });
    } catch (error) {
      // A handler that throws before returning its promise must still settle the job and free the slot.
      handled = Promise.reject(error);
    }
    handled
      .catch((error: unknown): JobResult => ({ ok: false, error: toErrorData(error) }))
      .then((result) => {
        entry.options.signal?.removeEventListener('abort', onAbort);
        consumer.active--;
        entry.resolve(result);
        if (consumer.active === 0) for (const resolve of consumer.idle.splice(0)) resolve();
        this.dispatch(queue);
      })
      .catch(() => undefined);
  }

  depth(queue: string): Promise<number> {
    return Promise.resolve(this.waiting.get(queue)?.length ?? 0);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const [queue, list] of this.waiting) {
      for (const entry of list.splice(0)) entry.resolve({ ok: false, error: toErrorData(cancelledError('The job queue is closed')) });
      this.waiting.delete(queue);
    }
    const all = [...this.consumers.values()].flat();
    this.consumers.clear();
    await Promise.all(
      all.map((c) => {
        c.closed = true;
        return c.active === 0 ? Promise.resolve() : new Promise<void>((resolve) => c.idle.push(resolve));
      }),
    );
  }
}
