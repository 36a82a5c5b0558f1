import type { LineageSearch } from '@twingraph/model';
import { __, order, P, type Traversal, type TraversalSource } from './gremlin-driver.js';
import { PARTITION_KEY, PENDING_KEY } from './lineage-properties.js';

/**
 * The read traversals of GremlinLineageStore. All filtering, ordering, limits and walks run on the server;
 * only the answer travels to Node.
 */

/** Written (not pending) vertices of one label in the partition. */
export function vertices(g: TraversalSource, partition: string, label: 'Component' | 'Pipeline'): Traversal {
  return g.V().has(label, PARTITION_KEY, partition).hasNot(PENDING_KEY);
}

/** An edge as `{label, from, to, props}`; `from`/`to` are execution ids (or the pipeline id). */
export function edgeProjection(t: Traversal): Traversal {
  return t
    .project('label', 'from', 'to', 'props')
    .by(__.label())
    .by(__.outV().values('execution_id'))
    .by(__.inV().coalesce(__.values('execution_id'), __.values('pipeline_id')))
    .by(__.valueMap());
}

/** Pipeline vertex, its components and their outgoing edges (to written vertices only). */
export function runGraph(g: TraversalSource, pipelineVertexId: string): Traversal {
  return g
    .V(pipelineVertexId)
    .hasNot(PENDING_KEY)
    .project('pipeline', 'components', 'edges')
    .by(__.elementMap())
    .by(__.in_('BELONGS_TO').elementMap().fold())
    .by(edgeProjection(__.in_('BELONGS_TO').outE('DEPENDS_ON', 'BELONGS_TO', 'CACHED_FROM').where(__.inV().hasNot(PENDING_KEY))).fold());
}

/**
 * Breadth-first walk over DEPENDS_ON (`out` = upstream, `in` = downstream) from one component, at most
 * `depth` hops. `aggregate` is a barrier, so each repeat() round is one BFS level, and `seen` keeps a
 * vertex from being expanded twice (wide fan-in stays linear). `expanded` holds the vertices whose edges
 * belong to the answer: those closer than `depth`. Answers `{components, edges, pipelines}`.
 */
export function walk(g: TraversalSource, startId: string, direction: 'out' | 'in', depth: number | undefined): Traversal {
  const hop = (t: Traversal): Traversal => (direction === 'out' ? t.out('DEPENDS_ON') : t.in_('DEPENDS_ON'));
  const edgesOf = (t: Traversal): Traversal => (direction === 'out' ? t.outE('DEPENDS_ON').where(__.inV().hasNot(PENDING_KEY)) : t.inE('DEPENDS_ON'));
  let t = g.V(startId).hasLabel('Component').hasNot(PENDING_KEY).aggregate('seen');
  const walks = depth === undefined || depth > 0;
  if (walks) {
    t = t.repeat(hop(__.aggregate('expanded')).hasNot(PENDING_KEY).where(P.without('seen')).dedup().aggregate('seen'));
    if (depth !== undefined) t = t.times(depth);
  }
  return t
    .fold()
    .project('components', 'edges', 'pipelines')
    .by(__.cap('seen').unfold().elementMap().fold())
    // Without a repeat() there is no `expanded` side effect, and depth 0 has no edges anyway.
    .by(walks ? edgeProjection(edgesOf(__.cap('expanded').unfold())).fold() : __.limit(0).fold())
    .by(__.cap('seen').unfold().out('BELONGS_TO').hasNot(PENDING_KEY).dedup().elementMap().fold());
}

/** Components matching a search, newest first (started_at, then component_order), limited. */
export function searchComponents(g: TraversalSource, partition: string, query: LineageSearch): Traversal {
  let t = vertices(g, partition, 'Component');
  if (query.name !== undefined) t = t.has('name', query.name);
  if (query.platform !== undefined) t = t.has('platform', query.platform);
  if (query.status !== undefined) t = t.has('status', query.status);
  if (query.pipelineId !== undefined) t = t.has('pipeline_id', query.pipelineId);
  if (query.startTime !== undefined) t = t.has('started_at', P.gte(query.startTime));
  if (query.endTime !== undefined) t = t.has('started_at', P.lte(query.endTime));
  return newestFirst(t).limit(query.limit ?? 100).elementMap();
}

export function newestFirst(t: Traversal): Traversal {
  return t.order().by('started_at', order.desc).by('component_order', order.desc);
}

/** Counts of written vertices by label, components by platform and status, and edges by label. */
export function statistics(g: TraversalSource, partition: string): Traversal {
  return g
    .V()
    .has(PARTITION_KEY, partition)
    .hasNot(PENDING_KEY)
    .fold()
    .project('labels', 'platforms', 'statuses', 'edges')
    .by(__.unfold().groupCount().by(__.label()))
    .by(__.unfold().hasLabel('Component').groupCount().by('platform'))
    .by(__.unfold().hasLabel('Component').groupCount().by('status'))
    .by(__.unfold().outE().groupCount().by(__.label()));
}
