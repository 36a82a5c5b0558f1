import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Helpers for the demos that run through `twingraph worker` processes (demos 4 and 10). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = join(ROOT, 'packages/twingraph/dist/cli/main.js');
export const TEST_REDIS_URL = process.env.TWINGRAPH_TEST_REDIS_URL ?? process.env.TWINGRAPH_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** True when the CLI is built and Redis answers. */
export async function workersAvailable(): Promise<boolean> {
  if (!existsSync(CLI)) return false;
  const { BullMqJobQueue } = await import('@twingraph/queue-bullmq');
  const probe = new BullMqJobQueue({ connection: TEST_REDIS_URL });
  try {
    return await Promise.race([probe.workers('probe').then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 1000))]);
  } catch {
    return false;
  } finally {
    await probe.close().catch(() => undefined);
  }
}

/** Starts a `twingraph worker` process and resolves once it is consuming. */
export function startCliWorker(args: { queue: string; imports: string[]; id: string; concurrency: number; redis?: string }): Promise<ChildProcess> {
  const child = spawn(process.execPath, [
    CLI, 'worker', '--redis', args.redis ?? TEST_REDIS_URL, '--queue', args.queue, '--concurrency', String(args.concurrency), '--id', args.id,
    ...args.imports.flatMap((file) => ['--import', file]),
  ], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((ready, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('ready:')) ready(child);
    });
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`worker ${args.id} exited (${code}): ${out}`)));
  });
}

/** SIGTERM, then wait for the exit (workers finish their running jobs first). */
export async function stopCliWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  await exited;
}

/** Removes a test queue and its worker entries from Redis. */
export async function removeQueue(queue: string): Promise<void> {
  const { BullMqJobQueue } = await import('@twingraph/queue-bullmq');
  const cleaner = new BullMqJobQueue({ connection: TEST_REDIS_URL });
  await cleaner.obliterate(queue);
  await cleaner.close();
}
