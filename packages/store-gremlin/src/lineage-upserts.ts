import type { ComponentVertex, DependsOnEdge, LineageWrite, PipelineVertex } from '@twingraph/model';
import { __, single, T, type Traversal, type TraversalSource } from './gremlin-driver.js';
import {
  componentProperties,
  componentVertexId,
  dataFlowProperty,
  PARTITION_KEY,
  PENDING_KEY,
  pipelineProperties,
  pipelineVertexId,
  type PropertyValue,
} from './lineage-properties.js';

/**
 * Builds one traversal that applies a chunk of lineage writes: `g.inject(0)` followed by one sideEffect()
 * per write, each an idempotent upsert (fold/coalesce/unfold, which every TinkerPop 3.x provider and
 * Neptune run; mergeV cannot remove properties a re-write leaves out). Re-writing a vertex replaces its
 * properties and its own outgoing edges; edges of other vertices pointing at it stay, as the port asks.
 */
export function writeChunk(g: TraversalSource, partition: string, chunk: readonly LineageWrite[]): Traversal {
  let t = g.inject(0);
  for (const op of chunk) {
    t = t.sideEffect(op.kind === 'pipeline' ? upsertPipeline(partition, op.vertex) : upsertComponent(partition, op.vertex, op.parents, op.cachedFrom));
  }
  return t;
}

function upsertPipeline(partition: string, vertex: PipelineVertex): Traversal {
  const t = replaceVertex(ensureVertex('Pipeline', pipelineVertexId(partition, vertex.pipelineId), partition, 'pipeline_id', vertex.pipelineId));
  return setProperties(t, partition, pipelineProperties(vertex));
}

function upsertComponent(partition: string, vertex: ComponentVertex, parents: readonly DependsOnEdge[], cachedFrom: string | undefined): Traversal {
  const pipelineId = pipelineVertexId(partition, vertex.pipelineId);
  let t = replaceVertex(ensureVertex('Component', componentVertexId(partition, vertex.executionId), partition, 'execution_id', vertex.executionId))
    .sideEffect(__.outE('DEPENDS_ON', 'BELONGS_TO', 'CACHED_FROM').drop());
  t = setProperties(t, partition, componentProperties(vertex));
  // Edge ends that are not written yet become pending vertices, so an edge never waits for its target.
  t = t
    .sideEffect(ensureVertex('Pipeline', pipelineId, partition, 'pipeline_id', vertex.pipelineId, true))
    .sideEffect(__.addE('BELONGS_TO').to(__.V(pipelineId)).property('component_order', vertex.componentOrder));
  for (const edge of parents) {
    const parentId = componentVertexId(partition, edge.parent);
    t = t
      .sideEffect(ensureVertex('Component', parentId, partition, 'execution_id', edge.parent, true))
      .sideEffect(__.addE('DEPENDS_ON').to(__.V(parentId)).property('data_flow', dataFlowProperty(edge.dataFlow)));
  }
  if (cachedFrom !== undefined) {
    const sourceId = componentVertexId(partition, cachedFrom);
    t = t
      .sideEffect(ensureVertex('Component', sourceId, partition, 'execution_id', cachedFrom, true))
      .sideEffect(__.addE('CACHED_FROM').to(__.V(sourceId)));
  }
  return t;
}

/** The vertex with this id, created (pending when `pending`) if it does not exist yet. */
function ensureVertex(label: string, id: string, partition: string, key: string, value: string, pending = false): Traversal {
  let create = __.addV(label).property(T.id, id).property(single, PARTITION_KEY, partition).property(single, key, value);
  if (pending) create = create.property(single, PENDING_KEY, true);
  return __.V(id).fold().coalesce(__.unfold(), create);
}

/** Drops every property, so fields left out of a re-write disappear instead of being merged. */
function replaceVertex(t: Traversal): Traversal {
  return t.sideEffect(__.properties().drop());
}

function setProperties(t: Traversal, partition: string, props: Array<[string, PropertyValue]>): Traversal {
  // Cardinality single: Neptune's default is `set`, which would keep the old value beside the new one.
  let out = t.property(single, PARTITION_KEY, partition);
  for (const [key, value] of props) out = out.property(single, key, value);
  return out;
}
