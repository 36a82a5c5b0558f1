import { ERROR_CODES, TwinGraphError } from '@twingraph/model';
import { startWorker } from '../../worker/worker-runtime.js';
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
}

/**
 * `twingraph worker`: runs components for pipelines on other machines until SIGTERM / SIGINT, then
 * finishes its running jobs (or, after the grace period, leaves them to be re-run elsewhere).
 */
export async function workerCommand(options: WorkerCommandOptions): Promise<number> {
  const worker = await startWorker({
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

function positive(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) {
    throw new TwinGraphError(ERROR_CODES.USAGE, `${flag} must be a positive whole number, got '${text}'`, { hint: `e.g. ${flag} 8` });
  }
  return value;
}
