import type { StoredSchedule, WorkflowRecord, WorkflowSummaryRecord, WorkflowVersionRecord } from '@twingraph/core';

export interface WorkflowRow {
  workflow_id: string;
  name: string;
  tags: string;
  latest_version: number;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  schedule: string | null;
}

export interface WorkflowVersionRow {
  workflow_id: string;
  version: number;
  hash: string;
  created_at: string;
  created_by: string | null;
  document: string;
}

export function rowToSummary(row: WorkflowRow): WorkflowSummaryRecord {
  return {
    id: row.workflow_id,
    name: row.name,
    tags: JSON.parse(row.tags) as string[],
    latestVersion: row.latest_version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function rowToVersion(row: WorkflowVersionRow): WorkflowVersionRecord {
  return {
    workflowId: row.workflow_id,
    version: row.version,
    hash: row.hash,
    createdAt: row.created_at,
    ...(row.created_by === null ? {} : { createdBy: row.created_by }),
    document: JSON.parse(row.document) as unknown,
  };
}

export function toWorkflowRecord(row: WorkflowRow, version: WorkflowVersionRow): WorkflowRecord {
  return { ...rowToSummary(row), version: version.version, document: JSON.parse(version.document) as unknown };
}

export function rowToSchedule(text: string | null): StoredSchedule | undefined {
  return text === null ? undefined : (JSON.parse(text) as StoredSchedule);
}

/** Parameters of INSERT_VERSION. */
export function versionParams(v: WorkflowVersionRecord): unknown[] {
  return [v.workflowId, v.version, v.hash, v.createdAt, v.createdBy ?? null, JSON.stringify(v.document)];
}
