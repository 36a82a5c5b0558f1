import type { PoolClient } from 'pg';
import type { ClearScope } from '@twingraph/model';
import { PIPELINE_IDS_BY_NAME, PIPELINE_IDS_BY_NAME_EXCEPT } from '../lineage/lineage-write.sql.js';
import { toNumberedParams as $ } from '../sql/sql-text.js';

/**
 * Removes the pipelines given by id, their components and every edge touching those components
 * (either end), in one statement. Returns how many vertices went.
 */
const CLEAR_PIPELINES = `WITH doomed AS (SELECT vertex_id FROM components WHERE pipeline_id = ANY($1::text[])),
  d AS (DELETE FROM depends_on WHERE child_id IN (SELECT vertex_id FROM doomed) OR parent_id IN (SELECT vertex_id FROM doomed)),
  f AS (DELETE FROM cached_from WHERE child_id IN (SELECT vertex_id FROM doomed) OR source_id IN (SELECT vertex_id FROM doomed)),
  c AS (DELETE FROM components WHERE pipeline_id = ANY($1::text[]) RETURNING 1),
  p AS (DELETE FROM pipelines WHERE pipeline_id = ANY($1::text[]) RETURNING 1)
  SELECT (SELECT COUNT(*) FROM c) + (SELECT COUNT(*) FROM p) AS removed`;

const CLEAR_ALL = `WITH d AS (DELETE FROM depends_on), f AS (DELETE FROM cached_from),
  c AS (DELETE FROM components RETURNING 1), p AS (DELETE FROM pipelines RETURNING 1)
  SELECT (SELECT COUNT(*) FROM c) + (SELECT COUNT(*) FROM p) AS removed`;

/** Clears lineage in one transaction on the writer's connection (node records live apart, in `nodes`, and stay). */
export async function clearPostgresLineage(client: PoolClient, scope: ClearScope): Promise<number> {
  await client.query('BEGIN');
  try {
    let removed: number;
    if ('all' in scope) removed = await count(client, CLEAR_ALL, []);
    else {
      let ids: string[];
      if ('pipelineId' in scope) ids = [scope.pipelineId];
      else {
        const rows =
          scope.exceptPipelineId === undefined
            ? await client.query<{ pipeline_id: string }>($(PIPELINE_IDS_BY_NAME), [scope.pipelineName])
            : await client.query<{ pipeline_id: string }>($(PIPELINE_IDS_BY_NAME_EXCEPT), [scope.pipelineName, scope.exceptPipelineId]);
        ids = rows.rows.map((r) => r.pipeline_id);
      }
      removed = ids.length === 0 ? 0 : await count(client, CLEAR_PIPELINES, [ids]);
    }
    await client.query('COMMIT');
    return removed;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

async function count(client: PoolClient, sql: string, params: unknown[]): Promise<number> {
  const result = await client.query<{ removed: number }>(sql, params);
  return Number(result.rows[0]?.removed ?? 0);
}
