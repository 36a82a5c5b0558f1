import type { LineageWrite, RunStoreWrite } from '@twingraph/model';
import type { StoreErrorContext } from '../sqlite/sqlite-store-error.js';
import { toStoreError } from '../sqlite/sqlite-store-error.js';
import type { SqliteWriter } from './sqlite-writer.js';
import { encodeRequest, type PendingBatch } from './write-folding.js';

type Submitted = PendingBatch & { action: string; resolve: () => void; reject: (error: unknown) => void };

/**
 * Collects the batches the stores of one database are given in the same event-loop turn (the
 * engine's writer hands over a run-store and a lineage batch together) and submits them as one
 * request on the next microtask: one commit, and node records folded into their component rows
 * (write-folding.ts). Each store's write still settles on its own.
 */
export class WriteCombiner {
  private pending: Submitted[] = [];
  private nextId = 1;

  /** @param writer commits the requests: on this thread or a writer thread */
  constructor(
    readonly writer: SqliteWriter,
    private readonly errorContext: (action: string) => StoreErrorContext,
  ) {}

  submitRun(batch: readonly RunStoreWrite[], action: string): Promise<void> {
    return this.submit({ kind: 'run', batch }, action);
  }

  submitLineage(batch: readonly LineageWrite[], action: string): Promise<void> {
    return this.submit({ kind: 'lineage', batch }, action);
  }

  /** Resolves when everything submitted so far has settled. */
  idle(): Promise<void> {
    this.flush();
    return this.writer.idle();
  }

  /** Submits what is pending, then closes the writer. */
  close(): Promise<void> {
    this.flush();
    return this.writer.close();
  }

  private submit(batch: PendingBatch, action: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ ...batch, action, resolve, reject });
      if (this.pending.length === 1) queueMicrotask(() => this.flush());
    });
  }

  private flush(): void {
    const batches = this.pending;
    if (batches.length === 0) return;
    this.pending = [];
    const { request, owners } = encodeRequest(batches, () => this.nextId++, (batch, error) => batch.reject(this.storeError(error, batch)));
    if (request.length === 0) return;
    this.writer.submit(request).then(
      (errors) =>
        owners.forEach((owner, i) => {
          const error = errors[i];
          if (error === undefined) owner.resolve();
          else owner.reject(this.storeError(error, owner));
        }),
      (error: unknown) => {
        for (const owner of owners) owner.reject(this.storeError(error, owner));
      },
    );
  }

  private storeError(error: unknown, batch: Submitted): unknown {
    return toStoreError(error, this.errorContext(batch.action));
  }
}
