import type { WorkflowNode } from '@twingraph/model';
import type { ExecutionIdentity } from '../engine/streaming-call.js';
import { controlError, failingDefinition } from './node-definition.js';
import type { NodeInputs } from './node-inputs.js';
import { compositeOutcome, parentsOf, singleOutcome, type Flow, type NodeOutcome } from './node-outcome.js';
import { identityOfError, type WorkflowContext } from './workflow-context.js';
import type { PlannedComponent } from './workflow-plan.js';

type MapNode = Extract<WorkflowNode, { type: 'map' }>;

/** Items a map node accepts when it sets no maxIterations. @defaultValue 10000 */
export const DEFAULT_MAP_MAX_ITERATIONS = 10_000;

/**
 * Runs the body once per item of the `over` input, each a distinct execution with inputs
 * `{ ...other inputs of the map, item, index }`, at most `maxParallel` at once, and outputs
 * `results`: the body's outputs objects in item order. More items than `maxIterations` fail the
 * node before any body runs; a failed item fails the node once the items already started end.
 */
export async function runMap(ctx: WorkflowContext, id: string, node: MapNode, body: PlannedComponent, inputs: NodeInputs): Promise<NodeOutcome> {
  const items = inputs.values[node.over];
  const limit = node.maxIterations ?? DEFAULT_MAP_MAX_ITERATIONS;
  if (!Array.isArray(items) || items.length > limit) {
    const error = !Array.isArray(items)
      ? controlError(id, `input '${node.over}' must be an array, got ${items === null ? 'null' : typeof items}`, `Connect an array to '${node.over}'.`)
      : controlError(id, `${items.length} items exceed maxIterations ${limit}`, 'Raise maxIterations on the map node, or pass fewer items.', { items: items.length, maxIterations: limit });
    return recordFailure(ctx, id, error, inputs);
  }
  const shared: Record<string, unknown> = { ...inputs.values };
  delete shared[node.over];
  // The array's providers feed `item`; the other inputs keep their names.
  const flows: Flow[] = inputs.flows.map((f) => (f.toInput === node.over ? { ...f, toInput: 'item' } : f));
  const parents = parentsOf(flows);
  const results: unknown[] = new Array<unknown>(items.length);
  const identities: ExecutionIdentity[] = [];
  let failed = false;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && !(failed && ctx.session.stopping !== undefined)) {
      const index = next++;
      try {
        const result = await ctx.session.call(body.definition, { ...shared, item: items[index], index }, { parents, executor: body.executor });
        identities.push(result);
        results[index] = { ...result.outputs };
      } catch (error) {
        failed = true;
        const identity = identityOfError(error);
        if (identity !== undefined) identities.push(identity);
        if (ctx.session.stopping !== undefined) return;
      }
    }
  };
  const parallel = Math.max(1, Math.min(node.maxParallel ?? ctx.maxParallel, items.length));
  await Promise.all(Array.from({ length: parallel }, worker));
  const state = failed ? 'failed' : 'succeeded';
  return compositeOutcome(state, failed ? {} : { results }, new Map([['results', identities.map((identity) => ({ identity, fromOutput: '*' }))]]), identities);
}

/** Records a control node's failure on a vertex of its own (the node never reached its body). */
export async function recordFailure(ctx: WorkflowContext, id: string, error: ReturnType<typeof controlError>, inputs: NodeInputs): Promise<NodeOutcome> {
  try {
    await ctx.session.call(failingDefinition(id, 'control', error), inputs.values, { parents: parentsOf(inputs.flows), executor: ctx.localExecutor });
  } catch (recorded) {
    return singleOutcome('failed', identityOfError(recorded));
  }
  return singleOutcome('failed', undefined);
}
