import { z } from 'zod';
import { NODE_STATUSES, PLATFORMS } from '@twingraph/model';

export const componentLineageQuerySchema = z.strictObject({
  /** DEPENDS_ON hops to follow each way. @defaultValue unlimited */
  max_depth: z.coerce.number().int().min(0).max(1000).optional(),
});

export const graphSearchQuerySchema = z.strictObject({
  name: z.string().min(1).optional(),
  platform: z.enum(PLATFORMS).optional(),
  status: z.enum(NODE_STATUSES).optional(),
  start_time: z.iso.datetime({ offset: true }).optional(),
  end_time: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export type GraphSearchQuery = z.infer<typeof graphSearchQuerySchema>;

export const componentMetricsQuerySchema = z.strictObject({
  /** How many most recent executions the figures cover. */
  limit: z.coerce.number().int().min(1).max(10_000).default(1000),
});

export interface ComponentMetricsDto {
  name: string;
  count: number;
  byStatus: Record<string, number>;
  /** succeeded (cached included) / finished, 0..1; null when nothing finished. */
  successRate: number | null;
  durationMs: { p50: number | null; p95: number | null; p99: number | null };
}

const bindingValueSchema: z.ZodType<string | number | boolean | null | unknown[]> = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.union([z.string(), z.number(), z.boolean(), z.null()]))]);

/** POST /api/graph/query: one read-only Gremlin traversal (Gremlin lineage backends only). */
export const graphQueryRequestSchema = z.strictObject({
  /** The traversal, e.g. `g.V().hasLabel('Component').has('status', 'failed').limit(10).valueMap()`. */
  gremlin: z.string().min(1).max(10_000),
  /** Values for names used in the traversal (`has('name', n)` with `{"n": "train"}`). */
  bindings: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), bindingValueSchema).optional(),
  /** Results returned at most (the server caps it). @defaultValue 1000 */
  limit: z.number().int().min(1).max(10_000).optional(),
  /** Evaluation timeout in milliseconds (the server caps it). @defaultValue 10000 */
  timeoutMs: z.number().int().min(1).max(120_000).optional(),
});
export type GraphQueryRequest = z.infer<typeof graphQueryRequestSchema>;

export interface GraphQueryResponseDto {
  results: unknown[];
  /** True when there were more than `limit` results; only the first `limit` are returned. */
  truncated: boolean;
  /** Gremlin Server round trip in milliseconds. */
  elapsedMs: number;
}
