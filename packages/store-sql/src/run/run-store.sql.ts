import { excludedAssignments, placeholders } from '../sql/sql-text.js';
import { LOG_COLUMNS, NODE_COLUMNS, RUN_COLUMNS } from './run-rows.js';

// Statements of the run store. `?` placeholders bind in column order.

const upsert = (table: string, columns: readonly string[], key: string): string =>
  `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${placeholders(columns.length)})
  ON CONFLICT (${key}) DO UPDATE SET ${excludedAssignments(columns.filter((c) => c !== key))}`;

export const UPSERT_RUN = upsert('runs', RUN_COLUMNS, 'run_id');
/** Parameters: nodeParams(), then node_seq. A node written again keeps its node_seq, so listNodes stays in first-write order. */
export const UPSERT_NODE = `INSERT INTO nodes (${NODE_COLUMNS.join(', ')}, node_seq) VALUES (${placeholders(NODE_COLUMNS.length + 1)})
  ON CONFLICT (execution_id) DO UPDATE SET ${excludedAssignments(NODE_COLUMNS.slice(1))}`;
/** Parameters: logParams(), then the seq the writer assigned. */
export const INSERT_LOG = `INSERT INTO logs (${LOG_COLUMNS.join(', ')}, seq) VALUES (${placeholders(LOG_COLUMNS.length + 1)})`;
/** Read once per run per batch, inside the batch's write transaction. */
export const LAST_LOG_SEQ = 'SELECT COALESCE(MAX(seq), 0) AS seq FROM logs WHERE run_id = ?';

export const SELECT_RUN = 'SELECT * FROM runs WHERE run_id = ?';

/** listRuns for the filters set (pipeline, status), newest first. Parameters: filters…, limit, offset. */
export function listRunsSql(byPipeline: boolean, byStatus: boolean): string {
  const where = [byPipeline ? 'pipeline = ?' : undefined, byStatus ? 'status = ?' : undefined].filter((w) => w !== undefined);
  return `SELECT * FROM runs${where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`} ORDER BY started_at DESC, run_id DESC LIMIT ? OFFSET ?`;
}

/** getLogs, in seq order. Parameters: runId, afterSeq[, executionId], limit. */
export function selectLogsSql(byExecution: boolean): string {
  return `SELECT * FROM logs WHERE run_id = ? AND seq > ?${byExecution ? ' AND execution_id = ?' : ''} ORDER BY seq LIMIT ?`;
}
