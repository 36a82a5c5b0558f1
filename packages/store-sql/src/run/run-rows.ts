import type { AttemptRecord, ErrorData, LogRecord, NodeRecord, NodeStatus, Platform, RunRecord, RunStatus } from '@twingraph/model';
import { fromJsonColumn, toJsonColumn } from '../sqlite/json-column.js';

export const RUN_COLUMNS = ['run_id', 'pipeline', 'version', 'status', 'started_at', 'completed_at', 'source', 'inputs', 'result', 'error', 'labels'] as const;

export const NODE_COLUMNS = [
  'execution_id', 'run_id', 'name', 'hash', 'platform', 'status', 'parents', 'inputs', 'outputs', 'error', 'attempts',
  'started_at', 'completed_at', 'cached_from',
] as const;

/** Columns of `logs` bound by logParams; seq is bound after them. */
export const LOG_COLUMNS = ['run_id', 'execution_id', 'stream', 'line', 'at'] as const;

export interface RunRow {
  run_id: string;
  pipeline: string;
  version: string;
  status: string;
  started_at: string;
  completed_at: string | null;
  source: string | null;
  inputs: string | null;
  result: string | null;
  error: string | null;
  labels: string | null;
}

export interface NodeRow {
  execution_id: string;
  run_id: string;
  name: string;
  hash: string;
  platform: string;
  status: string;
  parents: string;
  inputs: string | null;
  outputs: string | null;
  error: string | null;
  attempts: string;
  started_at: string | null;
  completed_at: string | null;
  cached_from: string | null;
  node_seq: number;
}

export interface LogRow {
  run_id: string;
  seq: number;
  execution_id: string;
  stream: string;
  line: string;
  at: string;
}

export function runParams(r: RunRecord): unknown[] {
  return [
    r.runId, r.pipeline, r.version, r.status, r.startedAt, r.completedAt ?? null, r.source ?? null,
    toJsonColumn(r.inputs), toJsonColumn(r.result), toJsonColumn(r.error), toJsonColumn(r.labels),
  ];
}

export function nodeParams(n: NodeRecord): unknown[] {
  return [
    n.executionId, n.runId, n.name, n.hash, n.platform, n.status, JSON.stringify(n.parents), toJsonColumn(n.inputs),
    toJsonColumn(n.outputs), toJsonColumn(n.error), JSON.stringify(n.attempts), n.startedAt ?? null, n.completedAt ?? null,
    n.cachedFrom ?? null,
  ];
}

export function logParams(l: LogRecord): unknown[] {
  return [l.runId, l.executionId, l.stream, l.line, l.at];
}

export function rowToRun(row: RunRow): RunRecord {
  const run: RunRecord = {
    runId: row.run_id,
    pipeline: row.pipeline,
    version: row.version,
    status: row.status as RunStatus,
    startedAt: row.started_at,
  };
  if (row.completed_at !== null) run.completedAt = row.completed_at;
  if (row.source !== null) run.source = row.source;
  if (row.inputs !== null) run.inputs = JSON.parse(row.inputs) as unknown;
  if (row.result !== null) run.result = JSON.parse(row.result) as unknown;
  if (row.error !== null) run.error = JSON.parse(row.error) as ErrorData;
  const labels = fromJsonColumn<Record<string, string>>(row.labels);
  if (labels !== undefined) run.labels = labels;
  return run;
}

export function rowToNode(row: NodeRow): NodeRecord {
  const node: NodeRecord = {
    executionId: row.execution_id,
    runId: row.run_id,
    name: row.name,
    hash: row.hash,
    platform: row.platform as Platform,
    status: row.status as NodeStatus,
    parents: JSON.parse(row.parents) as string[],
    attempts: JSON.parse(row.attempts) as AttemptRecord[],
  };
  if (row.inputs !== null) node.inputs = JSON.parse(row.inputs) as Record<string, unknown>;
  if (row.outputs !== null) node.outputs = JSON.parse(row.outputs) as Record<string, unknown>;
  if (row.error !== null) node.error = JSON.parse(row.error) as ErrorData;
  if (row.started_at !== null) node.startedAt = row.started_at;
  if (row.completed_at !== null) node.completedAt = row.completed_at;
  if (row.cached_from !== null) node.cachedFrom = row.cached_from;
  return node;
}

export function rowToLog(row: LogRow): LogRecord {
  return { runId: row.run_id, executionId: row.execution_id, stream: row.stream as LogRecord['stream'], line: row.line, at: row.at, seq: row.seq };
}
