import { createDefaultRuntimes } from '../runtimes/default-runtimes.js';
import { LocalExecutor } from '../executors/local-executor.js';
import { createEngine, type Engine } from '../engine/engine.js';
import type { LineageGraph } from '@twingraph/model';

/** An in-memory engine that runs code nodes through the language runtimes. */
export function codeEngine(): Engine {
  return createEngine({ executors: [new LocalExecutor({ runtimes: createDefaultRuntimes() })] });
}

type Port = { name: string; type?: string; default?: unknown; required?: boolean };

/** A JavaScript component node: `body` is the body of `process(inputs)` (returns the outputs object). */
export function js(id: string, body: string, inputs: Port[] = [], outputs: Port[] = [], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, type: 'component', language: 'javascript', code: `export async function process(inputs) {\n${body}\n}`, inputs, outputs, ...extra };
}

export function bash(id: string, code: string, inputs: Port[] = [], outputs: Port[] = [], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, type: 'component', language: 'bash', code, inputs, outputs, ...extra };
}

export function python(id: string, code: string, inputs: Port[] = [], outputs: Port[] = [], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, type: 'component', language: 'python', code, inputs, outputs, ...extra };
}

export function edge(source: string, sourceHandle: string | undefined, target: string, targetHandle: string | undefined): Record<string, unknown> {
  return { source, target, ...(sourceHandle === undefined ? {} : { sourceHandle }), ...(targetHandle === undefined ? {} : { targetHandle }) };
}

export function workflow(name: string, nodes: unknown[], edges: unknown[] = [], spec: Record<string, unknown> = {}): Record<string, unknown> {
  return { apiVersion: 'twingraph/v1', kind: 'Workflow', metadata: { name }, spec, nodes, edges };
}

/** Vertices by name and DEPENDS_ON edges as `child <- parent [from→to,…]` strings, for compact assertions. */
export function describeGraph(graph: LineageGraph): { byName: Map<string, LineageGraph['components'][number]>; dependsOn: string[] } {
  const byId = new Map(graph.components.map((c) => [c.executionId, c]));
  const byName = new Map(graph.components.map((c) => [c.name, c]));
  const dependsOn = graph.edges.filter((e) => e.label === 'DEPENDS_ON').map((e) => {
    const flow = (e.properties.data_flow ?? []) as Array<{ from_output: string; to_input: string }>;
    return `${byId.get(e.from)?.name} <- ${byId.get(e.to)?.name} [${flow.map((f) => `${f.from_output}→${f.to_input}`).sort().join(',')}]`;
  }).sort();
  return { byName, dependsOn };
}
