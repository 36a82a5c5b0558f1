import { evaluateExpression, isTruthy, parseExpression, type WorkflowNode } from '@twingraph/model';
import type { ExecutionIdentity } from '../engine/streaming-call.js';
import { controlError } from './node-definition.js';
import type { NodeInputs } from './node-inputs.js';
import { recordFailure } from './map-node.js';
import { compositeOutcome, parentsOf, type Flow, type NodeOutcome, type Provider } from './node-outcome.js';
import { identityOfError, type WorkflowContext } from './workflow-context.js';
import type { PlannedComponent } from './workflow-plan.js';

type LoopNode = Extract<WorkflowNode, { type: 'loop' }>;

/**
 * Runs the body while `while` holds, at most `maxIterations` times. The state starts as the loop's
 * inputs; each iteration receives the state and its outputs are merged into it, so an output feeds
 * the input of the same name next time. `while` is evaluated before each iteration over the state
 * plus `iteration` (0-based count of iterations run). Outputs: the final state and `iterations`.
 * Reaching maxIterations ends the loop (it is a bound, not an error).
 */
export async function runLoop(ctx: WorkflowContext, id: string, node: LoopNode, body: PlannedComponent, inputs: NodeInputs): Promise<NodeOutcome> {
  const condition = parseExpression(node.while);
  const state: Record<string, unknown> = { ...inputs.values };
  const providers = new Map<string, Provider[]>();
  for (const flow of inputs.flows) {
    const list = providers.get(flow.toInput) ?? [];
    list.push({ identity: flow.identity, fromOutput: flow.fromOutput });
    providers.set(flow.toInput, list);
  }
  const identities: ExecutionIdentity[] = [];
  let iteration = 0;
  for (; iteration < node.maxIterations; iteration++) {
    let holds: boolean;
    try {
      holds = isTruthy(evaluateExpression(condition, { ...state, iteration }));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return recordFailure(ctx, id, controlError(id, `while expression failed: ${message}`, 'Check the types of the values the expression reads.'), inputs);
    }
    if (!holds) break;
    const flows: Flow[] = [...providers].flatMap(([toInput, list]) => list.map((p) => ({ ...p, toInput })));
    try {
      const result = await ctx.session.call(body.definition, { ...state }, { parents: parentsOf(flows), executor: body.executor });
      identities.push(result);
      for (const [key, value] of Object.entries(result.outputs)) {
        state[key] = value;
        providers.set(key, [{ identity: result, fromOutput: key }]);
      }
    } catch (error) {
      const identity = identityOfError(error);
      if (identity !== undefined) identities.push(identity);
      return compositeOutcome('failed', {}, new Map(), identities);
    }
  }
  return compositeOutcome('succeeded', { ...state, iterations: iteration }, providers, identities);
}
