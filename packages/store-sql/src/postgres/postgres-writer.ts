import type { Pool, PoolClient } from 'pg';
import type { TwinGraphError } from '@twingraph/model';
import { mergeWrites, type PostgresWrites } from './postgres-write-plan.js';
import { writeStatements } from './postgres-write-statements.js';
import type { Statement } from './postgres-write.sql.js';

interface BatchJob {
  kind: 'batch';
  writes: PostgresWrites;
  action: string;
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface TaskJob {
  kind: 'task';
  run: (client: PoolClient) => Promise<unknown>;
  action: string;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Job = BatchJob | TaskJob;

export interface PostgresWriterOptions {
  /** Most rows of one kind in one statement. */
  maxRowsPerStatement: number;
  /** Most records in one commit. */
  maxRecordsPerCommit: number;
}

/**
 * Commits the write batches of the stores sharing one database, in the order they were submitted,
 * on one connection in pipeline mode. While a commit is in flight, new batches queue; the next
 * commit takes every queued batch at once (up to maxRecordsPerCommit) as multi-row statements, all
 * sent without waiting for each other's answer, so a burst of single-node batches costs one round
 * trip, not one per node. Each batch's promise settles when its commit does. When a commit of
 * several batches fails, each batch is retried alone, in order, so only the batches that fail by
 * themselves are rejected. Tasks (clear) run alone, in queue order.
 */
export class PostgresWriter {
  /** Transactions committed so far (write batches grouped), for tests and benchmarks. */
  commits = 0;
  private queue: Job[] = [];
  private running = false;
  private idleWaiters: Array<() => void> = [];

  /** @param ready settles when the database may be written (connected, migrated); a rejection fails every job */
  constructor(
    private readonly pool: Pool,
    private readonly ready: Promise<void>,
    private readonly options: PostgresWriterOptions,
    private readonly toError: (error: unknown, action: string) => TwinGraphError,
  ) {}

  /** Queues an encoded batch; resolves once committed. */
  submit(writes: PostgresWrites, action: string): Promise<void> {
    return new Promise<void>((resolve, reject) => this.enqueue({ kind: 'batch', writes, action, resolve, reject }));
  }

  /** Runs `fn` on the write connection after everything queued before it, alone. */
  task<T>(action: string, fn: (client: PoolClient) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => this.enqueue({ kind: 'task', run: fn, action, resolve: resolve as (value: unknown) => void, reject }));
  }

  /** Resolves when everything submitted so far has settled. */
  idle(): Promise<void> {
    if (!this.running && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private enqueue(job: Job): void {
    this.queue.push(job);
    // Started on a microtask: a run-store and a lineage batch handed over together share the first commit.
    if (!this.running) {
      this.running = true;
      queueMicrotask(() => void this.drain());
    }
  }

  private async drain(): Promise<void> {
    try {
      try {
        await this.ready;
      } catch (error) {
        for (const job of this.queue.splice(0)) job.reject(this.toError(error, job.action));
        return;
      }
      while (this.queue.length > 0) {
        const head = this.queue[0]!;
        if (head.kind === 'task') {
          this.queue.shift();
          await this.runTask(head);
          continue;
        }
        // The batches up to the next task or the record limit, taken off the queue at once (shift() per batch is O(n)).
        let count = 0;
        let records = 0;
        for (const job of this.queue) {
          if (job.kind !== 'batch' || (count > 0 && records + job.writes.size > this.options.maxRecordsPerCommit)) break;
          count++;
          records += job.writes.size;
        }
        await this.commitGroup(this.queue.splice(0, count) as BatchJob[]);
      }
    } finally {
      this.running = false;
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const wake of waiters) wake();
    }
  }

  private async runTask(job: TaskJob): Promise<void> {
    try {
      await this.withClient((client) => job.run(client)).then(job.resolve);
    } catch (error) {
      job.reject(this.toError(error, job.action));
    }
  }

  private async commitGroup(group: BatchJob[]): Promise<void> {
    const error = await this.commit(group);
    if (error === undefined) {
      for (const job of group) job.resolve();
      return;
    }
    if (group.length === 1) {
      group[0]!.reject(this.toError(error, group[0]!.action));
      return;
    }
    for (const job of group) {
      const alone = await this.commit([job]);
      if (alone === undefined) job.resolve();
      else job.reject(this.toError(alone, job.action));
    }
  }

  /** One transaction for the batches; resolves with its failure, or undefined once committed. */
  private async commit(group: readonly BatchJob[]): Promise<unknown> {
    const statements = writeStatements(mergeWrites(group.map((job) => job.writes)), this.options.maxRowsPerStatement);
    try {
      await this.withClient((client) => runPipelinedTransaction(client, statements));
      this.commits++;
      return undefined;
    } catch (error) {
      return error ?? new Error('write failed');
    }
  }

  private async withClient<T>(fn: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      return await fn(client);
    } catch (error) {
      // A connection-level failure leaves the client unusable: drop it rather than return it to the pool.
      if (!(error instanceof Error && 'code' in error && typeof error.code === 'string' && /^[0-9A-Z]{5}$/.test(error.code))) broken = error instanceof Error ? error : new Error(String(error));
      throw error;
    } finally {
      client.release(broken);
    }
  }
}

/**
 * BEGIN, the statements and COMMIT sent back to back (the connection is in pipeline mode); every
 * answer is awaited. After a failure the server rejects the rest of the transaction and COMMIT
 * rolls it back; the first failure is thrown.
 */
export async function runPipelinedTransaction(client: PoolClient, statements: readonly Statement[]): Promise<void> {
  const results = await Promise.allSettled([
    client.query('BEGIN'),
    ...statements.map((s) => client.query({ name: s.name, text: s.text, values: s.values })),
    client.query('COMMIT'),
  ]);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected' && (r.reason as { code?: unknown }).code !== '25P02');
  const anyFailed = failed ?? results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (anyFailed !== undefined) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw anyFailed.reason;
  }
}
