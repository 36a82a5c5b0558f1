import type { FastifyInstance } from 'fastify';
import { putScheduleBodySchema, workflowIdParamsSchema } from '@twingraph/protocol';
import { notFound, parseRequest } from '../http/api-errors.js';
import { openApiSchema } from '../http/openapi-schema.js';
import type { ScheduleRunner } from './schedule-runner.js';

export function registerScheduleRoutes(app: FastifyInstance, schedules: ScheduleRunner): void {
  const tags = ['workflows'];
  app.get('/api/workflows/:id/schedule', { schema: { tags, summary: 'The workflow\'s schedule: cron, next run, last run, missed ticks' } }, async (request) => {
    const { id } = parseRequest(workflowIdParamsSchema, request.params, 'params');
    const schedule = await schedules.get(id);
    if (schedule === undefined) throw notFound('Schedule of workflow', id);
    return schedule;
  });
  app.put('/api/workflows/:id/schedule', { schema: { tags, summary: 'Set the workflow\'s schedule (cron, timezone, enabled, inputs, version)', body: openApiSchema(putScheduleBodySchema) } }, async (request) => {
    const { id } = parseRequest(workflowIdParamsSchema, request.params, 'params');
    const schedule = await schedules.put(id, parseRequest(putScheduleBodySchema, request.body, 'body'));
    if (schedule === undefined) throw notFound('Workflow', id);
    return schedule;
  });
  app.delete('/api/workflows/:id/schedule', { schema: { tags, summary: 'Remove the workflow\'s schedule' } }, async (request, reply) => {
    const { id } = parseRequest(workflowIdParamsSchema, request.params, 'params');
    if (!(await schedules.remove(id))) throw notFound('Schedule of workflow', id);
    return reply.status(204).send();
  });
}
