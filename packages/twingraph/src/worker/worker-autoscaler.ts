import { spawn, type ChildProcess } from 'node:child_process';
import { ERROR_CODES, TwinGraphError } from '@twingraph/model';
import { BullMqJobQueue } from '@twingraph/queue-bullmq';

/** Options of {@link WorkerAutoscaler} (`twingraph worker --autoscale MIN:MAX`). Durations in milliseconds. */
export interface WorkerAutoscalerOptions {
  /** Worker processes kept at all times. */
  min: number;
  /** Most worker processes. */
  max: number;
  /** Redis the workers consume from. */
  redis: string;
  /** Queues whose waiting + running jobs drive the pool size. */
  queues: readonly string[];
  /** Jobs at once per worker process: the pool wants ceil((waiting + running) / concurrency) workers. */
  concurrency: number;
  /** Arguments of one `twingraph worker` process (without --autoscale and --id). */
  workerArgs: readonly string[];
  /** Id prefix; worker n is `${id}-${n}`. */
  id: string;
  /** How often the queue depth is read. @defaultValue 1000 */
  intervalMs?: number;
  /** A pool larger than needed shrinks after it has been so for this long (workers stop gracefully). @defaultValue 30000 */
  idleMs?: number;
  /** Key prefix of the queue. @defaultValue 'twingraph' */
  prefix?: string;
  /** Where pool changes are reported. @defaultValue stdout */
  report?: (line: string) => void;
  /** Starts one worker process. @defaultValue this CLI (`process.argv[1]`) with `worker <workerArgs> --id <id>` */
  spawnWorker?: (args: readonly string[]) => ChildProcess;
}

/** MIN:MAX from the command line, e.g. `1:8`. */
export function parseAutoscale(text: string): { min: number; max: number } {
  const match = /^(\d+):(\d+)$/.exec(text.trim());
  const min = Number(match?.[1]);
  const max = Number(match?.[2]);
  if (match === null || max < 1 || min > max) {
    throw new TwinGraphError(ERROR_CODES.USAGE, `--autoscale must be MIN:MAX with 0 <= MIN <= MAX and MAX >= 1, got '${text}'`, { hint: 'e.g. --autoscale 1:8' });
  }
  return { min, max };
}

/**
 * A local pool of worker processes sized by the queue (the seed's scale_workers): every interval it
 * reads the waiting and running jobs of its queues and wants ceil(jobs / concurrency) workers within
 * [min, max]. It grows at once; it shrinks one worker per interval once the pool has been larger than
 * wanted for `idleMs`, stopping the newest with SIGTERM so running jobs finish. A worker that dies is
 * replaced on the next tick.
 */
export class WorkerAutoscaler {
  private readonly workers: Array<{ id: string; child: ChildProcess; stopping: boolean }> = [];
  private readonly queue: BullMqJobQueue;
  private readonly intervalMs: number;
  private readonly idleMs: number;
  private readonly report: (line: string) => void;
  private timer: NodeJS.Timeout | undefined;
  private surplusSince: number | undefined;
  private serial = 0;
  private ticking = false;
  private closed = false;

  constructor(private readonly options: WorkerAutoscalerOptions) {
    this.intervalMs = options.intervalMs ?? 1000;
    this.idleMs = options.idleMs ?? 30_000;
    this.report = options.report ?? ((line) => void process.stdout.write(`${line}\n`));
    this.queue = new BullMqJobQueue({ connection: options.redis, ...(options.prefix === undefined ? {} : { prefix: options.prefix }) });
  }

  /** Live (not stopping) worker processes. */
  get size(): number {
    return this.workers.filter((w) => !w.stopping).length;
  }

  /** Checks Redis (clear error when unreachable), starts MIN workers and begins watching the queues. */
  async start(): Promise<void> {
    await this.queue.connected();
    this.resize(this.options.min, 'minimum');
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
  }

  /** Waiting + running jobs over the pool's queues. */
  private async load(): Promise<number> {
    let jobs = 0;
    for (const name of this.options.queues) jobs += (await this.queue.depth(name)) + (await this.queue.active(name));
    return jobs;
  }

  private async tick(): Promise<void> {
    if (this.ticking || this.closed) return;
    this.ticking = true;
    try {
      const jobs = await this.load();
      const { min, max, concurrency } = this.options;
      const wanted = Math.min(max, Math.max(min, Math.ceil(jobs / concurrency)));
      const size = this.size;
      if (wanted > size) {
        this.surplusSince = undefined;
        this.resize(wanted, `${jobs} job(s) waiting or running`);
      } else if (wanted < size) {
        this.surplusSince ??= Date.now();
        if (Date.now() - this.surplusSince >= this.idleMs) this.resize(size - 1, `idle for ${Math.round((Date.now() - this.surplusSince) / 1000)} s`);
      } else {
        this.surplusSince = undefined;
      }
    } catch (error) {
      this.report(`autoscale: cannot read the queue (${error instanceof Error ? error.message : String(error)}); keeping ${this.size} worker(s)`);
    } finally {
      this.ticking = false;
    }
  }

  private resize(target: number, why: string): void {
    const before = this.size;
    while (this.size < target) this.spawnOne();
    const live = this.workers.filter((w) => !w.stopping);
    for (let i = live.length - 1; i >= 0 && this.size > target; i--) {
      live[i]!.stopping = true;
      live[i]!.child.kill('SIGTERM');
    }
    if (this.size !== before) this.report(`autoscale: ${before} -> ${this.size} worker(s) (${why})`);
  }

  private spawnOne(): void {
    const id = `${this.options.id}-${++this.serial}`;
    const args = [...this.options.workerArgs, '--id', id];
    const child = this.options.spawnWorker?.(args) ??
      spawn(process.execPath, [...process.execArgv, process.argv[1]!, 'worker', ...args], { stdio: ['ignore', 'inherit', 'inherit'] });
    const entry = { id, child, stopping: false };
    this.workers.push(entry);
    child.once('exit', (code, signal) => {
      this.workers.splice(this.workers.indexOf(entry), 1);
      if (!entry.stopping && !this.closed) this.report(`autoscale: worker ${id} exited (${signal ?? code}); it is replaced on the next check`);
    });
  }

  /** Stops watching and stops every worker with SIGTERM (they finish running jobs); resolves when all exited. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    const exits = this.workers.map((w) => new Promise<void>((resolve) => {
      if (w.child.exitCode !== null || w.child.signalCode !== null) resolve();
      else w.child.once('exit', () => resolve());
    }));
    for (const w of this.workers) {
      w.stopping = true;
      w.child.kill('SIGTERM');
    }
    await Promise.all(exits);
    await this.queue.close();
  }
}
