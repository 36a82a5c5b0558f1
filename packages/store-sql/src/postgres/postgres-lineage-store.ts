import type { CachedLookup, ExportOptions, LineageStore, TraversalOptions } from '@twingraph/core';
import type { ClearScope, ComponentVertex, LineageEdge, LineageGraph, LineageSearch, LineageStatistics, LineageWrite, PipelineVertex } from '@twingraph/model';
import {
  RUN_GRAPH,
  SEARCH_FILTERS,
  SELECT_BY_HASH,
  SELECT_CACHED,
  SELECT_CACHED_NOT_BEFORE,
  SELECT_COMPONENT,
  SELECT_PIPELINE,
  STATISTICS,
  searchSql,
  traversalComponentsSql,
  traversalEdgesSql,
  type Direction,
} from '../lineage/lineage-query.sql.js';
import {
  belongsToEdgeOf,
  cachedFromRowToEdge,
  dependsOnRowToEdge,
  rowToComponent,
  rowToPipeline,
  type CachedFromRow,
  type ComponentRow,
  type DependsOnRow,
  type PipelineRow,
} from '../lineage/lineage-rows.js';
import { toNumberedParams as $ } from '../sql/sql-text.js';
import { exportLineagePages } from '../lineage/lineage-export.js';
import { clearPostgresLineage } from './postgres-lineage-clear.js';
import type { PostgresDatabase, SnapshotQuery } from './postgres-database.js';
import { PostgresStoreBase } from './postgres-store-base.js';
import { encodeLineageBatch } from './postgres-write-plan.js';

const PIPELINES_BY_ID = 'SELECT * FROM pipelines WHERE pipeline_id = ANY($1::text[])';

/**
 * The lineage graph of DESIGN.md §4 in PostgreSQL, with the tables and read statements of the
 * SQLite store: Pipeline and Component vertices as rows, DEPENDS_ON and CACHED_FROM as edge tables,
 * BELONGS_TO implied by components.pipeline_id, traversals as recursive CTEs. Writes go through the
 * database's writer (batched multi-row statements, applied in call order).
 */
export class PostgresLineageStore extends PostgresStoreBase implements LineageStore {
  /** @param database from openPostgresDatabase (shared with a run store: see createPostgresStores) */
  constructor(database: PostgresDatabase) {
    super(database);
  }

  write(batch: readonly LineageWrite[]): Promise<void> {
    return this.submitWrite('write lineage', batch.length, () => encodeLineageBatch(batch));
  }

  getRunGraph(pipelineId: string): Promise<LineageGraph | undefined> {
    return this.snapshot('read a run graph', async (query) => {
      const [pipelineRow] = await query<PipelineRow>($(SELECT_PIPELINE), [pipelineId]);
      if (pipelineRow === undefined) return undefined;
      const components = (await query<ComponentRow>($(RUN_GRAPH.components), [pipelineId])).map(rowToComponent);
      const edges: LineageEdge[] = components.map(belongsToEdgeOf);
      for (const row of await query<DependsOnRow>($(RUN_GRAPH.dependsOn), [pipelineId])) edges.push(dependsOnRowToEdge(row));
      for (const row of await query<CachedFromRow>($(RUN_GRAPH.cachedFrom), [pipelineId])) edges.push(cachedFromRowToEdge(row));
      return { pipelines: [rowToPipeline(pipelineRow)], components, edges };
    });
  }

  async getComponent(executionId: string): Promise<ComponentVertex | undefined> {
    const [row] = await this.query<ComponentRow>('read a component', $(SELECT_COMPONENT), [executionId]);
    return row === undefined ? undefined : rowToComponent(row);
  }

  getUpstream(executionId: string, options: TraversalOptions = {}): Promise<LineageGraph> {
    return this.traverse('upstream', executionId, options.depth);
  }

  getDownstream(executionId: string, options: TraversalOptions = {}): Promise<LineageGraph> {
    return this.traverse('downstream', executionId, options.depth);
  }

