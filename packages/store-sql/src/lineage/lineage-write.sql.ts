import { excludedAssignments, placeholders } from '../sql/sql-text.js';
import { COMPONENT_COLUMNS, PIPELINE_COLUMNS } from './lineage-rows.js';

// Statements of the lineage write path. `?` placeholders bind in column order.

const VERTEX_ID_OF = '(SELECT vertex_id FROM components WHERE execution_id = ?)';

export const UPSERT_PIPELINE = `INSERT INTO pipelines (${PIPELINE_COLUMNS.join(', ')}) VALUES (${placeholders(PIPELINE_COLUMNS.length)})
  ON CONFLICT (pipeline_id) DO UPDATE SET ${excludedAssignments(PIPELINE_COLUMNS.slice(1))}`;

/** A new component: one statement, whose last insert rowid is its vertex_id. `changes = 0`: it existed. */
export const INSERT_COMPONENT = `INSERT INTO components (${COMPONENT_COLUMNS.join(', ')}) VALUES (${placeholders(COMPONENT_COLUMNS.length)})
  ON CONFLICT (execution_id) DO NOTHING`;

/** The vertex_id and folded node_seq (or NULL) of an existing component. */
export const SELECT_COMPONENT_KEYS = 'SELECT vertex_id, node_seq FROM components WHERE execution_id = ?';

/** Re-written component: INSERT_COMPONENT's parameters without execution_id, then its vertex_id. Keeps vertex_id. */
export const UPDATE_COMPONENT = `UPDATE components SET ${COMPONENT_COLUMNS.slice(1).map((c) => `${c} = ?`).join(', ')}
  WHERE vertex_id = ?`;

/** Parameters: node_seq, vertex_id. */
export const SET_COMPONENT_NODE_SEQ = 'UPDATE components SET node_seq = ? WHERE vertex_id = ?';

export const DELETE_DEPENDS_ON_OF_CHILD = 'DELETE FROM depends_on WHERE child_id = ?';
export const DELETE_CACHED_FROM_OF_CHILD = 'DELETE FROM cached_from WHERE child_id = ?';

const dependsOn = (parentId: string): string => `INSERT INTO depends_on (child_id, parent, parent_id, data_flow) VALUES (?, ?, ${parentId}, ?)
  ON CONFLICT (child_id, parent) DO UPDATE SET parent_id = excluded.parent_id, data_flow = excluded.data_flow`;
/** Parameters: child vertex_id, parent execution_id (twice), data flow. A parent listed twice keeps the last data flow. */
export const INSERT_DEPENDS_ON = dependsOn(VERTEX_ID_OF);
/** INSERT_DEPENDS_ON when the parent's vertex_id is known: child vertex_id, parent execution_id, parent vertex_id, data flow. */
export const INSERT_DEPENDS_ON_RESOLVED = dependsOn('?');

/** Parameters: child vertex_id, source execution_id (twice). */
export const INSERT_CACHED_FROM = `INSERT INTO cached_from (child_id, source, source_id) VALUES (?, ?, ${VERTEX_ID_OF})
  ON CONFLICT (child_id) DO UPDATE SET source = excluded.source, source_id = excluded.source_id`;

// Once per batch: edges written before their parent (or source) get its vertex_id once it exists.
// The partial indexes keep this to a probe of an empty index in the usual case.
export const RESOLVE_DEPENDS_ON = `UPDATE depends_on SET parent_id = (SELECT c.vertex_id FROM components c WHERE c.execution_id = depends_on.parent)
  WHERE parent_id IS NULL AND parent IN (SELECT execution_id FROM components)`;
export const RESOLVE_CACHED_FROM = `UPDATE cached_from SET source_id = (SELECT c.vertex_id FROM components c WHERE c.execution_id = cached_from.source)
  WHERE source_id IS NULL AND source IN (SELECT execution_id FROM components)`;

// Clearing one pipeline: the edges touching its components (either end), then its vertices.
const VERTICES_OF_PIPELINE = 'SELECT vertex_id FROM components WHERE pipeline_id = ?';
export const CLEAR_PIPELINE = {
  dependsOnFrom: `DELETE FROM depends_on WHERE child_id IN (${VERTICES_OF_PIPELINE})`,
  dependsOnTo: `DELETE FROM depends_on WHERE parent_id IN (${VERTICES_OF_PIPELINE})`,
  cachedFromFrom: `DELETE FROM cached_from WHERE child_id IN (${VERTICES_OF_PIPELINE})`,
  cachedFromTo: `DELETE FROM cached_from WHERE source_id IN (${VERTICES_OF_PIPELINE})`,
  components: 'DELETE FROM components WHERE pipeline_id = ?',
  pipeline: 'DELETE FROM pipelines WHERE pipeline_id = ?',
} as const;

export const CLEAR_ALL = {
  dependsOn: 'DELETE FROM depends_on',
  cachedFrom: 'DELETE FROM cached_from',
  components: 'DELETE FROM components',
  pipelines: 'DELETE FROM pipelines',
} as const;

export const PIPELINE_IDS_BY_NAME = 'SELECT pipeline_id FROM pipelines WHERE name = ?';
export const PIPELINE_IDS_BY_NAME_EXCEPT = 'SELECT pipeline_id FROM pipelines WHERE name = ? AND pipeline_id <> ?';
