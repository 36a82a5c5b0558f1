import { PIPELINE_COLUMNS } from '../lineage/lineage-rows.js';
import { LOG_COLUMNS, NODE_COLUMNS, RUN_COLUMNS } from '../run/run-rows.js';
import { excludedAssignments } from '../sql/sql-text.js';
import { VERTEX_COLUMNS } from './postgres-write-plan.js';

// Multi-row statements of the PostgreSQL write path: one statement per kind of row and chunk
// (PostgreSQL takes at most 65,535 parameters per statement), all sent pipelined in one transaction.

export interface Statement {
  text: string;
  values: unknown[];
}

const MAX_PARAMETERS = 65_535;

/** `($1, $2), ($3, $4)` for rows × width parameters; `suffix` is appended inside each row. */
function valuesList(rows: number, width: number, suffix = ''): string {
  const list: string[] = [];
  let n = 0;
  for (let r = 0; r < rows; r++) {
    const row: string[] = [];
    for (let c = 0; c < width; c++) row.push(`$${++n}`);
    list.push(`(${row.join(', ')}${suffix})`);
  }
  return list.join(', ');
}

/** Rows split so a statement stays under the parameter limit and `maxRows`. */
export function chunked<T>(rows: readonly T[], width: number, maxRows: number): T[][] {
  const size = Math.max(1, Math.min(maxRows, Math.floor(MAX_PARAMETERS / width)));
  const chunks: T[][] = [];
  for (let i = 0; i < rows.length; i += size) chunks.push(rows.slice(i, i + size));
  return chunks;
}

function upsert(table: string, columns: readonly string[], rows: readonly unknown[][]): Statement {
  return {
    text: `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${valuesList(rows.length, columns.length)}
      ON CONFLICT (${columns[0]}) DO UPDATE SET ${excludedAssignments(columns.slice(1))}`,
    values: rows.flat(),
  };
}

export const upsertPipelines = (rows: readonly unknown[][]): Statement => upsert('pipelines', PIPELINE_COLUMNS, rows);
export const upsertRuns = (rows: readonly unknown[][]): Statement => upsert('runs', RUN_COLUMNS, rows);

/**
 * New components are inserted; re-written ones keep their vertex_id (so edges pointing at them stay)
 * and lose their own DEPENDS_ON and CACHED_FROM edges, which the batch writes again. One statement.
 */
export function upsertComponents(rows: readonly unknown[][]): Statement {
  return {
    text: `WITH written AS (
        INSERT INTO components (${VERTEX_COLUMNS.join(', ')}) VALUES ${valuesList(rows.length, VERTEX_COLUMNS.length)}
        ON CONFLICT (execution_id) DO UPDATE SET ${excludedAssignments(VERTEX_COLUMNS.slice(1))}
        RETURNING vertex_id, xmax <> 0 AS replaced
      ), old_depends_on AS (
        DELETE FROM depends_on WHERE child_id IN (SELECT vertex_id FROM written WHERE replaced)
      ), old_cached_from AS (
        DELETE FROM cached_from WHERE child_id IN (SELECT vertex_id FROM written WHERE replaced)
      )
      SELECT COUNT(*) AS written FROM written`,
    values: rows.flat(),
  };
}

/** Rows: child execution id, parent execution id, data flow JSON. A missing parent leaves parent_id NULL until it comes. */
export function insertDependsOn(rows: readonly unknown[][]): Statement {
  return {
    text: `INSERT INTO depends_on (child_id, parent, parent_id, data_flow)
      SELECT c.vertex_id, v.parent, (SELECT p.vertex_id FROM components p WHERE p.execution_id = v.parent), v.data_flow
      FROM (VALUES ${valuesList(rows.length, 3)}) AS v (child, parent, data_flow) JOIN components c ON c.execution_id = v.child
      ON CONFLICT (child_id, parent) DO UPDATE SET parent_id = excluded.parent_id, data_flow = excluded.data_flow`,
    values: rows.flat(),
  };
}

/** Rows: child execution id, source execution id. */
export function insertCachedFrom(rows: readonly unknown[][]): Statement {
  return {
    text: `INSERT INTO cached_from (child_id, source, source_id)
      SELECT c.vertex_id, v.source, (SELECT s.vertex_id FROM components s WHERE s.execution_id = v.source)
      FROM (VALUES ${valuesList(rows.length, 2)}) AS v (child, source) JOIN components c ON c.execution_id = v.child
      ON CONFLICT (child_id) DO UPDATE SET source = excluded.source, source_id = excluded.source_id`,
    values: rows.flat(),
  };
}

/** Edges written before their parent (or source) get its vertex_id once one of these components exists. */
export function resolveEdges(executionIds: readonly unknown[]): Statement {
  return {
    text: `WITH resolved AS (
        UPDATE depends_on d SET parent_id = c.vertex_id FROM components c
        WHERE d.parent_id IS NULL AND d.parent = c.execution_id AND c.execution_id = ANY($1::text[])
      )
      UPDATE cached_from f SET source_id = c.vertex_id FROM components c
      WHERE f.source_id IS NULL AND f.source = c.execution_id AND c.execution_id = ANY($1::text[])`,
    values: [executionIds],
  };
}

/** New nodes take the next node_seq in row order (first-write order); a node written again keeps its own. */
export function upsertNodes(rows: readonly unknown[][]): Statement {
  return {
    text: `INSERT INTO nodes (${NODE_COLUMNS.join(', ')}, node_seq) VALUES ${valuesList(rows.length, NODE_COLUMNS.length, ", nextval('node_seq')")}
      ON CONFLICT (execution_id) DO UPDATE SET ${excludedAssignments(NODE_COLUMNS.slice(1))}`,
    values: rows.flat(),
  };
}

/**
 * Rows: logParams(), then the line's ordinal among this statement's lines of its run (1, 2…): its seq
 * is the run's last seq so far plus the ordinal.
 */
export function insertLogs(rows: readonly unknown[][]): Statement {
  const columns = LOG_COLUMNS.map((c) => `v.${c}`).join(', ');
  return {
    text: `INSERT INTO logs (${LOG_COLUMNS.join(', ')}, seq)
      SELECT ${columns}, last.seq + v.ordinal::integer
      FROM (VALUES ${valuesList(rows.length, LOG_COLUMNS.length + 1)}) AS v (${LOG_COLUMNS.join(', ')}, ordinal)
      CROSS JOIN LATERAL (SELECT COALESCE(MAX(l.seq), 0) AS seq FROM logs l WHERE l.run_id = v.run_id) AS last`,
    values: rows.flat(),
  };
}
