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

async function check(fn: (() => Promise<unknown>) | undefined): Promise<Check> {
  if (fn === undefined) return { status: 'off' };
  const start = performance.now();
  try {
    await fn();
    return { status: 'ok', latencyMs: Math.round(performance.now() - start) };
  } catch (error) {
    return { status: 'fail', latencyMs: Math.round(performance.now() - start), error: error instanceof Error ? error.message : toErrorData(error).message };
  }
}

/** `GET /health`: public (load balancers probe it without credentials); 503 when a check fails. */
export function registerHealthRoutes(app: FastifyInstance, engine: Engine, workflows: WorkflowStore, queueProbe: QueueProbe | undefined): void {
  app.get('/health', { config: { role: 'public' }, schema: { tags: ['observability'], summary: 'Store, graph, workflow store and queue checks; 503 when one fails' } }, async (_request, reply) => {
    const lineage = engine.lineageStore;
    const checks = {
      store: await check(() => engine.runStore.listRuns({ limit: 1 })),
      graph: await check(lineage === undefined ? undefined : () => lineage.statistics()),
      workflows: await check(() => workflows.check()),
      queue: await check(queueProbe),
    };
    const ok = Object.values(checks).every((c) => c.status !== 'fail');
    return reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'fail', checks });
  });
}
