import { z } from 'zod';
import {
  NODE_STATUSES, PLATFORMS, RUN_STATUSES,
  type AttemptRecord, type ComponentVertex, type ErrorData, type LineageEdge, type LineageStatistics,
  type LogRecord, type NodeRecord, type PipelineVertex, type RunRecord,
} from '@twingraph/model';
import { ROLES, type TokenResponse } from './auth-dto.js';
import type { StartExecutionResponse } from './execution-dto.js';
import type { ComponentMetricsDto } from './graph-dto.js';
import type { ScheduleDto } from './schedule-dto.js';
import type { PageDto, WorkflowDto, WorkflowSummaryDto, WorkflowVersionDto } from './workflow-dto.js';

/*
 * Response bodies of every REST route as zod schemas, published as the OpenAPI responses (the
 * contract schemathesis checks the server against). Objects are open (extra fields allowed), so
 * adding a field is not a breaking change. The `Matches` checks below fail type-checking when a
 * schema and the TypeScript type the server returns drift apart.
 */

const json = z.record(z.string(), z.unknown());

export const errorDataSchema = z.object({
  code: z.string(),
  message: z.string(),
  category: z.enum(['user', 'operational', 'unexpected']).optional(),
  hint: z.string().optional(),
  details: json.optional(),
  stack: z.string().optional(),
  nonRetryable: z.boolean().optional(),
});

export const runRecordSchema = z.object({
  runId: z.string(),
  pipeline: z.string(),
  version: z.string(),
  status: z.enum(RUN_STATUSES),
  startedAt: z.string(),
  completedAt: z.string().optional(),
  source: z.string().optional(),
  inputs: z.unknown().optional(),
  result: z.unknown().optional(),
  error: errorDataSchema.optional(),
  labels: z.record(z.string(), z.string()).optional(),
});

export const attemptRecordSchema = z.object({
  attempt: z.number().int(),
  startedAt: z.string(),
  completedAt: z.string().optional(),
  status: z.enum(NODE_STATUSES),
  error: errorDataSchema.optional(),
});

export const nodeRecordSchema = z.object({
  executionId: z.string(),
  runId: z.string(),
  name: z.string(),
  hash: z.string(),
  platform: z.enum(PLATFORMS),
  status: z.enum(NODE_STATUSES),
  parents: z.array(z.string()),
  inputs: json.optional(),
  outputs: json.optional(),
  error: errorDataSchema.optional(),
  attempts: z.array(attemptRecordSchema),
  startedAt: z.string().optional(),
  completedAt: z.string().optional(),
  cachedFrom: z.string().optional(),
});

export const logRecordSchema = z.object({
  runId: z.string(),
  executionId: z.string(),
  stream: z.enum(['stdout', 'stderr', 'system']),
  line: z.string(),
  at: z.string(),
  seq: z.number().int().optional(),
});

export const pipelineVertexSchema = z.object({
  pipelineId: z.string(),
  name: z.string(),
  version: z.string(),
  status: z.enum(RUN_STATUSES),
  startedAt: z.string(),
  completedAt: z.string().optional(),
  attributes: json.optional(),
});

export const componentVertexSchema = z.object({
  executionId: z.string(),
  pipelineId: z.string(),
  name: z.string(),
  hash: z.string(),
  status: z.enum(NODE_STATUSES),
  platform: z.enum(PLATFORMS),
  startedAt: z.string(),
  completedAt: z.string().optional(),
  inputs: json,
  outputs: json.optional(),
  attempts: z.number().int(),
  error: errorDataSchema.optional(),
  codeHash: z.string(),
  image: z.string().optional(),
  /** Commit and per-line blame (GitProvenance), when the component asked for it. */
  git: json.optional(),
  componentOrder: z.number().int(),
  attributes: json.optional(),
});

export const lineageEdgeSchema = z.object({
  label: z.enum(['DEPENDS_ON', 'BELONGS_TO', 'CACHED_FROM']),
  from: z.string(),
  to: z.string(),
  properties: json,
});

export const lineageGraphSchema = z.object({
  pipelines: z.array(pipelineVertexSchema),
  components: z.array(componentVertexSchema),
  edges: z.array(lineageEdgeSchema),
});

const counts = z.record(z.string(), z.number().int());
export const lineageStatisticsSchema = z.object({
  vertices: z.number().int(),
  edges: z.number().int(),
  pipelines: z.number().int(),
  components: z.number().int(),
  edgesByLabel: counts,
  byPlatform: counts,
  byStatus: counts,
});

export const workflowSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  tags: z.array(z.string()),
  latestVersion: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const workflowSchema = workflowSummarySchema.extend({ version: z.number().int(), document: z.unknown() });
export const workflowVersionSchema = z.object({
  workflowId: z.string(),
  version: z.number().int(),
  hash: z.string(),
  createdAt: z.string(),
  createdBy: z.string().optional(),
  document: z.unknown(),
});
export const workflowPageSchema = z.object({ items: z.array(workflowSummarySchema), page: z.number().int(), size: z.number().int(), total: z.number().int() });
export const workflowVersionsSchema = z.object({ items: z.array(workflowVersionSchema) });

