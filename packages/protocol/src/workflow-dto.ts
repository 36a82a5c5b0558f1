import { z } from 'zod';

/** Query of `GET /api/workflows`. */
export const listWorkflowsQuerySchema = z.strictObject({
  /** 1-based page. */
  page: z.coerce.number().int().min(1).default(1),
  /** Items per page (max 200). */
  size: z.coerce.number().int().min(1).max(200).default(20),
  /** Only workflows carrying this tag. */
  tag: z.string().min(1).optional(),
  /** Only workflows whose name contains this text. */
  name: z.string().min(1).optional(),
});
export type ListWorkflowsQuery = z.infer<typeof listWorkflowsQuerySchema>;

/**
 * Body of `POST /api/workflows` and `PUT /api/workflows/:id`. The document is validated with
 * validateWorkflow (every problem is reported); `tags` replace the workflow's tags when given.
 */
export const saveWorkflowBodySchema = z.strictObject({
  document: z.unknown(),
  tags: z.array(z.string().min(1).max(100)).max(50).optional(),
});
export type SaveWorkflowBody = z.infer<typeof saveWorkflowBodySchema>;

export const workflowIdParamsSchema = z.strictObject({ id: z.string().min(1).max(200) });

export const getWorkflowQuerySchema = z.strictObject({
  /** A saved version; the latest when absent. */
  version: z.coerce.number().int().min(1).optional(),
});

/** One immutable saved version. */
export interface WorkflowVersionDto {
  workflowId: string;
  version: number;
  /** sha256 of the canonical document. */
  hash: string;
  createdAt: string;
  createdBy?: string;
  document: unknown;
}

export interface WorkflowSummaryDto {
  id: string;
  name: string;
  tags: string[];
  latestVersion: number;
  createdAt: string;
  updatedAt: string;
}

export interface WorkflowDto extends WorkflowSummaryDto {
  version: number;
  document: unknown;
}

export interface PageDto<T> {
  items: T[];
  page: number;
  size: number;
  total: number;
}
