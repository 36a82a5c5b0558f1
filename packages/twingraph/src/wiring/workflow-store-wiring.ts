import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { WorkflowStore } from '@twingraph/core';
import { FileWorkflowStore, importWorkflowFiles, type WorkflowImportResult } from '@twingraph/server';
import { createPostgresWorkflowStore, createSqliteWorkflowStore, type SqlWorkflowStore } from '@twingraph/store-sql';
import { parseStoreTarget } from './store-target.js';
import type { TwinGraphSettings } from './twingraph-config.js';

export interface OpenedWorkflowStore {
  store: WorkflowStore;
  /** What was moved from the JSON files of earlier versions (SQL stores only). */
  imported?: WorkflowImportResult;
  close(): Promise<void>;
}

/**
 * The server's saved workflows, where its run store is: in the SQLite file or the PostgreSQL
 * database of `settings.store` (shared by every server on that database), else (`memory`, no store)
 * in JSON files under the TwinGraph home. Moving to a SQL store imports the JSON files an earlier
 * version kept under `<home>/workflows` once (see importWorkflowFiles). Fails like the stores do
 * when the database cannot be used.
 */
export async function openWorkflowStore(settings: TwinGraphSettings, log: (line: string) => void = () => undefined): Promise<OpenedWorkflowStore> {
  const filesDir = join(settings.home, 'workflows');
  const target = parseStoreTarget(settings.store, 'store');
  let sql: SqlWorkflowStore;
  if (target.kind === 'sqlite') {
    mkdirSync(dirname(target.path), { recursive: true });
    sql = createSqliteWorkflowStore(target.path);
  } else if (target.kind === 'postgres') {
    sql = createPostgresWorkflowStore(target.url);
  } else {
    return { store: new FileWorkflowStore({ dir: filesDir }), close: () => Promise.resolve() };
  }
  try {
    await sql.check();
    const imported = await importWorkflowFiles(sql, filesDir);
    if (imported.imported > 0) log(`imported ${imported.imported} saved workflow(s) from ${filesDir} into the store${imported.movedTo === undefined ? '' : `; the files are kept in ${imported.movedTo}`}`);
    for (const { file, error } of imported.failed) log(`could not import ${file} (${error}); it stays where it is`);
    return { store: sql, imported, close: () => sql.close() };
  } catch (error) {
    await sql.close().catch(() => undefined);
    throw error;
  }
}
