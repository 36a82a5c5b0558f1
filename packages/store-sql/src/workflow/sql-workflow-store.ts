import { randomUUID } from 'node:crypto';
import type { SaveWorkflowInput, StoredSchedule, WorkflowListQuery, WorkflowPage, WorkflowRecord, WorkflowStore, WorkflowVersionRecord } from '@twingraph/core';
import type { WorkflowSql, WorkflowSqlSession } from './workflow-sql.js';
import {
  BUMP_VERSION,
  CHECK,
  DELETE_TAGS,
  DELETE_WORKFLOW,
  IMPORT_WORKFLOW,
  INSERT_TAG,
  INSERT_VERSION,
  INSERT_WORKFLOW,
  LIST_SCHEDULES,
  SELECT_LIVE,
  SELECT_VERSION,
  SELECT_VERSIONS,
  SET_SCHEDULE,
  countWorkflowsSql,
  listWorkflowsSql,
} from './workflow.sql.js';
import { rowToSchedule, rowToSummary, rowToVersion, toWorkflowRecord, versionParams, type WorkflowRow, type WorkflowVersionRow } from './workflow-rows.js';

/** A workflow with its whole history, as imported from elsewhere (the server's JSON files). */
export interface ImportedWorkflow {
  id: string;
  name: string;
  tags: string[];
  createdAt: string;
  updatedAt: string;
  deletedAt?: string | undefined;
  versions: WorkflowVersionRecord[];
  schedule?: StoredSchedule | undefined;
}

/**
 * WorkflowStore in SQL (SQLite or PostgreSQL, migration 2): one row per workflow, one per version,
 * tags indexed for the list filter. Each save is one transaction that takes the next version number
 * under a lock, so several servers sharing a PostgreSQL database save concurrently without losing a
 * version. Build it with createSqliteWorkflowStore or createPostgresWorkflowStore.
 */
export class SqlWorkflowStore implements WorkflowStore {
  constructor(private readonly sql: WorkflowSql) {}

  create(input: SaveWorkflowInput): Promise<WorkflowRecord> {
    const id = randomUUID();
    const now = new Date().toISOString();
    const tags = input.tags ?? [];
    return this.sql.transaction('save a workflow', async (tx) => {
      await tx.run('save a workflow', INSERT_WORKFLOW, [id, input.name, JSON.stringify(tags), 1, now, now, null, null]);
      await writeTags(tx, id, tags);
      const version = versionOf(id, 1, input, now);
      await tx.run('save a workflow', INSERT_VERSION, versionParams(version));
      return { id, name: input.name, tags: [...tags], latestVersion: 1, createdAt: now, updatedAt: now, version: 1, document: input.document };
    });
  }

  update(id: string, input: SaveWorkflowInput): Promise<WorkflowRecord | undefined> {
    const now = new Date().toISOString();
    return this.sql.transaction('save a workflow', async (tx) => {
      const [row] = await tx.all<WorkflowRow>('save a workflow', BUMP_VERSION, [input.name, input.tags === undefined ? null : JSON.stringify(input.tags), now, id]);
      if (row === undefined) return undefined;
      if (input.tags !== undefined) {
        await tx.run('save a workflow', DELETE_TAGS, [id]);
        await writeTags(tx, id, input.tags);
      }
      await tx.run('save a workflow', INSERT_VERSION, versionParams(versionOf(id, row.latest_version, input, now)));
      return { ...rowToSummary(row), version: row.latest_version, document: input.document };
    });
  }

  async get(id: string, version?: number): Promise<WorkflowRecord | undefined> {
    const [row] = await this.sql.all<WorkflowRow>('read a workflow', SELECT_LIVE, [id]);
    if (row === undefined) return undefined;
    const [versionRow] = await this.sql.all<WorkflowVersionRow>('read a workflow', SELECT_VERSION, [id, version ?? row.latest_version]);
    return versionRow === undefined ? undefined : toWorkflowRecord(row, versionRow);
  }

  async list(query: WorkflowListQuery): Promise<WorkflowPage> {
    const byTag = query.tag !== undefined;
    const byName = query.name !== undefined;
    const filters = [...(byTag ? [query.tag] : []), ...(byName ? [query.name] : [])];
    const offset = (query.page - 1) * query.size;
    const rows = await this.sql.all<WorkflowRow>('list workflows', listWorkflowsSql(this.sql.dialect, byTag, byName), [...filters, query.size, offset]);
    const [count] = await this.sql.all<{ n: number | string }>('list workflows', countWorkflowsSql(this.sql.dialect, byTag, byName), filters);
    return { items: rows.map(rowToSummary), page: query.page, size: query.size, total: Number(count?.n ?? 0) };
  }

  async versions(id: string): Promise<WorkflowVersionRecord[] | undefined> {
    const [row] = await this.sql.all<WorkflowRow>('read workflow versions', SELECT_LIVE, [id]);
    if (row === undefined) return undefined;
    return (await this.sql.all<WorkflowVersionRow>('read workflow versions', SELECT_VERSIONS, [id])).map(rowToVersion);
  }

  async delete(id: string): Promise<boolean> {
    return (await this.sql.run('delete a workflow', DELETE_WORKFLOW, [new Date().toISOString(), id])) > 0;
  }

  async getSchedule(id: string): Promise<StoredSchedule | undefined> {
    const [row] = await this.sql.all<WorkflowRow>('read a schedule', SELECT_LIVE, [id]);
    return row === undefined ? undefined : rowToSchedule(row.schedule);
  }

  async putSchedule(id: string, schedule: StoredSchedule | undefined): Promise<boolean> {
    return (await this.sql.run('save a schedule', SET_SCHEDULE, [schedule === undefined ? null : JSON.stringify(schedule), id])) > 0;
  }

  async listSchedules(): Promise<StoredSchedule[]> {
    const rows = await this.sql.all<{ schedule: string }>('list schedules', LIST_SCHEDULES);
    return rows.map((r) => rowToSchedule(r.schedule)!);
  }

  async check(): Promise<void> {
    await this.sql.all('check the workflow store', CHECK);
  }

  /**
   * Adds a workflow with its id, history, deletion and schedule as they were, unless a workflow with
   * that id is already stored. Resolves true when it was added.
   */
  importWorkflow(workflow: ImportedWorkflow): Promise<boolean> {
    const versions = [...workflow.versions].sort((a, b) => a.version - b.version);
    const latest = versions.at(-1)?.version ?? 0;
    return this.sql.transaction('import a workflow', async (tx) => {
      const params = [workflow.id, workflow.name, JSON.stringify(workflow.tags), latest, workflow.createdAt, workflow.updatedAt, workflow.deletedAt ?? null, workflow.schedule === undefined ? null : JSON.stringify(workflow.schedule)];
      if ((await tx.run('import a workflow', IMPORT_WORKFLOW, params)) === 0) return false;
      await writeTags(tx, workflow.id, workflow.tags);
      for (const version of versions) await tx.run('import a workflow', INSERT_VERSION, versionParams({ ...version, workflowId: workflow.id }));
      return true;
    });
  }

  close(): Promise<void> {
    return this.sql.close();
  }
}

function versionOf(workflowId: string, version: number, input: SaveWorkflowInput, now: string): WorkflowVersionRecord {
  return { workflowId, version, hash: input.hash, createdAt: now, ...(input.createdBy === undefined ? {} : { createdBy: input.createdBy }), document: input.document };
}

async function writeTags(tx: WorkflowSqlSession, id: string, tags: readonly string[]): Promise<void> {
  for (const tag of new Set(tags)) await tx.run('save a workflow', INSERT_TAG, [tag, id]);
}
