import { ERROR_CODES, parseWorkflow, TwinGraphError, type ComponentNode, type WorkflowDocument, type WorkflowEdge, type WorkflowNode } from '@twingraph/model';
import type { ComponentDefinition } from '../engine/component-definition.js';
import type { Executor } from '../ports/executor.js';
import { NodeExecutor } from './node-executor.js';
import { componentNodeDefinition } from './node-definition.js';

/** Loads a sub-workflow `ref` (a path relative to the document that names it). */
export type DocumentLoader = (ref: string, baseDir: string | undefined) => Promise<{ document: unknown; baseDir?: string }>;

/** A component node ready to run: its engine definition and executor. */
export interface PlannedComponent {
  definition: ComponentDefinition;
  executor: NodeExecutor;
}

/**
 * A validated document with its graph indexed and every component, body and sub-workflow resolved,
 * so every problem (invalid document, missing executor, unreadable ref) shows before the run starts.
 */
export interface WorkflowPlan {
  document: WorkflowDocument;
  /** Prefix of vertex names ('' at top level, 'sub/' inside sub-workflow node 'sub'). */
  prefix: string;
  nodes: ReadonlyMap<string, WorkflowNode>;
  incoming: ReadonlyMap<string, readonly WorkflowEdge[]>;
  outgoing: ReadonlyMap<string, readonly WorkflowEdge[]>;
  /** Component nodes used as a map/loop body: they run only through their map/loop. */
  bodies: ReadonlySet<string>;
  components: ReadonlyMap<string, PlannedComponent>;
  subworkflows: ReadonlyMap<string, WorkflowPlan>;
  /** Nodes no edge leaves: their outputs are the (sub-)workflow's result. */
  sinks: readonly string[];
}

export interface PlanOptions {
  executorOf: (platform: ComponentNode['platform']) => Executor | undefined;
  loadDocument: DocumentLoader;
  baseDir?: string;
}

export async function planWorkflow(input: unknown, prefix: string, options: PlanOptions, seenRefs: readonly string[] = []): Promise<WorkflowPlan> {
  const document = parseWorkflow(input);
  const nodes = new Map(document.nodes.map((n) => [n.id, n]));
  const incoming = new Map<string, WorkflowEdge[]>(document.nodes.map((n) => [n.id, []]));
  const outgoing = new Map<string, WorkflowEdge[]>(document.nodes.map((n) => [n.id, []]));
  for (const edge of document.edges) {
    incoming.get(edge.target)!.push(edge);
    outgoing.get(edge.source)!.push(edge);
  }
  const bodies = new Set<string>();
  for (const node of document.nodes) if (node.type === 'map' || node.type === 'loop') bodies.add(node.body);
  const components = new Map<string, PlannedComponent>();
  const subworkflows = new Map<string, WorkflowPlan>();
  for (const node of document.nodes) {
    const id = prefix + node.id;
    if (node.type === 'component') {
      const executor = NodeExecutor.forNode(id, node, options.executorOf);
      components.set(node.id, { definition: componentNodeDefinition(id, node, executor.ranLocally ? { ranLocally: true } : {}), executor });
    } else if (node.type === 'subworkflow') {
      let inner: unknown = node.workflow;
      let baseDir = options.baseDir;
      let refs = seenRefs;
      if (inner === undefined && node.ref !== undefined) {
        if (seenRefs.includes(node.ref)) throw cycleError(node.ref, seenRefs);
        const loaded = await options.loadDocument(node.ref, options.baseDir);
        inner = loaded.document;
        baseDir = loaded.baseDir ?? baseDir;
        refs = [...seenRefs, node.ref];
      }
      subworkflows.set(node.id, await planWorkflow(inner, `${id}/`, { ...options, ...(baseDir === undefined ? {} : { baseDir }) }, refs));
    }
  }
  const sinks = document.nodes.filter((n) => outgoing.get(n.id)!.length === 0 && !bodies.has(n.id)).map((n) => n.id);
  return { document, prefix, nodes, incoming, outgoing, bodies, components, subworkflows, sinks };
}

function cycleError(ref: string, chain: readonly string[]): TwinGraphError {
  return new TwinGraphError(ERROR_CODES.DAG_CYCLE, `Sub-workflow refs include themselves: ${[...chain, ref].join(' → ')}`, {
    hint: 'A sub-workflow cannot (directly or indirectly) contain itself; use a loop node to repeat work.',
    details: { cycle: [...chain, ref] },
    nonRetryable: true,
  });
}
