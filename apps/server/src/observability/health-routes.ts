import type { FastifyInstance } from 'fastify';
import type { Engine } from '@twingraph/core';
import { toErrorData } from '@twingraph/model';
import type { QueueProbe } from '../server-options.js';
import type { WorkflowStore } from '../workflows/workflow-store.js';

interface Check {
  status: 'ok' | 'fail' | 'off';
  latencyMs?: number;
  error?: string;
}

/** A dependency that does not answer within this time fails its check (a hung connection must not hang /health). */
const CHECK_TIMEOUT_MS = 3_000;

async function check(fn: (() => Promise<unknown>) | undefined): Promise<Check> {
  if (fn === undefined) return { status: 'off' };
  const start = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([fn(), new Promise((_resolve, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS)))]);
    return { status: 'ok', latencyMs: Math.round(performance.now() - start) };
  } catch (error) {
    return { status: 'fail', latencyMs: Math.round(performance.now() - start), error: error instanceof Error ? error.message : toErrorData(error).message };
  } finally {
    clearTimeout(timer);
  }
}

/** `GET /health`: public (load balancers probe it without credentials); 503 when a check fails. */
export function registerHealthRoutes(app: FastifyInstance, engine: Engine, workflows: WorkflowStore, queueProbe: QueueProbe | undefined, clusterPing?: () => Promise<void>): void {
  app.get('/health', { config: { role: 'public' }, schema: { tags: ['observability'], summary: 'Store, graph, workflow store and queue checks; 503 when one fails' } }, async (_request, reply) => {
    const lineage = engine.lineageStore;
    const checks = {
      store: await check(() => engine.runStore.listRuns({ limit: 1 })),
      graph: await check(lineage === undefined ? undefined : () => lineage.statistics()),
      workflows: await check(() => workflows.check()),
      queue: await check(queueProbe),
      cluster: await check(clusterPing),
    };
    const ok = Object.values(checks).every((c) => c.status !== 'fail');
    const failed = Object.entries(checks).filter(([, c]) => c.status === 'fail').map(([name]) => name);
    return reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'fail', checks, ...(failed.length === 0 ? {} : { failed }) });
  });
}
