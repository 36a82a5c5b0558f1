import { randomUUID } from 'node:crypto';
import { afterEach, expect, it } from 'vitest';
import { createEngine, InMemoryLineageStore, QueueExecutor, type Engine } from '@twingraph/core';
import { ERROR_CODES } from '@twingraph/model';
import { BullMqJobQueue, collectQueueMetrics } from '@twingraph/queue-bullmq';
import { describeWithService } from '@twingraph/testing';
import { component } from '../sdk/component.js';
import { pipeline } from '../sdk/pipeline.js';
import { startWorker, type RunningWorker } from './worker-runtime.js';

const REDIS = process.env.TWINGRAPH_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function redisUp(): Promise<boolean> {
  const probe = new BullMqJobQueue({ connection: REDIS, prefix: 'tg-probe' });
  try {
    return await Promise.race([probe.workers('probe').then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 1000))]);
  } catch {
    return false;
  } finally {
    await probe.close().catch(() => undefined);
  }
}

const square = component({ name: 'worker-test-square' }, ({ n }: { n: number }, context) => {
  context.log(`squaring ${n}`);
  return { square: n * n };
});
const sum = component({ name: 'worker-test-sum' }, ({ values }: { values: number[] }) => ({ total: values.reduce((a, b) => a + b, 0) }));
const slow = component({ name: 'worker-test-slow' }, ({ ms }: { ms: number }, context) => new Promise<{ done: boolean }>((resolve, reject) => {
  const timer = setTimeout(() => resolve({ done: true }), ms);
  context.signal.addEventListener('abort', () => {
    clearTimeout(timer);
    reject(context.signal.reason as Error);
  }, { once: true });
}));

const squares = pipeline({ name: 'worker-test-squares' }, async () => {
  const parts = await Promise.all([1, 2, 3, 4, 5].map((n) => square({ n })));
  return (await sum({ values: parts.map((p) => p.outputs.square) }, { parents: parts })).outputs.total;
});

await describeWithService('redis', redisUp, 'queue workers (in process, Redis)', () => {
  const prefix = `tg-worker-${randomUUID().slice(0, 8)}`;
  const cleanup: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });

  async function setUp(queueName: string, workerComponents?: 'none'): Promise<{ engine: Engine; worker: RunningWorker; lineage: InMemoryLineageStore }> {
    const worker = await startWorker({ redis: REDIS, queues: [queueName], concurrency: 4, id: `w-${queueName.slice(-6)}`, queueOptions: { prefix, heartbeatMs: 200 } });
    if (workerComponents === 'none') await worker.queue.workers(queueName);
    const queue = new BullMqJobQueue({ connection: REDIS, prefix, heartbeatMs: 200 });
    const lineage = new InMemoryLineageStore();
    const engine = createEngine({ executors: [new QueueExecutor({ queue, queueName, capableWorkerWaitMs: 1500, ownsQueue: true })], lineageStore: lineage });
    cleanup.push(async () => {
      await engine.close();
      await worker.close();
      const cleaner = new BullMqJobQueue({ connection: REDIS, prefix });
      await cleaner.obliterate(queueName);
      await cleaner.close();
    });
    return { engine, worker, lineage };
  }

  it('runs a pipeline on a worker: same results, logs back, worker id on every vertex', async () => {
    const queueName = `q-${randomUUID()}`;
    const { engine, worker, lineage } = await setUp(queueName);
    const logs: string[] = [];
    const run = await squares.run(undefined, { engine, onEvent: (e) => void (e.type === 'node.log' && logs.push(e.line)) });
    expect(run.status).toBe('succeeded');
    expect(run.result).toBe(55);
    const graph = (await lineage.getRunGraph(run.runId))!;
    expect(graph.components).toHaveLength(6);
    for (const vertex of graph.components) expect(vertex.attributes?.worker ?? (vertex as unknown as Record<string, unknown>).worker).toBe(worker.id);
    expect(logs).toContain('squaring 3');
    const workers = await worker.queue.workers(queueName);
    expect(workers.map((w) => w.id)).toEqual([worker.id]);
    expect(workers[0]!.components).toEqual(expect.arrayContaining(['worker-test-square', 'worker-test-sum']));
    expect(await collectQueueMetrics(worker.queue, [queueName])).toEqual([{ queue: queueName, depth: 0, active: 0, workers: 1, slots: 4 }]);
  });

  it('fails with ERR_NO_CAPABLE_WORKER instead of waiting forever for a component no worker has', async () => {
    const queueName = `q-${randomUUID()}`;
    const { engine } = await setUp(queueName);
    const unknown = component({ name: `worker-test-nobody-${randomUUID().slice(0, 6)}` }, () => ({ x: 1 }));
    // Defined after the worker started, so the worker does not advertise it.
    const p = pipeline({ name: 'worker-test-unknown' }, async () => (await unknown({})).outputs);
    const started = Date.now();
    const run = await p.run(undefined, { engine });
    expect(run.status).toBe('failed');
    expect(run.error?.code).toBe(ERROR_CODES.NO_CAPABLE_WORKER);
    expect(run.error?.message).toContain('No worker can run component');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('cancelling a run stops the component running on the worker', async () => {
    const queueName = `q-${randomUUID()}`;
    const { engine } = await setUp(queueName);
    const p = pipeline({ name: 'worker-test-cancel' }, async () => (await slow({ ms: 30_000 })).outputs);
    const controller = new AbortController();
    const running = p.run(undefined, { engine, signal: controller.signal });
    await new Promise((r) => setTimeout(r, 300));
    const started = Date.now();
    controller.abort();
    const run = await running;
    expect(run.status).toBe('cancelled');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
