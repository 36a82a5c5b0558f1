import type {
  ClearScope,
  ComponentVertex,
  DependsOnEdge,
  LineageEdge,
  LineageGraph,
  LineageSearch,
  LineageStatistics,
  LineageWrite,
  PipelineVertex,
} from '@twingraph/model';
import type { CachedLookup, ExportOptions, LineageStore, TraversalOptions } from '../ports/lineage-store.js';
import { belongsToEdge, sortNewestFirst, uniquePipelines, walkDependsOn } from './graph-traversal.js';

/** Lineage kept in this process; gone when it exits. The engine's default when no store is configured. */
export class InMemoryLineageStore implements LineageStore {
  private readonly pipelines = new Map<string, PipelineVertex>();
  private readonly components = new Map<string, ComponentVertex>();
  private readonly parentsOf = new Map<string, DependsOnEdge[]>();
  private readonly childrenOf = new Map<string, DependsOnEdge[]>();
  private readonly cachedFrom = new Map<string, string>();
  /** CACHED_FROM reversed (source → executions that reused it), so removing a source drops its edges. */
  private readonly cachedBy = new Map<string, Set<string>>();
  private readonly byHash = new Map<string, Set<string>>();
  private readonly byPipeline = new Map<string, Set<string>>();

  write(batch: readonly LineageWrite[]): Promise<void> {
    for (const op of batch) {
      if (op.kind === 'pipeline') this.pipelines.set(op.vertex.pipelineId, { ...op.vertex });
      else this.writeComponent(op.vertex, op.parents, op.cachedFrom);
    }
    return Promise.resolve();
  }

  private writeComponent(vertex: ComponentVertex, parents: DependsOnEdge[], cachedFrom: string | undefined): void {
    const id = vertex.executionId;
    const previous = this.components.get(id);
    if (previous !== undefined) {
      // Re-writing replaces the vertex and its own (outgoing) edges; children's edges to it stay.
      this.byHash.get(previous.hash)?.delete(id);
      this.byPipeline.get(previous.pipelineId)?.delete(id);
      this.removeOutgoing(id);
    }
    this.components.set(id, vertex);
    this.indexAdd(this.byHash, vertex.hash, id);
    this.indexAdd(this.byPipeline, vertex.pipelineId, id);
    if (parents.length > 0) this.parentsOf.set(id, parents);
    for (const edge of parents) {
      const list = this.childrenOf.get(edge.parent);
      if (list === undefined) this.childrenOf.set(edge.parent, [edge]);
      else list.push(edge);
    }
    if (cachedFrom !== undefined) {
      this.cachedFrom.set(id, cachedFrom);
      this.indexAdd(this.cachedBy, cachedFrom, id);
    }
  }

  /** Drops the vertex's DEPENDS_ON edges to its parents and its CACHED_FROM edge. */
  private removeOutgoing(id: string): void {
    for (const edge of this.parentsOf.get(id) ?? []) {
      const siblings = this.childrenOf.get(edge.parent);
      if (siblings !== undefined) this.childrenOf.set(edge.parent, siblings.filter((e) => e.child !== id));
    }
    this.parentsOf.delete(id);
    const source = this.cachedFrom.get(id);
    if (source !== undefined) {
      this.cachedBy.get(source)?.delete(id);
      this.cachedFrom.delete(id);
    }
  }

  /** Drops the vertex and every edge touching it, as a graph database drops a vertex. */
  private removeComponent(id: string): void {
    const vertex = this.components.get(id);
    if (vertex === undefined) return;
    this.components.delete(id);
    this.byHash.get(vertex.hash)?.delete(id);
    this.byPipeline.get(vertex.pipelineId)?.delete(id);
    this.removeOutgoing(id);
    for (const edge of this.childrenOf.get(id) ?? []) {
      const list = this.parentsOf.get(edge.child);
      if (list !== undefined) this.parentsOf.set(edge.child, list.filter((e) => e.parent !== id));
    }
    this.childrenOf.delete(id);
    for (const child of this.cachedBy.get(id) ?? []) this.cachedFrom.delete(child);
    this.cachedBy.delete(id);
  }

  private indexAdd(index: Map<string, Set<string>>, key: string, id: string): void {
    const set = index.get(key);
    if (set === undefined) index.set(key, new Set([id]));
    else set.add(id);
  }

  getRunGraph(pipelineId: string): Promise<LineageGraph | undefined> {
    const pipeline = this.pipelines.get(pipelineId);
    if (pipeline === undefined) return Promise.resolve(undefined);
    const ids = [...(this.byPipeline.get(pipelineId) ?? [])];
    const components = ids.map((id) => this.components.get(id)!).sort((a, b) => a.componentOrder - b.componentOrder);
    const inRun = new Set(ids);
    const edges: LineageEdge[] = [];
    for (const vertex of components) {
      edges.push(belongsToEdge(vertex));
      for (const edge of this.parentsOf.get(vertex.executionId) ?? []) edges.push(dependsOnEdge(edge));
      const source = this.cachedFrom.get(vertex.executionId);
      if (source !== undefined) edges.push({ label: 'CACHED_FROM', from: vertex.executionId, to: source, properties: {} });
    }
    return Promise.resolve({ pipelines: [pipeline], components, edges: edges.filter((e) => e.label !== 'DEPENDS_ON' || inRun.has(e.to) || this.components.has(e.to)) });
  }

