import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BullMqJobQueue } from '@twingraph/queue-bullmq';
import { describeWithService } from '@twingraph/testing';

// The built CLI as users run it: `twingraph worker` against a Redis that is not there.
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const CLI = join(ROOT, 'packages/twingraph/dist/cli/main.js');
const FIXTURE = join(ROOT, 'packages/twingraph/src/worker/fixtures/durable-components.fixture.ts');
const REDIS = process.env.TWINGRAPH_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('twingraph worker: bad start', () => {
  it.skipIf(!existsSync(CLI))('exits 3 with ERR_QUEUE_UNAVAILABLE when Redis is unreachable, instead of hanging', async () => {
    const url = `redis://127.0.0.1:${await closedPort()}`;
    const child = spawn(process.execPath, [CLI, 'worker', '--redis', url, '--import', FIXTURE], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const started = Date.now();
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    expect(code).toBe(3);
    expect(err).toContain(`error ERR_QUEUE_UNAVAILABLE: Cannot reach Redis at ${url}`);
    expect(err).toContain('hint:');
    // One line for the repeated connection error, not one per reconnect.
    expect(err.split('\n').filter((l) => l.includes('ECONNREFUSED') && l.startsWith('worker '))).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(25_000);
  }, 30_000);
});

async function redisUp(): Promise<boolean> {
  if (!existsSync(CLI)) return false;
  const probe = new BullMqJobQueue({ connection: REDIS, prefix: 'tg-probe', connectTimeoutMs: 1000 });
  try {
    await probe.workers('probe');
    return true;
  } catch {
    return false;
  } finally {
    await probe.close().catch(() => undefined);
  }
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

await describeWithService('redis', redisUp, 'twingraph worker --autoscale (real processes, Redis)', () => {
  it('grows the pool with the queue depth up to MAX, then shrinks back to MIN when idle', async () => {
    const queueName = `autoscale-${randomUUID()}`;
    const pool = spawn(process.execPath, [CLI, 'worker', '--autoscale', '1:3', '--redis', REDIS, '--queue', queueName, '--concurrency', '1', '--import', FIXTURE,
      '--heartbeat', '200', '--scale-interval', '200', '--idle-timeout', '1500', '--shutdown-grace', '5000'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    pool.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    pool.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const queue = new BullMqJobQueue({ connection: REDIS, heartbeatMs: 200 });
    const live = async (): Promise<number> => (await queue.workers(queueName)).length;
    try {
      await waitFor(async () => (await live()) === 1, 30_000, 'the MIN worker');
      // Six 3-second jobs for one-job workers: the pool wants 6, capped at MAX 3.
      const results = Array.from({ length: 6 }, (_, n) => {
        const executionId = randomUUID();
        return queue.submit({ id: `${executionId}:1`, queue: queueName, runId: 'autoscale', executionId, attempt: 1,
          component: { name: 'durable-step', platform: 'local', codeHash: 'test' }, inputs: { n, ms: 3000 } });
      });
      await waitFor(async () => (await live()) === 3, 30_000, 'the pool to grow to MAX');
      const done = await Promise.all(results);
      expect(done.every((r) => r.ok)).toBe(true);
      const ranOn = new Set(done.map((r) => (r.ok ? r.metadata?.['worker'] : undefined)));
      expect(ranOn.size).toBeGreaterThanOrEqual(2);
      expect(out).toMatch(/autoscale: 1 -> [23] worker\(s\)/);
      await waitFor(async () => (await live()) === 1, 30_000, 'the pool to shrink back to MIN');
      expect(out).toMatch(/autoscale: [23] -> [12] worker\(s\) \(idle for/);
      pool.kill('SIGTERM');
      const code = await new Promise<number | null>((r) => pool.once('exit', r));
      expect(code).toBe(0);
      expect(await live()).toBe(0);
    } finally {
      if (pool.exitCode === null) pool.kill('SIGKILL');
      await queue.obliterate(queueName);
      await queue.close();
    }
  }, 120_000);
});
