import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { BullMqJobQueue } from '@twingraph/queue-bullmq';
import { describeWithService } from '@twingraph/testing';

// `twingraph run --redis` + `twingraph worker` as users run them: a job input over
// TWINGRAPH_MAX_PAYLOAD_BYTES travels through the shared blob store, and a second driver with an empty
// lineage store reuses the result from the Redis result cache.
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const CLI = join(ROOT, 'packages/twingraph/dist/cli/main.js');
const PIPELINE = join(ROOT, 'packages/twingraph/src/worker/fixtures/payload-pipeline.fixture.ts');
const REDIS = process.env.TWINGRAPH_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const home = mkdtempSync(join(tmpdir(), 'tg-qwiring-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

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

function cli(args: string[], env: Record<string, string>): { child: ChildProcess; done: Promise<{ code: number | null; out: string; err: string }> } {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return { child, done: new Promise((r) => child.once('exit', (code) => r({ code, out, err }))) };
}

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
}

await describeWithService('redis', redisUp, 'queue wiring through the CLI (payload blobs, Redis result cache)', () => {
  it('large inputs go by blob ref to the worker; a second driver reuses the result from Redis', async () => {
    const queue = `wiring-${randomUUID()}`;
    const env = { TWINGRAPH_HOME: home, TWINGRAPH_MAX_PAYLOAD_BYTES: '1024', TWINGRAPH_REDIS_URL: REDIS, TWINGRAPH_QUEUE: queue, TWINGRAPH_CACHE_TTL: '60' };
    const worker = cli(['worker', '--import', PIPELINE, '--heartbeat', '200'], env);
    let ready = '';
    worker.child.stdout!.on('data', (chunk: Buffer) => (ready += chunk.toString()));
    try {
      for (let i = 0; i < 400 && !ready.includes('ready:'); i++) await new Promise((r) => setTimeout(r, 50));
      expect(ready).toContain('ready:');
      const nonce = randomUUID();
      const args = ['run', PIPELINE, '--json', '--input', 'size=5000', '--input', `nonce=${nonce}`];
      const first = await cli([...args, '--store', join(home, 'first.db')], env).done;
      expect(first.code, first.err).toBe(0);
      const report = JSON.parse(first.out) as { result: { length: number; pid: number }; executions: Array<{ status: string; executionId: string }> };
      expect(report.result.length).toBe(5000);
      expect(report.result.pid).toBe(worker.child.pid);
      expect(report.executions[0]?.status).toBe('succeeded');
      // The 5000-character input was over the 1 KiB limit: it went through the blob store under TWINGRAPH_HOME.
      expect(files(join(home, 'blobs')).length).toBeGreaterThanOrEqual(1);

      // Another driver, another (empty) store: only the Redis result cache can know the result.
      const second = await cli([...args, '--store', join(home, 'second.db')], env).done;
      expect(second.code, second.err).toBe(0);
      const again = JSON.parse(second.out) as { result: { length: number }; executions: Array<{ status: string; cachedFrom?: string }> };
      expect(again.result.length).toBe(5000);
      expect(again.executions[0]?.status).toBe('cached');
      expect(again.executions[0]?.cachedFrom).toBe(report.executions[0]?.executionId);
    } finally {
      worker.child.kill('SIGTERM');
      await worker.done;
      const cleaner = new BullMqJobQueue({ connection: REDIS });
      await cleaner.obliterate(queue);
      await cleaner.close();
    }
  }, 120_000);
});
