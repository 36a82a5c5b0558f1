import { COMPONENT_COLUMNS } from '../lineage/lineage-rows.js';
import { NODE_COLUMNS } from './run-rows.js';

// Node records folded into their component rows (see schema-migrations.ts, components.node_*):
// where each node column comes from in `components`, and the statements that read, move and
// clear them.

/**
 * node_attempts NULL: the node had one attempt, attempt 1, with the node's own start, completion
 * and status (the usual case, so most rows do not repeat them).
 */
const DEFAULT_ATTEMPTS = "json_array(json_object('attempt', 1, 'startedAt', started_at, 'completedAt', completed_at, 'status', status))";

/** For each column of `nodes` (NODE_COLUMNS order), the column of `components` holding it when folded. */
const FOLDED_NODE_COLUMN: Readonly<Record<(typeof NODE_COLUMNS)[number], (typeof COMPONENT_COLUMNS)[number]>> = {
  execution_id: 'execution_id',
  run_id: 'pipeline_id',
  name: 'name',
  hash: 'hash',
  platform: 'platform',
  status: 'status',
  parents: 'node_parents',
  inputs: 'inputs',
  outputs: 'outputs',
  error: 'error',
  attempts: 'node_attempts',
  started_at: 'started_at',
  completed_at: 'completed_at',
  cached_from: 'node_cached_from',
};

/** For each node column, the index of its column in componentParams(): how the writer unfolds a node. */
export const FOLDED_NODE_PARAM_INDEXES: readonly number[] = NODE_COLUMNS.map((c) => COMPONENT_COLUMNS.indexOf(FOLDED_NODE_COLUMN[c]));

/** Where the writer finds what it needs to spell out default attempts (indexes into nodeParams() and componentParams()). */
export const DEFAULT_ATTEMPTS_PARAMS = {
  nodeAttempts: NODE_COLUMNS.indexOf('attempts'),
  startedAt: COMPONENT_COLUMNS.indexOf('started_at'),
  completedAt: COMPONENT_COLUMNS.indexOf('completed_at'),
  status: COMPONENT_COLUMNS.indexOf('status'),
} as const;

const foldedSource = (c: (typeof NODE_COLUMNS)[number]): string => (c === 'attempts' ? `COALESCE(node_attempts, ${DEFAULT_ATTEMPTS})` : FOLDED_NODE_COLUMN[c]);
const NODE_SELECT = [...NODE_COLUMNS, 'node_seq'].join(', ');
const FOLDED_SELECT = [...NODE_COLUMNS.map((c) => (foldedSource(c) === c ? c : `${foldedSource(c)} AS ${c}`)), 'node_seq'].join(', ');

/** Parameters: execution id, twice. At most one of the two places holds it. */
export const SELECT_NODE = `SELECT ${NODE_SELECT} FROM nodes WHERE execution_id = ?
  UNION ALL SELECT ${FOLDED_SELECT} FROM components WHERE execution_id = ? AND node_seq IS NOT NULL`;

/** Parameters: run id, twice. */
export const SELECT_NODES_OF_RUN = `SELECT ${NODE_SELECT} FROM nodes WHERE run_id = ?
  UNION ALL SELECT ${FOLDED_SELECT} FROM components WHERE pipeline_id = ? AND node_seq IS NOT NULL
  ORDER BY node_seq`;

/** Moves folded nodes into `nodes`, before their component rows are deleted or replaced. Then clear them. */
const unfold = (where: string): string =>
  `INSERT INTO nodes (${[...NODE_COLUMNS, 'node_seq'].join(', ')}) SELECT ${FOLDED_SELECT} FROM components WHERE ${where} AND node_seq IS NOT NULL
  ON CONFLICT (execution_id) DO NOTHING`;
export const UNFOLD_NODES_OF_PIPELINE = unfold('pipeline_id = ?');
export const UNFOLD_ALL_NODES = unfold('1 = 1');
export const UNFOLD_NODE_OF_VERTEX = unfold('vertex_id = ?');

/** The node_seq of a folded node, if there is one. Parameter: execution id. */
export const FOLDED_NODE_SEQ = 'SELECT node_seq FROM components WHERE execution_id = ? AND node_seq IS NOT NULL';
/** A node written to `nodes` drops its folded copy (keeping the copy's node_seq). Parameter: execution id. */
export const DROP_FOLDED_NODE = 'UPDATE components SET node_seq = NULL, node_attempts = NULL, node_parents = NULL, node_cached_from = NULL WHERE execution_id = ?';

/** The node_seq of a node in `nodes`, if there is one. Parameter: execution id. */
export const NODE_ROW_SEQ = 'SELECT node_seq FROM nodes WHERE execution_id = ?';
/** A node folded into its component drops its `nodes` row (keeping the row's node_seq). Parameter: execution id. */
export const DROP_NODE_ROW = 'DELETE FROM nodes WHERE execution_id = ?';

export const READ_NODE_SEQ = "SELECT value FROM counters WHERE name = 'node_seq'";
export const WRITE_NODE_SEQ = "UPDATE counters SET value = ? WHERE name = 'node_seq'";
