import { PIPELINE_COLUMNS } from '../lineage/lineage-rows.js';
import { LOG_COLUMNS, NODE_COLUMNS, RUN_COLUMNS } from '../run/run-rows.js';
import { excludedAssignments } from '../sql/sql-text.js';
import { VERTEX_COLUMNS } from './postgres-write-plan.js';

// Multi-row statements of the PostgreSQL write path. Rows travel as one array per column
// (`unnest($1::text[], $2::int[], …)`), so a statement's text does not depend on its row count: each
// is prepared once per connection (named), and planning costs nothing however many rows it carries.

export interface Statement {
  /** Prepared-statement name (same text ⇒ same name). */
  name: string;
  text: string;
  values: unknown[];
}

/** `unnest($1::text[], $2::integer[], …) AS v (a, b, …)`: `integers` are the integer columns, the others text. */
function unnestRows(columns: readonly string[], integers: readonly string[] = ['ordinal']): string {
  const arrays = columns.map((c, i) => `$${i + 1}::${integers.includes(c) ? 'integer' : 'text'}[]`);
  return `unnest(${arrays.join(', ')}) AS v (${columns.join(', ')})`;
}

/** Row-major parameters → one array per column. */
function columnsOf(rows: readonly unknown[][], width: number): unknown[][] {
  const columns: unknown[][] = Array.from({ length: width }, () => new Array<unknown>(rows.length));
  rows.forEach((row, r) => {
    for (let c = 0; c < width; c++) columns[c]![r] = row[c] ?? null;
  });
  return columns;
}

/** Rows split into statements of at most `maxRows`. */
export function chunked<T>(rows: readonly T[], maxRows: number): T[][] {
  const size = Math.max(1, maxRows);
  const chunks: T[][] = [];
  for (let i = 0; i < rows.length; i += size) chunks.push(rows.slice(i, i + size));
  return chunks;
}

function statement(name: string, text: string, rows: readonly unknown[][], width: number): Statement {
  return { name: `twingraph_${name}`, text, values: columnsOf(rows, width) };
}

const upsertText = (table: string, columns: readonly string[]): string =>
  `INSERT INTO ${table} (${columns.join(', ')}) SELECT * FROM ${unnestRows(columns, [])}
  ON CONFLICT (${columns[0]}) DO UPDATE SET ${excludedAssignments(columns.slice(1))}`;

const UPSERT_PIPELINES = upsertText('pipelines', PIPELINE_COLUMNS);
const UPSERT_RUNS = upsertText('runs', RUN_COLUMNS);
export const upsertPipelines = (rows: readonly unknown[][]): Statement => statement('upsert_pipelines', UPSERT_PIPELINES, rows, PIPELINE_COLUMNS.length);
export const upsertRuns = (rows: readonly unknown[][]): Statement => statement('upsert_runs', UPSERT_RUNS, rows, RUN_COLUMNS.length);

/**
 * New components are inserted; re-written ones keep their vertex_id (so edges pointing at them stay)
 * and lose their own DEPENDS_ON and CACHED_FROM edges, which the batch writes again. One statement.
 */
const UPSERT_COMPONENTS = `WITH written AS (
    INSERT INTO components (${VERTEX_COLUMNS.join(', ')}) SELECT * FROM ${unnestRows(VERTEX_COLUMNS, ['component_order', 'attempts'])}
    ON CONFLICT (execution_id) DO UPDATE SET ${excludedAssignments(VERTEX_COLUMNS.slice(1))}
    RETURNING vertex_id, xmax <> 0 AS replaced
  ), old_depends_on AS (
    DELETE FROM depends_on WHERE child_id IN (SELECT vertex_id FROM written WHERE replaced)
  ), old_cached_from AS (
    DELETE FROM cached_from WHERE child_id IN (SELECT vertex_id FROM written WHERE replaced)
  )
  SELECT COUNT(*) AS written FROM written`;
export const upsertComponents = (rows: readonly unknown[][]): Statement => statement('upsert_components', UPSERT_COMPONENTS, rows, VERTEX_COLUMNS.length);

