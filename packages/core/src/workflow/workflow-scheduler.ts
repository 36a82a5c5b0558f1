import type { WorkflowEdge, WorkflowNode } from '@twingraph/model';
import type { ComponentDefinition } from '../engine/component-definition.js';
import type { ExecutionIdentity } from '../engine/streaming-call.js';
import { conditionDefinition, runCondition } from './condition-node.js';
import { runLoop } from './loop-node.js';
import { runMap } from './map-node.js';
import { controlDefinition, withoutCache } from './node-definition.js';
import { nodeInputs, type ExternalInput, type LiveEdge, type NodeInputs } from './node-inputs.js';
import { parentsOf, plainParents, singleOutcome, type NodeOutcome } from './node-outcome.js';
import { runSubworkflow } from './subworkflow-node.js';
import { identityOfError, type WorkflowContext } from './workflow-context.js';
import type { WorkflowPlan } from './workflow-plan.js';

type EdgeState = 'pending' | 'live' | 'inactive' | 'broken';
type Decision = { kind: 'wait' } | { kind: 'run' | 'inactive' | 'blocked'; reason?: string };

/**
 * Runs one (sub-)workflow plan event-driven: a node is considered whenever one of its upstream
 * nodes ends, and starts as soon as its join policy allows (the session's limiter caps how many
 * run at once). Nodes that will not run are recorded too — skipped (branch not taken, upstream
 * failed) or cancelled (the run is stopping) — so the graph always shows the whole workflow.
 */
export class WorkflowScheduler {
  private readonly outcomes = new Map<string, NodeOutcome>();
  private readonly started = new Set<string>();
  private readonly conditions = new Map<string, ComponentDefinition>();
  private remaining = 0;
  private done: () => void = () => undefined;
  /** Unexpected errors (bugs) raised while scheduling: the run reports the first. */
  readonly errors: unknown[] = [];

  constructor(
    private readonly ctx: WorkflowContext,
    private readonly plan: WorkflowPlan,
    private readonly external: ReadonlyMap<string, ExternalInput>,
  ) {}

  async run(): Promise<ReadonlyMap<string, NodeOutcome>> {
    const ids = [...this.plan.nodes.keys()].filter((id) => !this.plan.bodies.has(id));
    this.remaining = ids.length;
    if (ids.length === 0) return this.outcomes;
    const finished = new Promise<void>((resolve) => (this.done = resolve));
    for (const id of ids) this.consider(id);
    await finished;
    return this.outcomes;
  }

  private edgeState(edge: WorkflowEdge): EdgeState {
    const outcome = this.outcomes.get(edge.source);
    if (outcome === undefined) return 'pending';
    switch (outcome.state) {
      case 'succeeded': {
        const source = this.plan.nodes.get(edge.source)!;
        const branch = source.type === 'condition' && (edge.sourceHandle === 'true' || edge.sourceHandle === 'false');
        return branch && outcome.branch !== edge.sourceHandle ? 'inactive' : 'live';
      }
      case 'inactive':
        return 'inactive';
      default:
        return 'broken';
    }
  }

  /**
   * Join policies. all (default): waits for every upstream; any failed/blocked upstream blocks it;
   * every upstream inactive makes it inactive; otherwise it runs with the live inputs. any: runs as
   * soon as one upstream succeeded, with the inputs live at that moment. ignoreFailed: waits for
   * every upstream and runs with the live inputs (inactive only when every upstream is).
   */
  private decide(node: WorkflowNode, states: ReadonlyArray<{ edge: WorkflowEdge; state: EdgeState }>): Decision {
    if (states.length === 0) return { kind: 'run' };
    const some = (s: EdgeState): boolean => states.some((e) => e.state === s);
    const join = node.join ?? 'all';
    if (join === 'any' && some('live')) return { kind: 'run' };
    if (some('pending')) return { kind: 'wait' };
    const broken = states.find((e) => e.state === 'broken');
    if (join !== 'ignoreFailed' && broken !== undefined) return { kind: 'blocked', reason: `upstream '${this.plan.prefix}${broken.edge.source}' did not succeed` };
    if (!some('live')) {
      const first = states[0]!.edge;
      const source = this.plan.nodes.get(first.source)!;
      return broken !== undefined && join === 'ignoreFailed' ? { kind: 'run' } : {
        kind: 'inactive',
        reason: source.type === 'condition' ? `condition '${this.plan.prefix}${source.id}' took the other branch` : `upstream '${this.plan.prefix}${first.source}' was skipped`,
      };
    }
    return { kind: 'run' };
  }

