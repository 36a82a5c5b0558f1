import type { FastifyInstance } from 'fastify';
import { executionIdParamsSchema, executionLogsQuerySchema, listExecutionsQuerySchema, startExecutionBodySchema } from '@twingraph/protocol';
import { notFound, parseRequest } from '../http/api-errors.js';
import { openApiSchema } from '../http/openapi-schema.js';
import type { ExecutionService } from './execution-service.js';
import type { Engine } from '@twingraph/core';

export function registerExecutionRoutes(app: FastifyInstance, executions: ExecutionService, engine: Engine): void {
  const tags = ['executions'];
  app.post('/api/executions', { schema: { tags, summary: 'Run a saved workflow; honours Idempotency-Key', body: openApiSchema(startExecutionBodySchema) } }, async (request, reply) => {
    const body = parseRequest(startExecutionBodySchema, request.body, 'body');
    const key = request.headers['idempotency-key'];
    // Keys are per caller, so one client's key never returns another client's execution.
    const scoped = typeof key === 'string' && key !== '' ? `${request.principal?.subject ?? 'anonymous'}\u0000${key}` : undefined;
    const started = await executions.start(body, scoped);
    return reply.status(202).header('location', `/api/executions/${started.executionId}`).send(started);
  });

  app.get('/api/executions', { schema: { tags, summary: 'List executions (workflowId, pipeline, status, limit, offset)', querystring: openApiSchema(listExecutionsQuerySchema) } }, async (request) => {
    return executions.list(parseRequest(listExecutionsQuerySchema, request.query, 'query'));
  });

  app.get('/api/executions/:id', { schema: { tags, summary: 'An execution with per-node status, attempts, outputs and errors' } }, async (request) => {
    const { id } = parseRequest(executionIdParamsSchema, request.params, 'params');
    const { execution, nodes } = await executions.get(id);
    return { ...execution, active: executions.isActive(id) || (execution.status === 'running' && (await executions.isDrivenElsewhere(id))), nodes };
  });

  app.post('/api/executions/:id/stop', { schema: { tags, summary: 'Cancel a running execution (running components are aborted)' } }, async (request) => {
    const { id } = parseRequest(executionIdParamsSchema, request.params, 'params');
    return executions.stop(id);
  });

  app.get('/api/executions/:id/logs', { schema: { tags, summary: 'Log lines, paged by afterSeq (follow live ones over /ws)', querystring: openApiSchema(executionLogsQuerySchema) } }, async (request) => {
    const { id } = parseRequest(executionIdParamsSchema, request.params, 'params');
    const query = parseRequest(executionLogsQuerySchema, request.query, 'query');
    if ((await engine.runStore.getRun(id)) === undefined && !executions.isActive(id)) throw notFound('Execution', id);
    const logs = await engine.runStore.getLogs(id, {
      limit: query.limit,
      ...(query.afterSeq === undefined ? {} : { afterSeq: query.afterSeq }),
      ...(query.executionId === undefined ? {} : { executionId: query.executionId }),
    });
    const last = logs.at(-1)?.seq;
    return { items: logs, nextAfterSeq: last ?? query.afterSeq ?? 0, more: logs.length === query.limit };
  });
}
