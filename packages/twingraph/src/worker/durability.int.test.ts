import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { createEngine, InMemoryLineageStore, QueueExecutor } from '@twingraph/core';
import type { ComponentVertex } from '@twingraph/model';
import { BullMqJobQueue } from '@twingraph/queue-bullmq';
import { describeWithService } from '@twingraph/testing';
import { component } from '../sdk/component.js';
import { pipeline } from '../sdk/pipeline.js';

// Real worker processes (the built CLI) against Redis: a worker killed mid-task, and Redis restarted mid-run.
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const CLI = join(ROOT, 'packages/twingraph/dist/cli/main.js');
const FIXTURE = join(ROOT, 'packages/twingraph/src/worker/fixtures/durable-components.fixture.ts');
const REDIS = process.env.TWINGRAPH_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

// Same name as the fixture's component: the driver only needs its name and shape.
const durableStep = component({ name: 'durable-step' }, ({ n }: { n: number; ms: number }) => ({ n, pid: 0 }));

async function redisUp(): Promise<boolean> {
  if (!existsSync(CLI)) return false;
  const probe = new BullMqJobQueue({ connection: REDIS, prefix: 'tg-probe' });
  try {
    return await Promise.race([probe.workers('probe').then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 1000))]);
  } catch {
    return false;
  } finally {
    await probe.close().catch(() => undefined);
  }
}

const children: ChildProcess[] = [];
function startWorker(redis: string, queue: string, id: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [CLI, 'worker', '--redis', redis, '--queue', queue, '--import', FIXTURE, '--id', id, '--concurrency', '4',
    '--lock-duration', '1000', '--stalled-interval', '500', '--heartbeat', '200', '--shutdown-grace', '2000'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolveReady, reject) => {
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('ready:')) resolveReady(child);
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`worker ${id} exited (${code}) before ready: ${out}${err}`)));
  });
}

await describeWithService('redis', redisUp, 'durability with real worker processes', () => {
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('re-runs the jobs of a worker killed with SIGKILL on another worker; nothing lost or recorded twice', async () => {
    const queueName = `durable-${randomUUID()}`;
    const victim = await startWorker(REDIS, queueName, 'victim');
    const queue = new BullMqJobQueue({ connection: REDIS, heartbeatMs: 200 });
    const lineage = new InMemoryLineageStore();
    const engine = createEngine({ executors: [new QueueExecutor({ queue, queueName, ownsQueue: true })], lineageStore: lineage });
    try {
      const p = pipeline({ name: 'durable-kill' }, async () => {
        const steps = await Promise.all([1, 2, 3, 4].map((n) => durableStep({ n, ms: 2500 })));
        return steps.map((s) => s.outputs.n);
      });
      const logs: string[] = [];
      const running = p.run(undefined, { engine, onEvent: (e) => void (e.type === 'node.log' && logs.push(e.line)) });
      // All four running on the victim, then it dies without a word.
      await waitUntil(() => logs.filter((l) => l.includes(`pid ${victim.pid}`)).length === 4, 10_000);
      victim.kill('SIGKILL');
      // Started after the kill: however slow its start-up (a loaded machine), the victim cannot finish first.
      const rescuer = await startWorker(REDIS, queueName, 'rescuer');
      const run = await running;
      expect(run.status).toBe('succeeded');
      expect(run.result).toEqual([1, 2, 3, 4]);
      const graph = (await lineage.getRunGraph(run.runId))!;
      expect(graph.components).toHaveLength(4);
      expect(graph.components.map((c: ComponentVertex) => (c.outputs as { n: number }).n).sort()).toEqual([1, 2, 3, 4]);
      for (const c of graph.components) {
        expect(c.attributes?.worker).toBe('rescuer');
        expect((c.outputs as { pid: number }).pid).toBe(rescuer.pid);
      }
    } finally {
      await engine.close();
      const cleaner = new BullMqJobQueue({ connection: REDIS });
      await cleaner.obliterate(queueName);
      await cleaner.close();
    }
  });

  it('continues a run once Redis is back after a restart that lost every key', async () => {
    const port = 16_000 + Math.floor(Math.random() * 20_000);
    const url = `redis://127.0.0.1:${port}`;
    const startRedis = async (): Promise<ChildProcess> => {
      const server = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
      children.push(server);
      const probe = new BullMqJobQueue({ connection: url });
      await waitUntilAsync(() => probe.depth('probe').then(() => true, () => false), 10_000);
      await probe.close();
      return server;
    };
    let server = await startRedis();
    const queueName = `restart-${randomUUID()}`;
    await startWorker(url, queueName, 'survivor');
    const queue = new BullMqJobQueue({ connection: url, heartbeatMs: 200, reconcileIntervalMs: 300 });
    const engine = createEngine({ executors: [new QueueExecutor({ queue, queueName, ownsQueue: true })], lineageStore: new InMemoryLineageStore() });
    try {
      const p = pipeline({ name: 'durable-restart' }, async () => {
        let n = 0;
        for (let i = 0; i < 5; i++) n = (await durableStep({ n: n + 1, ms: 400 })).outputs.n;
        return n;
      });
      const logs: string[] = [];
      const running = p.run(undefined, { engine, onEvent: (e) => void (e.type === 'node.log' && logs.push(e.line)) });
      await waitUntil(() => logs.some((l) => l.startsWith('step 2 ')), 10_000);
      server.kill('SIGKILL');
      await new Promise((r) => setTimeout(r, 800));
      server = await startRedis();
      const run = await running;
      expect(run.status).toBe('succeeded');
      expect(run.result).toBe(5);
      expect(run.counts.succeeded).toBe(5);
    } finally {
      await engine.close();
      server.kill('SIGKILL');
    }
  });
});

async function waitUntilAsync(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

