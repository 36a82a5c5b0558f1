import { existsSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { StoredSchedule, WorkflowVersionRecord } from '@twingraph/core';

/** A workflow file of FileWorkflowStore (`<id>.json`): the workflow with its whole history. */
export interface WorkflowFile {
  id: string;
  name: string;
  tags: string[];
  createdAt: string;
  updatedAt: string;
  deletedAt?: string;
  versions: WorkflowVersionRecord[];
  schedule?: StoredSchedule;
}

/** A store that takes whole workflows with their ids and history (SqlWorkflowStore.importWorkflow). */
export interface WorkflowImportTarget {
  /** Resolves false when a workflow with that id is already there (it is left as it is). */
  importWorkflow(workflow: WorkflowFile): Promise<boolean>;
}

export interface WorkflowImportResult {
  imported: number;
  /** Already in the store (an earlier, interrupted import). */
  skipped: number;
  /** Files that could not be read, with the reason; the folder is kept when there are any. */
  failed: Array<{ file: string; error: string }>;
  /** Where the folder went once everything was imported. */
  movedTo?: string;
}

/**
 * Moves the workflows FileWorkflowStore kept as JSON files in `dir` into a SQL store, once: every
 * file is imported with its id, versions, deletion and schedule (a workflow already in the store is
 * skipped, so an interrupted import can run again), then the folder is renamed `<dir>.imported`, so
 * the next start has nothing to do and the files stay on disk. A file that cannot be read is
 * reported and the folder kept, so nothing is lost.
 */
export async function importWorkflowFiles(target: WorkflowImportTarget, dir: string): Promise<WorkflowImportResult> {
  const result: WorkflowImportResult = { imported: 0, skipped: 0, failed: [] };
  if (!existsSync(dir)) return result;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    let workflow: WorkflowFile;
    try {
      workflow = JSON.parse(readFileSync(join(dir, file), 'utf8')) as WorkflowFile;
      if (typeof workflow.id !== 'string' || !Array.isArray(workflow.versions)) throw new Error('not a workflow file (no id or versions)');
    } catch (error) {
      result.failed.push({ file: join(dir, file), error: error instanceof Error ? error.message : String(error) });
      continue;
    }
    if (await target.importWorkflow(workflow)) result.imported++;
    else result.skipped++;
  }
  if (result.failed.length === 0) {
    let movedTo = `${dir}.imported`;
    if (existsSync(movedTo)) movedTo = `${dir}.imported-${Date.now()}`;
    renameSync(dir, movedTo);
    result.movedTo = movedTo;
  }
  return result;
}
