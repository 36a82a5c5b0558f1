import type { DependsOnEdge, LineageWrite } from '@twingraph/model';
import type { GremlinConnection } from './gremlin-connection.js';
import { __, P, T, type Traversal } from './gremlin-driver.js';
import { decodeComponent, decodeEdge, decodePipeline, PENDING_KEY, toRecord } from './lineage-properties.js';
import { edgeProjection, vertices } from './lineage-traversals.js';

/**
 * GremlinLineageStore.exportGraph: pages of written vertices in id order (keyset paging on the vertex id,
 * so every page is one indexed traversal), components with their DEPENDS_ON and CACHED_FROM edges to
 * written vertices. Pending vertices (edge ends never written) are not part of the graph and stay out.
 */
export async function* exportGremlinPages(connection: GremlinConnection, partition: string, pageSize: number): AsyncIterable<LineageWrite[]> {
  const size = Math.max(1, pageSize);
  for (const label of ['Pipeline', 'Component'] as const) {
    let after = '';
    for (;;) {
      const raw = await connection.run('export lineage', (g) => {
        const page = vertices(g, partition, label).has(T.id, P.gt(after)).order().by(__.id()).limit(size);
        const projected: Traversal = page.project('id', 'vertex', 'edges').by(__.id()).by(__.elementMap());
        return projected.by(edgeProjection(__.outE('DEPENDS_ON', 'CACHED_FROM').where(__.inV().hasNot(PENDING_KEY))).fold()).toList();
      });
      if (raw.length === 0) break;
      yield raw.map((item) => toWrite(label, toRecord(item)));
      after = String(toRecord(raw[raw.length - 1]).id);
      if (raw.length < size) break;
    }
  }
}

function toWrite(label: 'Pipeline' | 'Component', item: Record<string, unknown>): LineageWrite {
  if (label === 'Pipeline') return { kind: 'pipeline', vertex: decodePipeline(item.vertex) };
  const vertex = decodeComponent(item.vertex);
  const parents: DependsOnEdge[] = [];
  let cachedFrom: string | undefined;
  for (const raw of Array.isArray(item.edges) ? (item.edges as unknown[]) : []) {
    const edge = decodeEdge(raw);
    if (edge.label === 'CACHED_FROM') cachedFrom = edge.to;
    else parents.push({ child: vertex.executionId, parent: edge.to, dataFlow: (edge.properties.data_flow as Array<{ from_output: string; to_input: string }>).map((f) => ({ fromOutput: f.from_output, toInput: f.to_input })) });
  }
  // Parent order is not kept by the graph; a stable order makes exports comparable.
  parents.sort((a, b) => (a.parent < b.parent ? -1 : a.parent > b.parent ? 1 : 0));
  return { kind: 'component', vertex, parents, ...(cachedFrom === undefined ? {} : { cachedFrom }) };
}
