/**
 * Tables of the SQL WorkflowStore: migration 2 of both dialects (the statements are the same).
 * A workflow row holds the latest state (name, tags, latest version, schedule as JSON); every save
 * adds an immutable workflow_versions row; workflow_tags indexes tags for the list filter.
 * deleted_at hides a workflow and keeps its versions for the runs that used them.
 */
export const WORKFLOW_TABLES: readonly string[] = [
  `CREATE TABLE workflows (
    workflow_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    tags TEXT NOT NULL,
    latest_version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    schedule TEXT
  )`,
  'CREATE INDEX workflows_updated ON workflows (updated_at, workflow_id)',
  `CREATE TABLE workflow_versions (
    workflow_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT,
    document TEXT NOT NULL,
    PRIMARY KEY (workflow_id, version)
  )`,
  `CREATE TABLE workflow_tags (
    tag TEXT NOT NULL,
    workflow_id TEXT NOT NULL,
    PRIMARY KEY (tag, workflow_id)
  )`,
];

export const WORKFLOW_MIGRATION = { version: 2, name: 'workflow store', statements: WORKFLOW_TABLES } as const;