  private consider(id: string): void {
    if (this.started.has(id) || this.plan.bodies.has(id)) return;
    const node = this.plan.nodes.get(id)!;
    const edges = this.plan.incoming.get(id)!;
    const states = edges.map((edge) => ({ edge, state: this.edgeState(edge) }));
    const decision = this.decide(node, states);
    if (decision.kind === 'wait') return;
    this.started.add(id);
    const live: LiveEdge[] = states.filter((s) => s.state === 'live').map(({ edge }) => ({ edge, source: this.plan.nodes.get(edge.source)!, outcome: this.outcomes.get(edge.source)! }));
    const inputs = nodeInputs(node, edges, live, this.external);
    // Whatever else was upstream is named as a parent without data, so skipped nodes stay connected.
    const others = states.filter((s) => s.state !== 'live' && s.state !== 'pending').flatMap((s) => this.outcomes.get(s.edge.source)!.identities);
    let work: Promise<NodeOutcome>;
    if (this.ctx.session.stopping !== undefined) work = this.recordCancelled(node, inputs, others);
    else if (decision.kind === 'run') work = this.execute(node, inputs);
    else work = this.recordSkipped(node, inputs, others, decision.kind, decision.reason ?? 'not run');
    void this.settle(id, work);
  }

  private async settle(id: string, work: Promise<NodeOutcome>): Promise<void> {
    let outcome: NodeOutcome;
    try {
      outcome = await work;
    } catch (error) {
      this.errors.push(error);
      outcome = singleOutcome('failed', undefined);
    }
    this.outcomes.set(id, outcome);
    for (const edge of this.plan.outgoing.get(id)!) this.consider(edge.target);
    if (--this.remaining === 0) this.done();
  }

  private async execute(node: WorkflowNode, inputs: NodeInputs): Promise<NodeOutcome> {
    const id = this.plan.prefix + node.id;
    switch (node.type) {
      case 'component': {
        const planned = this.plan.components.get(node.id)!;
        try {
          const result = await this.ctx.session.call(planned.definition, inputs.values, { parents: parentsOf(inputs.flows), executor: planned.executor });
          return singleOutcome('succeeded', result, { ...result.outputs });
        } catch (error) {
          return singleOutcome('failed', identityOfError(error));
        }
      }
      case 'condition':
        return runCondition(this.ctx, this.conditionOf(node), inputs);
      case 'map':
        return runMap(this.ctx, id, node, this.plan.components.get(node.body)!, inputs);
      case 'loop':
        return runLoop(this.ctx, id, node, this.plan.components.get(node.body)!, inputs);
      case 'subworkflow':
        return runSubworkflow(this.ctx, this.plan.subworkflows.get(node.id)!, inputs);
    }
  }

  /** The definition recorded for a node that does not run. */
  private recordDefinition(node: WorkflowNode): ComponentDefinition {
    if (node.type === 'component') return withoutCache(this.plan.components.get(node.id)!.definition);
    if (node.type === 'condition') return this.conditionOf(node);
    return controlDefinition(this.plan.prefix + node.id, node.type, JSON.stringify(node), () => ({}));
  }

  private conditionOf(node: Extract<WorkflowNode, { type: 'condition' }>): ComponentDefinition {
    let definition = this.conditions.get(node.id);
    if (definition === undefined) {
      definition = conditionDefinition(this.plan.prefix + node.id, node);
      this.conditions.set(node.id, definition);
    }
    return definition;
  }

  private async recordSkipped(node: WorkflowNode, inputs: NodeInputs, others: readonly ExecutionIdentity[], kind: 'inactive' | 'blocked', reason: string): Promise<NodeOutcome> {
    const parents = [...parentsOf(inputs.flows), ...plainParents(others)];
    const identity = await this.ctx.session.skip(this.recordDefinition(node), inputs.values, { parents, reason, executor: this.ctx.localExecutor });
    return singleOutcome(kind, identity);
  }

  private async recordCancelled(node: WorkflowNode, inputs: NodeInputs, others: readonly ExecutionIdentity[]): Promise<NodeOutcome> {
    const parents = [...parentsOf(inputs.flows), ...plainParents(others)];
    const identity = await this.ctx.session.recordCancelled(this.recordDefinition(node), inputs.values, { parents, executor: this.ctx.localExecutor });
    return singleOutcome('cancelled', identity);
  }
}
