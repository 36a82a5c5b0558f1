import { COMPONENT_COLUMNS } from '../lineage/lineage-rows.js';
import {
  DELETE_CACHED_FROM_OF_CHILD,
  DELETE_DEPENDS_ON_OF_CHILD,
  INSERT_CACHED_FROM,
  INSERT_COMPONENT,
  INSERT_DEPENDS_ON,
  INSERT_DEPENDS_ON_RESOLVED,
  RESOLVE_CACHED_FROM,
  RESOLVE_DEPENDS_ON,
  SELECT_COMPONENT_KEYS,
  SET_COMPONENT_NODE_SEQ,
  UPDATE_COMPONENT,
  UPSERT_PIPELINE,
} from '../lineage/lineage-write.sql.js';
import { DEFAULT_ATTEMPTS_PARAMS, DROP_FOLDED_NODE, DROP_NODE_ROW, FOLDED_NODE_PARAM_INDEXES, FOLDED_NODE_SEQ, NODE_ROW_SEQ, READ_NODE_SEQ, UNFOLD_NODE_OF_VERTEX, WRITE_NODE_SEQ } from '../run/folded-nodes.sql.js';
import { INSERT_LOG, LAST_LOG_SEQ, UPSERT_NODE, UPSERT_RUN } from '../run/run-store.sql.js';
import type { WritePlan } from './write-applier.js';

/** The write path handed to createWriteApplier on either thread. */
export const WRITE_PLAN: WritePlan = {
  upsertRun: UPSERT_RUN,
  upsertNode: UPSERT_NODE,
  insertLog: INSERT_LOG,
  lastLogSeq: LAST_LOG_SEQ,
  readNodeSeq: READ_NODE_SEQ,
  writeNodeSeq: WRITE_NODE_SEQ,
  foldedNodeSeq: FOLDED_NODE_SEQ,
  dropFoldedNode: DROP_FOLDED_NODE,
  nodeRowSeq: NODE_ROW_SEQ,
  dropNodeRow: DROP_NODE_ROW,
  unfoldNodeOfVertex: UNFOLD_NODE_OF_VERTEX,
  upsertPipeline: UPSERT_PIPELINE,
  insertComponent: INSERT_COMPONENT,
  selectComponentKeys: SELECT_COMPONENT_KEYS,
  updateComponent: UPDATE_COMPONENT,
  setComponentNodeSeq: SET_COMPONENT_NODE_SEQ,
  deleteDependsOn: DELETE_DEPENDS_ON_OF_CHILD,
  deleteCachedFrom: DELETE_CACHED_FROM_OF_CHILD,
  insertDependsOn: INSERT_DEPENDS_ON,
  insertDependsOnResolved: INSERT_DEPENDS_ON_RESOLVED,
  insertCachedFrom: INSERT_CACHED_FROM,
  resolveDependsOn: RESOLVE_DEPENDS_ON,
  resolveCachedFrom: RESOLVE_CACHED_FROM,
  componentNodeSeq: COMPONENT_COLUMNS.indexOf('node_seq'),
  foldedNodeParams: FOLDED_NODE_PARAM_INDEXES,
  defaultAttempts: DEFAULT_ATTEMPTS_PARAMS,
};
