import type { ComponentVertex, DependsOnEdge, ErrorData, GitProvenance, LineageEdge, NodeStatus, PipelineVertex, Platform, RunStatus } from '@twingraph/model';
import { fromJsonColumn, toJsonColumn } from '../sqlite/json-column.js';

/** Columns of `components`, in the order of {@link componentParams}; the node_* ones hold a folded node record. */
export const COMPONENT_COLUMNS = [
  'execution_id', 'pipeline_id', 'component_order', 'name', 'hash', 'status', 'platform', 'started_at', 'completed_at',
  'inputs', 'outputs', 'attempts', 'error', 'code_hash', 'image', 'git', 'attributes',
  'node_seq', 'node_attempts', 'node_parents', 'node_cached_from',
] as const;

export const PIPELINE_COLUMNS = ['pipeline_id', 'name', 'version', 'status', 'started_at', 'completed_at', 'attributes'] as const;

export type ComponentParams = [
  string, string, number, string, string, string, string, string, string | null,
  string, string | null, number, string | null, string, string | null, string | null, string | null,
  number | null, string | null, string | null, string | null,
];

export interface ComponentRow {
  vertex_id: number;
  execution_id: string;
  pipeline_id: string;
  component_order: number;
  name: string;
  hash: string;
  status: string;
  platform: string;
  started_at: string;
  completed_at: string | null;
  inputs: string;
  outputs: string | null;
  attempts: number;
  error: string | null;
  code_hash: string;
  image: string | null;
  git: string | null;
  attributes: string | null;
}

export interface PipelineRow {
  pipeline_id: string;
  name: string;
  version: string;
  status: string;
  started_at: string;
  completed_at: string | null;
  attributes: string | null;
}

/** A DEPENDS_ON edge as queried: endpoints as execution ids. */
export interface DependsOnRow {
  child: string;
  parent: string;
  data_flow: string;
}

/** A CACHED_FROM edge as queried: endpoints as execution ids. */
export interface CachedFromRow {
  child: string;
  source: string;
}

/** Bind parameters for one component row, no node folded in: each JSON column stringified exactly once. */
export function componentParams(v: ComponentVertex): ComponentParams {
  return [
    v.executionId, v.pipelineId, v.componentOrder, v.name, v.hash, v.status, v.platform, v.startedAt, v.completedAt ?? null,
    JSON.stringify(v.inputs), toJsonColumn(v.outputs), v.attempts, toJsonColumn(v.error), v.codeHash, v.image ?? null,
    toJsonColumn(v.git), toJsonColumn(v.attributes), null, null, null, null,
  ];
}

export function pipelineParams(v: PipelineVertex): [string, string, string, string, string, string | null, string | null] {
  return [v.pipelineId, v.name, v.version, v.status, v.startedAt, v.completedAt ?? null, toJsonColumn(v.attributes)];
}

/** DEPENDS_ON data flow as stored: the edge's `data_flow` property of DESIGN.md §4. */
export function dataFlowJson(edge: DependsOnEdge): string {
  return JSON.stringify(edge.dataFlow.map((f) => ({ from_output: f.fromOutput, to_input: f.toInput })));
}

export function rowToComponent(row: ComponentRow): ComponentVertex {
  const vertex: ComponentVertex = {
    executionId: row.execution_id,
    pipelineId: row.pipeline_id,
    name: row.name,
    hash: row.hash,
    status: row.status as NodeStatus,
    platform: row.platform as Platform,
    startedAt: row.started_at,
    inputs: JSON.parse(row.inputs) as Record<string, unknown>,
    attempts: row.attempts,
    codeHash: row.code_hash,
    componentOrder: row.component_order,
  };
  if (row.completed_at !== null) vertex.completedAt = row.completed_at;
  if (row.outputs !== null) vertex.outputs = JSON.parse(row.outputs) as Record<string, unknown>;
  if (row.error !== null) vertex.error = JSON.parse(row.error) as ErrorData;
  if (row.image !== null) vertex.image = row.image;
  if (row.git !== null) vertex.git = JSON.parse(row.git) as GitProvenance;
  if (row.attributes !== null) vertex.attributes = JSON.parse(row.attributes) as Record<string, unknown>;
  return vertex;
}

export function rowToPipeline(row: PipelineRow): PipelineVertex {
  const vertex: PipelineVertex = {
    pipelineId: row.pipeline_id,
    name: row.name,
    version: row.version,
    status: row.status as RunStatus,
    startedAt: row.started_at,
  };
  if (row.completed_at !== null) vertex.completedAt = row.completed_at;
  const attributes = fromJsonColumn<Record<string, unknown>>(row.attributes);
  if (attributes !== undefined) vertex.attributes = attributes;
  return vertex;
}

export function dependsOnRowToEdge(row: DependsOnRow): LineageEdge {
  return { label: 'DEPENDS_ON', from: row.child, to: row.parent, properties: { data_flow: JSON.parse(row.data_flow) as unknown } };
}

export function cachedFromRowToEdge(row: CachedFromRow): LineageEdge {
  return { label: 'CACHED_FROM', from: row.child, to: row.source, properties: {} };
}

export function belongsToEdgeOf(vertex: ComponentVertex): LineageEdge {
  return { label: 'BELONGS_TO', from: vertex.executionId, to: vertex.pipelineId, properties: { component_order: vertex.componentOrder } };
}
