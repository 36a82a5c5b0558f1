import { evaluateExpression, isTruthy, parseExpression, type WorkflowNode } from '@twingraph/model';
import { controlDefinition } from './node-definition.js';
import { identityOfError, type WorkflowContext } from './workflow-context.js';
import type { NodeInputs } from './node-inputs.js';
import { parentsOf, singleOutcome, type NodeOutcome } from './node-outcome.js';
import type { ComponentDefinition } from '../engine/component-definition.js';

type ConditionNode = Extract<WorkflowNode, { type: 'condition' }>;

/**
 * A condition node's definition: evaluated in this process (no process to spawn) but recorded like
 * any component, so the graph shows the decision: outputs `result` and the taken branch (`true` or
 * `false`), which carries the condition's inputs on to that branch.
 */
export function conditionDefinition(id: string, node: ConditionNode): ComponentDefinition {
  const tree = parseExpression(node.expression);
  return controlDefinition(id, 'condition', node.expression, (inputs: Record<string, unknown>) => {
    const result = isTruthy(evaluateExpression(tree, inputs));
    return { result, [String(result)]: { ...inputs } };
  }, { expression: node.expression, ...(node.name === undefined ? {} : { nodeName: node.name }) });
}

export async function runCondition(ctx: WorkflowContext, definition: ComponentDefinition, inputs: NodeInputs): Promise<NodeOutcome> {
  try {
    const result = await ctx.session.call(definition, inputs.values, { parents: parentsOf(inputs.flows), executor: ctx.localExecutor });
    const outcome = singleOutcome('succeeded', result, { ...result.outputs });
    outcome.branch = result.outputs.result === true ? 'true' : 'false';
    return outcome;
  } catch (error) {
    return singleOutcome('failed', identityOfError(error));
  }
}
