import type { FastifyInstance, RouteOptions } from 'fastify';
import { z } from 'zod';
import {
  apiErrorSchema, componentLineageSchema, componentMetricsSchema, executionDetailSchema, executionListSchema, executionLogsSchema,
  graphQueryResultSchema, graphSearchResultSchema, healthSchema, lineageGraphSchema, lineageStatisticsSchema, runRecordSchema, scheduleSchema,
  runNodeResponseSchema, startExecutionResponseSchema, tokenResponseSchema, workflowPageSchema, workflowSchema, workflowVersionsSchema,
} from '@twingraph/protocol';

type Responses = Record<string, z.ZodType | 'empty' | 'text'>;

/** Success responses of every route, by `METHOD url`: the contract /docs publishes and schemathesis checks. */
const RESPONSES: Readonly<Record<string, Responses>> = {
  'POST /api/auth/token': { 200: tokenResponseSchema },
  'GET /api/workflows': { 200: workflowPageSchema },
  'POST /api/workflows': { 201: workflowSchema },
  'GET /api/workflows/:id': { 200: workflowSchema },
  'PUT /api/workflows/:id': { 200: workflowSchema },
  'DELETE /api/workflows/:id': { 204: 'empty' },
  'GET /api/workflows/:id/versions': { 200: workflowVersionsSchema },
  'GET /api/workflows/:id/schedule': { 200: scheduleSchema },
  'PUT /api/workflows/:id/schedule': { 200: scheduleSchema },
  'DELETE /api/workflows/:id/schedule': { 204: 'empty' },
  'POST /api/executions': { 202: startExecutionResponseSchema },
  'GET /api/executions': { 200: executionListSchema },
  'GET /api/executions/:id': { 200: executionDetailSchema },
  'POST /api/executions/:id/stop': { 200: runRecordSchema },
  'POST /api/executions/:id/nodes/:nodeId/run': { 202: runNodeResponseSchema },
  'GET /api/executions/:id/logs': { 200: executionLogsSchema },
  'GET /api/graph/execution/:id': { 200: lineageGraphSchema },
  'GET /api/graph/component/:hash': { 200: componentLineageSchema },
  'GET /api/graph/statistics': { 200: lineageStatisticsSchema },
  'GET /api/graph/search': { 200: graphSearchResultSchema },
  'POST /api/graph/query': { 200: graphQueryResultSchema },
  'GET /api/metrics/components/:name': { 200: componentMetricsSchema },
  'GET /health': { 200: healthSchema, 503: healthSchema },
  'GET /metrics': { 200: 'text' },
};

/** Routes that need no credentials (OpenAPI `security: []`). */
const PUBLIC = new Set(['POST /api/auth/token', 'GET /health']);

/** A protocol zod schema as OpenAPI 3.0 JSON Schema, response side (what the server sends). */
export function openApiResponseSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, { io: 'output', target: 'openapi-3.0', unrepresentable: 'any' }) as Record<string, unknown>;
  return open(json) as Record<string, unknown>;
}

/** Response objects are open: a field added later is not a breaking change, so no `additionalProperties: false`. */
function open(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(open);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([key, item]) => !(key === 'additionalProperties' && item === false)).map(([key, item]) => [key, open(item)]));
}

const errorSchema = openApiResponseSchema(apiErrorSchema);


/**
 * Adds the response schemas above, `{code, message, hint?, details?}` for every 4xx/5xx, and path
 * parameter schemas where a route gives none, to each route as it is registered (routes of other
 * modules included), so /docs is a complete contract without each module restating it. Documentation
 * only: the server's serializer does not filter by these schemas.
 */
export function installOpenApiResponses(app: FastifyInstance): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    const schema = route.schema as (Record<string, unknown> & { hide?: boolean; response?: Record<string, unknown>; params?: unknown; security?: unknown }) | undefined;
    if (schema === undefined || schema.hide === true) return;
    // GraphQL's contract is its SDL (GET /graphql?query={__schema…}, docs/api.md), not an OpenAPI operation.
    if (route.url === '/graphql') {
      schema.hide = true;
      return;
    }
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const key = `${methods[0]} ${route.url}`;
    const own = RESPONSES[key];
    const response: Record<string, unknown> = { ...schema.response };
    for (const [status, body] of Object.entries(own ?? {})) {
      if (response[status] !== undefined) continue;
      response[status] = body === 'empty' ? { type: 'null', description: 'No content' }
        : body === 'text' ? { description: 'Prometheus text format', content: { 'text/plain': { schema: { type: 'string' } } } }
        : { description: 'Success', ...openApiResponseSchema(body) };
    }
    response['4xx'] ??= { description: 'Client error: the code says what (see docs/api.md error table)', ...errorSchema };
    response['5xx'] ??= { description: 'Server or dependency error', ...errorSchema };
    schema.response = response;
    const pathParams = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
    if (pathParams.length > 0 && schema.params === undefined) {
      schema.params = {
        type: 'object', required: pathParams,
        properties: Object.fromEntries(pathParams.map((name) => [name, { type: 'string', minLength: 1, maxLength: name === 'name' ? 500 : 200 }])),
      };
    }
    if (PUBLIC.has(key) && schema.security === undefined) schema.security = [];
    if (key === 'POST /api/executions' && schema['headers'] === undefined) {
      schema['headers'] = { type: 'object', properties: { 'idempotency-key': { type: 'string', description: 'A retried request with the same key (same caller) starts one execution and answers replayed: true' } } };
    }
  });
}
