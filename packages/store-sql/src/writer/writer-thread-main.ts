import type * as WorkerThreads from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { EncodedWrites } from './encoded-writes.js';
import type { createWriteApplier, WriteSql } from './write-applier.js';

/** What the writer thread is started with. */
export interface WriterThreadData {
  /** Resolved path of the better-sqlite3 module, so the thread loads the same driver. */
  driver: string;
  path: string;
  busyTimeoutMs: number;
  /** Run on the thread's connection after opening, as on the main connection. */
  pragmas: string[];
  sql: WriteSql;
  /** Most batches committed in one transaction. */
  maxBatchesPerCommit: number;
}

export type WriterRequest = { id: number; writes: EncodedWrites } | { close: true };

/** A failure on the writer thread, as plain data for the trip back. */
export interface WriterErrorData {
  name: string;
  message: string;
  /** `SQLITE_BUSY`… when the driver failed. */
  sqliteCode?: string;
  /** `EACCES`… when the file system failed. */
  systemCode?: string;
}

/** `done`: committed batch ids; `failed`: one batch that was rolled back; `fatal`: the thread could not open the database. */
export type WriterReply = { done: number[] } | { failed: number; error: WriterErrorData } | { fatal: WriterErrorData };

/**
 * The writer thread's entry point. Each wake-up takes every request already queued (up to
 * `maxBatchesPerCommit`) and commits them in one transaction: the more the thread falls behind,
 * the more one commit carries, so it catches up. When such a group fails, each batch is retried
 * alone so only the failing one is reported, as if it had been committed by itself.
 *
 * Runs from source text in a worker (see thread-sqlite-writer.ts), so it must stay self-contained:
 * it uses only its parameters (`load` is the worker's `require`).
 */
export function runWriterThread(load: (id: string) => unknown, createApplier: typeof createWriteApplier): void {
  const threads = load('node:worker_threads') as typeof WorkerThreads;
  const port = threads.parentPort!;
  const data = threads.workerData as WriterThreadData;
  const Driver = load(data.driver) as typeof Database;
  const describe = (error: unknown): WriterErrorData => {
    const e = error instanceof Error ? error : new Error(String(error));
    const code = (e as { code?: unknown }).code;
    if (error instanceof Driver.SqliteError) return { name: e.name, message: e.message, sqliteCode: error.code };
    return typeof code === 'string' ? { name: e.name, message: e.message, systemCode: code } : { name: e.name, message: e.message };
  };
  const reply = (message: WriterReply): void => port.postMessage(message);

  let db: Database.Database | undefined;
  let apply: ReturnType<typeof createWriteApplier>;
  try {
    db = new Driver(data.path, { timeout: data.busyTimeoutMs });
    for (const pragma of data.pragmas) db.pragma(pragma);
    apply = createApplier(db, data.sql);
  } catch (error) {
    reply({ fatal: describe(error) });
    db?.close();
    port.close();
    return;
  }
  const connection = db;

  const commit = (requests: ReadonlyArray<{ id: number; writes: EncodedWrites }>): void => {
    try {
      apply(requests.map((r) => r.writes));
      reply({ done: requests.map((r) => r.id) });
    } catch (error) {
      if (requests.length === 1) reply({ failed: requests[0]!.id, error: describe(error) });
      else for (const request of requests) commit([request]);
    }
  };

  port.on('message', (first: WriterRequest) => {
    const queue: WriterRequest[] = [first];
    while (queue.length < data.maxBatchesPerCommit) {
      const next = threads.receiveMessageOnPort(port);
      if (next === undefined) break;
      queue.push(next.message as WriterRequest);
    }
    const writes: Array<{ id: number; writes: EncodedWrites }> = [];
    for (const request of queue) {
      if ('close' in request) {
        if (writes.length > 0) commit(writes.splice(0));
        connection.close();
        port.close();
        return;
      }
      writes.push(request);
    }
    commit(writes);
  });
}
