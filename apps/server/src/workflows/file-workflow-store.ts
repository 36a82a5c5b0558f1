import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { access, constants, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ERROR_CODES, TwinGraphError } from '@twingraph/model';
import type { PageDto, WorkflowDto, WorkflowSummaryDto, WorkflowVersionDto } from '@twingraph/protocol';
import type { SaveWorkflowInput, StoredSchedule, WorkflowListQuery, WorkflowStore } from './workflow-store.js';

interface StoredWorkflow {
  id: string;
  name: string;
  tags: string[];
  createdAt: string;
  updatedAt: string;
  deletedAt?: string;
  versions: WorkflowVersionDto[];
  schedule?: StoredSchedule;
}

export interface FileWorkflowStoreOptions {
  /** Folder holding one `<id>.json` per workflow; in memory only when absent. @defaultValue undefined */
  dir?: string;
}

/**
 * WorkflowStore kept in memory and, with `dir`, in one JSON file per workflow written atomically
 * (temp file + rename, so a crash never leaves a half-written document). Single-process: two
 * servers must not share a folder: SqlWorkflowStore (store-sql, SQLite or PostgreSQL) is the
 * multi-instance answer, and `twingraph serve` uses it whenever its store is SQL (importing these
 * files once, see import-workflow-files.ts). This store serves `--store memory`.
 */
export class FileWorkflowStore implements WorkflowStore {
  private readonly workflows = new Map<string, StoredWorkflow>();
  private readonly dir: string | undefined;
  /** Writes of one workflow are serialised, so an older version never renames over a newer one. */
  private readonly writes = new Map<string, Promise<void>>();

  constructor(options: FileWorkflowStoreOptions = {}) {
    this.dir = options.dir;
    if (this.dir === undefined) return;
    mkdirSync(this.dir, { recursive: true });
    for (const file of readdirSync(this.dir)) {
      if (!file.endsWith('.json')) continue;
      try {
        const stored = JSON.parse(readFileSync(join(this.dir, file), 'utf8')) as StoredWorkflow;
        this.workflows.set(stored.id, stored);
      } catch (error) {
        throw new TwinGraphError(ERROR_CODES.STORE_CORRUPT, `Workflow file ${join(this.dir, file)} cannot be read: ${String(error)}`, {
          category: 'operational', hint: 'Restore the file from a backup or move it out of the folder.',
        });
      }
    }
  }

  async create(input: SaveWorkflowInput): Promise<WorkflowDto> {
    const now = new Date().toISOString();
    const stored: StoredWorkflow = { id: randomUUID(), name: input.name, tags: input.tags ?? [], createdAt: now, updatedAt: now, versions: [] };
    this.workflows.set(stored.id, stored);
    return this.append(stored, input, now);
  }

  async update(id: string, input: SaveWorkflowInput): Promise<WorkflowDto | undefined> {
    const stored = this.live(id);
    if (stored === undefined) return undefined;
    stored.name = input.name;
    if (input.tags !== undefined) stored.tags = input.tags;
    return this.append(stored, input, new Date().toISOString());
  }

  get(id: string, version?: number): Promise<WorkflowDto | undefined> {
    const stored = this.live(id);
    if (stored === undefined) return Promise.resolve(undefined);
    const entry = version === undefined ? stored.versions.at(-1) : stored.versions.find((v) => v.version === version);
    return Promise.resolve(entry === undefined ? undefined : toDto(stored, entry));
  }

  list(query: WorkflowListQuery): Promise<PageDto<WorkflowSummaryDto>> {
    const all = [...this.workflows.values()]
      .filter((w) => w.deletedAt === undefined)
      .filter((w) => query.tag === undefined || w.tags.includes(query.tag))
      .filter((w) => query.name === undefined || w.name.includes(query.name))
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.id.localeCompare(b.id));
    const start = (query.page - 1) * query.size;
    return Promise.resolve({ items: all.slice(start, start + query.size).map(summary), page: query.page, size: query.size, total: all.length });
  }

  versions(id: string): Promise<WorkflowVersionDto[] | undefined> {
    return Promise.resolve(this.live(id)?.versions.slice().reverse());
  }

  async delete(id: string): Promise<boolean> {
    const stored = this.live(id);
    if (stored === undefined) return false;
    stored.deletedAt = new Date().toISOString();
    await this.persist(stored);
    return true;
  }

  getSchedule(id: string): Promise<StoredSchedule | undefined> {
    return Promise.resolve(this.live(id)?.schedule);
  }

  async putSchedule(id: string, schedule: StoredSchedule | undefined): Promise<boolean> {
    const stored = this.live(id);
    if (stored === undefined) return false;
    if (schedule === undefined) delete stored.schedule;
    else stored.schedule = schedule;
    await this.persist(stored);
    return true;
  }

  listSchedules(): Promise<StoredSchedule[]> {
    return Promise.resolve([...this.workflows.values()].filter((w) => w.deletedAt === undefined && w.schedule !== undefined).map((w) => w.schedule!));
  }

  async check(): Promise<void> {
    if (this.dir !== undefined) await access(this.dir, constants.W_OK);
  }

  private live(id: string): StoredWorkflow | undefined {
    const stored = this.workflows.get(id);
    return stored?.deletedAt === undefined ? stored : undefined;
  }

  private async append(stored: StoredWorkflow, input: SaveWorkflowInput, now: string): Promise<WorkflowDto> {
    const entry: WorkflowVersionDto = {
      workflowId: stored.id,
      version: stored.versions.length + 1,
      hash: input.hash,
      createdAt: now,
      ...(input.createdBy === undefined ? {} : { createdBy: input.createdBy }),
      document: input.document,
    };
    stored.versions.push(entry);
    stored.updatedAt = now;
    await this.persist(stored);
    return toDto(stored, entry);
  }

  private persist(stored: StoredWorkflow): Promise<void> {
    const dir = this.dir;
    if (dir === undefined) return Promise.resolve();
    const previous = this.writes.get(stored.id) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(async () => {
      const path = join(dir, `${stored.id}.json`);
      const temp = `${path}.${randomUUID()}.tmp`;
      await writeFile(temp, JSON.stringify(stored), 'utf8');
      await rename(temp, path);
    });
    this.writes.set(stored.id, next);
    return next;
  }
}

function summary(stored: StoredWorkflow): WorkflowSummaryDto {
  return { id: stored.id, name: stored.name, tags: stored.tags, latestVersion: stored.versions.length, createdAt: stored.createdAt, updatedAt: stored.updatedAt };
}

function toDto(stored: StoredWorkflow, entry: WorkflowVersionDto): WorkflowDto {
  return { ...summary(stored), version: entry.version, document: entry.document };
}
