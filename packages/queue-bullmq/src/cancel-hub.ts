import type { Cluster, Redis } from 'ioredis';

/** How long a cancel request for a job this process is not (yet) running is remembered. */
const REMEMBER_MS = 60_000;

/**
 * The worker side of cancelling running jobs: one pub/sub subscription per process to the cancel
 * channel, aborting the signal of the matching running job. A request that arrives just before the
 * job's handler starts (the job was already locked, so it could not be removed) is remembered and
 * applied when the handler registers, so no cancel is lost in that window.
 */
export class CancelHub {
  private readonly running = new Map<string, AbortController>();
  private readonly early = new Map<string, number>();
  private ready: Promise<void> | undefined;

  constructor(
    private readonly subscriber: Redis | Cluster,
    private readonly channel: string,
  ) {}

  start(): Promise<void> {
    this.ready ??= (async () => {
      this.subscriber.on('message', (channel: string, message: string) => {
        if (channel === this.channel) this.cancel(message);
      });
      await this.subscriber.subscribe(this.channel);
    })();
    return this.ready;
  }

  /** Registers a running job; its controller is aborted at once when a cancel came first. */
  register(key: string, controller: AbortController): void {
    if (this.early.delete(key)) controller.abort(new Error('Cancelled by the submitter'));
    else this.running.set(key, controller);
  }

  unregister(key: string): void {
    this.running.delete(key);
  }

  private cancel(key: string): void {
    const controller = this.running.get(key);
    if (controller !== undefined) {
      this.running.delete(key);
      controller.abort(new Error('Cancelled by the submitter'));
      return;
    }
    const now = Date.now();
    for (const [k, at] of this.early) if (now - at > REMEMBER_MS) this.early.delete(k);
    this.early.set(key, now);
  }
}

/** The cancel message and registry key of a job: queue and BullMQ id. */
export function cancelKey(queue: string, jobId: string): string {
  return `${queue}/${jobId}`;
}
