import type { RunSession } from '../engine/run-session.js';
import type { ExecutionIdentity } from '../engine/streaming-call.js';
import type { Executor } from '../ports/executor.js';
import type { ExternalInput } from './node-inputs.js';
import type { NodeOutcome } from './node-outcome.js';
import type { WorkflowPlan } from './workflow-plan.js';

/** What node handlers share during one document run. */
export interface WorkflowContext {
  readonly session: RunSession;
  /** Runs in-process work: conditions and the records of control nodes. */
  readonly localExecutor: Executor;
  /** The workflow's maxParallel, the default for map nodes. */
  readonly maxParallel: number;
  /** Runs a (sub-)workflow plan inside this run; resolves with every node's outcome. */
  runPlan(plan: WorkflowPlan, external: ReadonlyMap<string, ExternalInput>): Promise<ReadonlyMap<string, NodeOutcome>>;
}

/** The execution a failed RunSession.call recorded (its error carries the identity in details). */
export function identityOfError(error: unknown): ExecutionIdentity | undefined {
  const details = (error as { details?: { executionId?: unknown; hash?: unknown } } | undefined)?.details;
  return typeof details?.executionId === 'string' && typeof details.hash === 'string' ? { executionId: details.executionId, hash: details.hash } : undefined;
}
