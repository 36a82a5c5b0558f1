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

/** The transaction the writer is filling: the batches sent into it and the answers to come. */
interface OpenTransaction {
  jobs: BatchJob[];
  answers: Array<Promise<unknown>>;
  records: number;
}

export interface PostgresWriterOptions {
  /** Most rows of one kind in one statement. */
  maxRowsPerStatement: number;
  /** Most records in one commit. */
  maxRecordsPerCommit: number;
}

/**
 * Commits the write batches of the stores sharing one database, in the order they were submitted,
 * on one connection of its own in pipeline mode (statements are sent without waiting for the
 * answers to the ones before).
 *
 * Batches are sent as they arrive, into an open transaction: the batches queued at that moment go
 * as one set of multi-row statements, so a burst of single-node batches costs a few statements, not
 * a round trip per node, and PostgreSQL works while the run goes on. The transaction is committed on
 * the next turn of the event loop or once it holds maxRecordsPerCommit records; batches arriving
 * while a commit's answer is awaited wait for it and go into the next transaction. Each batch's
 * promise settles with its commit. When a commit fails, no later batch has been sent yet: each of
 * its batches is retried alone, in order, so exactly the batches that fail by themselves are
 * rejected and the order of writes holds. Tasks (clear) run alone, in queue order.
 */
export class PostgresWriter {
  /** Transactions committed so far, for tests and benchmarks. */
  commits = 0;
  private queue: Job[] = [];
  private open: OpenTransaction | undefined;
  private client: PoolClient | undefined;
  private pumping = false;
  private pumpScheduled = false;
  private commitScheduled = false;
  /** The commit whose answer is awaited; nothing is sent until it settles. */
  private settling: Promise<void> | undefined;
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

