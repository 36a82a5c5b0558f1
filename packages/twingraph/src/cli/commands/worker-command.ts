import { ERROR_CODES, TwinGraphError } from '@twingraph/model';
import { hostname } from 'node:os';
import { startWorker } from '../../worker/worker-runtime.js';
import { parseAutoscale, WorkerAutoscaler } from '../../worker/worker-autoscaler.js';
import { resolveWorkerOptions } from '../../worker/worker-options.js';
import { EXIT } from '../exit-codes.js';

export interface WorkerCommandOptions {
  redis?: string;
  queue: string[];
  concurrency?: string;
  import: string[];
  id?: string;
  lockDuration?: string;
  stalledInterval?: string;
  heartbeat?: string;
  shutdownGrace?: string;
  blobDir?: string;
  autoscale?: string;
  scaleInterval?: string;
  idleTimeout?: string;
}

/**
 * `twingraph worker`: runs components for pipelines on other machines until SIGTERM / SIGINT, then
 * finishes its running jobs (or, after the grace period, leaves them to be re-run elsewhere).
 */
export async function workerCommand(options: WorkerCommandOptions): Promise<number> {
  if (options.autoscale !== undefined) return autoscaleCommand(options, options.autoscale);
  const worker = await startWorker({
    ...(options.blobDir === undefined ? {} : { blobDir: options.blobDir }),
    ...(options.redis === undefined ? {} : { redis: options.redis }),
    queues: options.queue,
    ...(options.concurrency === undefined ? {} : { concurrency: positive(options.concurrency, '--concurrency') }),
    imports: options.import,
    ...(options.id === undefined ? {} : { id: options.id }),
    ...(options.shutdownGrace === undefined ? {} : { shutdownGraceMs: positive(options.shutdownGrace, '--shutdown-grace') }),
    queueOptions: {
      ...(options.lockDuration === undefined ? {} : { lockDurationMs: positive(options.lockDuration, '--lock-duration') }),
      ...(options.stalledInterval === undefined ? {} : { stalledIntervalMs: positive(options.stalledInterval, '--stalled-interval') }),
      ...(options.heartbeat === undefined ? {} : { heartbeatMs: positive(options.heartbeat, '--heartbeat') }),
    },
  });
  const { queues, concurrency } = worker.options;
  // One machine-readable line: scripts and tests wait for it before sending work.
  process.stdout.write(`worker ${worker.id} ready: queues=${queues.join(',')} concurrency=${concurrency} components=${worker.components.join(',') || '(code components only)'}\n`);
  await new Promise<void>((resolve) => {
    const stop = (signal: string): void => {
      process.stdout.write(`worker ${worker.id}: ${signal}, finishing running jobs\n`);
      resolve();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  const drained = await worker.close();
  process.stdout.write(`worker ${worker.id} stopped${drained ? '' : ' (grace period over: unfinished jobs go back to the queue)'}\n`);
  // Connections of jobs still running would keep the process alive.
  if (!drained) process.exit(EXIT.OK);
  return EXIT.OK;
}

/**
 * `twingraph worker --autoscale MIN:MAX`: a pool of `twingraph worker` processes (same flags) that grows
 * with the queue and shrinks when idle, until SIGTERM / SIGINT (then every worker finishes its jobs).
 */
async function autoscaleCommand(options: WorkerCommandOptions, range: string): Promise<number> {
  const { min, max } = parseAutoscale(range);
  const resolved = resolveWorkerOptions({
    ...(options.redis === undefined ? {} : { redis: options.redis }),
    queues: options.queue,
    ...(options.concurrency === undefined ? {} : { concurrency: positive(options.concurrency, '--concurrency') }),
  });
  const pass = (flag: string, value: string | undefined): string[] => (value === undefined ? [] : [flag, value]);
  const workerArgs = [
    '--redis', resolved.redis, ...resolved.queues.flatMap((q) => ['--queue', q]), '--concurrency', String(resolved.concurrency),
    ...options.import.flatMap((m) => ['--import', m]),
    ...pass('--lock-duration', options.lockDuration), ...pass('--stalled-interval', options.stalledInterval),
    ...pass('--heartbeat', options.heartbeat), ...pass('--shutdown-grace', options.shutdownGrace), ...pass('--blob-dir', options.blobDir),
  ];
  const pool = new WorkerAutoscaler({
    min, max, redis: resolved.redis, queues: resolved.queues, concurrency: resolved.concurrency, workerArgs,
    id: options.id ?? `${hostname()}-${process.pid}`,
    ...(options.scaleInterval === undefined ? {} : { intervalMs: positive(options.scaleInterval, '--scale-interval') }),
    ...(options.idleTimeout === undefined ? {} : { idleMs: positive(options.idleTimeout, '--idle-timeout') }),
  });
  await pool.start();
  process.stdout.write(`autoscale ready: ${min}..${max} worker(s) on queues=${resolved.queues.join(',')} concurrency=${resolved.concurrency}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', () => resolve());
    process.once('SIGINT', () => resolve());
  });
  process.stdout.write('autoscale: stopping every worker (running jobs finish)\n');
  await pool.close();
  return EXIT.OK;
}

function positive(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) {
    throw new TwinGraphError(ERROR_CODES.USAGE, `${flag} must be a positive whole number, got '${text}'`, { hint: `e.g. ${flag} 8` });
  }
  return value;
}
