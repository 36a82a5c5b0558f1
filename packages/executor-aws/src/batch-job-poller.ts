import { DescribeJobsCommand, type BatchClient, type JobDetail } from '@aws-sdk/client-batch';

interface Waiter {
  ids: string[];
  resolve: (jobs: Map<string, JobDetail>) => void;
  reject: (error: unknown) => void;
}

/**
 * One DescribeJobs loop for every job an executor follows: each tick describes all the jobs waited
 * on, up to 100 per call (the API's maximum), so 250 running jobs cost 3 calls per tick instead of
 * 250. Ticks start `minMs` apart and grow ×1.5 up to `maxMs` while no status changes; a new job or
 * a status change brings them back to `minMs`.
 */
export class BatchJobPoller {
  private readonly waiters = new Set<Waiter>();
  private readonly known = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  private interval: number;

  constructor(
    private readonly client: BatchClient,
    private readonly minMs: number,
    private readonly maxMs: number,
  ) {
    this.interval = minMs;
  }

  /** The details of these jobs at the next tick (rejects with the signal's reason when aborted). */
  next(ids: string[], signal: AbortSignal): Promise<Map<string, JobDetail>> {
    if (signal.aborted) return Promise.reject(signal.reason as unknown);
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        this.waiters.delete(waiter);
        reject(signal.reason as unknown);
      };
      const waiter: Waiter = {
        ids,
        resolve: (jobs) => {
          signal.removeEventListener('abort', onAbort);
          resolve(jobs);
        },
        reject: (error) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.add(waiter);
      if (ids.some((id) => !this.known.has(id))) {
        // A job seen for the first time: describe it soon rather than at the end of a long idle interval.
        this.interval = this.minMs;
        if (this.timer !== undefined) {
          clearTimeout(this.timer);
          this.timer = undefined;
        }
      }
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.timer !== undefined || this.waiters.size === 0) return;
    this.timer = setTimeout(() => void this.tick(), this.interval);
  }

  private async tick(): Promise<void> {
    const waiters = [...this.waiters];
    this.waiters.clear();
    const ids = [...new Set(waiters.flatMap((w) => w.ids))];
    try {
      const jobs = new Map<string, JobDetail>();
      for (let at = 0; at < ids.length; at += 100) {
        const answer = await this.client.send(new DescribeJobsCommand({ jobs: ids.slice(at, at + 100) }));
        for (const job of answer.jobs ?? []) if (job.jobId !== undefined) jobs.set(job.jobId, job);
      }
      let changed = false;
      for (const id of ids) {
        const status = jobs.get(id)?.status ?? '';
        if (this.known.get(id) !== status) changed = true;
        if (status === 'SUCCEEDED' || status === 'FAILED') this.known.delete(id);
        else this.known.set(id, status);
      }
      this.interval = changed ? this.minMs : Math.min(this.maxMs, Math.round(this.interval * 1.5));
      for (const waiter of waiters) waiter.resolve(jobs);
    } catch (error) {
      for (const waiter of waiters) waiter.reject(error);
    } finally {
      this.timer = undefined;
      this.schedule();
    }
  }
}
