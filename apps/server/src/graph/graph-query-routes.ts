import type { FastifyInstance } from 'fastify';
import type { LineageStore } from '@twingraph/core';
import { ERROR_CODES, TwinGraphError } from '@twingraph/model';
import { graphQueryRequestSchema, type GraphQueryResponseDto } from '@twingraph/protocol';
import { parseRequest } from '../http/api-errors.js';
import { openApiSchema } from '../http/openapi-schema.js';

/**
 * What a lineage store offers to answer raw read-only queries (GremlinLineageStore does). Checked by shape
 * so the server needs no dependency on a graph adapter; other stores simply do not have it.
 */
export interface ReadOnlyQueryCapable {
  readonly queryLanguage: 'gremlin';
  queryReadOnly(
    text: string,
    options: { bindings?: Record<string, unknown>; timeoutMs?: number; maxResults?: number },
  ): Promise<GraphQueryResponseDto>;
}

export interface GraphQueryLimits {
  /** Results returned at most, whatever the request asks. @defaultValue 1000 */
  maxResults?: number;
  /** Evaluation timeout in milliseconds, whatever the request asks. @defaultValue 30000 */
  maxTimeoutMs?: number;
  /** Timeout when the request gives none, in milliseconds. @defaultValue 10000 */
  defaultTimeoutMs?: number;
}

export function supportsReadOnlyQueries(store: LineageStore | undefined): store is LineageStore & ReadOnlyQueryCapable {
  const candidate = store as Partial<ReadOnlyQueryCapable> | undefined;
  return candidate?.queryLanguage === 'gremlin' && typeof candidate.queryReadOnly === 'function';
}

/** POST /api/graph/query: read-only Gremlin for power users; viewers may query (it cannot change anything). */
export function registerGraphQueryRoutes(app: FastifyInstance, lineage: LineageStore | undefined, limits: GraphQueryLimits = {}): void {
  const maxResults = limits.maxResults ?? 1000;
  const maxTimeoutMs = limits.maxTimeoutMs ?? 30_000;
  const defaultTimeoutMs = Math.min(limits.defaultTimeoutMs ?? 10_000, maxTimeoutMs);
  app.post(
    '/api/graph/query',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['graph'],
        summary: 'Run one read-only Gremlin traversal (Gremlin lineage backend only): mutating steps and lambdas are refused, time and result count are limited',
        body: openApiSchema(graphQueryRequestSchema),
      },
    },
    async (request): Promise<GraphQueryResponseDto> => {
      const body = parseRequest(graphQueryRequestSchema, request.body, 'body');
      if (!supportsReadOnlyQueries(lineage)) {
        throw new TwinGraphError(ERROR_CODES.GRAPH_QUERY_UNSUPPORTED, lineage === undefined ? 'Lineage is turned off on this server, so there is no graph to query' : 'Raw graph queries need the Gremlin lineage backend; this server keeps lineage in SQLite or memory', {
          category: 'user',
          hint: 'Start the server with --graph gremlin://host:8182 (or wss://…/gremlin), or use the /api/graph/execution, /component, /search and /statistics routes, which work on every backend.',
        });
      }
      return lineage.queryReadOnly(body.gremlin, {
        ...(body.bindings === undefined ? {} : { bindings: body.bindings }),
        timeoutMs: Math.min(body.timeoutMs ?? defaultTimeoutMs, maxTimeoutMs),
        maxResults: Math.min(body.limit ?? maxResults, maxResults),
      });
    },
  );
}
