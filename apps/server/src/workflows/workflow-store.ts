import type { PageDto, ScheduleDto, WorkflowDto, WorkflowSummaryDto, WorkflowVersionDto } from '@twingraph/protocol';

/** What the store keeps of a schedule (nextRunAt is computed by the scheduler). */
export type StoredSchedule = Omit<ScheduleDto, 'nextRunAt'>;

export interface WorkflowListQuery {
  page: number;
  size: number;
  tag?: string | undefined;
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
 * Saved workflow documents. Every save appends a new immutable version (1, 2, …); delete hides
 * the workflow but keeps its versions, so runs that name a version stay explainable.
 */
export interface WorkflowStore {
  create(input: SaveWorkflowInput): Promise<WorkflowDto>;
  /** Appends a version; undefined when the workflow does not exist (or was deleted). */
  update(id: string, input: SaveWorkflowInput): Promise<WorkflowDto | undefined>;
  /** The latest version, or the one asked for. */
  get(id: string, version?: number): Promise<WorkflowDto | undefined>;
  list(query: WorkflowListQuery): Promise<PageDto<WorkflowSummaryDto>>;
  /** Newest first. */
  versions(id: string): Promise<WorkflowVersionDto[] | undefined>;
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
