import type { WorkflowDocument, WorkflowNode } from '@twingraph/model';
import { api } from '../../app/api.js';
import { toastError, toastInfo } from '../../app/toast-store.js';
import { useDesigner } from '../model/designer-store.js';
import { followRun } from './live-run.js';
import { pinnedOutputs } from './pinned-data.js';
import { useRun } from './run-store.js';

/** Tag of the scratch workflows "Run this node" saves (one per workflow and node, new version each time). */
export const NODE_RUN_TAG = 'designer-node-run';

export function workflowKey(): string {
  const s = useDesigner.getState();
  return s.workflowId ?? `unsaved:${s.doc.metadata.name}`;
}

/**
 * The node alone as a workflow: every input an edge feeds gets, as its default, the value that edge
 * carried — from the upstream node's pinned outputs if any, else from its outputs in the last run.
 * Returns the inputs it could not fill (the upstream node has neither).
 */
export function singleNodeDocument(doc: WorkflowDocument, nodeId: string, upstreamOutputs: (id: string) => Record<string, unknown> | undefined): { document: WorkflowDocument; missing: string[] } {
  const node = doc.nodes.find((n) => n.id === nodeId);
  if (!node) throw new Error(`No node '${nodeId}'`);
  const values: Record<string, unknown> = {};
  const missing: string[] = [];
  for (const edge of doc.edges.filter((e) => e.target === nodeId)) {
    const outputs = upstreamOutputs(edge.source);
    if (!outputs) {
      missing.push(edge.source);
      continue;
    }
    if (edge.targetHandle !== undefined) values[edge.targetHandle] = edge.sourceHandle === undefined ? outputs : outputs[edge.sourceHandle];
    else if (edge.sourceHandle !== undefined) values[edge.sourceHandle] = outputs[edge.sourceHandle];
    else Object.assign(values, outputs);
  }
  const inputs = node.inputs.map((p) => (p.name in values ? { ...p, default: values[p.name] } : p));
  const single = { ...node, inputs, position: { x: 0, y: 0 } } as WorkflowNode;
  // A map/loop needs its body node along.
  const body = node.type === 'map' || node.type === 'loop' ? doc.nodes.find((n) => n.id === node.body) : undefined;
  return {
    document: {
      apiVersion: 'twingraph/v1',
      kind: 'Workflow',
      metadata: { name: `${doc.metadata.name}--${nodeId}`, description: `"Run this node" of ${nodeId} in ${doc.metadata.name}, upstream outputs reused from the last run`, tags: [NODE_RUN_TAG] },
      ...(doc.spec === undefined ? {} : { spec: doc.spec }),
      nodes: body ? [single, body] : [single],
      edges: [],
    },
    missing: [...new Set(missing)],
  };
}

/** Runs one node alone with its upstream outputs reused; the canvas shows its status and logs live. */
export async function runSingleNode(nodeId: string): Promise<void> {
  const doc = useDesigner.getState().doc;
  const key = workflowKey();
  const lastRun = useRun.getState().nodes;
  const { document, missing } = singleNodeDocument(doc, nodeId, (id) => pinnedOutputs(key, id) ?? lastRun[id]?.outputs);
  if (missing.length > 0) {
    toastError(`Cannot run '${nodeId}' alone yet`, `No outputs of ${missing.join(', ')} from a run or pinned: run the workflow once first.`);
    return;
  }
  try {
    const name = document.metadata.name;
    const existing = (await api.workflows.list({ name, tag: NODE_RUN_TAG, size: 100 })).items.find((w) => w.name === name);
    const saved = existing ? await api.workflows.update(existing.id, { document }) : await api.workflows.create({ document, tags: [NODE_RUN_TAG] });
    const { executionId } = await api.executions.start({ workflowId: saved.id, version: saved.version });
    followRun(executionId, { onlyNode: nodeId });
    toastInfo(`Running ${nodeId} alone`, `Execution ${executionId}`);
  } catch (error) {
    toastError(`Could not run '${nodeId}'`, error);
  }
}
