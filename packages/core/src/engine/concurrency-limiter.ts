import { cancelledError } from '@twingraph/model';

/** At most `limit` holders at once; waiters are served in arrival order. */
export class ConcurrencyLimiter {
  private active = 0;
  private readonly waiters: Array<{ resolve(): void; reject(error: unknown): void }> = [];
  private head = 0;

  constructor(private readonly limit: number) {}

  /** Takes a slot when one is free right now; saves a promise on the hot path. */
  tryAcquire(): boolean {
    if (this.active < this.limit && this.head === this.waiters.length) {
      this.active++;
      return true;
    }
    return false;
  }

  acquire(): Promise<void> {
    if (this.tryAcquire()) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  release(): void {
    if (this.head < this.waiters.length) {
      const next = this.waiters[this.head]!;
      this.waiters[this.head++] = undefined as never;
      if (this.head > 1024 && this.head * 2 > this.waiters.length) {
        this.waiters.splice(0, this.head);
        this.head = 0;
      }
      next.resolve();
    } else {
      this.active--;
    }
  }

  /** Rejects everyone still waiting (run cancelled or failed). */
  rejectWaiting(error: unknown = cancelledError()): void {
    const waiting = this.waiters.splice(this.head);
    this.waiters.length = 0;
    this.head = 0;
    for (const waiter of waiting) waiter.reject(error);
  }

  get waiting(): number {
    return this.waiters.length - this.head;
  }
}
