import { z } from 'zod';
import { RUN_STATUSES } from '@twingraph/model';

/** Body of `POST /api/executions`. Header `Idempotency-Key` makes a retried request start one run. */
export const startExecutionBodySchema = z.strictObject({
  workflowId: z.string().min(1).max(200),
  /** Saved version to run. @defaultValue the latest */
  version: z.number().int().min(1).optional(),
  /** Workflow inputs: each feeds the unconnected node inputs of that name. */
  inputs: z.record(z.string(), z.unknown()).optional(),
});
export type StartExecutionBody = z.infer<typeof startExecutionBodySchema>;

export interface StartExecutionResponse {
  executionId: string;
  /** true when an earlier request with the same Idempotency-Key started this execution. */
  replayed?: boolean;
}

export const listExecutionsQuerySchema = z.strictObject({
  workflowId: z.string().min(1).optional(),
  pipeline: z.string().min(1).optional(),
  status: z.enum(RUN_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ListExecutionsQuery = z.infer<typeof listExecutionsQuerySchema>;

export const executionIdParamsSchema = z.strictObject({ id: z.string().min(1).max(200) });

/** Path of `POST /api/executions/:id/nodes/:nodeId/run`. */
export const runNodeParamsSchema = z.strictObject({ id: z.string().min(1).max(200), nodeId: z.string().min(1).max(200) });

/**
 * Body of `POST /api/executions/:id/nodes/:nodeId/run`: runs one node alone as a new run, its upstream
 * nodes' results reused from execution `:id` (outputs, hashes, parents in lineage).
 */
export const runNodeBodySchema = z.strictObject({
  /** An edited workflow document to take the node from (the designer's unsaved edits). @defaultValue the workflow version `:id` ran */
  document: z.record(z.string(), z.unknown()).optional(),
  /** Outputs pinned as test data, by upstream node id: used instead of that node's recorded outputs, and then not claimed as a parent. */
  pinnedOutputs: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
});
export type RunNodeBody = z.infer<typeof runNodeBodySchema>;

export const executionLogsQuerySchema = z.strictObject({
  /** Only log lines after this per-run sequence number (the `nextAfterSeq` of the previous page). */
  afterSeq: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
  /** Only this component execution's lines. */
  executionId: z.string().min(1).optional(),
});
export type ExecutionLogsQuery = z.infer<typeof executionLogsQuerySchema>;
