import type { FastifyInstance } from 'fastify';
import type { LineageStore } from '@twingraph/core';
import { ERROR_CODES, TwinGraphError, type ComponentVertex } from '@twingraph/model';
import { componentLineageQuerySchema, componentMetricsQuerySchema, executionIdParamsSchema, graphSearchQuerySchema, type ComponentMetricsDto } from '@twingraph/protocol';
import { z } from 'zod';
import { notFound, parseRequest } from '../http/api-errors.js';
import { openApiSchema } from '../http/openapi-schema.js';

const hashParamsSchema = z.strictObject({ hash: z.string().min(1).max(200) });
const nameParamsSchema = z.strictObject({ name: z.string().min(1).max(500) });

function requireStore(store: LineageStore | undefined): LineageStore {
  if (store !== undefined) return store;
  throw new TwinGraphError(ERROR_CODES.STORE_UNAVAILABLE, 'Lineage is turned off on this server', { category: 'operational', hint: 'Start the server with a --graph store.' });
}

export function registerGraphRoutes(app: FastifyInstance, lineage: LineageStore | undefined): void {
  const tags = ['graph'];
  app.get('/api/graph/execution/:id', { schema: { tags, summary: 'The lineage graph of one execution (run): pipeline, components, edges' } }, async (request) => {
    const { id } = parseRequest(executionIdParamsSchema, request.params, 'params');
    const graph = await requireStore(lineage).getRunGraph(id);
    if (graph === undefined) throw notFound('Execution graph', id);
    return graph;
  });

  app.get('/api/graph/component/:hash', { schema: { tags, summary: 'Lineage of a component execution by content hash (or execution id): upstream and downstream up to max_depth', querystring: openApiSchema(componentLineageQuerySchema) } }, async (request) => {
    const { hash } = parseRequest(hashParamsSchema, request.params, 'params');
    const { max_depth: depth } = parseRequest(componentLineageQuerySchema, request.query, 'query');
    const store = requireStore(lineage);
    const byHash = await store.findByHash(hash);
    const executions = byHash.length > 0 ? byHash : [await store.getComponent(hash)].filter((v): v is ComponentVertex => v !== undefined);
    const newest = executions[0];
    if (newest === undefined) throw notFound('Component execution with hash or id', hash);
    const options = depth === undefined ? {} : { depth };
    return { executions, upstream: await store.getUpstream(newest.executionId, options), downstream: await store.getDownstream(newest.executionId, options) };
  });

  app.get('/api/graph/statistics', { schema: { tags, summary: 'Vertex and edge counts, by platform and status' } }, async () => requireStore(lineage).statistics());

  app.get('/api/graph/search', { schema: { tags, summary: 'Search component executions (name, platform, status, start_time, end_time, limit)', querystring: openApiSchema(graphSearchQuerySchema) } }, async (request) => {
    const q = parseRequest(graphSearchQuerySchema, request.query, 'query');
    const items = await requireStore(lineage).search({
      limit: q.limit,
      ...(q.name === undefined ? {} : { name: q.name }),
      ...(q.platform === undefined ? {} : { platform: q.platform }),
      ...(q.status === undefined ? {} : { status: q.status }),
      ...(q.start_time === undefined ? {} : { startTime: q.start_time }),
      ...(q.end_time === undefined ? {} : { endTime: q.end_time }),
    });
    return { items };
  });

  app.get('/api/metrics/components/:name', { schema: { tags: ['metrics'], summary: 'Count, success rate and duration percentiles of a component', querystring: openApiSchema(componentMetricsQuerySchema) } }, async (request) => {
    const { name } = parseRequest(nameParamsSchema, request.params, 'params');
    const { limit } = parseRequest(componentMetricsQuerySchema, request.query, 'query');
    const history = await requireStore(lineage).componentHistory(name, { limit });
    if (history.length === 0) throw notFound('Component', name);
    return componentMetrics(name, history);
  });
}

/** Figures over a component's history; durations only from executions that ran (not cached or skipped). */
export function componentMetrics(name: string, history: readonly ComponentVertex[]): ComponentMetricsDto {
  const byStatus: Record<string, number> = {};
  const durations: number[] = [];
  for (const vertex of history) {
    byStatus[vertex.status] = (byStatus[vertex.status] ?? 0) + 1;
    if ((vertex.status === 'succeeded' || vertex.status === 'failed') && vertex.startedAt !== undefined && vertex.completedAt !== undefined) {
      const ms = Date.parse(vertex.completedAt) - Date.parse(vertex.startedAt);
      if (Number.isFinite(ms) && ms >= 0) durations.push(ms);
    }
  }
  const ok = (byStatus['succeeded'] ?? 0) + (byStatus['cached'] ?? 0);
  const finished = ok + (byStatus['failed'] ?? 0) + (byStatus['cancelled'] ?? 0);
  durations.sort((a, b) => a - b);
  return {
    name,
    count: history.length,
    byStatus,
    successRate: finished === 0 ? null : ok / finished,
    durationMs: { p50: percentile(durations, 0.5), p95: percentile(durations, 0.95), p99: percentile(durations, 0.99) },
  };
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}
