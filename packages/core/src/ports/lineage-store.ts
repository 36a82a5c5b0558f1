import type {
  ClearScope,
  ComponentVertex,
  LineageGraph,
  LineageSearch,
  LineageStatistics,
  LineageWrite,
} from '@twingraph/model';

export interface TraversalOptions {
  /** How many DEPENDS_ON hops to follow. @defaultValue unlimited */
  depth?: number;
}

export interface CachedLookup {
  /** Only executions completed at or after this ISO time. */
  notBefore?: string;
}

export interface ExportOptions {
  /** Writes per yielded page. @defaultValue 500 */
  pageSize?: number;
}

/**
 * The lineage graph of DESIGN.md §4. Implementations: InMemoryLineageStore, SqliteLineageStore,
 * GremlinLineageStore. Writes arrive in batches from the engine's writer and must be idempotent per
 * vertex (re-writing a vertex replaces it), and applied in the order `write()` was called (the engine's
 * RecordWriter does not wait for one batch before handing over the next). Every query below is answered by every backend and
 * checked by the shared contract suite.
 */
export interface LineageStore {
  write(batch: readonly LineageWrite[]): Promise<void>;

  /** The pipeline vertex, its components and the edges among them. */
  getRunGraph(pipelineId: string): Promise<LineageGraph | undefined>;
  getComponent(executionId: string): Promise<ComponentVertex | undefined>;
  /** The execution and everything it depends on (transitively), up to depth hops. */
  getUpstream(executionId: string, options?: TraversalOptions): Promise<LineageGraph>;
  /** The execution and everything that depends on it, up to depth hops. */
  getDownstream(executionId: string, options?: TraversalOptions): Promise<LineageGraph>;
  /** Executions with this content hash, newest first. */
  findByHash(hash: string): Promise<ComponentVertex[]>;
  /** Most recent succeeded execution with this hash whose outputs can be reused. */
  findCached(hash: string, options?: CachedLookup): Promise<ComponentVertex | undefined>;
  /** Executions of the component with this name, newest first. */
  componentHistory(name: string, options?: { limit?: number }): Promise<ComponentVertex[]>;
  search(query: LineageSearch): Promise<ComponentVertex[]>;
  statistics(): Promise<LineageStatistics>;
  /**
   * Every vertex as the writes that recreate it, in pages: all pipelines, then every component with its
   * DEPENDS_ON and CACHED_FROM edges to vertices in the store (BELONGS_TO is the component's pipelineId).
   * Writing every page into an empty store of any backend recreates the same graph (`twingraph graph
   * export|import`). Not a snapshot: writes made while it runs may or may not be included.
   */
  exportGraph(options?: ExportOptions): AsyncIterable<LineageWrite[]>;
  /** Removes the vertices (and their edges) in scope. Returns how many vertices were removed. */
  clear(scope: ClearScope): Promise<number>;
  close(): Promise<void>;
}
