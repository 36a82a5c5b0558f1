import type { ErrorData } from '../errors/twingraph-error.js';
import type { NodeStatus, Platform, RunStatus } from './status.js';

/** Commit and per-line blame of a component's source, recorded when `git: true`. */
export interface GitProvenance {
  commit?: string;
  file: string;
  /** 1-based inclusive line range of the component's source. */
  startLine: number;
  endLine: number;
  lines: Array<{ line: number; commit: string; author: string; authorMail?: string; date: string; text?: string }>;
  /** Set when git was not usable; the run still proceeds. */
  error?: string;
}

/** `Pipeline` vertex: one per run (pipeline_id = run id). */
export interface PipelineVertex {
  pipelineId: string;
  name: string;
  /** Hash of the pipeline definition (code or document). */
  version: string;
  status: RunStatus;
  startedAt: string;
  completedAt?: string;
  attributes?: Record<string, unknown>;
}

/** `Component` vertex: one per component execution (cached hits included). */
export interface ComponentVertex {
  executionId: string;
  pipelineId: string;
  name: string;
  hash: string;
  status: NodeStatus;
  platform: Platform;
  startedAt: string;
  completedAt?: string;
  inputs: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  attempts: number;
  error?: ErrorData;
  codeHash: string;
  image?: string;
  git?: GitProvenance;
  /** Position among the run's components, in start order (BELONGS_TO.component_order). */
  componentOrder: number;
  /** additionalAttributes and labels, flattened onto the vertex by graph backends. */
  attributes?: Record<string, unknown>;
}

export interface DataFlow {
  fromOutput: string;
  toInput: string;
}

/** `DEPENDS_ON` edge, child → parent. */
export interface DependsOnEdge {
  child: string;
  parent: string;
  dataFlow: DataFlow[];
}

/** One unit written to a LineageStore; writes are batched. Re-writing a vertex replaces it. */
export type LineageWrite =
  | { kind: 'pipeline'; vertex: PipelineVertex }
  | { kind: 'component'; vertex: ComponentVertex; parents: DependsOnEdge[]; cachedFrom?: string };

export type LineageEdgeLabel = 'DEPENDS_ON' | 'BELONGS_TO' | 'CACHED_FROM';

export interface LineageEdge {
  label: LineageEdgeLabel;
  /** executionId of the child (DEPENDS_ON, CACHED_FROM) or component (BELONGS_TO). */
  from: string;
  /** executionId of the parent, cached source, or pipelineId. */
  to: string;
  properties: Record<string, unknown>;
}

/** A subgraph answer: the vertices found and the edges among them. */
export interface LineageGraph {
  pipelines: PipelineVertex[];
  components: ComponentVertex[];
  edges: LineageEdge[];
}

export interface LineageSearch {
  name?: string;
  platform?: Platform;
  status?: NodeStatus;
  /** ISO time; executions started at or after it. */
  startTime?: string;
  /** ISO time; executions started at or before it. */
  endTime?: string;
  pipelineId?: string;
  /** @defaultValue 100 */
  limit?: number;
}

export interface LineageStatistics {
  vertices: number;
  edges: number;
  pipelines: number;
  components: number;
  edgesByLabel: Record<LineageEdgeLabel, number>;
  byPlatform: Record<string, number>;
  byStatus: Record<string, number>;
}

/** Which part of the graph to clear. Nothing is cleared unless asked. */
export type ClearScope = { all: true } | { pipelineName: string; exceptPipelineId?: string } | { pipelineId: string };