  /** Runs `fn` on the write connection after everything queued before it is committed, alone. */
  task<T>(action: string, fn: (client: PoolClient) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => this.enqueue({ kind: 'task', run: fn, action, resolve: resolve as (value: unknown) => void, reject }));
  }

  /** Resolves when everything submitted so far has settled. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Settles what was submitted, then gives the connection back. */
  async close(): Promise<void> {
    await this.idle();
    this.client?.release();
    this.client = undefined;
  }

  private isIdle(): boolean {
    return this.queue.length === 0 && this.open === undefined && this.settling === undefined && !this.pumping && !this.commitScheduled;
  }

  private enqueue(job: Job): void {
    this.queue.push(job);
    // On a microtask: a run-store and a lineage batch handed over together go into the same statements.
    if (!this.pumpScheduled) {
      this.pumpScheduled = true;
      queueMicrotask(() => {
        this.pumpScheduled = false;
        void this.pump();
      });
    }
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      try {
        await this.ready;
      } catch (error) {
        for (const job of this.queue.splice(0)) job.reject(this.toError(error, job.action));
        return;
      }
      while (this.queue.length > 0) {
        if (this.settling !== undefined) await this.settling;
        if (this.queue[0]!.kind === 'task') {
          if (this.open !== undefined) {
            await this.commit();
            continue;
          }
          await this.runTask(this.queue.shift() as TaskJob);
          continue;
        }
        await this.send();
      }
    } finally {
      this.pumping = false;
      if (this.open !== undefined) this.scheduleCommit();
      this.wakeIfIdle();
    }
  }

  /** Sends the batches at the head of the queue into the open transaction (opening one). */
  private async send(): Promise<void> {
    const room = this.options.maxRecordsPerCommit - (this.open?.records ?? 0);
    let count = 0;
    let records = 0;
    for (const job of this.queue) {
      if (job.kind !== 'batch' || (count > 0 && records + job.writes.size > room)) break;
      count++;
      records += job.writes.size;
    }
    const jobs = this.queue.splice(0, count) as BatchJob[];
    let client: PoolClient;
    try {
      client = await this.connection();
    } catch (error) {
      for (const job of jobs) job.reject(this.toError(error, job.action));
      return;
    }
    const open = (this.open ??= { jobs: [], answers: [client.query('BEGIN')], records: 0 });
    open.jobs.push(...jobs);
    open.records += records;
    for (const s of writeStatements(mergeWrites(jobs.map((job) => job.writes)), this.options.maxRowsPerStatement)) open.answers.push(sendStatement(client, s));
    if (open.records >= this.options.maxRecordsPerCommit) await this.commit();
  }

  private scheduleCommit(): void {
    if (this.commitScheduled) return;
    this.commitScheduled = true;
    setImmediate(() => {
      this.commitScheduled = false;
      if (this.pumping) return; // the pump schedules again when it stops
      if (this.settling !== undefined) {
        void this.settling.then(() => this.scheduleCommit());
        return;
      }
      void this.commit().finally(() => {
        if (this.queue.length > 0) void this.pump();
        this.wakeIfIdle();
      });
    });
  }

  /** Commits the open transaction and settles its batches (retrying each alone after a failure). */
  private commit(): Promise<void> {
    const open = this.open;
    if (open === undefined) return Promise.resolve();
    this.open = undefined;
    const client = this.client!;
    open.answers.push(client.query('COMMIT'));
    this.settling = (async () => {
      const failure = await firstFailure(open.answers);
      if (failure === undefined) {
        this.commits++;
        for (const job of open.jobs) job.resolve();
        return;
      }
      await this.afterFailure(failure);
      if (open.jobs.length === 1) {
        open.jobs[0]!.reject(this.toError(failure, open.jobs[0]!.action));
        return;
      }
      for (const job of open.jobs) {
        const alone = await this.commitAlone(job);
        if (alone === undefined) job.resolve();
        else job.reject(this.toError(alone, job.action));
      }
    })().finally(() => {
      this.settling = undefined;
    });
    return this.settling;
  }

  /** One batch in a transaction of its own; resolves with its failure, or undefined once committed. */
  private async commitAlone(job: BatchJob): Promise<unknown> {
    try {
      const client = await this.connection();
      const statements = writeStatements(mergeWrites([job.writes]), this.options.maxRowsPerStatement);
      const failure = await firstFailure([client.query('BEGIN'), ...statements.map((s) => sendStatement(client, s)), client.query('COMMIT')]);
      if (failure === undefined) {
        this.commits++;
        return undefined;
      }
      await this.afterFailure(failure);
      return failure;
    } catch (error) {
      await this.afterFailure(error);
      return error ?? new Error('write failed');
    }
  }

  private async runTask(job: TaskJob): Promise<void> {
    try {
      const client = await this.connection();
      job.resolve(await job.run(client));
    } catch (error) {
      await this.afterFailure(error);
      job.reject(this.toError(error, job.action));
    }
  }

  /** The writer's connection, taken from its pool once and kept until it breaks. */
  private async connection(): Promise<PoolClient> {
    if (this.client !== undefined) {
      refOf(this.client).ref();
      return this.client;
    }
    const client = await this.pool.connect();
    // Held between commits, it has no pool listener: a server closing it must not crash the process.
    client.on('error', (error) => this.drop(client, error));
    this.client = client;
    return client;
  }

  /** Gives a broken connection back to be destroyed; the next write opens another. */
  private drop(client: PoolClient, error: unknown): void {
    if (this.client !== client) return;
    this.client = undefined;
    client.release(error instanceof Error ? error : new Error(String(error)));
  }

  /** After a failed transaction: roll back what is left of it; a connection that broke is dropped. */
  private async afterFailure(error: unknown): Promise<void> {
    const client = this.client;
    if (client === undefined) return;
    if (isServerError(error)) {
      await client.query('ROLLBACK').catch(() => undefined);
      return;
    }
    this.drop(client, error);
  }

  private wakeIfIdle(): void {
    if (!this.isIdle()) return;
    // Idle, the held connection does not keep the process alive (a script that never closes its stores still exits).
    if (this.client !== undefined) refOf(this.client).unref();
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const wake of waiters) wake();
  }
}

/** node-postgres clients can (un)ref their socket; the type definitions leave it out. */
function refOf(client: PoolClient): { ref(): void; unref(): void } {
  return client as unknown as { ref(): void; unref(): void };
}

function sendStatement(client: PoolClient, s: Statement): Promise<unknown> {
  return client.query({ name: s.name, text: s.text, values: s.values });
}

/** An error the server answered with, the connection still usable (not FATAL: the server closes the connection then). */
export function isServerError(error: unknown): boolean {
  const { code, severity } = (error ?? {}) as { code?: unknown; severity?: unknown };
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && severity !== 'FATAL';
}

/**
 * Waits for every answer of a transaction; resolves with its first real failure (statements after a
 * failure are refused with 25P02 and COMMIT then rolls back), or undefined when all succeeded.
 */
async function firstFailure(answers: ReadonlyArray<Promise<unknown>>): Promise<unknown> {
  const results = await Promise.allSettled(answers);
  const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (rejected.length === 0) return undefined;
  return (rejected.find((r) => (r.reason as { code?: unknown }).code !== '25P02') ?? rejected[0]!).reason ?? new Error('write failed');
}
