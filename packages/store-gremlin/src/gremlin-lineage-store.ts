import type { CachedLookup, ExportOptions, LineageStore, TraversalOptions } from '@twingraph/core';
import { sortNewestFirst } from '@twingraph/core';
import type { ClearScope, ComponentVertex, LineageGraph, LineageSearch, LineageStatistics, LineageWrite } from '@twingraph/model';
import { GremlinConnection } from './gremlin-connection.js';
import { __, P } from './gremlin-driver.js';
import { resolveGremlinStoreOptions, type GremlinStoreOptions, type ResolvedGremlinStoreOptions } from './gremlin-store-options.js';
import {
  componentVertexId,
  decodeComponent,
  decodeEdge,
  decodePipeline,
  PARTITION_KEY,
  PENDING_KEY,
  pipelineVertexId,
  toRecord,
} from './lineage-properties.js';
import { newestFirst, runGraph, searchComponents, statistics, vertices, walk } from './lineage-traversals.js';
import { writeChunk } from './lineage-upserts.js';
import { exportGremlinPages } from './lineage-export.js';
import { runReadOnlyQuery, type ReadOnlyQueryOptions, type ReadOnlyQueryResult } from './query/read-only-query.js';
import { chunkWrites } from './write-chunks.js';

/**
 * LineageStore on an Apache TinkerPop Gremlin Server (TinkerGraph, Amazon Neptune) with the schema of
 * DESIGN.md §4: `Pipeline` and `Component` vertices, `DEPENDS_ON`, `BELONGS_TO` and `CACHED_FROM` edges,
 * snake_case properties. Writes go in chunks of `batchSize` upserts per traversal over one connection;
 * every query is a traversal answered on the server. See docs/lineage.md "Gremlin / Neptune".
 */
export class GremlinLineageStore implements LineageStore {
  private readonly options: ResolvedGremlinStoreOptions;
  private readonly connection: GremlinConnection;
  /** Writes waiting for the one in flight; sent together as soon as it is done (group commit). */
  private queued: { ops: LineageWrite[]; waiters: Array<{ resolve: () => void; reject: (error: unknown) => void }> } | undefined;
  /** The group being written, if any. */
  private inFlight: Promise<void> | undefined;

  constructor(options: GremlinStoreOptions) {
    this.options = resolveGremlinStoreOptions(options);
    this.connection = new GremlinConnection(this.options);
  }

  /** The WebSocket URL the store talks to. */
  get url(): string {
    return this.connection.url;
  }

  private get partition(): string {
    return this.options.partition;
  }