  async *exportGraph(options: ExportOptions = {}): AsyncIterable<LineageWrite[]> {
    const size = Math.max(1, options.pageSize ?? 500);
    const writes: LineageWrite[] = [...this.pipelines.values()].map((vertex) => ({ kind: 'pipeline', vertex: { ...vertex } }));
    for (const vertex of this.components.values()) {
      const parents = (this.parentsOf.get(vertex.executionId) ?? []).filter((e) => this.components.has(e.parent));
      const source = this.cachedFrom.get(vertex.executionId);
      writes.push({ kind: 'component', vertex: { ...vertex }, parents, ...(source !== undefined && this.components.has(source) ? { cachedFrom: source } : {}) });
    }
    for (let i = 0; i < writes.length; i += size) yield await Promise.resolve(writes.slice(i, i + size));
  }

  getComponent(executionId: string): Promise<ComponentVertex | undefined> {
    return Promise.resolve(this.components.get(executionId));
  }

  getUpstream(executionId: string, options: TraversalOptions = {}): Promise<LineageGraph> {
    return Promise.resolve(
      this.traverse(executionId, options, (id) =>
        (this.parentsOf.get(id) ?? []).map((edge) => ({ id: edge.parent, edge: dependsOnEdge(edge) })),
      ),
    );
  }

  getDownstream(executionId: string, options: TraversalOptions = {}): Promise<LineageGraph> {
    return Promise.resolve(
      this.traverse(executionId, options, (id) =>
        (this.childrenOf.get(id) ?? []).map((edge) => ({ id: edge.child, edge: dependsOnEdge(edge) })),
      ),
    );
  }

  private traverse(
    start: string,
    options: TraversalOptions,
    neighbours: (id: string) => Array<{ id: string; edge: LineageEdge }>,
  ): LineageGraph {
    if (!this.components.has(start)) return { pipelines: [], components: [], edges: [] };
    const { ids, edges } = walkDependsOn(start, options.depth, neighbours);
    const components = ids.map((id) => this.components.get(id)).filter((v): v is ComponentVertex => v !== undefined);
    return { pipelines: uniquePipelines(components.map((c) => this.pipelines.get(c.pipelineId))), components, edges };
  }

  findByHash(hash: string): Promise<ComponentVertex[]> {
    return Promise.resolve(sortNewestFirst([...(this.byHash.get(hash) ?? [])].map((id) => this.components.get(id)!)));
  }

  async findCached(hash: string, options: CachedLookup = {}): Promise<ComponentVertex | undefined> {
    const candidates = await this.findByHash(hash);
    return candidates.find(
      (v) => (v.status === 'succeeded' || v.status === 'cached') && v.outputs !== undefined &&
        (options.notBefore === undefined || (v.completedAt ?? v.startedAt) >= options.notBefore),
    );
  }

  componentHistory(name: string, options: { limit?: number } = {}): Promise<ComponentVertex[]> {
    return this.search({ name, limit: options.limit ?? 100 });
  }

  search(query: LineageSearch): Promise<ComponentVertex[]> {
    const matches: ComponentVertex[] = [];
    for (const v of this.components.values()) {
      if (query.name !== undefined && v.name !== query.name) continue;
      if (query.platform !== undefined && v.platform !== query.platform) continue;
      if (query.status !== undefined && v.status !== query.status) continue;
      if (query.pipelineId !== undefined && v.pipelineId !== query.pipelineId) continue;
      if (query.startTime !== undefined && v.startedAt < query.startTime) continue;
      if (query.endTime !== undefined && v.startedAt > query.endTime) continue;
      matches.push(v);
    }
    return Promise.resolve(sortNewestFirst(matches).slice(0, query.limit ?? 100));
  }

  statistics(): Promise<LineageStatistics> {
    const byPlatform: Record<string, number> = {};
    const byStatus: Record<string, number> = {};
    for (const v of this.components.values()) {
      byPlatform[v.platform] = (byPlatform[v.platform] ?? 0) + 1;
      byStatus[v.status] = (byStatus[v.status] ?? 0) + 1;
    }
    let dependsOn = 0;
    for (const list of this.parentsOf.values()) dependsOn += list.length;
    const belongsTo = this.components.size;
    const cached = this.cachedFrom.size;
    return Promise.resolve({
      vertices: this.pipelines.size + this.components.size,
      edges: dependsOn + belongsTo + cached,
      pipelines: this.pipelines.size,
      components: this.components.size,
      edgesByLabel: { DEPENDS_ON: dependsOn, BELONGS_TO: belongsTo, CACHED_FROM: cached },
      byPlatform,
      byStatus,
    });
  }

  clear(scope: ClearScope): Promise<number> {
    const pipelineIds: string[] = [];
    if ('all' in scope) pipelineIds.push(...this.pipelines.keys());
    else if ('pipelineId' in scope) pipelineIds.push(scope.pipelineId);
    else {
      for (const p of this.pipelines.values()) {
        if (p.name === scope.pipelineName && p.pipelineId !== scope.exceptPipelineId) pipelineIds.push(p.pipelineId);
      }
    }
    let removed = 0;
    for (const pipelineId of pipelineIds) {
      for (const id of [...(this.byPipeline.get(pipelineId) ?? [])]) {
        this.removeComponent(id);
        removed++;
      }
      this.byPipeline.delete(pipelineId);
      if (this.pipelines.delete(pipelineId)) removed++;
    }
    return Promise.resolve(removed);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

function dependsOnEdge(edge: DependsOnEdge): LineageEdge {
  return {
    label: 'DEPENDS_ON',
    from: edge.child,
    to: edge.parent,
    properties: { data_flow: edge.dataFlow.map((f) => ({ from_output: f.fromOutput, to_input: f.toInput })) },
  };
}
