import { parseWorkflow, TwinGraphError, type NodeRecord, type RunRecord, type WorkflowDocument, type WorkflowEdge, type WorkflowNode } from '@twingraph/model';
import { PROTOCOL_ERROR_CODES, type RunNodeBody } from '@twingraph/protocol';
import type { Engine } from '@twingraph/core';
import { notFound } from '../http/api-errors.js';
import type { WorkflowStore } from '../workflows/workflow-store.js';
import { NODE_RUN_OF_LABEL, WORKFLOW_ID_LABEL, WORKFLOW_VERSION_LABEL, type ExecutionService } from './execution-service.js';

/** Label naming the node a "run this node" execution ran. */
export const NODE_RUN_NODE_LABEL = 'twingraph.nodeRunNode';

export interface NodeRunStarted {
  executionId: string;
  /** The full run whose upstream results were reused. */
  baseExecutionId: string;
  /** Upstream executions reused as the node's parents, by upstream node id. */
  parents: Array<{ nodeId: string; executionId: string; hash: string }>;
  /** Upstream nodes whose pinned outputs were used instead (no parent claimed for them). */
  pinned: string[];
}

type Provider = { executionId: string; hash: string; fromOutput: string };
const REUSABLE = new Set(['succeeded', 'cached']);

/**
 * "Run this node": runs one node of a workflow alone as a new run of the same workflow, its inputs
 * taken from the results its upstream nodes recorded in an earlier execution. Those executions are
 * handed to runWorkflow as the providers of the inputs, so the engine records them as the node's
 * parents (DEPENDS_ON across runs) and folds their hashes into the node's hash exactly as the full run
 * did: unchanged code gives the same hash (a cache hit), edited code a new hash and a real run.
 */
export class NodeRunService {
  constructor(private readonly deps: { engine: Engine; workflows: WorkflowStore; executions: ExecutionService }) {}

  async run(executionId: string, nodeId: string, body: RunNodeBody): Promise<NodeRunStarted> {
    const { run, base, records } = await this.loadRuns(executionId);
    const workflowId = base.labels?.[WORKFLOW_ID_LABEL];
    const version = Number(base.labels?.[WORKFLOW_VERSION_LABEL]);
    const workflow = workflowId === undefined || !Number.isInteger(version) ? undefined : await this.deps.workflows.get(workflowId, version);
    if (workflow === undefined) {
      throw new TwinGraphError(PROTOCOL_ERROR_CODES.CONFLICT, `Execution '${run.runId}' is not a run of a saved workflow version this server has`, {
        hint: 'Run this node from an execution started with POST /api/executions (the designer\'s Run).', details: { executionId: run.runId },
      });
    }
    const document = parseWorkflow(body.document ?? workflow.document);
    const node = document.nodes.find((n) => n.id === nodeId);
    if (node === undefined) throw notFound('Node', nodeId);
    const incoming = document.edges.filter((e) => e.target === nodeId);
    const values: Record<string, unknown> = {};
    const providers: Record<string, Provider[]> = {};
    const parents = new Map<string, NodeRunStarted['parents'][number]>();
    const pinned: string[] = [];
    // Workflow inputs reach only the inputs no edge feeds, and none when an edge spreads into the node.
    const baseInputs = isRecord(base.inputs) ? base.inputs : {};
    if (!incoming.some((e) => e.targetHandle === undefined)) {
      const connected = new Set(incoming.map((e) => e.targetHandle));
      for (const port of node.inputs) if (!connected.has(port.name) && port.name in baseInputs) values[port.name] = baseInputs[port.name];
    }
    for (const edge of incoming) {
      const source = document.nodes.find((n) => n.id === edge.source);
      const pin = body.pinnedOutputs?.[edge.source];
      let outputs: Record<string, unknown>;
      let identity: { executionId: string; hash: string } | undefined;
      if (pin !== undefined) {
        outputs = pin;
        if (!pinned.includes(edge.source)) pinned.push(edge.source);
      } else {
        const record = records(edge.source);
        if (record?.outputs === undefined) {
          throw new TwinGraphError(PROTOCOL_ERROR_CODES.CONFLICT, `Upstream node '${edge.source}' of '${nodeId}' has no successful result in execution '${run.runId}'`, {
            hint: `Run the whole workflow first (or until '${edge.source}' succeeds), or pin outputs on '${edge.source}'.`,
            details: { executionId: run.runId, node: nodeId, upstream: edge.source },
          });
        }
        outputs = record.outputs;
        identity = { executionId: record.executionId, hash: record.hash };
        parents.set(edge.source, { nodeId: edge.source, ...identity });
      }
      flowEdge(edge, source, outputs, identity, values, providers);
    }
    // Inputs fed here come as workflow inputs, so none is left required without an edge; an edge without
    // handles spreads outputs the node may not declare: declare them, as the full run passed them too.
    // (Ports are not part of a component's identity hash, so neither changes the node's hash.)
    const undeclared = Object.keys(values).filter((name) => !node.inputs.some((p) => p.name === name));
    const inputs = [...node.inputs.map((p) => (p.name in values ? { ...p, required: false } : p)), ...undeclared.map((name) => ({ name, type: 'any' as const }))];
    const single = { ...node, inputs };
    const bodyNode = node.type === 'map' || node.type === 'loop' ? document.nodes.find((n) => n.id === node.body) : undefined;
    const alone: WorkflowDocument = { ...document, nodes: bodyNode === undefined ? [single] : [single, bodyNode], edges: [] };
    const started = await this.deps.executions.launchWith(workflow, values, {
      document: alone,
      inputProviders: providers,
      labels: { [NODE_RUN_OF_LABEL]: base.runId, [NODE_RUN_NODE_LABEL]: nodeId },
    });
    return { executionId: started, baseExecutionId: base.runId, parents: [...parents.values()], pinned };
  }