  private traverse(direction: Direction, start: string, depth: number | undefined): Promise<LineageGraph> {
    const limited = depth !== undefined && Number.isFinite(depth);
    const limit = limited ? Math.max(0, Math.floor(depth)) : 0;
    return this.snapshot(`walk ${direction} lineage`, async (query) => {
      const rows = await query<ComponentRow>($(traversalComponentsSql(direction, limited)), limited ? [start, limit] : [start]);
      if (!rows.some((r) => r.execution_id === start)) return { pipelines: [], components: [], edges: [] };
      const edgeRows = await query<DependsOnRow>($(traversalEdgesSql(direction, limited)), limited ? [start, limit, limit] : [start]);
      const components = rows.map(rowToComponent);
      return { pipelines: await pipelinesOf(query, components), components, edges: edgeRows.map(dependsOnRowToEdge) };
    });
  }

  async findByHash(hash: string): Promise<ComponentVertex[]> {
    return (await this.query<ComponentRow>('find executions by hash', $(SELECT_BY_HASH), [hash, hash])).map(rowToComponent);
  }

  async findCached(hash: string, options: CachedLookup = {}): Promise<ComponentVertex | undefined> {
    const [row] =
      options.notBefore === undefined
        ? await this.query<ComponentRow>('look up a cached execution', $(SELECT_CACHED), [hash, hash])
        : await this.query<ComponentRow>('look up a cached execution', $(SELECT_CACHED_NOT_BEFORE), [hash, hash, options.notBefore]);
    return row === undefined ? undefined : rowToComponent(row);
  }

  componentHistory(name: string, options: { limit?: number } = {}): Promise<ComponentVertex[]> {
    return this.search({ name, limit: options.limit ?? 100 });
  }

  async search(query: LineageSearch): Promise<ComponentVertex[]> {
    let mask = 0;
    const params: unknown[] = [];
    SEARCH_FILTERS.forEach(([key], i) => {
      const value = query[key];
      if (value !== undefined) {
        mask |= 1 << i;
        params.push(value);
      }
    });
    params.push(query.limit ?? 100);
    return (await this.query<ComponentRow>('search lineage', $(searchSql(mask)), params)).map(rowToComponent);
  }

  statistics(): Promise<LineageStatistics> {
    return this.snapshot('count lineage', async (query) => {
      const [counts] = await query<{ pipelines: number; components: number; depends_on: number; cached_from: number }>(STATISTICS.counts);
      const tally = async (sql: string): Promise<Record<string, number>> => {
        const result: Record<string, number> = {};
        for (const row of await query<{ key: string; n: number }>(sql)) result[row.key] = row.n;
        return result;
      };
      const c = counts!;
      return {
        vertices: c.pipelines + c.components,
        edges: c.depends_on + c.components + c.cached_from,
        pipelines: c.pipelines,
        components: c.components,
        edgesByLabel: { DEPENDS_ON: c.depends_on, BELONGS_TO: c.components, CACHED_FROM: c.cached_from },
        byPlatform: await tally(STATISTICS.byPlatform),
        byStatus: await tally(STATISTICS.byStatus),
      };
    });
  }

  /** Pages of the whole graph (lineage/lineage-export.ts, the SQLite statements), after the writes already submitted. */
  async *exportGraph(options: ExportOptions = {}): AsyncIterable<LineageWrite[]> {
    await this.database.writer.idle();
    yield* exportLineagePages(<R extends object>(sql: string, params: unknown[]) => this.query<R>('export lineage', $(sql), params), options.pageSize);
  }

  /** Queued behind the writes already submitted, so they are cleared too. */
  clear(scope: ClearScope): Promise<number> {
    return this.database.writer.task('clear lineage', (client) => clearPostgresLineage(client, scope));
  }
}

async function pipelinesOf(query: SnapshotQuery, components: readonly ComponentVertex[]): Promise<PipelineVertex[]> {
  const ids = [...new Set(components.map((c) => c.pipelineId))];
  const rows = await query<PipelineRow>(PIPELINES_BY_ID, [ids]);
  const byId = new Map(rows.map((r) => [r.pipeline_id, rowToPipeline(r)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
