import type { CachedLookup, ExportOptions, LineageStore, TraversalOptions } from '@twingraph/core';
import type { ClearScope, ComponentVertex, LineageGraph, LineageSearch, LineageStatistics, LineageWrite, PipelineVertex } from '@twingraph/model';
import { RUN_GRAPH, SELECT_BY_HASH, SELECT_CACHED, SELECT_CACHED_NOT_BEFORE, SELECT_COMPONENT, SELECT_PIPELINE, STATISTICS, type Direction } from '../lineage/lineage-query.sql.js';
import { runGraphOf, searchStatement, statisticsOf, tallyOf, traversalStatements, type LineageCounts } from '../lineage/lineage-read-plan.js';
import { dependsOnRowToEdge, rowToComponent, rowToPipeline, type CachedFromRow, type ComponentRow, type DependsOnRow, type PipelineRow } from '../lineage/lineage-rows.js';
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
      const components = await query<ComponentRow>($(RUN_GRAPH.components), [pipelineId]);
      const dependsOn = await query<DependsOnRow>($(RUN_GRAPH.dependsOn), [pipelineId]);
      return runGraphOf(pipelineRow, components, dependsOn, await query<CachedFromRow>($(RUN_GRAPH.cachedFrom), [pipelineId]));
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
    const walk = traversalStatements(direction, start, depth);
    return this.snapshot(`walk ${direction} lineage`, async (query) => {
      const rows = await query<ComponentRow>($(walk.components.sql), walk.components.params);
      if (!rows.some((r) => r.execution_id === start)) return { pipelines: [], components: [], edges: [] };
      const edgeRows = await query<DependsOnRow>($(walk.edges.sql), walk.edges.params);
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
    const { sql, params } = searchStatement(query);
    return (await this.query<ComponentRow>('search lineage', $(sql), params)).map(rowToComponent);
  }

  statistics(): Promise<LineageStatistics> {
    return this.snapshot('count lineage', async (query) => {
      const [counts] = await query<LineageCounts>(STATISTICS.counts);
      const byPlatform = tallyOf(await query<{ key: string; n: number }>(STATISTICS.byPlatform));
      return statisticsOf(counts!, byPlatform, tallyOf(await query<{ key: string; n: number }>(STATISTICS.byStatus)));
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
