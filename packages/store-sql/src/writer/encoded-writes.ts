import type { LineageWrite, RunStoreWrite } from '@twingraph/model';
import { componentParams, dataFlowJson, pipelineParams } from '../lineage/lineage-rows.js';
import { logParams, nodeParams, runParams } from '../run/run-rows.js';

/** Bind parameters of one row, in the column order of its statement. */
export type RowParams = unknown[];

/**
 * One store's write batch as bind parameters: arrays of strings, numbers and nulls, cheap to copy
 * to the writer thread. JSON columns are stringified here, on the caller's thread, so a value that
 * is not JSON-serializable fails the write where it was made, as it always did. Rows of one kind
 * keep their order; the kinds touch different tables, so their relative order does not matter.
 */
export interface EncodedWrites {
  runs?: RowParams[];
  /** nodeParams(), then the node's ordinal in this batch: its node_seq, if new, is the batch's base + ordinal. */
  nodes?: RowParams[];
  /** Node ordinals this batch uses: its node records, folded ones included. */
  nodeCount?: number;
  /** Log lines without their seq, which the writer assigns inside its transaction. */
  logs?: RowParams[];
  pipelines?: RowParams[];
  /** componentParams(); those with a folded node record have its node_* columns set. */
  components?: RowParams[];
  /** Folded node records as flat triples, ordered by component: index into `components`, index of the run-store batch owning the node (in the request), the node's ordinal there. */
  folds?: number[];
  /** DEPENDS_ON edges as flat triples: index into `components`, parent execution id, data flow JSON. */
  dependsOn?: unknown[];
  /** CACHED_FROM edges as flat pairs: index into `components`, source execution id. */
  cachedFrom?: unknown[];
}

/** One store's batch in a request, settled by its id. */
export interface WritePart {
  id: number;
  writes: EncodedWrites;
}

/** The batches submitted together (one event-loop turn), committed in one transaction. */
export type WriteRequest = WritePart[];

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

/**
 * A run-store batch; `fold(node, ordinal)` may take a node record (returning true), which then
 * travels folded into its component row instead of as a `nodes` row.
 */
export function encodeRunWrites(batch: readonly RunStoreWrite[], fold?: (node: RunStoreWrite & { kind: 'node' }, ordinal: number) => boolean): EncodedWrites {
  const runs: RowParams[] = [];
  const nodes: RowParams[] = [];
  const logs: RowParams[] = [];
  let nodeCount = 0;
  for (const op of batch) {
    if (op.kind === 'node') {
      const ordinal = nodeCount++;
      if (fold === undefined || !fold(op, ordinal)) {
        const params = nodeParams(op.node);
        params.push(ordinal);
        nodes.push(params);
      }
    } else if (op.kind === 'run') runs.push(runParams(op.run));
    else logs.push(logParams(op.log));
  }
  const writes: EncodedWrites = {};
  if (runs.length > 0) writes.runs = runs;
  if (nodes.length > 0) writes.nodes = nodes;
  if (nodeCount > 0) writes.nodeCount = nodeCount;
  if (logs.length > 0) writes.logs = logs;
  return writes;
}
