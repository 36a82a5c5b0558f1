import type { LineageWrite, RunStoreWrite } from '@twingraph/model';
import type { LineageStore } from '../ports/lineage-store.js';
import type { RunStore } from '../ports/run-store.js';

export interface RecordWriterOptions {
  /** Records per store write. @defaultValue 512 */
  batchSize?: number;
}

/**
 * Buffers run-store and lineage records and writes them in batches, in order, so a store pays one
 * transaction per batch instead of one per component. A batch is written when it is full or on
 * the next turn of the event loop; `flush()` drains everything. The first store failure is kept
 * (not thrown into the run) and reported by `flush()` so the run can say its records are incomplete.
 */
export class RecordWriter {
  private runOps: RunStoreWrite[] = [];
  private lineageOps: LineageWrite[] = [];
  private tail: Promise<void> = Promise.resolve();
  private scheduled = false;
  private readonly batchSize: number;
  private failure: unknown;

  constructor(
    private readonly runStore: RunStore | undefined,
    private readonly lineageStore: LineageStore | undefined,
    options: RecordWriterOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 512;
  }

  /** False when lineage is off, so callers can skip building records. */
  get recordsLineage(): boolean {
    return this.lineageStore !== undefined;
  }

  get recordsRuns(): boolean {
    return this.runStore !== undefined;
  }

  run(op: RunStoreWrite): void {
    if (this.runStore === undefined) return;
    this.runOps.push(op);
    this.schedule(this.runOps.length);
  }

  lineage(op: LineageWrite): void {
    if (this.lineageStore === undefined) return;
    this.lineageOps.push(op);
    this.schedule(this.lineageOps.length);
  }

  private schedule(length: number): void {
    if (length >= this.batchSize) this.drain();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.drain();
      });
    }
  }

  private drain(): void {
    const runOps = this.runOps;
    const lineageOps = this.lineageOps;
    if (runOps.length === 0 && lineageOps.length === 0) return;
    this.runOps = [];
    this.lineageOps = [];
    this.tail = this.tail.then(async () => {
      try {
        if (runOps.length > 0) await this.runStore!.write(runOps);
        if (lineageOps.length > 0) await this.lineageStore!.write(lineageOps);
      } catch (error) {
        this.failure ??= error;
      }
    });
  }

  /** Writes everything buffered; resolves with the first write failure, if any happened. */
  async flush(): Promise<unknown> {
    this.drain();
    await this.tail;
    return this.failure;
  }
}
