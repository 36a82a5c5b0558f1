import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { expect, it } from 'vitest';
import { createEngine, QueueExecutor } from '@twingraph/core';
import { BullMqJobQueue } from '@twingraph/queue-bullmq';
import { openPostgresStores } from '@twingraph/store-sql';
import { describeWithService } from '@twingraph/testing';
import { component } from '../sdk/component.js';
import { pipeline } from '../sdk/pipeline.js';
import { startWorker } from './worker-runtime.js';

const REDIS = process.env.TWINGRAPH_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const POSTGRES = process.env.TWINGRAPH_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/twingraph_test';

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

/** PostgreSQL answers on its port (a probe that creates nothing). */
function postgresUp(): Promise<boolean> {
  const url = new URL(POSTGRES);
  return new Promise<boolean>((resolve) => {
    const socket = connect({ host: url.hostname, port: Number(url.port || 5432), timeout: 2000 });
    const done = (up: boolean): void => {
      socket.destroy();
      resolve(up);
    };
    socket.once('connect', () => done(true)).once('error', () => done(false)).once('timeout', () => done(false));
  });
}

const cube = component({ name: 'worker-pg-cube' }, ({ n }: { n: number }, context) => {
  context.log(`cubing ${n}`);
  return { cube: n * n * n };
});
const total = component({ name: 'worker-pg-total' }, ({ values }: { values: number[] }) => ({ total: values.reduce((a, b) => a + b, 0) }));
const cubes = pipeline({ name: 'worker-pg-cubes' }, async () => {
  const parts = await Promise.all([1, 2, 3].map((n) => cube({ n })));
  return (await total({ values: parts.map((p) => p.outputs.cube) }, { parents: parts })).outputs.total;
});

await describeWithService('redis', redisUp, 'queue workers with a PostgreSQL store (Redis)', async () => {
  await describeWithService('postgres', postgresUp, 'queue workers with a PostgreSQL store (PostgreSQL)', () => {
    it('records a run whose components ran on a worker in PostgreSQL: runs, nodes, logs and lineage', async () => {
      const queueName = `q-${randomUUID()}`;
      const prefix = `tg-worker-pg-${randomUUID().slice(0, 8)}`;
      const schema = `worker_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
      const worker = await startWorker({ redis: REDIS, queues: [queueName], concurrency: 4, id: 'w-pg', queueOptions: { prefix, heartbeatMs: 200 } });
      const stores = await openPostgresStores(POSTGRES, { schema });
      const queue = new BullMqJobQueue({ connection: REDIS, prefix, heartbeatMs: 200 });
      const engine = createEngine({ executors: [new QueueExecutor({ queue, queueName, capableWorkerWaitMs: 3000, ownsQueue: true })], runStore: stores.runStore, lineageStore: stores.lineageStore });
      try {
        const run = await cubes.run(undefined, { engine });
        expect(run.status).toBe('succeeded');
        expect(run.result).toBe(36);
        // Read back through a second connection: what another process (the server) would see.
        const reader = await openPostgresStores(POSTGRES, { schema });
        try {
          const graph = (await reader.lineageStore.getRunGraph(run.runId))!;
          expect(graph.components).toHaveLength(4);
          for (const vertex of graph.components) expect(vertex.attributes?.worker).toBe('w-pg');
          expect(graph.edges.filter((e) => e.label === 'DEPENDS_ON')).toHaveLength(3);
          expect((await reader.runStore.getRun(run.runId))?.status).toBe('succeeded');
          expect((await reader.runStore.listNodes(run.runId)).map((n) => n.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
          expect((await reader.runStore.getLogs(run.runId)).map((l) => l.line)).toEqual(expect.arrayContaining(['cubing 1', 'cubing 2', 'cubing 3']));
          await reader.database.query('drop the test schema', `DROP SCHEMA "${schema}" CASCADE`);
        } finally {
          await reader.close();
        }
      } finally {
        await engine.close();
        await worker.close();
        const cleaner = new BullMqJobQueue({ connection: REDIS, prefix });
        await cleaner.obliterate(queueName);
        await cleaner.close();
      }
    });
  });
});
