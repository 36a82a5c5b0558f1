import type { CachedLookup, ExportOptions, LineageStore, TraversalOptions } from '@twingraph/core';
import type { ClearScope, ComponentVertex, LineageGraph, LineageSearch, LineageStatistics, LineageWrite, PipelineVertex } from '@twingraph/model';
import type { SqliteDatabaseOptions } from '../sqlite/sqlite-database-options.js';
import { SqliteStoreBase, type SqliteDatabaseSource } from '../sqlite/sqlite-store-base.js';
import { RUN_GRAPH, SELECT_BY_HASH, SELECT_CACHED, SELECT_CACHED_NOT_BEFORE, SELECT_COMPONENT, SELECT_PIPELINE, STATISTICS, type Direction } from './lineage-query.sql.js';
import { runGraphOf, searchStatement, statisticsOf, tallyOf, traversalStatements, type LineageCounts } from './lineage-read-plan.js';
import { dependsOnRowToEdge, rowToComponent, rowToPipeline, type CachedFromRow, type ComponentRow, type DependsOnRow, type PipelineRow } from './lineage-rows.js';
import { LineageClearStatements } from './lineage-clear-statements.js';
import { exportLineagePages } from './lineage-export.js';

/**
 * The lineage graph of DESIGN.md §4 in SQLite: Pipeline and Component vertices as rows, DEPENDS_ON
 * and CACHED_FROM as edge tables, BELONGS_TO implied by components.pipeline_id. One transaction per
 * write batch; traversals are recursive queries, so nothing loads the whole graph.
 */
export class SqliteLineageStore extends SqliteStoreBase implements LineageStore {
  private readonly clearing: LineageClearStatements;

  /** @param source a handle from openSqliteDatabase (shared with a run store), or a file path. */
  constructor(source: SqliteDatabaseSource, options: SqliteDatabaseOptions = {}) {
    super(source, options);
    this.clearing = this.prepare('prepare the lineage store', (db) => new LineageClearStatements(db));
  }

  write(batch: readonly LineageWrite[]): Promise<void> {
    const action = 'write lineage';
    return this.submitWrite(action, batch.length, () => this.database.writer.submitLineage(batch, action));
  }

  getRunGraph(pipelineId: string): Promise<LineageGraph | undefined> {
    return this.read('read a run graph', () => {
      const pipelineRow = this.statement(SELECT_PIPELINE).get(pipelineId) as PipelineRow | undefined;
      if (pipelineRow === undefined) return undefined;
      return runGraphOf(
        pipelineRow,
        this.statement(RUN_GRAPH.components).all(pipelineId) as ComponentRow[],
        this.statement(RUN_GRAPH.dependsOn).all(pipelineId) as DependsOnRow[],
        this.statement(RUN_GRAPH.cachedFrom).all(pipelineId) as CachedFromRow[],
      );
    });
  }

  getComponent(executionId: string): Promise<ComponentVertex | undefined> {
    return this.settle('read a component', () => {
      const row = this.statement(SELECT_COMPONENT).get(executionId) as ComponentRow | undefined;
      return row === undefined ? undefined : rowToComponent(row);
    });
  }

  getUpstream(executionId: string, options: TraversalOptions = {}): Promise<LineageGraph> {
    return this.traverse('upstream', executionId, options.depth);
  }

  getDownstream(executionId: string, options: TraversalOptions = {}): Promise<LineageGraph> {
    return this.traverse('downstream', executionId, options.depth);
  }

  private traverse(direction: Direction, start: string, depth: number | undefined): Promise<LineageGraph> {
    const walk = traversalStatements(direction, start, depth);
    return this.read(`walk ${direction} lineage`, () => {
      const rows = this.statement(walk.components.sql).all(walk.components.params) as ComponentRow[];
      if (!rows.some((r) => r.execution_id === start)) return { pipelines: [], components: [], edges: [] };
      const edgeRows = this.statement(walk.edges.sql).all(walk.edges.params) as DependsOnRow[];
      const components = rows.map(rowToComponent);
      return { pipelines: this.pipelinesOf(components), components, edges: edgeRows.map(dependsOnRowToEdge) };
    });
  }

  private pipelinesOf(components: readonly ComponentVertex[]): PipelineVertex[] {
    const pipelines: PipelineVertex[] = [];
    for (const id of new Set(components.map((c) => c.pipelineId))) {
      const row = this.statement(SELECT_PIPELINE).get(id) as PipelineRow | undefined;
      if (row !== undefined) pipelines.push(rowToPipeline(row));
    }
    return pipelines;
  }

  findByHash(hash: string): Promise<ComponentVertex[]> {
    return this.settle('find executions by hash', () => (this.statement(SELECT_BY_HASH).all(hash, hash) as ComponentRow[]).map(rowToComponent));
  }

  findCached(hash: string, options: CachedLookup = {}): Promise<ComponentVertex | undefined> {
    return this.settle('look up a cached execution', () => {
      const row = (
        options.notBefore === undefined ? this.statement(SELECT_CACHED).get(hash, hash) : this.statement(SELECT_CACHED_NOT_BEFORE).get(hash, hash, options.notBefore)
      ) as ComponentRow | undefined;
      return row === undefined ? undefined : rowToComponent(row);
    });
  }

  componentHistory(name: string, options: { limit?: number } = {}): Promise<ComponentVertex[]> {
    return this.search({ name, limit: options.limit ?? 100 });
  }

  search(query: LineageSearch): Promise<ComponentVertex[]> {
    const { sql, params } = searchStatement(query);
    return this.settle('search lineage', () => (this.statement(sql).all(params) as ComponentRow[]).map(rowToComponent));
  }

  statistics(): Promise<LineageStatistics> {
    return this.read('count lineage', () => {
      const tally = (sql: string): Record<string, number> => tallyOf(this.statement(sql).all() as Array<{ key: string; n: number }>);
      return statisticsOf(this.statement(STATISTICS.counts).get() as LineageCounts, tally(STATISTICS.byPlatform), tally(STATISTICS.byStatus));
    });
  }

  /** Pages of the whole graph (lineage-export.ts), after the writes already submitted. */
  async *exportGraph(options: ExportOptions = {}): AsyncIterable<LineageWrite[]> {
    await this.database.writer.idle();
    yield* exportLineagePages(<R extends object>(sql: string, params: unknown[]) => this.settle('export lineage', () => this.statement(sql).all(params) as R[]), options.pageSize);
  }

  /** Waits for the writes already submitted, so they are cleared too, then clears on this connection. */
  async clear(scope: ClearScope): Promise<number> {
    await this.database.writer.idle();
    return this.settle('clear lineage', () => this.clearing.clear(scope));
  }

  /** Runs several reads in one transaction, so they see one snapshot. */
  private read<T>(action: string, fn: () => T): Promise<T> {
    return this.settle(action, (db) => db.transaction(fn)());
  }

}
