import type { ExecutionIdentity } from '../engine/streaming-call.js';

/** An execution that produced a value, and which of its outputs it was ('*' for the whole outputs object). */
export interface Provider {
  identity: ExecutionIdentity;
  fromOutput: string;
}

/** A value flowing into a node input, with the executions it came from (none for workflow inputs and defaults). */
export interface Flow extends Provider {
  toInput: string;
}

/**
 * How a node ended, as its downstream sees it. `inactive`: skipped because a condition took the
 * other branch (or everything upstream was inactive); `blocked`: skipped because upstream failed.
 */
export type OutcomeState = 'succeeded' | 'failed' | 'inactive' | 'blocked' | 'cancelled';

export interface NodeOutcome {
  state: OutcomeState;
  outputs: Record<string, unknown>;
  /** Executions behind one output, or behind the whole outputs object when `output` is undefined. */
  providers(output: string | undefined): Provider[];
  /** Executions that stand for this node (parents of a skipped or cancelled downstream node). */
  identities: ExecutionIdentity[];
  /** For condition nodes: the branch taken. */
  branch?: 'true' | 'false';
}

/** The outcome of a node that is one execution. */
export function singleOutcome(state: OutcomeState, identity: ExecutionIdentity | undefined, outputs: Record<string, unknown> = {}): NodeOutcome {
  return {
    state,
    outputs,
    identities: identity === undefined ? [] : [identity],
    providers: (output) => (identity === undefined ? [] : [{ identity, fromOutput: output ?? '*' }]),
  };
}

/** The outcome of a node whose outputs come from several executions (sub-workflow, loop, map). */
export function compositeOutcome(state: OutcomeState, outputs: Record<string, unknown>, byOutput: ReadonlyMap<string, Provider[]>, identities: ExecutionIdentity[]): NodeOutcome {
  return {
    state,
    outputs,
    identities,
    providers: (output) => output === undefined ? uniqueWhole(identities) : (byOutput.get(output) ?? []),
  };
}

function uniqueWhole(identities: readonly ExecutionIdentity[]): Provider[] {
  const seen = new Set<string>();
  const out: Provider[] = [];
  for (const identity of identities) {
    if (seen.has(identity.executionId)) continue;
    seen.add(identity.executionId);
    out.push({ identity, fromOutput: '*' });
  }
  return out;
}

/** Groups flows into explicit parents with their exact data flow, for RunSession calls. */
export function parentsOf(flows: readonly Flow[]): Array<{ parent: ExecutionIdentity; dataFlow: Array<{ fromOutput: string; toInput: string }> }> {
  const byId = new Map<string, { parent: ExecutionIdentity; dataFlow: Array<{ fromOutput: string; toInput: string }> }>();
  for (const flow of flows) {
    let entry = byId.get(flow.identity.executionId);
    if (entry === undefined) {
      entry = { parent: flow.identity, dataFlow: [] };
      byId.set(flow.identity.executionId, entry);
    }
    entry.dataFlow.push({ fromOutput: flow.fromOutput, toInput: flow.toInput });
  }
  return [...byId.values()];
}

/** Parents with no data flow (skipped and cancelled records name what they were waiting for). */
export function plainParents(identities: readonly ExecutionIdentity[]): Array<{ parent: ExecutionIdentity; dataFlow: never[] }> {
  const seen = new Set<string>();
  return identities.filter((i) => !seen.has(i.executionId) && seen.add(i.executionId)).map((parent) => ({ parent, dataFlow: [] }));
}
