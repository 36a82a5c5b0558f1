import { COMPONENT_COLUMNS, PIPELINE_COLUMNS } from './lineage-rows.js';

// Statements of the lineage write path. `?` placeholders bind in column order.

const placeholders = (n: number): string => Array.from({ length: n }, () => '?').join(', ');

export const UPSERT_PIPELINE = `INSERT INTO pipelines (${PIPELINE_COLUMNS.join(', ')}) VALUES (${placeholders(PIPELINE_COLUMNS.length)})
  ON CONFLICT (pipeline_id) DO UPDATE SET ${PIPELINE_COLUMNS.slice(1).map((c) => `${c} = excluded.${c}`).join(', ')}`;

/** A new component: one statement. `changes = 0` tells the writer the vertex existed already. */
export const INSERT_COMPONENT = `INSERT INTO components (${COMPONENT_COLUMNS.join(', ')}) VALUES (${placeholders(COMPONENT_COLUMNS.length)})
  ON CONFLICT (execution_id) DO NOTHING`;

/** Re-written component: the same parameters as INSERT_COMPONENT with execution_id moved last. */
export const UPDATE_COMPONENT = `UPDATE components SET ${COMPONENT_COLUMNS.slice(1).map((c) => `${c} = ?`).join(', ')} WHERE execution_id = ?`;

export const DELETE_DEPENDS_ON_OF_CHILD = 'DELETE FROM depends_on WHERE child = ?';
export const DELETE_CACHED_FROM_OF_CHILD = 'DELETE FROM cached_from WHERE child = ?';

/** A parent listed twice in one write keeps the last data flow. */
export const INSERT_DEPENDS_ON = `INSERT INTO depends_on (child, parent, data_flow) VALUES (?, ?, ?)
  ON CONFLICT (child, parent) DO UPDATE SET data_flow = excluded.data_flow`;

export const INSERT_CACHED_FROM = `INSERT INTO cached_from (child, source) VALUES (?, ?)
  ON CONFLICT (child) DO UPDATE SET source = excluded.source`;

// Clearing one pipeline: edges touching its components (either end), then its vertices.
const OF_PIPELINE = 'SELECT execution_id FROM components WHERE pipeline_id = ?';
export const CLEAR_PIPELINE = {
  dependsOnFrom: `DELETE FROM depends_on WHERE child IN (${OF_PIPELINE})`,
  dependsOnTo: `DELETE FROM depends_on WHERE parent IN (${OF_PIPELINE})`,
  cachedFromFrom: `DELETE FROM cached_from WHERE child IN (${OF_PIPELINE})`,
  cachedFromTo: `DELETE FROM cached_from WHERE source IN (${OF_PIPELINE})`,
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
