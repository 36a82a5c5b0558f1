import type { WorkflowDocument } from '@twingraph/model';
import { api } from '../../app/api.js';
import { toastError, toastInfo } from '../../app/toast-store.js';
import { useDesigner } from '../model/designer-store.js';
import { followRun } from './live-run.js';
import { pinnedOutputs } from './pinned-data.js';
import { useRun } from './run-store.js';

/**
 * Tag of the scratch workflows older versions of "Run this node" saved (one per workflow and node);
 * still hidden from Open. The server's single-node endpoint replaced them.
 */
export const NODE_RUN_TAG = 'designer-node-run';

export function workflowKey(): string {
  const s = useDesigner.getState();
  return s.workflowId ?? `unsaved:${s.doc.metadata.name}`;
}

/** The upstream nodes of `nodeId` (sources of its incoming edges), in edge order, without repeats. */
export function upstreamNodes(doc: WorkflowDocument, nodeId: string): string[] {
  return [...new Set(doc.edges.filter((e) => e.target === nodeId).map((e) => e.source))];
}

/** Pinned outputs of the upstream nodes that have some, by node id: they replace those nodes' results from the run. */
export function upstreamPins(doc: WorkflowDocument, nodeId: string, pinned: (id: string) => Record<string, unknown> | undefined): Record<string, Record<string, unknown>> {
  const pins: Record<string, Record<string, unknown>> = {};
  for (const id of upstreamNodes(doc, nodeId)) {
    const outputs = pinned(id);
    if (outputs !== undefined) pins[id] = outputs;
  }
  return pins;
}

/**
 * Runs one node alone (`POST /api/executions/:id/nodes/:nodeId/run`) as a new run of this workflow:
 * the server reuses its upstream nodes' results from the run shown (outputs, hashes, parents in the
 * lineage), so unchanged code gets the same hash as in the full run and edited code a new one. The
 * document sent is the one on the canvas (unsaved edits included); pinned upstream outputs replace
 * those results and are not claimed as parents. The canvas shows that node's new status live.
 */
export async function runSingleNode(nodeId: string): Promise<void> {
  const doc = useDesigner.getState().doc;
  const executionId = useRun.getState().executionId;
  if (executionId === undefined) {
    toastError(`Cannot run '${nodeId}' alone yet`, 'Run the workflow once first: "Run this node" reuses the upstream nodes\' results (with their hashes) from a run.');
    return;
  }
  const key = workflowKey();
  const pins = upstreamPins(doc, nodeId, (id) => pinnedOutputs(key, id));
  try {
    const started = await api.executions.runNode(executionId, nodeId, {
      document: doc as unknown as Record<string, unknown>,
      ...(Object.keys(pins).length === 0 ? {} : { pinnedOutputs: pins }),
    });
    followRun(started.executionId, { onlyNode: nodeId });
    const reused = started.parents.map((p) => p.nodeId);
    toastInfo(`Running ${nodeId} alone`, [
      `Execution ${started.executionId}.`,
      reused.length === 0 ? undefined : `Reused from the run: ${reused.join(', ')} (lineage parents).`,
      started.pinned.length === 0 ? undefined : `Pinned data of ${started.pinned.join(', ')}: no lineage parent for those inputs, so the hash differs from the full run's.`,
    ].filter((s) => s !== undefined).join(' '));
  } catch (error) {
    toastError(`Could not run '${nodeId}'`, error);
  }
}
