/** One saved, immutable version of a workflow document. */
export interface WorkflowVersionRecord {
  workflowId: string;
  version: number;
  /** sha256 of the canonical document. */
  hash: string;
  createdAt: string;
  createdBy?: string;
  document: unknown;
}

export interface WorkflowSummaryRecord {
  id: string;
  name: string;
  tags: string[];
  latestVersion: number;
  createdAt: string;
  updatedAt: string;
}

/** A workflow at one of its versions. */
export interface WorkflowRecord extends WorkflowSummaryRecord {
  version: number;
  document: unknown;
}

export interface WorkflowPage {
  items: WorkflowSummaryRecord[];
  page: number;
  size: number;
  total: number;
}

/** A workflow's cron schedule as stored (the next tick is the scheduler's to compute). */
export interface StoredSchedule {
  workflowId: string;
  cron: string;
  timezone: string;
  enabled: boolean;
  inputs?: Record<string, unknown>;
  version?: number;
  updatedAt: string;
  lastRunAt?: string;
  lastExecutionId?: string;
  lastError?: string;
  /** Ticks that passed while no server was running (newest 100). */
  missed: string[];
}

export interface WorkflowListQuery {
  /** From 1. */
  page: number;
  size: number;
  /** Only workflows carrying this tag. */
  tag?: string | undefined;
  /** Only workflows whose name contains this text (case-sensitive). */
  name?: string | undefined;
}

export interface SaveWorkflowInput {
  /** The validated document. */
  document: unknown;
  name: string;
  hash: string;
  tags?: string[] | undefined;
  createdBy?: string | undefined;
}

/**
 * Saved workflow documents (the server's designer and API). Every save appends a new immutable
 * version (1, 2, …); delete hides the workflow but keeps its versions, so runs that name a version
 * stay explainable. Implementations: FileWorkflowStore (apps/server: JSON files, one process),
 * SqlWorkflowStore (store-sql: SQLite, PostgreSQL shared by several servers).
 */
export interface WorkflowStore {
  create(input: SaveWorkflowInput): Promise<WorkflowRecord>;
  /** Appends a version; undefined when the workflow does not exist (or was deleted). Without tags, the tags stay. */
  update(id: string, input: SaveWorkflowInput): Promise<WorkflowRecord | undefined>;
  /** The latest version, or the one asked for. */
  get(id: string, version?: number): Promise<WorkflowRecord | undefined>;
  /** Most recently updated first. */
  list(query: WorkflowListQuery): Promise<WorkflowPage>;
  /** Newest first. */
  versions(id: string): Promise<WorkflowVersionRecord[] | undefined>;
  /** false when it did not exist. */
  delete(id: string): Promise<boolean>;
  getSchedule(id: string): Promise<StoredSchedule | undefined>;
  /** false when the workflow does not exist; `undefined` removes the schedule. */
  putSchedule(id: string, schedule: StoredSchedule | undefined): Promise<boolean>;
  /** Schedules of live workflows. */
  listSchedules(): Promise<StoredSchedule[]>;
  /** Throws when the store cannot be read or written (health check). */
  check(): Promise<void>;
}