export const startExecutionResponseSchema = z.object({ executionId: z.string(), replayed: z.boolean().optional() });
/** Answer of `POST /api/executions/:id/nodes/:nodeId/run`. */
export const runNodeResponseSchema = z.object({
  executionId: z.string(),
  /** The full run whose upstream results were reused. */
  baseExecutionId: z.string(),
  /** Upstream executions reused as the node's parents. */
  parents: z.array(z.object({ nodeId: z.string(), executionId: z.string(), hash: z.string() })),
  /** Upstream nodes whose pinned outputs were used instead (no parent claimed). */
  pinned: z.array(z.string()),
});
export type RunNodeResponse = z.infer<typeof runNodeResponseSchema>;
export const executionListSchema = z.object({ items: z.array(runRecordSchema), limit: z.number().int(), offset: z.number().int() });
export const executionDetailSchema = runRecordSchema.extend({
  /** True while this server runs it. */
  active: z.boolean(),
  nodes: z.array(nodeRecordSchema),
});
export const executionLogsSchema = z.object({ items: z.array(logRecordSchema), nextAfterSeq: z.number().int(), more: z.boolean() });

export const componentLineageSchema = z.object({
  /** Executions with this hash (or the one with this execution id), newest first. */
  executions: z.array(componentVertexSchema),
  upstream: lineageGraphSchema,
  downstream: lineageGraphSchema,
});
/** `POST /api/graph/query` (Gremlin lineage backend only). */
export const graphQueryResultSchema = z.object({
  results: z.array(z.unknown()),
  /** True when there were more results than the limit; only the first ones are returned. */
  truncated: z.boolean(),
  elapsedMs: z.number(),
});
export const graphSearchResultSchema = z.object({ items: z.array(componentVertexSchema) });
export const componentMetricsSchema = z.object({
  name: z.string(),
  count: z.number().int(),
  byStatus: counts,
  successRate: z.number().nullable(),
  durationMs: z.object({ p50: z.number().nullable(), p95: z.number().nullable(), p99: z.number().nullable() }),
});

export const tokenResponseSchema = z.object({
  token: z.string(),
  tokenType: z.literal('Bearer'),
  expiresAt: z.string(),
  subject: z.string(),
  roles: z.array(z.enum(ROLES)),
});

export const scheduleSchema = z.object({
  workflowId: z.string(),
  cron: z.string(),
  timezone: z.string(),
  enabled: z.boolean(),
  inputs: json.optional(),
  version: z.number().int().optional(),
  updatedAt: z.string(),
  nextRunAt: z.string().nullable(),
  lastRunAt: z.string().optional(),
  lastExecutionId: z.string().optional(),
  lastError: z.string().optional(),
  missed: z.array(z.string()),
});

const healthCheckSchema = z.object({
  status: z.enum(['ok', 'fail', 'off']),
  latencyMs: z.number().optional(),
  error: z.string().optional(),
});
/** `GET /health` (200 and 503 alike). */
export const healthSchema = z.object({
  status: z.enum(['ok', 'fail']),
  checks: z.record(z.string(), healthCheckSchema),
  /** Names of the checks that failed (503 only). */
  failed: z.array(z.string()).optional(),
});
export type HealthDto = z.infer<typeof healthSchema>;

// Type-level checks: each server type is assignable to its schema's output type.
type Matches<T, S extends z.ZodType> = T extends z.output<S> ? true : never;
const checks: {
  error: Matches<ErrorData, typeof errorDataSchema>;
  run: Matches<RunRecord, typeof runRecordSchema>;
  attempt: Matches<AttemptRecord, typeof attemptRecordSchema>;
  node: Matches<NodeRecord, typeof nodeRecordSchema>;
  log: Matches<LogRecord, typeof logRecordSchema>;
  pipeline: Matches<PipelineVertex, typeof pipelineVertexSchema>;
  component: Matches<Omit<ComponentVertex, 'git'> & { git?: Record<string, unknown> }, typeof componentVertexSchema>;
  edge: Matches<LineageEdge, typeof lineageEdgeSchema>;
  statistics: Matches<LineageStatistics, typeof lineageStatisticsSchema>;
  summary: Matches<WorkflowSummaryDto, typeof workflowSummarySchema>;
  workflow: Matches<WorkflowDto, typeof workflowSchema>;
  version: Matches<WorkflowVersionDto, typeof workflowVersionSchema>;
  page: Matches<PageDto<WorkflowSummaryDto>, typeof workflowPageSchema>;
  start: Matches<StartExecutionResponse, typeof startExecutionResponseSchema>;
  metrics: Matches<ComponentMetricsDto, typeof componentMetricsSchema>;
  token: Matches<TokenResponse, typeof tokenResponseSchema>;
  schedule: Matches<ScheduleDto, typeof scheduleSchema>;
} = {
  error: true, run: true, attempt: true, node: true, log: true, pipeline: true, component: true, edge: true, statistics: true,
  summary: true, workflow: true, version: true, page: true, start: true, metrics: true, token: true, schedule: true,
};
void checks;
