import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { ERROR_CODES, TwinGraphError, type DependsOnEdge, type LineageWrite } from '@twingraph/model';
import { decodeComponent, decodePipeline, PARTITION_KEY, PENDING_KEY } from '@twingraph/store-gremlin';
import { untyped } from './graphson-values.js';

export interface GraphsonImportOptions {
  /** Only vertices with this `tg_partition` (a file of a whole Gremlin graph may hold several). @defaultValue every vertex */
  partition?: string;
  /** Writes per batch handed to the store. @defaultValue 500 */
  batchSize?: number;
}

interface VertexLine {
  id: unknown;
  label: string;
  properties: Record<string, unknown>;
  outE: Record<string, Array<{ inV: unknown; properties?: Record<string, unknown> }>>;
}

/**
 * Reads a GraphSON 3.0 adjacency-list file (typed or untyped values) of the TwinGraph schema — written by
 * `twingraph graph export` or by a Gremlin Server's `g.io(file).write()` — as batches of lineage writes.
 * Two passes over the file: the first maps vertex ids to execution / pipeline ids (edges name vertex ids),
 * the second decodes vertices with their outgoing edges. Pending vertices (edge ends never written) and
 * edges to vertices not in the file are left out, as every store leaves them out of queries.
 */
export async function* readGraphson(path: string, options: GraphsonImportOptions = {}): AsyncIterable<LineageWrite[]> {
  const batchSize = Math.max(1, options.batchSize ?? 500);
  const keys = new Map<string, string>();
  for await (const vertex of vertexLines(path, options.partition)) {
    const key = vertex.label === 'Pipeline' ? vertex.properties.pipeline_id : vertex.properties.execution_id;
    if (typeof key === 'string') keys.set(idKey(vertex.id), key);
  }
  let batch: LineageWrite[] = [];
  for await (const vertex of vertexLines(path, options.partition)) {
    batch.push(toWrite(vertex, keys));
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

async function* vertexLines(path: string, partition: string | undefined): AsyncIterable<VertexLine> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let number = 0;
  for await (const text of lines) {
    number++;
    if (text.trim() === '') continue;
    const vertex = parseLine(text, path, number);
    if (vertex === undefined) continue;
    if (vertex.properties[PENDING_KEY] === true) continue;
    if (partition !== undefined && vertex.properties[PARTITION_KEY] !== partition) continue;
    yield vertex;
  }
}

function parseLine(text: string, path: string, line: number): VertexLine | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw invalid(path, line, `not JSON (${(error as Error).message})`);
  }
  const v = raw as { id?: unknown; label?: unknown; properties?: unknown; outE?: unknown };
  if (typeof raw !== 'object' || raw === null || v.id === undefined || typeof v.label !== 'string') throw invalid(path, line, 'a vertex line needs "id" and "label"');
  if (v.label !== 'Pipeline' && v.label !== 'Component') return undefined;
  const properties: Record<string, unknown> = {};
  for (const [key, list] of Object.entries((v.properties ?? {}) as Record<string, unknown>)) {
    // Vertex properties are lists of {id, value}; the schema has single values, so the first one counts.
    const first = Array.isArray(list) ? (list[0] as { value?: unknown } | undefined) : undefined;
    if (first !== undefined) properties[key] = untyped(first.value);
  }
  const required = v.label === 'Pipeline' ? ['pipeline_id', 'name', 'version', 'status', 'started_at'] : ['execution_id', 'pipeline_id', 'name', 'hash', 'status', 'platform', 'started_at', 'inputs', 'attempts', 'code_hash', 'component_order'];
  if (properties[PENDING_KEY] !== true) {
    const missing = required.filter((key) => properties[key] === undefined);
    if (missing.length > 0) throw invalid(path, line, `the ${v.label} vertex ${JSON.stringify(untyped(v.id))} lacks ${missing.join(', ')}`);
  }
  return { id: untyped(v.id), label: v.label, properties, outE: (v.outE ?? {}) as VertexLine['outE'] };
}

function toWrite(vertex: VertexLine, keys: ReadonlyMap<string, string>): LineageWrite {
  if (vertex.label === 'Pipeline') return { kind: 'pipeline', vertex: decodePipeline(vertex.properties) };
  const component = decodeComponent(vertex.properties);
  const parents: DependsOnEdge[] = [];
  let cachedFrom: string | undefined;
  for (const edge of vertex.outE.DEPENDS_ON ?? []) {
    const parent = keys.get(idKey(untyped(edge.inV)));
    if (parent === undefined) continue;
    const dataFlow = untyped(edge.properties?.data_flow);
    const flows = (typeof dataFlow === 'string' ? JSON.parse(dataFlow) : []) as Array<{ from_output: string; to_input: string }>;
    parents.push({ child: component.executionId, parent, dataFlow: flows.map((f) => ({ fromOutput: f.from_output, toInput: f.to_input })) });
  }
  for (const edge of vertex.outE.CACHED_FROM ?? []) cachedFrom = keys.get(idKey(untyped(edge.inV))) ?? cachedFrom;
  return { kind: 'component', vertex: component, parents, ...(cachedFrom === undefined ? {} : { cachedFrom }) };
}

function idKey(id: unknown): string {
  return typeof id === 'string' ? id : JSON.stringify(id);
}

function invalid(path: string, line: number, problem: string): TwinGraphError {
  return new TwinGraphError(ERROR_CODES.VALIDATION, `${path}:${line} is not a TwinGraph GraphSON vertex line: ${problem}`, {
    category: 'user',
    hint: 'Import files written by `twingraph graph export` or by g.io(file).write() on a graph of the TwinGraph schema (GraphSON 3.0, one vertex per line).',
    details: { path, line },
  });
}
