import { ERROR_CODES, TwinGraphError, type AttemptRecord, type NodeStatus, type RunRecord } from '@twingraph/model';
import type { LineageStore } from '../ports/lineage-store.js';
import type { RunStore } from '../ports/run-store.js';

/** One component execution an interrupted run recorded, as the resumed run may reuse it. */
export interface PriorExecution {
  executionId: string;
  hash: string;
  status: NodeStatus;
  outputs: Record<string, unknown> | undefined;
  startedAt: string | undefined;
  attempts: AttemptRecord[] | undefined;
  cachedFrom: string | undefined;
  /** Whether the run store / lineage store hold its record (a killed driver may have written only one). */
  inRunStore: boolean;
  inLineage: boolean;
}

/** Statuses whose outputs a resumed run reuses instead of running the component again. */
const REUSABLE: ReadonlySet<NodeStatus> = new Set<NodeStatus>(['succeeded', 'cached']);

/**
 * What an interrupted run already did, by content hash. A resumed run re-executes the pipeline; each
 * component call whose hash matches a prior execution claims it: a succeeded (or cached) one is reused
 * with its execution id and outputs, any other (failed, cancelled, skipped) keeps its execution id and
 * runs again, so its new record replaces the old one. The same hash called twice claims in record order.
 */
export class ResumeLedger {
  private readonly byHash = new Map<string, PriorExecution[]>();
  private reusedCount = 0;

  constructor(executions: Iterable<PriorExecution>) {
    for (const prior of executions) {
      const list = this.byHash.get(prior.hash);
      if (list === undefined) this.byHash.set(prior.hash, [prior]);
      else list.push(prior);
    }
  }

  /**
   * Reads the records of `runId` from both stores; either may be missing some of the last records when
   * the driver was killed between two writes.
   */
  static async load(runId: string, runStore: RunStore | undefined, lineageStore: LineageStore | undefined): Promise<ResumeLedger> {
    const byId = new Map<string, PriorExecution>();
    for (const node of runStore === undefined ? [] : await runStore.listNodes(runId)) {
      byId.set(node.executionId, {
        executionId: node.executionId, hash: node.hash, status: node.status, outputs: node.outputs, startedAt: node.startedAt,
        attempts: node.attempts, cachedFrom: node.cachedFrom, inRunStore: true, inLineage: false,
      });
    }
    const graph = lineageStore === undefined ? undefined : await lineageStore.getRunGraph(runId);
    const cachedFrom = new Map<string, string>();
    for (const edge of graph?.edges ?? []) {
      if (edge.label === 'CACHED_FROM') cachedFrom.set(edge.from, edge.to);
    }
    for (const vertex of graph?.components ?? []) {
      const known = byId.get(vertex.executionId);
      if (known !== undefined) {
        known.inLineage = true;
        continue;
      }
      byId.set(vertex.executionId, {
        executionId: vertex.executionId, hash: vertex.hash, status: vertex.status, outputs: vertex.outputs, startedAt: vertex.startedAt,
        attempts: undefined, cachedFrom: cachedFrom.get(vertex.executionId), inRunStore: false, inLineage: true,
      });
    }
    // Start order, so a hash called twice is claimed in the same order as before.
    const executions = [...byId.values()].sort((a, b) => (a.startedAt ?? '').localeCompare(b.startedAt ?? ''));
    return new ResumeLedger(executions);
  }

  /** Takes the next prior execution with this hash, if any is left. */
  claim(hash: string): PriorExecution | undefined {
    const list = this.byHash.get(hash);
    if (list === undefined) return undefined;
    const prior = list.shift();
    if (list.length === 0) this.byHash.delete(hash);
    if (prior !== undefined && ResumeLedger.reusable(prior)) this.reusedCount++;
    return prior;
  }

  /** How many prior executions were reused so far. */
  get reused(): number {
    return this.reusedCount;
  }

  static reusable(prior: PriorExecution): boolean {
    return REUSABLE.has(prior.status) && prior.outputs !== undefined;
  }
}

/**
 * The run record of a run that may be resumed: it exists and did not succeed. A run recorded
 * 'running' was interrupted (its process died); 'failed' and 'cancelled' runs resume too, reusing what
 * succeeded.
 */
export async function loadResumableRun(runStore: RunStore, runId: string): Promise<RunRecord> {
  const run = await runStore.getRun(runId);
  if (run === undefined) {
    throw new TwinGraphError(ERROR_CODES.NOT_FOUND, `No run '${runId}' in the run store`, {
      hint: 'Check the run id (`twingraph runs list`) and that --store points at the store the run was recorded in.',
      details: { runId },
    });
  }
  if (run.status === 'succeeded') {
    throw new TwinGraphError(ERROR_CODES.USAGE, `Run '${runId}' already succeeded; there is nothing to resume`, {
      hint: 'Start a new run instead; finished components are reused from the cache.',
      details: { runId, status: run.status },
      nonRetryable: true,
    });
  }
  return run;
}
