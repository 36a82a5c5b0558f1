import type { LineageWrite, RunStoreWrite } from '@twingraph/model';
import type { StoreErrorContext } from '../sqlite/sqlite-store-error.js';
import { toStoreError } from '../sqlite/sqlite-store-error.js';
import type { SqliteWriter } from './sqlite-writer.js';
import { encodeRequest, type PendingBatch } from './write-folding.js';

type Submitted = PendingBatch & { action: string; resolve: () => void; reject: (error: unknown) => void };

/**
 * Pairs the batches the stores of one database are given together (the engine's writer hands over
 * a run-store batch and a lineage batch at once) and submits them as one request: one commit, and
 * node records folded into their component rows (write-folding.ts). Each store's write still
 * settles on its own.
 *
 * A batch goes as soon as its pair is complete: waiting for a microtask instead would put it behind
 * every component completion already queued (a map of 10,000 finishes in one burst), so the writer
 * would get nothing until the end. A batch whose pair does not come goes on the next microtask;
 * once a kind has gone alone that way and the other kind was never seen (one store in use), its
 * batches stop waiting.
 */
export class WriteCombiner {
  private pending: Submitted[] = [];
  private nextId = 1;
  private readonly seen = { run: false, lineage: false };
  private readonly wentAlone = { run: false, lineage: false };

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
      const other = batch.kind === 'run' ? 'lineage' : 'run';
      this.seen[batch.kind] = true;
      this.pending.push({ ...batch, action, resolve, reject });
      if (this.pending.some((p) => p.kind === other) || (this.wentAlone[batch.kind] && !this.seen[other])) this.flush();
      else if (this.pending.length === 1) queueMicrotask(() => this.flushAlone());
    });
  }

  /** The microtask after a batch that waited for its pair. */
  private flushAlone(): void {
    for (const { kind } of this.pending) this.wentAlone[kind] = true;
    this.flush();
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