  /**
   * Writes apply one group at a time, in call order, even when callers do not wait for each other: a
   * later write may re-write a vertex an earlier one wrote (running → succeeded), and TinkerGraph does not
   * survive two traversals adding edges to the same vertex at once. Calls that arrive while a group is
   * being written are merged into the next group, so a stream of small batches (one per finished
   * component) costs few round trips. Each call resolves once its own writes are stored.
   */
  write(batch: readonly LineageWrite[]): Promise<void> {
    if (batch.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.queued ??= { ops: [], waiters: [] };
      for (const op of batch) this.queued.ops.push(op);
      this.queued.waiters.push({ resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    if (this.inFlight !== undefined || this.queued === undefined) return;
    const group = this.queued;
    this.queued = undefined;
    this.inFlight = this.writeNow(group.ops).then(
      () => group.waiters.forEach((w) => w.resolve()),
      (error: unknown) => group.waiters.forEach((w) => w.reject(error)),
    );
    void this.inFlight.finally(() => {
      this.inFlight = undefined;
      this.pump();
    });
  }

  /**
   * Sends the chunks of a group, up to `maxInFlight` at once on the connection (1: one after another).
   * A failed chunk fails the group after the chunks already sent have settled.
   */
  private async writeNow(batch: readonly LineageWrite[]): Promise<void> {
    const inFlight = new Set<Promise<unknown>>();
    let failure: { error: unknown } | undefined;
    for (const chunk of chunkWrites(batch, this.options.batchSize, this.options.maxChunkChars)) {
      while (inFlight.size >= this.options.maxInFlight) await Promise.race(inFlight);
      if (failure !== undefined) break;
      const request: Promise<unknown> = this.connection
        .run('write lineage', (g) => writeChunk(g, this.partition, chunk).toList())
        .catch((error: unknown) => (failure ??= { error }))
        .finally(() => inFlight.delete(request));
      inFlight.add(request);
    }
    await Promise.all(inFlight);
    if (failure !== undefined) throw failure.error;
  }

  async getRunGraph(pipelineId: string): Promise<LineageGraph | undefined> {
    const [raw] = await this.connection.run('read a run graph', (g) => runGraph(g, pipelineVertexId(this.partition, pipelineId)).toList());
    if (raw === undefined) return undefined;
    const answer = toRecord(raw);
    const components = list(answer.components).map(decodeComponent).sort((a, b) => a.componentOrder - b.componentOrder);
    return { pipelines: [decodePipeline(answer.pipeline)], components, edges: list(answer.edges).map(decodeEdge) };
  }

  async getComponent(executionId: string): Promise<ComponentVertex | undefined> {
    const [raw] = await this.connection.run('read a component', (g) =>
      g.V(componentVertexId(this.partition, executionId)).hasLabel('Component').hasNot(PENDING_KEY).elementMap().toList(),
    );
    return raw === undefined ? undefined : decodeComponent(raw);
  }

  getUpstream(executionId: string, options: TraversalOptions = {}): Promise<LineageGraph> {
    return this.walk(executionId, 'out', options.depth);
  }

  getDownstream(executionId: string, options: TraversalOptions = {}): Promise<LineageGraph> {
    return this.walk(executionId, 'in', options.depth);
  }

  private async walk(executionId: string, direction: 'out' | 'in', depth: number | undefined): Promise<LineageGraph> {
    const [raw] = await this.connection.run('walk the lineage', (g) => walk(g, componentVertexId(this.partition, executionId), direction, depth).toList());
    const answer = toRecord(raw);
    const components = list(answer.components).map(decodeComponent);
    if (components.length === 0) return { pipelines: [], components: [], edges: [] };
    return { pipelines: list(answer.pipelines).map(decodePipeline), components, edges: list(answer.edges).map(decodeEdge) };
  }

  async findByHash(hash: string): Promise<ComponentVertex[]> {
    const raw = await this.connection.run('find executions by hash', (g) => vertices(g, this.partition, 'Component').has('hash', hash).elementMap().toList());
    return sortNewestFirst(raw.map(decodeComponent));
  }

  async findCached(hash: string, options: CachedLookup = {}): Promise<ComponentVertex | undefined> {
    const [raw] = await this.connection.run('look up the cache', (g) => {
      let t = vertices(g, this.partition, 'Component').has('hash', hash).has('status', P.within('succeeded', 'cached')).has('outputs');
      if (options.notBefore !== undefined) t = t.where(__.coalesce(__.values('completed_at'), __.values('started_at')).is(P.gte(options.notBefore)));
      return newestFirst(t).limit(1).elementMap().toList();
    });
    return raw === undefined ? undefined : decodeComponent(raw);
  }

  componentHistory(name: string, options: { limit?: number } = {}): Promise<ComponentVertex[]> {
    return this.search({ name, limit: options.limit ?? 100 });
  }

  async search(query: LineageSearch): Promise<ComponentVertex[]> {
    const raw = await this.connection.run('search the lineage', (g) => searchComponents(g, this.partition, query).toList());
    return raw.map(decodeComponent);
  }

  async statistics(): Promise<LineageStatistics> {
    const [raw] = await this.connection.run('count the lineage', (g) => statistics(g, this.partition).toList());
    const answer = toRecord(raw);
    const labels = counts(answer.labels);
    const edges = counts(answer.edges);
    const edgesByLabel = { DEPENDS_ON: edges.DEPENDS_ON ?? 0, BELONGS_TO: edges.BELONGS_TO ?? 0, CACHED_FROM: edges.CACHED_FROM ?? 0 };
    const pipelines = labels.Pipeline ?? 0;
    const components = labels.Component ?? 0;
    return {
      vertices: pipelines + components,
      edges: edgesByLabel.DEPENDS_ON + edgesByLabel.BELONGS_TO + edgesByLabel.CACHED_FROM,
      pipelines,
      components,
      edgesByLabel,
      byPlatform: counts(answer.platforms),
      byStatus: counts(answer.statuses),
    };
  }

  async clear(scope: ClearScope): Promise<number> {
    let removed = 0;
    if ('all' in scope) {
      const [count] = await this.connection.run('clear the lineage', (g) => g.V().has(PARTITION_KEY, this.partition).hasNot(PENDING_KEY).count().toList());
      await this.connection.run('clear the lineage', (g) => g.V().has(PARTITION_KEY, this.partition).drop().toList());
      return Number(count ?? 0);
    }
    const pipelineIds = 'pipelineId' in scope ? [scope.pipelineId] : await this.pipelinesNamed(scope.pipelineName, scope.exceptPipelineId);
    for (const pipelineId of pipelineIds) removed += await this.clearPipeline(pipelineId);
    if (pipelineIds.length > 0) {
      // Pending vertices nothing points at any more (parents referenced only by what was just cleared).
      await this.connection.run('clear the lineage', (g) =>
        g.V().has(PARTITION_KEY, this.partition).has(PENDING_KEY, true).not(__.inE()).drop().toList(),
      );
    }
    return removed;
  }

  private async pipelinesNamed(name: string, except: string | undefined): Promise<string[]> {
    const raw = await this.connection.run('find pipelines to clear', (g) => {
      let t = vertices(g, this.partition, 'Pipeline').has('name', name);
      if (except !== undefined) t = t.has('pipeline_id', P.neq(except));
      return t.values('pipeline_id').toList();
    });
    return raw.map(String);
  }

  /** Drops the pipeline vertex and its components (with every edge touching them); counts written ones. */
  private async clearPipeline(pipelineId: string): Promise<number> {
    const id = pipelineVertexId(this.partition, pipelineId);
    const [count] = await this.connection.run('clear a pipeline', (g) => g.V(id).union(__.hasNot(PENDING_KEY), __.in_('BELONGS_TO')).count().toList());
    await this.connection.run('clear a pipeline', (g) => g.V(id).union(__.in_('BELONGS_TO'), __.identity()).drop().toList());
    return Number(count ?? 0);
  }

  /** Pages of the partition's graph (lineage-export.ts), after the writes already queued. */
  async *exportGraph(options: ExportOptions = {}): AsyncIterable<LineageWrite[]> {
    while (this.inFlight !== undefined) await this.inFlight;
    yield* exportGremlinPages(this.connection, this.partition, options.pageSize ?? 500);
  }

  /** The raw query language this store answers (see queryReadOnly); the server checks it to offer POST /api/graph/query. */
  readonly queryLanguage = 'gremlin' as const;

  /**
   * Runs one read-only Gremlin traversal given as text (`g.V().hasLabel('Component').limit(5)`), inside this
   * store's partition, with a server-side timeout and a result cap. Mutating steps, lambdas and anything
   * but a `g.` step chain with literal arguments fail with ERR_GRAPH_QUERY_REFUSED before reaching the server.
   */
  queryReadOnly(gremlin: string, options: ReadOnlyQueryOptions = {}): Promise<ReadOnlyQueryResult> {
    return runReadOnlyQuery(this.connection, this.partition, gremlin, options);
  }

  /** Waits for the writes already queued, then closes the connection. */
  async close(): Promise<void> {
    while (this.inFlight !== undefined) await this.inFlight;
    await this.connection.close();
  }
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [];
}

function counts(value: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, n] of Object.entries(toRecord(value))) out[key] = Number(n);
  return out;
}
