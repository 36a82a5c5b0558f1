import type { WorkflowEdge, WorkflowNode } from '@twingraph/model';
import type { Flow, NodeOutcome, Provider } from './node-outcome.js';

/** A value given to a (sub-)workflow from outside: `--input k=v`, or a sub-workflow node's input. */
export interface ExternalInput {
  value: unknown;
  providers: readonly Provider[];
}

export interface LiveEdge {
  edge: WorkflowEdge;
  source: WorkflowNode;
  outcome: NodeOutcome;
}

export interface NodeInputs {
  values: Record<string, unknown>;
  flows: Flow[];
}

/**
 * What a node receives, lowest priority first:
 * 1. each declared input's `default`;
 * 2. a workflow input of the same name, for declared inputs no edge is connected to (an edge
 *    without targetHandle counts as connected to every input);
 * 3. the edges that are live (source succeeded, branch taken):
 *    - sourceHandle + targetHandle: input `targetHandle` ← output `sourceHandle`;
 *    - sourceHandle only: the input of the same name;
 *    - targetHandle only: the input receives the whole outputs object;
 *    - neither: every output goes to the input of the same name.
 *    A condition's branch edge (`true`/`false`) carries the condition's inputs: spread by name
 *    without targetHandle, or as one object with it.
 */
export function nodeInputs(node: WorkflowNode, allEdges: readonly WorkflowEdge[], live: readonly LiveEdge[], external: ReadonlyMap<string, ExternalInput>): NodeInputs {
  const values: Record<string, unknown> = {};
  const flows: Flow[] = [];
  for (const port of node.inputs) if (port.default !== undefined) values[port.name] = port.default;
  const spreadIn = allEdges.some((e) => e.targetHandle === undefined);
  const connected = new Set(allEdges.map((e) => e.targetHandle));
  if (!spreadIn) {
    for (const port of node.inputs) {
      const given = external.get(port.name);
      if (connected.has(port.name) || given === undefined) continue;
      values[port.name] = given.value;
      for (const p of given.providers) flows.push({ ...p, toInput: port.name });
    }
  }
  for (const { edge, source, outcome } of live) {
    const branch = source.type === 'condition' && (edge.sourceHandle === 'true' || edge.sourceHandle === 'false');
    if (branch) {
      const carried = outcome.outputs[edge.sourceHandle!] as Record<string, unknown> | undefined ?? {};
      const identity = outcome.identities[0];
      if (edge.targetHandle !== undefined) {
        values[edge.targetHandle] = { ...carried };
        if (identity !== undefined) flows.push({ identity, fromOutput: edge.sourceHandle!, toInput: edge.targetHandle });
      } else {
        for (const key of Object.keys(carried)) {
          values[key] = carried[key];
          if (identity !== undefined) flows.push({ identity, fromOutput: edge.sourceHandle!, toInput: key });
        }
      }
      continue;
    }
    if (edge.sourceHandle !== undefined) {
      const to = edge.targetHandle ?? edge.sourceHandle;
      values[to] = outcome.outputs[edge.sourceHandle];
      for (const p of outcome.providers(edge.sourceHandle)) flows.push({ ...p, toInput: to });
    } else if (edge.targetHandle !== undefined) {
      // A copy: the engine would otherwise recognise the outputs object and infer a second, coarser parent.
      values[edge.targetHandle] = { ...outcome.outputs };
      for (const p of outcome.providers(undefined)) flows.push({ ...p, toInput: edge.targetHandle });
    } else {
      for (const key of Object.keys(outcome.outputs)) {
        values[key] = outcome.outputs[key];
        for (const p of outcome.providers(key)) flows.push({ ...p, toInput: key });
      }
    }
  }
  return { values, flows };
}

/** Inputs grouped by name with their providers, to hand to a sub-workflow as its external inputs. */
export function asExternalInputs(inputs: NodeInputs): Map<string, ExternalInput> {
  const out = new Map<string, ExternalInput>();
  for (const [name, value] of Object.entries(inputs.values)) {
    out.set(name, { value, providers: inputs.flows.filter((f) => f.toInput === name).map((f) => ({ identity: f.identity, fromOutput: f.fromOutput })) });
  }
  return out;
}
