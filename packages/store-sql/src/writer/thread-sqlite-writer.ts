import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { ERROR_CODES, TwinGraphError } from '@twingraph/model';
import type { SqliteDatabase } from '../sqlite/sqlite-database.js';
import type { WriteRequest } from './encoded-writes.js';
import type { SqliteWriter } from './sqlite-writer.js';
import { createWriteApplier } from './write-applier.js';
import { WRITE_PLAN } from './write-sql.js';
import { runWriterThread, type WriterErrorData, type WriterMessage, type WriterReply, type WriterThreadData } from './writer-thread-main.js';

// The thread runs from source text rather than a module file: the same text works whether this
// package runs from dist/ or from its TypeScript sources (tests), and survives bundling. Loaders that
// keep function names (esbuild keepNames, as tsx uses) insert calls to a module-level `__name` helper
// into function bodies; the thread gets an identity stand-in so that text still runs there.
const WRITER_THREAD_SOURCE = `'use strict';\nconst __name = (target) => target;\n(${runWriterThread.toString()})(require, ${createWriteApplier.toString()});\n`;

const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');

interface PendingRequest {
  resolve: (errors: unknown[]) => void;
  reject: (error: unknown) => void;
}

/**
 * Commits requests on a worker thread with its own connection to the database file (WAL lets the
 * stores' connection keep reading meanwhile). The caller's thread only encodes and posts a request;
 * `submit()` resolves once the thread has committed it, so a resolved write is visible to reads.
 * The thread starts with the first request, and keeps the process alive only while requests are pending.
 */
export class ThreadSqliteWriter implements SqliteWriter {
  private worker: Worker | undefined;
  private exited: Promise<void> = Promise.resolve();
  private nextId = 1;
  private readonly pending = new Map<number, PendingRequest>();
  private idleWaiters: Array<() => void> = [];

  /** @param maxRequestsPerCommit most queued requests the thread commits in one transaction */
  constructor(
    private readonly database: SqliteDatabase,
    private readonly pragmas: readonly string[],
    private readonly maxRequestsPerCommit = 64,
  ) {}

  submit(request: WriteRequest): Promise<unknown[]> {
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise<unknown[]>((resolve, reject) => {
      if (this.pending.size === 0) worker.ref();
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, request } satisfies WriterMessage);
    });
  }

  idle(): Promise<void> {
    if (this.pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  close(): Promise<void> {
    const worker = this.worker;
    if (worker !== undefined) {
      this.worker = undefined;
      worker.ref();
      worker.postMessage({ close: true } satisfies WriterMessage);
    }
    return this.exited;
  }

  private start(): Worker {
    const data: WriterThreadData = {
      driver: driverPath,
      path: this.database.path,
      busyTimeoutMs: this.database.options.busyTimeoutMs,
      pragmas: [...this.pragmas],
      plan: WRITE_PLAN,
      maxRequestsPerCommit: this.maxRequestsPerCommit,
    };
    const worker = new Worker(WRITER_THREAD_SOURCE, { eval: true, workerData: data, name: 'twingraph-sqlite-writer' });
    this.worker = worker;
    worker.unref();
    worker.on('message', (reply: WriterReply) => this.onReply(worker, reply));
    let failure: unknown;
    worker.on('error', (error) => {
      failure = error;
    });
    this.exited = new Promise((resolve) => {
      worker.once('exit', () => {
        if (this.worker === worker) this.worker = undefined;
        // Whatever the thread did not answer was not committed.
        this.rejectAll(this.threadGone(failure));
        resolve();
      });
    });
    return worker;
  }

  private onReply(worker: Worker, reply: WriterReply): void {
    if ('settled' in reply) {
      for (const [id, errors] of reply.settled) {
        const request = this.pending.get(id);
        this.pending.delete(id);
        request?.resolve(errors.map((error) => (error === null ? undefined : errorFromData(error))));
      }
    } else {
      // The thread could not open the database: fail what is pending; the next request starts a new thread.
      if (this.worker === worker) this.worker = undefined;
      this.rejectAll(errorFromData(reply.fatal));
    }
    if (this.pending.size === 0) {
      if (this.worker === worker) worker.unref();
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const wake of waiters) wake();
    }
  }

  private rejectAll(error: unknown): void {
    const requests = [...this.pending.values()];
    this.pending.clear();
    for (const request of requests) request.reject(error);
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const wake of waiters) wake();
  }

  private threadGone(cause: unknown): TwinGraphError {
    return new TwinGraphError(ERROR_CODES.STORE_UNAVAILABLE, `The SQLite writer thread for ${this.database.path} stopped before committing these records`, {
      category: 'unexpected',
      hint: 'These records were not stored. Check the disk and the process (memory, a terminated thread), then run again.',
      details: { path: this.database.path },
      ...(cause === undefined ? {} : { cause }),
    });
  }
}

/** The thread's error rebuilt as the kind of error the stores map (a driver error keeps its SQLite code). */
function errorFromData(data: WriterErrorData): Error {
  if (data.sqliteCode !== undefined) return new Database.SqliteError(data.message, data.sqliteCode);
  const error = data.name === 'TypeError' ? new TypeError(data.message) : new Error(data.message);
  if (data.systemCode !== undefined) Object.assign(error, { code: data.systemCode });
  return error;
}
