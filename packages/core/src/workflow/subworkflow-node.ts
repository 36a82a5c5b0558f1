import type { ExecutionIdentity } from '../engine/streaming-call.js';
import { asExternalInputs, type NodeInputs } from './node-inputs.js';
import { compositeOutcome, type NodeOutcome, type OutcomeState, type Provider } from './node-outcome.js';
import type { WorkflowContext } from './workflow-context.js';
import type { WorkflowPlan } from './workflow-plan.js';

/**
 * Runs a sub-workflow's nodes inside this run (vertex names prefixed `<node id>/`). The node's
 * inputs are the sub-workflow's workflow inputs (they feed unconnected inner inputs of the same
 * name); its outputs are the outputs of the inner sink nodes merged in document order. It fails
 * when an inner node failed or was blocked, and is inactive when every inner node was.
 */
export async function runSubworkflow(ctx: WorkflowContext, plan: WorkflowPlan, inputs: NodeInputs): Promise<NodeOutcome> {
  const outcomes = await ctx.runPlan(plan, asExternalInputs(inputs));
  const all = [...outcomes.values()];
  const state: OutcomeState = all.some((o) => o.state === 'failed' || o.state === 'blocked' || o.state === 'cancelled') ? 'failed'
    : all.length > 0 && all.every((o) => o.state === 'inactive') ? 'inactive' : 'succeeded';
  const outputs: Record<string, unknown> = {};
  const byOutput = new Map<string, Provider[]>();
  const identities: ExecutionIdentity[] = [];
  for (const sink of plan.sinks) {
    const outcome = outcomes.get(sink);
    if (outcome === undefined) continue;
    identities.push(...outcome.identities);
    if (outcome.state !== 'succeeded') continue;
    for (const [key, value] of Object.entries(outcome.outputs)) {
      outputs[key] = value;
      byOutput.set(key, outcome.providers(key));
    }
  }
  return compositeOutcome(state, state === 'succeeded' ? outputs : {}, byOutput, identities);
}