  /**
   * The execution asked for and the full run behind it: a "run this node" execution points at the run
   * it reused, so running another node from it still finds every upstream result. Records are looked
   * up by node id in the execution first (its fresher result), then in the full run.
   */
  private async loadRuns(executionId: string): Promise<{ run: RunRecord; base: RunRecord; records: (nodeId: string) => NodeRecord | undefined }> {
    const store = this.deps.engine.runStore;
    const run = await store.getRun(executionId);
    if (run === undefined) throw notFound('Execution', executionId);
    const baseId = run.labels?.[NODE_RUN_OF_LABEL];
    const base = baseId === undefined ? run : ((await store.getRun(baseId)) ?? run);
    const own = await store.listNodes(run.runId);
    const fromBase = base === run ? [] : await store.listNodes(base.runId);
    const pick = (list: NodeRecord[], nodeId: string): NodeRecord | undefined =>
      list.filter((r) => r.name === nodeId && REUSABLE.has(r.status) && r.outputs !== undefined).sort((a, b) => (b.startedAt ?? '').localeCompare(a.startedAt ?? ''))[0];
    return { run, base, records: (nodeId) => pick(own, nodeId) ?? pick(fromBase, nodeId) };
  }
}

/** The value an edge carries into the node, and the execution behind it, as nodeInputs does in the full run. */
function flowEdge(edge: WorkflowEdge, source: WorkflowNode | undefined, outputs: Record<string, unknown>, identity: { executionId: string; hash: string } | undefined, values: Record<string, unknown>, providers: Record<string, Provider[]>): void {
  const add = (toInput: string, fromOutput: string): void => {
    if (identity !== undefined) (providers[toInput] ??= []).push({ ...identity, fromOutput });
  };
  if (source?.type === 'condition' && (edge.sourceHandle === 'true' || edge.sourceHandle === 'false')) {
    const carried = isRecord(outputs[edge.sourceHandle]) ? outputs[edge.sourceHandle] as Record<string, unknown> : {};
    if (edge.targetHandle !== undefined) {
      values[edge.targetHandle] = { ...carried };
      add(edge.targetHandle, edge.sourceHandle);
    } else {
      for (const key of Object.keys(carried)) {
        values[key] = carried[key];
        add(key, edge.sourceHandle);
      }
    }
    return;
  }
  if (edge.sourceHandle !== undefined) {
    const to = edge.targetHandle ?? edge.sourceHandle;
    values[to] = outputs[edge.sourceHandle];
    add(to, edge.sourceHandle);
  } else if (edge.targetHandle !== undefined) {
    values[edge.targetHandle] = { ...outputs };
    add(edge.targetHandle, '*');
  } else {
    for (const key of Object.keys(outputs)) {
      values[key] = outputs[key];
      add(key, key);
    }
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
