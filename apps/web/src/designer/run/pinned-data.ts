/**
 * Outputs pinned as test data, kept in this browser per workflow and node. "Run this node" feeds a
 * node's inputs from its upstream nodes' pinned outputs first, then from the last run.
 */
const KEY = 'twingraph.pinned';

type Pins = Record<string, Record<string, Record<string, unknown>>>;

function read(): Pins {
  try {
    return JSON.parse(window.localStorage.getItem(KEY) ?? '{}') as Pins;
  } catch {
    return {};
  }
}

export function pinnedOutputs(workflowKey: string, nodeId: string): Record<string, unknown> | undefined {
  return read()[workflowKey]?.[nodeId];
}

export function setPinnedOutputs(workflowKey: string, nodeId: string, outputs: Record<string, unknown> | undefined): void {
  const pins = read();
  const forWorkflow = { ...(pins[workflowKey] ?? {}) };
  if (outputs === undefined) delete forWorkflow[nodeId];
  else forWorkflow[nodeId] = outputs;
  pins[workflowKey] = forWorkflow;
  window.localStorage.setItem(KEY, JSON.stringify(pins));
}
