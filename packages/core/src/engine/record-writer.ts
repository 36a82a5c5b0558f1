import type { LineageWrite, RunStoreWrite } from '@twingraph/model';
import type { LineageStore } from '../ports/lineage-store.js';
import type { RunStore } from '../ports/run-store.js';

export interface RecordWriterOptions {
  /** Records per store write. @defaultValue 512 */
  batchSize?: number;
}

/**
 * Buffers run-store and lineage records and writes them in batches, so a store pays one
 * transaction per batch instead of one per component. A batch is written when it is full or on
 * the next turn of the event loop; `flush()` drains everything and waits for every write. The
 * first store failure is kept (not thrown into the run) and reported by `flush()` so the run can
 * say its records are incomplete.
 *
 * A batch goes to its store as soon as it is drained, without waiting for the store to commit the
 * previous one: a store that commits off the main thread (SQLite's writer thread) then works while
 * the run goes on. A run of in-process components can finish without the event loop turning once,
 * so waiting for each commit would hold every batch back until the end. Each store receives its
 * batches in order and applies them in that order (the in-memory stores synchronously, SQLite
 * through one queue), so a record written twice keeps its last version.
 */
export class RecordWriter {
  private runOps: RunStoreWrite[] = [];
  private lineageOps: LineageWrite[] = [];
  /** Settles when every write issued so far has settled. */
  private written: Promise<void> = Promise.resolve();
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
    // A component hands over its node record, then its lineage record: with lineage on, a full
    // batch is drained by lineage() so the pair stays in one batch (a store may keep it together).
    // Twice the size: run-only records (logs) never wait for lineage.
    this.schedule(this.runOps.length >= (this.lineageStore === undefined ? this.batchSize : 2 * this.batchSize));
  }

  lineage(op: LineageWrite): void {
    if (this.lineageStore === undefined) return;
    this.lineageOps.push(op);
    this.schedule(this.lineageOps.length >= this.batchSize || this.runOps.length >= this.batchSize);
  }

  /** Drains now when a batch is full, else on the next turn of the event loop. */
  private schedule(full: boolean): void {
    if (full) this.drain();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.drain();
      });
    }
  }

  private drain(): void {
    if (this.runOps.length > 0) {
      const ops = this.runOps;
      this.runOps = [];
      this.issue(() => this.runStore!.write(ops));
    }
    if (this.lineageOps.length > 0) {
      const ops = this.lineageOps;
      this.lineageOps = [];
      this.issue(() => this.lineageStore!.write(ops));
    }
  }

  private issue(write: () => Promise<void>): void {
    let pending: Promise<void>;
    try {
      pending = write().catch((error: unknown) => this.fail(error));
    } catch (error) {
      this.fail(error);
      return;
    }
    this.written = Promise.all([this.written, pending]).then(noop);
  }

  private fail(error: unknown): void {
    this.failure ??= error;
  }

  /** Writes everything buffered; resolves with the first write failure, if any happened. */
  async flush(): Promise<unknown> {
    this.drain();
    await this.written;
    return this.failure;
  }
}

function noop(): void {}
