// Statements of the SQL WorkflowStore, shared by SQLite and PostgreSQL (`?` placeholders, numbered
// for PostgreSQL). Only "name contains" differs between the dialects.

export type SqlDialect = 'sqlite' | 'postgres';

const WORKFLOW_COLUMNS = 'workflow_id, name, tags, latest_version, created_at, updated_at, deleted_at, schedule';

export const INSERT_WORKFLOW = `INSERT INTO workflows (${WORKFLOW_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;
/** For imports: a workflow already there (same id) is left as it is; the row count says which. */
export const IMPORT_WORKFLOW = `${INSERT_WORKFLOW} ON CONFLICT (workflow_id) DO NOTHING`;
export const INSERT_VERSION = 'INSERT INTO workflow_versions (workflow_id, version, hash, created_at, created_by, document) VALUES (?, ?, ?, ?, ?, ?)';
export const INSERT_TAG = 'INSERT INTO workflow_tags (tag, workflow_id) VALUES (?, ?) ON CONFLICT DO NOTHING';
export const DELETE_TAGS = 'DELETE FROM workflow_tags WHERE workflow_id = ?';

/**
 * A new version: takes the next number under the row's lock (PostgreSQL) or the write lock
 * (SQLite), so concurrent saves get consecutive numbers. Parameters: name, tags JSON or NULL
 * (keep), updated_at, id. Returns the row after the update.
 */
export const BUMP_VERSION = `UPDATE workflows SET latest_version = latest_version + 1, name = ?, tags = COALESCE(?, tags), updated_at = ?
  WHERE workflow_id = ? AND deleted_at IS NULL RETURNING *`;

export const SELECT_LIVE = 'SELECT * FROM workflows WHERE workflow_id = ? AND deleted_at IS NULL';
export const SELECT_VERSION = 'SELECT * FROM workflow_versions WHERE workflow_id = ? AND version = ?';
export const SELECT_VERSIONS = 'SELECT * FROM workflow_versions WHERE workflow_id = ? ORDER BY version DESC';
export const DELETE_WORKFLOW = 'UPDATE workflows SET deleted_at = ? WHERE workflow_id = ? AND deleted_at IS NULL';
export const SET_SCHEDULE = 'UPDATE workflows SET schedule = ? WHERE workflow_id = ? AND deleted_at IS NULL';
export const LIST_SCHEDULES = 'SELECT schedule FROM workflows WHERE deleted_at IS NULL AND schedule IS NOT NULL ORDER BY workflow_id';
export const CHECK = 'SELECT 1 AS ok';

/** WHERE of a list: live workflows, optionally with a tag (parameter) and a name containing a text (parameter). */
function listWhere(dialect: SqlDialect, byTag: boolean, byName: boolean): string {
  const where = ['w.deleted_at IS NULL'];
  if (byTag) where.push('EXISTS (SELECT 1 FROM workflow_tags t WHERE t.tag = ? AND t.workflow_id = w.workflow_id)');
  // A plain substring test, case-sensitive, with no LIKE wildcards to escape.
  if (byName) where.push(dialect === 'sqlite' ? 'instr(w.name, ?) > 0' : 'strpos(w.name, ?) > 0');
  return where.join(' AND ');
}

/** Parameters: tag?, name?, limit, offset. */
export function listWorkflowsSql(dialect: SqlDialect, byTag: boolean, byName: boolean): string {
  return `SELECT * FROM workflows w WHERE ${listWhere(dialect, byTag, byName)} ORDER BY w.updated_at DESC, w.workflow_id LIMIT ? OFFSET ?`;
}

/** Parameters: tag?, name?. */
export function countWorkflowsSql(dialect: SqlDialect, byTag: boolean, byName: boolean): string {
  return `SELECT COUNT(*) AS n FROM workflows w WHERE ${listWhere(dialect, byTag, byName)}`;
}
