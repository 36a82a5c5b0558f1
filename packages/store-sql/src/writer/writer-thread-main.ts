import type * as WorkerThreads from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { WriteRequest } from './encoded-writes.js';
import type { createWriteApplier, WritePlan } from './write-applier.js';

/** What the writer thread is started with. */
export interface WriterThreadData {
  /** Resolved path of the better-sqlite3 module, so the thread loads the same driver. */
  driver: string;
  path: string;
  busyTimeoutMs: number;
  /** Run on the thread's connection after opening, as on the main connection. */
  pragmas: string[];
  plan: WritePlan;
  /** Most requests committed in one transaction. */
  maxRequestsPerCommit: number;
}

export type WriterMessage = { id: number; request: WriteRequest } | { close: true };

/** A failure on the writer thread, as plain data for the trip back. */
export interface WriterErrorData {
  name: string;
  message: string;
  /** `SQLITE_BUSY`… when the driver failed. */
  sqliteCode?: string;
  /** `EACCES`… when the file system failed. */
  systemCode?: string;
}

/** `settled`: requests and, per batch, its failure or null; `fatal`: the thread could not open the database. */
export type WriterReply = { settled: Array<[id: number, errors: Array<WriterErrorData | null>]> } | { fatal: WriterErrorData };

/**
 * The writer thread's entry point. Each wake-up takes every request already queued (up to
 * `maxRequestsPerCommit`) and commits them together: the more the thread falls behind, the more
 * one commit carries, so it catches up.
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
    apply = createApplier(db, data.plan);
  } catch (error) {
    reply({ fatal: describe(error) });
    db?.close();
    port.close();
    return;
  }
  const connection = db;

  const commit = (messages: ReadonlyArray<{ id: number; request: WriteRequest }>): void => {
    if (messages.length === 0) return;
    const results = apply(messages.map((m) => m.request));
    reply({ settled: messages.map((m, i) => [m.id, results[i]!.map((error) => (error === undefined ? null : describe(error)))]) });
  };

  port.on('message', (first: WriterMessage) => {
    const queue: WriterMessage[] = [first];
    while (queue.length < data.maxRequestsPerCommit) {
      const next = threads.receiveMessageOnPort(port);
      if (next === undefined) break;
      queue.push(next.message as WriterMessage);
    }
    const writes: Array<{ id: number; request: WriteRequest }> = [];
    for (const message of queue) {
      if ('close' in message) {
        commit(writes);
        connection.close();
        port.close();
        return;
      }
      writes.push(message);
    }
    commit(writes);
  });
}
