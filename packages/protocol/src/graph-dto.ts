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
