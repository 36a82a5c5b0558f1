import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { LineageStore } from '@twingraph/core';
import type { LineageWrite } from '@twingraph/model';
import { componentProperties, componentVertexId, dataFlowProperty, PARTITION_KEY, pipelineProperties, pipelineVertexId } from '@twingraph/store-gremlin';
import { edgeId, int64, typed, type GraphsonValue } from './graphson-values.js';

export interface GraphsonExportOptions {
  /**
   * Partition of the vertex ids and `tg_partition` in the file: what GremlinLineageStore reads after a
   * Gremlin Server loads the file (`g.io(file).read()`), see docs/lineage.md.
   * @defaultValue 'twingraph'
   */
  partition?: string;
  /** Writes read from the store per page. @defaultValue 500 */
  pageSize?: number;
}

export interface TransferCounts {
  pipelines: number;
  components: number;
  edges: number;
}

interface Edge {
  label: string;
  out: string;
  in: string;
  properties: Record<string, GraphsonValue>;
}

/**
 * Writes the store's lineage as GraphSON 3.0 adjacency lists — one vertex per line with its properties and
 * its `outE` and `inE` edges — the format of TinkerPop's GraphSONWriter and `g.io('x.json').write()`,
 * which `g.io('x.json').read()` loads (it takes each edge from its in-vertex's `inE`). Two passes over the
 * store: the first collects the edges (ids and properties only), so each line can list the edges coming
 * in; vertex payloads are streamed, never all held at once.
 */
export async function exportGraphson(store: LineageStore, path: string, options: GraphsonExportOptions = {}): Promise<TransferCounts> {
  const partition = options.partition ?? 'twingraph';
  const pageSize = options.pageSize ?? 500;
  const pipelineIds = new Set<string>();
  const incoming = new Map<string, Edge[]>();
  const outgoing = (write: Extract<LineageWrite, { kind: 'component' }>): Edge[] => edgesOf(write, partition, pipelineIds);
  // exportGraph yields every pipeline before any component, so the pipeline set is complete in time.
  for await (const page of store.exportGraph({ pageSize })) {
    for (const w of page) {
      if (w.kind === 'pipeline') {
        pipelineIds.add(w.vertex.pipelineId);
        continue;
      }
      for (const edge of outgoing(w)) {
        const list = incoming.get(edge.in);
        if (list === undefined) incoming.set(edge.in, [edge]);
        else list.push(edge);
      }
    }
  }

  const counts: TransferCounts = { pipelines: 0, components: 0, edges: 0 };
  const file = createWriteStream(path, { encoding: 'utf8' });
  const failed = new Promise<never>((_, reject) => file.once('error', reject));
  let propertyId = 0;
  const write = async (line: string): Promise<void> => {
    if (!file.write(line)) await Promise.race([once(file, 'drain'), failed]);
  };
  try {
    for await (const page of store.exportGraph({ pageSize })) {
      for (const w of page) {
        const id = w.kind === 'pipeline' ? pipelineVertexId(partition, w.vertex.pipelineId) : componentVertexId(partition, w.vertex.executionId);
        const props = w.kind === 'pipeline' ? pipelineProperties(w.vertex) : componentProperties(w.vertex);
        const properties: Record<string, Array<{ id: GraphsonValue; value: GraphsonValue }>> = {};
        for (const [key, value] of [[PARTITION_KEY, partition] as const, ...props]) properties[key] = [{ id: int64(++propertyId), value: typed(value) }];
        const out = w.kind === 'component' ? outgoing(w) : [];
        const line: Record<string, unknown> = { id, label: w.kind === 'pipeline' ? 'Pipeline' : 'Component' };
        const inE = group(incoming.get(id) ?? [], (e) => ({ id: int64(edgeId(e.label, e.out, e.in)), outV: e.out, properties: e.properties }));
        const outE = group(out, (e) => ({ id: int64(edgeId(e.label, e.out, e.in)), inV: e.in, properties: e.properties }));
        if (inE !== undefined) line.inE = inE;
        if (outE !== undefined) line.outE = outE;
        line.properties = properties;
        await write(`${JSON.stringify(line)}\n`);
        counts.edges += out.length;
        if (w.kind === 'pipeline') counts.pipelines++;
        else counts.components++;
      }
    }
  } finally {
    file.end();
    await Promise.race([once(file, 'finish'), failed]);
  }
  return counts;
}

function edgesOf(write: Extract<LineageWrite, { kind: 'component' }>, partition: string, pipelineIds: ReadonlySet<string>): Edge[] {
  const self = componentVertexId(partition, write.vertex.executionId);
  const edges: Edge[] = [];
  // A component whose pipeline vertex is not in the store has no BELONGS_TO edge to export.
  if (pipelineIds.has(write.vertex.pipelineId)) {
    edges.push({ label: 'BELONGS_TO', out: self, in: pipelineVertexId(partition, write.vertex.pipelineId), properties: { component_order: typed(write.vertex.componentOrder) } });
  }
  for (const parent of write.parents) {
    edges.push({ label: 'DEPENDS_ON', out: self, in: componentVertexId(partition, parent.parent), properties: { data_flow: dataFlowProperty(parent.dataFlow) } });
  }
  if (write.cachedFrom !== undefined) edges.push({ label: 'CACHED_FROM', out: self, in: componentVertexId(partition, write.cachedFrom), properties: {} });
  return edges;
}

function group<T>(edges: readonly Edge[], entry: (e: Edge) => T): Record<string, T[]> | undefined {
  if (edges.length === 0) return undefined;
  const byLabel: Record<string, T[]> = {};
  for (const e of edges) (byLabel[e.label] ??= []).push(entry(e));
  return byLabel;
}
