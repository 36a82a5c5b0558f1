import type { LineageSearch } from '@twingraph/model';

// Read statements of the lineage store. Newest first means started_at, then component_order, descending.

const NEWEST_FIRST = 'ORDER BY started_at DESC, component_order DESC';

export const SELECT_COMPONENT = 'SELECT * FROM components WHERE execution_id = ?';
export const SELECT_PIPELINE = 'SELECT * FROM pipelines WHERE pipeline_id = ?';
/** Parameters: the hash, twice. Goes through the hash-prefix index (components_hash_prefix), then compares the whole hash. */
const BY_HASH = 'substr(hash, 1, 8) = substr(?, 1, 8) AND hash = ?';
export const SELECT_BY_HASH = `SELECT * FROM components WHERE ${BY_HASH} ${NEWEST_FIRST}`;

const REUSABLE = `${BY_HASH} AND status IN ('succeeded', 'cached') AND outputs IS NOT NULL`;
export const SELECT_CACHED = `SELECT * FROM components WHERE ${REUSABLE} ${NEWEST_FIRST} LIMIT 1`;
/** Parameters: hash (twice), not-before time. */
export const SELECT_CACHED_NOT_BEFORE = `SELECT * FROM components WHERE ${REUSABLE} AND COALESCE(completed_at, started_at) >= ? ${NEWEST_FIRST} LIMIT 1`;

/** DEPENDS_ON rows as edges: the child's execution_id, the parent's, the data flow. */
const EDGE_COLUMNS = 'c.execution_id AS child, d.parent, d.data_flow';

export const RUN_GRAPH = {
  components: 'SELECT * FROM components WHERE pipeline_id = ? ORDER BY component_order',
  // Edges to parents that are not (or no longer) in the store are left out, as a graph database would.
  dependsOn: `SELECT ${EDGE_COLUMNS} FROM components c JOIN depends_on d ON d.child_id = c.vertex_id
    WHERE c.pipeline_id = ? AND d.parent_id IS NOT NULL`,
  cachedFrom: 'SELECT c.execution_id AS child, f.source FROM components c JOIN cached_from f ON f.child_id = c.vertex_id WHERE c.pipeline_id = ?',
} as const;

export const STATISTICS = {
  counts: `SELECT (SELECT COUNT(*) FROM pipelines) AS pipelines, (SELECT COUNT(*) FROM components) AS components,
    (SELECT COUNT(*) FROM depends_on) AS depends_on, (SELECT COUNT(*) FROM cached_from) AS cached_from`,
  byPlatform: 'SELECT platform AS key, COUNT(*) AS n FROM components GROUP BY platform',
  byStatus: 'SELECT status AS key, COUNT(*) AS n FROM components GROUP BY status',
} as const;

/** The filters of a search that are set, in a fixed order; also the key of its cached statement. */
export const SEARCH_FILTERS = [
  ['name', 'name = ?'],
  ['platform', 'platform = ?'],
  ['status', 'status = ?'],
  ['pipelineId', 'pipeline_id = ?'],
  ['startTime', 'started_at >= ?'],
  ['endTime', 'started_at <= ?'],
] as const satisfies ReadonlyArray<readonly [keyof LineageSearch, string]>;

/** SELECT for the filters flagged in `mask` (bit i = SEARCH_FILTERS[i]), then LIMIT ?. */
export function searchSql(mask: number): string {
  const where = SEARCH_FILTERS.filter((_, i) => (mask & (1 << i)) !== 0).map(([, sql]) => sql);
  return `SELECT * FROM components${where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`} ${NEWEST_FIRST} LIMIT ?`;
}

export type Direction = 'upstream' | 'downstream';

/**
 * A recursive walk over DEPENDS_ON (by vertex_id) from one execution, whose execution_id is the
 * first parameter. Depth-limited walks carry the hop count (second parameter: max depth) and keep
 * each vertex's smallest depth; unlimited ones keep ids only, so UNION visits every vertex once
 * however many paths reach it.
 */
function walk(direction: Direction, limited: boolean): { cte: string; from: string } {
  const [from, to] = direction === 'upstream' ? ['child_id', 'parent_id'] : ['parent_id', 'child_id'];
  const start = 'SELECT vertex_id FROM components WHERE execution_id = ?';
  const cte = limited
    ? `WITH RECURSIVE walk (id, depth) AS (
        SELECT vertex_id, 0 FROM components WHERE execution_id = ?
        UNION
        SELECT d.${to}, w.depth + 1 FROM depends_on d JOIN walk w ON d.${from} = w.id WHERE w.depth < ? AND d.${to} IS NOT NULL
      ), reached (id, depth) AS (SELECT id, MIN(depth) FROM walk GROUP BY id)`
    : `WITH RECURSIVE reached (id) AS (
        ${start}
        UNION
        SELECT d.${to} FROM depends_on d JOIN reached r ON d.${from} = r.id WHERE d.${to} IS NOT NULL
      )`;
  return { cte, from };
}

/** Components reached by the walk, the start included. Parameters: start[, depth]. */
export function traversalComponentsSql(direction: Direction, limited: boolean): string {
  const { cte } = walk(direction, limited);
  return `${cte} SELECT c.* FROM reached r JOIN components c ON c.vertex_id = r.id ORDER BY c.started_at, c.component_order`;
}

/** DEPENDS_ON edges followed by the walk: those leaving a vertex short of the depth. Parameters: start[, depth, depth]. */
export function traversalEdgesSql(direction: Direction, limited: boolean): string {
  const { cte, from } = walk(direction, limited);
  return `${cte} SELECT ${EDGE_COLUMNS} FROM reached r JOIN depends_on d ON d.${from} = r.id JOIN components c ON c.vertex_id = d.child_id${
    limited ? ' WHERE r.depth < ?' : ''
  }`;
}
