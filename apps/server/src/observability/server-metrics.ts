import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Engine } from '@twingraph/core';
import type { QueueProbe } from '../server-options.js';

const TERMINAL = new Set(['succeeded', 'failed', 'cached', 'cancelled', 'skipped']);

/**
 * Prometheus metrics in a registry of this server (not prom-client's global one, so two servers in
 * one process, as in tests, do not share counters). Component metrics come from engine events.
 */
export class ServerMetrics {
  readonly registry = new Registry();
  private readonly unsubscribe: () => void;

  constructor(engine: Engine, queueProbe?: QueueProbe) {
    collectDefaultMetrics({ register: this.registry, prefix: 'twingraph_process_' });
    const executions = new Counter({
      name: 'twingraph_component_executions_total',
      help: 'Component executions that reached a final status',
      labelNames: ['component', 'platform', 'status'] as const,
      registers: [this.registry],
    });
    const duration = new Histogram({
      name: 'twingraph_execution_duration_seconds',
      help: 'Duration of component executions that ran (succeeded or failed)',
      labelNames: ['component', 'platform'] as const,
      buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800],
      registers: [this.registry],
    });
    const runs = new Counter({
      name: 'twingraph_runs_total',
      help: 'Runs that finished, by pipeline and status',
      labelNames: ['pipeline', 'status'] as const,
      registers: [this.registry],
    });
    if (queueProbe !== undefined) this.queueGauges(queueProbe);
    this.unsubscribe = engine.on((event) => {
      if (event.type === 'node.status' && TERMINAL.has(event.status)) {
        executions.inc({ component: event.name, platform: event.platform, status: event.status });
        if (event.durationMs !== undefined && (event.status === 'succeeded' || event.status === 'failed')) {
          duration.observe({ component: event.name, platform: event.platform }, event.durationMs / 1000);
        }
      } else if (event.type === 'run.finished') {
        runs.inc({ pipeline: event.pipeline, status: event.status });
      }
    });
  }

  /** Queue gauges are read at scrape time, so they are never staler than the scrape. */
  private queueGauges(probe: QueueProbe): void {
    // One probe per scrape, shared by the three gauges' collect().
    let pending: Promise<void> | undefined;
    const collect = (): Promise<void> => (pending ??= probe().then((all) => {
      for (const q of all) {
        depth.set({ queue: q.queue }, q.depth);
        if (q.active !== undefined) active.set({ queue: q.queue }, q.active);
        if (q.workers !== undefined) workers.set({ queue: q.queue }, q.workers);
      }
    }, () => undefined).finally(() => setImmediate(() => (pending = undefined))));
    const labelNames = ['queue'] as const;
    const registers = [this.registry];
    const depth = new Gauge({ name: 'twingraph_queue_depth', help: 'Jobs waiting for a worker', labelNames, registers, collect });
    const active = new Gauge({ name: 'twingraph_queue_active', help: 'Jobs running on workers', labelNames, registers, collect });
    const workers = new Gauge({ name: 'twingraph_workers', help: 'Live workers by heartbeat', labelNames, registers, collect });
  }

  /** HTTP request count and latency by route pattern (not raw URL, to keep label cardinality bounded). */
  instrument(app: FastifyInstance): void {
    const requests = new Counter({ name: 'twingraph_http_requests_total', help: 'HTTP requests', labelNames: ['method', 'route', 'status'] as const, registers: [this.registry] });
    const latency = new Histogram({
      name: 'twingraph_http_request_duration_seconds', help: 'HTTP request latency', labelNames: ['method', 'route'] as const,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5], registers: [this.registry],
    });
    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      requests.inc({ method: request.method, route, status: String(reply.statusCode) });
      latency.observe({ method: request.method, route }, reply.elapsedTime / 1000);
    });
    app.get('/metrics', { schema: { tags: ['observability'], summary: 'Prometheus metrics' } }, async (_request, reply) => {
      return reply.header('content-type', this.registry.contentType).send(await this.registry.metrics());
    });
  }

  close(): void {
    this.unsubscribe();
  }
}
