import type { ComponentVertex, ErrorData, GitProvenance, LineageEdge, LineageEdgeLabel, PipelineVertex } from '@twingraph/model';

/**
 * Vertex and edge properties of DESIGN.md §4 in the Gremlin graph (snake_case keys), and the decoding of
 * what the driver returns. Structured values (inputs, outputs, error, git, attributes, data_flow) are JSON
 * strings: every Gremlin provider stores strings, while nested maps and lists are not portable (Neptune
 * rejects them). Scalar attributes are also copied onto the vertex as their own properties so Gremlin
 * users can filter on them; the `attributes` JSON stays the source of truth when reading back.
 */

/** Property that scopes every vertex to one store namespace (see GremlinStoreOptions.partition). */
export const PARTITION_KEY = 'tg_partition';
/**
 * Marks a vertex created only as the end of an edge (a parent or pipeline referenced before it was
 * written). Queries ignore such vertices; writing the real vertex removes the mark and keeps its edges.
 */
export const PENDING_KEY = 'tg_pending';

const COMPONENT_KEYS = [
  'execution_id', 'pipeline_id', 'name', 'hash', 'status', 'platform', 'started_at', 'completed_at', 'inputs', 'outputs',
  'attempts', 'error', 'code_hash', 'image', 'git', 'component_order', 'attributes', PARTITION_KEY, PENDING_KEY,
] as const;
const PIPELINE_KEYS = ['pipeline_id', 'name', 'version', 'status', 'started_at', 'completed_at', 'attributes', PARTITION_KEY, PENDING_KEY] as const;
const RESERVED = new Set<string>([...COMPONENT_KEYS, ...PIPELINE_KEYS]);

export type PropertyValue = string | number | boolean;

/** Vertex ids carry the partition and the kind, so `g.V(id)` is a direct lookup and ids never collide. */
export function componentVertexId(partition: string, executionId: string): string {
  return `${partition}/c/${executionId}`;
}

export function pipelineVertexId(partition: string, pipelineId: string): string {
  return `${partition}/p/${pipelineId}`;
}

export function componentProperties(vertex: ComponentVertex): Array<[string, PropertyValue]> {
  const props: Array<[string, PropertyValue]> = [
    ['execution_id', vertex.executionId],
    ['pipeline_id', vertex.pipelineId],
    ['name', vertex.name],
    ['hash', vertex.hash],
    ['status', vertex.status],
    ['platform', vertex.platform],
    ['started_at', vertex.startedAt],
    ['inputs', JSON.stringify(vertex.inputs)],
    ['attempts', vertex.attempts],
    ['code_hash', vertex.codeHash],
    ['component_order', vertex.componentOrder],
  ];
  if (vertex.completedAt !== undefined) props.push(['completed_at', vertex.completedAt]);
  if (vertex.outputs !== undefined) props.push(['outputs', JSON.stringify(vertex.outputs)]);
  if (vertex.error !== undefined) props.push(['error', JSON.stringify(vertex.error)]);
  if (vertex.image !== undefined) props.push(['image', vertex.image]);
  if (vertex.git !== undefined) props.push(['git', JSON.stringify(vertex.git)]);
  pushAttributes(props, vertex.attributes);
  return props;
}

export function pipelineProperties(vertex: PipelineVertex): Array<[string, PropertyValue]> {
  const props: Array<[string, PropertyValue]> = [
    ['pipeline_id', vertex.pipelineId],
    ['name', vertex.name],
    ['version', vertex.version],
    ['status', vertex.status],
    ['started_at', vertex.startedAt],
  ];
  if (vertex.completedAt !== undefined) props.push(['completed_at', vertex.completedAt]);
  pushAttributes(props, vertex.attributes);
  return props;
}

function pushAttributes(props: Array<[string, PropertyValue]>, attributes: Record<string, unknown> | undefined): void {
  if (attributes === undefined) return;
  props.push(['attributes', JSON.stringify(attributes)]);
  for (const [key, value] of Object.entries(attributes)) {
    // Only scalars, and never over a schema key: a user attribute called `status` must not hide the real one.
    if (RESERVED.has(key)) continue;
    if (typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) props.push([key, value]);
  }
}

/** A vertex or edge as the driver returns it from elementMap()/valueMap()/project(): a Map or an object. */
export function toRecord(value: unknown): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  if (value instanceof Map) {
    // elementMap() also has T.id / T.label keys (EnumValue objects): only string keys are properties.
    for (const [key, entry] of value as Map<unknown, unknown>) if (typeof key === 'string') record[key] = entry;
  } else if (typeof value === 'object' && value !== null) {
    Object.assign(record, value);
  }
  return record;
}

export function decodeComponent(raw: unknown): ComponentVertex {
  const p = toRecord(raw);
  const vertex: ComponentVertex = {
    executionId: str(p.execution_id),
    pipelineId: str(p.pipeline_id),
    name: str(p.name),
    hash: str(p.hash),
    status: str(p.status) as ComponentVertex['status'],
    platform: str(p.platform) as ComponentVertex['platform'],
    startedAt: str(p.started_at),
    inputs: json<Record<string, unknown>>(p.inputs),
    attempts: Number(p.attempts),
    codeHash: str(p.code_hash),
    componentOrder: Number(p.component_order),
  };
  if (p.completed_at !== undefined) vertex.completedAt = str(p.completed_at);
  if (p.outputs !== undefined) vertex.outputs = json<Record<string, unknown>>(p.outputs);
  if (p.error !== undefined) vertex.error = json<ErrorData>(p.error);
  if (p.image !== undefined) vertex.image = str(p.image);
  if (p.git !== undefined) vertex.git = json<GitProvenance>(p.git);
  if (p.attributes !== undefined) vertex.attributes = json<Record<string, unknown>>(p.attributes);
  return vertex;
}

export function decodePipeline(raw: unknown): PipelineVertex {
  const p = toRecord(raw);
  const vertex: PipelineVertex = {
    pipelineId: str(p.pipeline_id),
    name: str(p.name),
    version: str(p.version),
    status: str(p.status) as PipelineVertex['status'],
    startedAt: str(p.started_at),
  };
  if (p.completed_at !== undefined) vertex.completedAt = str(p.completed_at);
  if (p.attributes !== undefined) vertex.attributes = json<Record<string, unknown>>(p.attributes);
  return vertex;
}

/** Decodes `project('label','from','to','props')` of an edge (see lineage-traversals.ts edgeProjection). */
export function decodeEdge(raw: unknown): LineageEdge {
  const e = toRecord(raw);
  const label = str(e.label) as LineageEdgeLabel;
  const props = toRecord(e.props);
  const properties: Record<string, unknown> = {};
  if (label === 'DEPENDS_ON') properties.data_flow = props.data_flow === undefined ? [] : json<unknown[]>(props.data_flow);
  if (label === 'BELONGS_TO') properties.component_order = Number(props.component_order);
  return { label, from: str(e.from), to: str(e.to), properties };
}

/** `data_flow` as stored on DEPENDS_ON: the schema's snake_case list, as JSON. */
export function dataFlowProperty(dataFlow: ReadonlyArray<{ fromOutput: string; toInput: string }>): string {
  return JSON.stringify(dataFlow.map((f) => ({ from_output: f.fromOutput, to_input: f.toInput })));
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : String(value);
}

function json<T>(value: unknown): T {
  return JSON.parse(str(value)) as T;
}
