import {
  DELETE_CACHED_FROM_OF_CHILD,
  DELETE_DEPENDS_ON_OF_CHILD,
  INSERT_CACHED_FROM,
  INSERT_COMPONENT,
  INSERT_DEPENDS_ON,
  RESOLVE_CACHED_FROM,
  RESOLVE_DEPENDS_ON,
  UPDATE_COMPONENT,
  UPSERT_PIPELINE,
} from '../lineage/lineage-write.sql.js';
import { INSERT_LOG, LAST_LOG_SEQ, UPSERT_NODE, UPSERT_RUN } from '../run/run-store.sql.js';
import type { WriteSql } from './write-applier.js';

/** The SQL of the write path, handed to createWriteApplier on either thread. */
export const WRITE_SQL: WriteSql = {
  upsertRun: UPSERT_RUN,
  upsertNode: UPSERT_NODE,
  insertLog: INSERT_LOG,
  lastLogSeq: LAST_LOG_SEQ,
  upsertPipeline: UPSERT_PIPELINE,
  insertComponent: INSERT_COMPONENT,
  updateComponent: UPDATE_COMPONENT,
  deleteDependsOn: DELETE_DEPENDS_ON_OF_CHILD,
  deleteCachedFrom: DELETE_CACHED_FROM_OF_CHILD,
  insertDependsOn: INSERT_DEPENDS_ON,
  insertCachedFrom: INSERT_CACHED_FROM,
  resolveDependsOn: RESOLVE_DEPENDS_ON,
  resolveCachedFrom: RESOLVE_CACHED_FROM,
};