// Endpoints are looked up one by one through the execution_id index (a join could scan the whole table).
const vertexIdOf = (executionId: string): string => `(SELECT x.vertex_id FROM components x WHERE x.execution_id = ${executionId})`;

/** Rows: child execution id, parent execution id, data flow JSON. A missing parent leaves parent_id NULL until it comes. */
const INSERT_DEPENDS_ON = `INSERT INTO depends_on (child_id, parent, parent_id, data_flow)
  SELECT ${vertexIdOf('v.child')}, v.parent, ${vertexIdOf('v.parent')}, v.data_flow FROM ${unnestRows(['child', 'parent', 'data_flow'])}
  ON CONFLICT (child_id, parent) DO UPDATE SET parent_id = excluded.parent_id, data_flow = excluded.data_flow`;
export const insertDependsOn = (rows: readonly unknown[][]): Statement => statement('insert_depends_on', INSERT_DEPENDS_ON, rows, 3);

/** Rows: child execution id, source execution id. */
const INSERT_CACHED_FROM = `INSERT INTO cached_from (child_id, source, source_id)
  SELECT ${vertexIdOf('v.child')}, v.source, ${vertexIdOf('v.source')} FROM ${unnestRows(['child', 'source'])}
  ON CONFLICT (child_id) DO UPDATE SET source = excluded.source, source_id = excluded.source_id`;
export const insertCachedFrom = (rows: readonly unknown[][]): Statement => statement('insert_cached_from', INSERT_CACHED_FROM, rows, 2);

/**
 * Edges written before their parent (or source) get its vertex_id once it exists: a walk of the
 * (usually empty) partial indexes of unresolved edges, each probing the execution_id index.
 */
const RESOLVE_EDGES = `WITH resolved AS (
    UPDATE depends_on SET parent_id = ${vertexIdOf('depends_on.parent')}
    WHERE parent_id IS NULL AND EXISTS (SELECT 1 FROM components x WHERE x.execution_id = depends_on.parent)
  )
  UPDATE cached_from SET source_id = ${vertexIdOf('cached_from.source')}
  WHERE source_id IS NULL AND EXISTS (SELECT 1 FROM components x WHERE x.execution_id = cached_from.source)`;
export const resolveEdges = (): Statement => ({ name: 'twingraph_resolve_edges', text: RESOLVE_EDGES, values: [] });

/** New nodes take the next node_seq in row order (first-write order); a node written again keeps its own. */
const UPSERT_NODES = `INSERT INTO nodes (${NODE_COLUMNS.join(', ')}, node_seq)
  SELECT ${NODE_COLUMNS.map((c) => `v.${c}`).join(', ')}, nextval('node_seq') FROM ${unnestRows([...NODE_COLUMNS, 'ordinal'])} ORDER BY v.ordinal
  ON CONFLICT (execution_id) DO UPDATE SET ${excludedAssignments(NODE_COLUMNS.slice(1))}`;
export const upsertNodes = (rows: readonly unknown[][]): Statement =>
  statement('upsert_nodes', UPSERT_NODES, rows.map((row, i) => [...row, i]), NODE_COLUMNS.length + 1);

/**
 * Rows: logParams(), then the line's ordinal among this statement's lines of its run (1, 2…): its seq
 * is the run's last seq so far plus the ordinal.
 */
const INSERT_LOGS = `INSERT INTO logs (${LOG_COLUMNS.join(', ')}, seq)
  SELECT ${LOG_COLUMNS.map((c) => `v.${c}`).join(', ')}, last.seq + v.ordinal
  FROM ${unnestRows([...LOG_COLUMNS, 'ordinal'])}
  CROSS JOIN LATERAL (SELECT COALESCE(MAX(l.seq), 0) AS seq FROM logs l WHERE l.run_id = v.run_id) AS last`;
export const insertLogs = (rows: readonly unknown[][]): Statement => statement('insert_logs', INSERT_LOGS, rows, LOG_COLUMNS.length + 1);
