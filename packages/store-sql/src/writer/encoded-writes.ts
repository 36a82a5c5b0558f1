import type { LineageWrite, RunStoreWrite } from '@twingraph/model';
import { componentParams, dataFlowJson, pipelineParams } from '../lineage/lineage-rows.js';
import { logParams, nodeParams, runParams } from '../run/run-rows.js';

/** Bind parameters of one row, in the column order of its statement. */
export type RowParams = unknown[];

/**
 * Write batches as bind parameters: arrays of strings, numbers and nulls, cheap to copy to the
 * writer thread. JSON columns are stringified here, on the caller's thread, so a value that is not
 * JSON-serializable fails the write where it was made, as it always did. Rows of one kind keep
 * their order; the kinds touch different tables, so their relative order does not matter.
 */
export interface EncodedWrites {
  runs?: RowParams[];
  nodes?: RowParams[];
  /** Log lines without their seq, which the writer assigns inside its transaction. */
  logs?: RowParams[];
  pipelines?: RowParams[];
  components?: RowParams[];
  /** DEPENDS_ON edges as flat triples: index into `components`, parent execution id, data flow JSON. */
  dependsOn?: unknown[];
  /** CACHED_FROM edges as flat pairs: index into `components`, source execution id. */
  cachedFrom?: unknown[];
}

export function encodeRunWrites(batch: readonly RunStoreWrite[]): EncodedWrites {
  const runs: RowParams[] = [];
  const nodes: RowParams[] = [];
  const logs: RowParams[] = [];
  for (const op of batch) {
    if (op.kind === 'node') nodes.push(nodeParams(op.node));
    else if (op.kind === 'run') runs.push(runParams(op.run));
    else logs.push(logParams(op.log));
  }
  const writes: EncodedWrites = {};
  if (runs.length > 0) writes.runs = runs;
  if (nodes.length > 0) writes.nodes = nodes;
  if (logs.length > 0) writes.logs = logs;
  return writes;
}

export function encodeLineageWrites(batch: readonly LineageWrite[]): EncodedWrites {
  const pipelines: RowParams[] = [];
  const components: RowParams[] = [];
  const dependsOn: unknown[] = [];
  const cachedFrom: unknown[] = [];
  for (const op of batch) {
    if (op.kind === 'pipeline') {
      pipelines.push(pipelineParams(op.vertex));
      continue;
    }
    const index = components.length;
    components.push(componentParams(op.vertex));
    for (const edge of op.parents) dependsOn.push(index, edge.parent, dataFlowJson(edge));
    if (op.cachedFrom !== undefined) cachedFrom.push(index, op.cachedFrom);
  }
  const writes: EncodedWrites = {};
  if (pipelines.length > 0) writes.pipelines = pipelines;
  if (components.length > 0) writes.components = components;
  if (dependsOn.length > 0) writes.dependsOn = dependsOn;
  if (cachedFrom.length > 0) writes.cachedFrom = cachedFrom;
  return writes;
}
