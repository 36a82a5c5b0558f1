/**
 * Work an executor started that may outlive the call that started it: an attempt the engine stopped
 * waiting for (timeout, cancel) that still removes its container or Job, a cancel request on its way.
 * `close()` of the executor waits for it with {@link PendingWork.settled}.
 */
export class PendingWork {
  private readonly pending = new Set<Promise<unknown>>();

  /** Work not settled yet. */
  get size(): number {
    return this.pending.size;
  }

  /**
   * Tracks `work` until it settles. Its outcome stays the caller's (this only waits for it), so a
   * rejection is neither reported here nor an unhandled rejection.
   */
  track(work: Promise<unknown>): void {
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    this.pending.add(settled);
    void settled.then(() => this.pending.delete(settled));
  }

  /** Resolves once all tracked work has settled, including work tracked while waiting. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }
}
