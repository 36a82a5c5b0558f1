import type { FastifyInstance } from 'fastify';
import { runNodeBodySchema, runNodeParamsSchema } from '@twingraph/protocol';
import { parseRequest } from '../http/api-errors.js';
import { openApiSchema } from '../http/openapi-schema.js';
import type { NodeRunService } from './node-run-service.js';

/** `POST /api/executions/:id/nodes/:nodeId/run`: the designer's "Run this node" (node-run-service.ts). */
export function registerNodeRunRoute(app: FastifyInstance, nodeRuns: NodeRunService): void {
  app.post('/api/executions/:id/nodes/:nodeId/run', {
    schema: {
      tags: ['executions'],
      summary: 'Run one node alone as a new run, its upstream results (outputs, hashes, parents) reused from this execution',
      body: openApiSchema(runNodeBodySchema),
    },
  }, async (request, reply) => {
    const { id, nodeId } = parseRequest(runNodeParamsSchema, request.params, 'params');
    const body = parseRequest(runNodeBodySchema, request.body ?? {}, 'body');
    const started = await nodeRuns.run(id, nodeId, body);
    return reply.status(202).header('location', `/api/executions/${started.executionId}`).send(started);
  });
}
