/**
 * Items of a streaming component, kept in order and readable by any number of consumers while
 * they are still being produced. Each consumer iterates from the first item.
 */
export class StreamChannel<T = unknown> {
  readonly items: T[] = [];
  private done = false;
  private failure: unknown;
  private wakeups: Array<() => void> = [];

  push(item: T): void {
    this.items.push(item);
    this.wake();
  }

  end(error?: unknown): void {
    this.done = true;
    this.failure = error;
    this.wake();
  }

  private wake(): void {
    const wakeups = this.wakeups;
    this.wakeups = [];
    for (const wake of wakeups) wake();
  }

  async *iterate(): AsyncGenerator<T, void, undefined> {
    let index = 0;
    for (;;) {
      while (index < this.items.length) yield this.items[index++]!;
      if (this.done) {
        if (this.failure !== undefined) throw this.failure;
        return;
      }
      await new Promise<void>((resolve) => this.wakeups.push(resolve));
    }
  }
}
