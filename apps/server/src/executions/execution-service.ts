import type { FastifyBaseLogger } from 'fastify';
import { runWorkflow, type Engine, type RunWorkflowOptions } from '@twingraph/core';
import { ERROR_CODES, toErrorData, TwinGraphError, type NodeRecord, type RunRecord } from '@twingraph/model';
import { PROTOCOL_ERROR_CODES, type ListExecutionsQuery, type StartExecutionBody, type StartExecutionResponse } from '@twingraph/protocol';
import { notFound } from '../http/api-errors.js';
import type { WorkflowRecord } from '@twingraph/core';
import type { WorkflowStore } from '../workflows/workflow-store.js';

export interface ExecutionServiceOptions {
  engine: Engine;
  workflows: WorkflowStore;
  logger: FastifyBaseLogger;
  /** Idempotency keys remembered (oldest forgotten first). */
  idempotencyKeys: number;
  /** Told when this process starts (true) and stops (false) owning a run (multi-instance leases). */
  onOwn?: (runId: string, owned: boolean) => void;
  /** Other server instances (RedisCluster): who drives a run, stop requests for runs driven there, shared idempotency keys. */
  cluster?: { owner(runId: string): Promise<string | null>; requestStop(runId: string): Promise<void>; idempotency?: SharedIdempotency };
}

/** Idempotency keys in a store every instance sees: '' while the claimer starts its run, then the run id. */
export interface SharedIdempotency {
  claim(key: string): Promise<boolean>;
  complete(key: string, runId: string): Promise<void>;
  release(key: string): Promise<void>;
  read(key: string): Promise<string | null>;
}

const FINAL_NODE_STATUSES: ReadonlySet<string> = new Set(['succeeded', 'failed', 'skipped', 'cached', 'cancelled']);

/** Labels that link a run to the saved workflow version it ran. */
export const WORKFLOW_ID_LABEL = 'twingraph.workflowId';
export const WORKFLOW_VERSION_LABEL = 'twingraph.workflowVersion';
/** Label of a "run this node" run: the execution whose upstream results it reused (node-run-service.ts). */
export const NODE_RUN_OF_LABEL = 'twingraph.nodeRunOf';

/** What a run launched for "run this node" changes: its document, the parents of its inputs, extra labels. */
export interface LaunchOverrides {
  document: unknown;
  inputProviders: NonNullable<RunWorkflowOptions['inputProviders']>;
  labels: Record<string, string>;
}

/**
 * Starts saved workflows on the server's engine and answers execution queries from its run store.
 * Runs in progress are owned by this process: stop() aborts the signal given to runWorkflow, which
 * cancels the RunSession (running components are aborted, waiting ones recorded cancelled).
 */
export class ExecutionService {
  private readonly active = new Map<string, { controller: AbortController; done: Promise<void>; record: RunRecord }>();
  private readonly idempotency = new Map<string, Promise<string>>();
  /** Run ids another instance started for a key this instance was asked about (answered `replayed`). */
  private readonly replays = new Set<string>();

  constructor(private readonly options: ExecutionServiceOptions) {}

  /** Starts a run and resolves once it exists (its id is known); the run goes on in the background. */
  async start(body: StartExecutionBody, idempotencyKey: string | undefined): Promise<StartExecutionResponse> {
    if (idempotencyKey !== undefined) {
      const earlier = this.idempotency.get(idempotencyKey);
      if (earlier !== undefined) return { executionId: await earlier, replayed: true };
      const started = this.options.cluster?.idempotency === undefined ? this.startRun(body) : this.startOnce(body, idempotencyKey, this.options.cluster.idempotency);
      this.idempotency.set(idempotencyKey, started);
      if (this.idempotency.size > this.options.idempotencyKeys) this.idempotency.delete(this.idempotency.keys().next().value!);
      // A request that failed before the run existed may be retried with the same key.
      started.catch(() => this.idempotency.delete(idempotencyKey));
      const executionId = await started;
      return this.replays.delete(executionId) ? { executionId, replayed: true } : { executionId };
    }
    return { executionId: await this.startRun(body) };
  }

  /**
   * Idempotency across instances: the first request to claim the key in the shared store starts the run
   * and records its id; a retry that lands on another instance waits for that id instead of starting again.
   * Resolves with a `replayed` mark through `replays` when another request started it.
   */
  private async startOnce(body: StartExecutionBody, key: string, shared: SharedIdempotency): Promise<string> {
    for (let attempt = 0; attempt < 3; attempt++) {
      if (await shared.claim(key)) {
        try {
          const runId = await this.startRun(body);
          await shared.complete(key, runId);
          return runId;
        } catch (error) {
          // A request that failed before the run existed may be retried with the same key.
          await shared.release(key).catch(() => undefined);
          throw error;
        }
      }
      const deadline = Date.now() + 10_000;
      for (;;) {
        const value = await shared.read(key);
        if (value === null) break; // the claimer failed and released it: try to claim again
        if (value !== '') {
          this.replays.add(value);
          return value;
        }
        if (Date.now() > deadline) throw new TwinGraphError(PROTOCOL_ERROR_CODES.CONFLICT, 'Another request with this Idempotency-Key is still starting its execution', { hint: 'Retry in a few seconds with the same key.' });
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    throw new TwinGraphError(PROTOCOL_ERROR_CODES.CONFLICT, 'Requests with this Idempotency-Key keep failing to start an execution', { hint: 'Check the request (the workflow id, its version), then retry.' });
  }

  private async startRun(body: StartExecutionBody): Promise<string> {
    const workflow = await this.options.workflows.get(body.workflowId, body.version);
    if (workflow === undefined) throw notFound(body.version === undefined ? 'Workflow' : `Version ${body.version} of workflow`, body.workflowId);
    return this.launch(workflow, body.inputs, undefined);
  }

  /** Starts a run of `workflow` with a replaced document and input parents ("run this node"); resolves with its id. */
  launchWith(workflow: WorkflowRecord, inputs: Record<string, unknown>, overrides: LaunchOverrides): Promise<string> {
    return this.launch(workflow, inputs, undefined, overrides);
  }

  /**
   * Runs a saved workflow version in the background and resolves with its run id once the run exists.
   * With `resumeRunId`, continues that interrupted run instead (engine.resumeRun through runWorkflow).
   */
  private launch(workflow: WorkflowRecord, inputs: Record<string, unknown> | undefined, resumeRunId: string | undefined, overrides?: LaunchOverrides): Promise<string> {
    const controller = new AbortController();
    const { engine, logger } = this.options;
    return new Promise<string>((resolve, reject) => {
      let runId: string | undefined;
      let finished!: () => void;
      const done = new Promise<void>((r) => (finished = r));
      const labels = { [WORKFLOW_ID_LABEL]: workflow.id, [WORKFLOW_VERSION_LABEL]: String(workflow.version), ...overrides?.labels };
      runWorkflow(engine, overrides?.document ?? workflow.document, {
        signal: controller.signal,
        ...(overrides === undefined ? {} : { inputProviders: overrides.inputProviders }),
        ...(inputs === undefined ? {} : { inputs }),
        ...(resumeRunId === undefined ? {} : { runId: resumeRunId, resume: true }),
        source: `workflow:${workflow.id}@${workflow.version}`,
        labels,
        onStart: (id) => {
          runId = id;
          // The run store's writes are batched: until the first lands, GET answers from this record.
          const record: RunRecord = {
            runId: id, pipeline: workflow.name, version: '', status: 'running', startedAt: new Date().toISOString(),
            source: `workflow:${workflow.id}@${workflow.version}`, labels,
          };
          this.active.set(id, { controller, done, record });
          this.options.onOwn?.(id, true);
          logger.info({ runId: id, workflowId: workflow.id, version: workflow.version, resumed: resumeRunId !== undefined }, resumeRunId === undefined ? 'execution started' : 'execution resumed');
          resolve(id);
        },
      }).then((summary) => {
        logger.info({ runId: summary.runId, status: summary.status, durationMs: summary.durationMs }, 'execution finished');
      }, (error: unknown) => {
        // Before onStart this is a request error (invalid document, no executor); after it, a run failure.
        if (runId === undefined) reject(error);
        else logger.error({ runId, err: error }, 'execution failed outside its components');
      }).finally(() => {
        if (runId !== undefined) {
          this.active.delete(runId);
          this.options.onOwn?.(runId, false);
        }
        finished();
      });
    });
  }

  /** Requests cancellation and waits (up to `waitMs`) for the run to settle. */
  async stop(runId: string, waitMs = 10_000): Promise<RunRecord> {
    const active = this.active.get(runId);
    if (active === undefined) {
      const run = await this.options.engine.runStore.getRun(runId);
      if (run === undefined) throw notFound('Execution', runId);
      if (run.status === 'running' && (await this.isDrivenElsewhere(runId))) return this.stopElsewhere(runId, waitMs);
      throw new TwinGraphError(PROTOCOL_ERROR_CODES.CONFLICT, `Execution '${runId}' is not running here (status ${run.status})`, {
        details: { status: run.status }, hint: 'Only a running execution can be stopped.',
      });
    }
    this.options.logger.info({ runId }, 'execution stop requested');
    active.controller.abort();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([active.done, new Promise<void>((r) => (timer = setTimeout(r, waitMs)))]);
    clearTimeout(timer);
    return (await this.options.engine.runStore.getRun(runId)) ?? { runId, pipeline: '', version: '', status: 'cancelled', startedAt: new Date().toISOString() };
  }

  async get(runId: string): Promise<{ execution: RunRecord; nodes: NodeRecord[] }> {
    const run = (await this.options.engine.runStore.getRun(runId)) ?? this.active.get(runId)?.record;
    if (run === undefined) throw notFound('Execution', runId);
    return { execution: run, nodes: await this.options.engine.runStore.listNodes(runId) };
  }

  async list(query: ListExecutionsQuery): Promise<{ items: RunRecord[]; limit: number; offset: number }> {
    const store = this.options.engine.runStore;
    if (query.workflowId === undefined) {
      const items = await store.listRuns({ limit: query.limit, offset: query.offset, ...(query.pipeline === undefined ? {} : { pipeline: query.pipeline }), ...(query.status === undefined ? {} : { status: query.status }) });
      return { items, limit: query.limit, offset: query.offset };
    }
    // The run store has no label filter: the workflow's runs are all named after its document, so filter those.
    const workflow = await this.options.workflows.versions(query.workflowId);
    if (workflow === undefined) throw notFound('Workflow', query.workflowId);
    const names = new Set(workflow.map((v) => (v.document as { metadata?: { name?: string } }).metadata?.name));
    const matches: RunRecord[] = [];
    for (const name of names) {
      if (name === undefined) continue;
      const runs = await store.listRuns({ pipeline: name, limit: query.offset + query.limit + 1000, ...(query.status === undefined ? {} : { status: query.status }) });
      matches.push(...runs.filter((r) => r.labels?.[WORKFLOW_ID_LABEL] === query.workflowId));
    }
    matches.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
    return { items: matches.slice(query.offset, query.offset + query.limit), limit: query.limit, offset: query.offset };
  }

  /**
   * Runs this server started (labelled with a workflow id) that the store still shows as running, and
   * that no live process owns (`mayAdopt`, e.g. another instance's lease in Redis), were interrupted:
   * the process that ran them is gone. With `resume`, each is continued under its own id from the
   * workflow version it ran (finished components reused by hash, lost ones run again); a run that
   * cannot be resumed (its version deleted, its document no longer valid here) is recorded failed with
   * the reason, its unfinished nodes cancelled. Without `resume`, all are recorded failed.
   */
  async recoverInterruptedRuns(options: { resume: boolean; mayAdopt?: (runId: string) => Promise<boolean>; startedBefore?: string }): Promise<{ resumed: string[]; failed: Array<{ runId: string; reason: string }> }> {
    const store = this.options.engine.runStore;
    const resumed: string[] = [];
    const failed: Array<{ runId: string; reason: string }> = [];
    const seen = new Set<string>();
    for (;;) {
      const running = (await store.listRuns({ status: 'running', limit: 500 })).filter((run) => run.labels?.[WORKFLOW_ID_LABEL] !== undefined && !this.active.has(run.runId) && !seen.has(run.runId)
        && (options.startedBefore === undefined || run.startedAt < options.startedBefore));
      if (running.length === 0) return { resumed, failed };
      for (const run of running) {
        seen.add(run.runId);
        if (options.mayAdopt !== undefined && !(await options.mayAdopt(run.runId))) continue;
        const reason = options.resume ? await this.tryResume(run) : 'The server stopped while this execution was running';
        if (reason === undefined) {
          resumed.push(run.runId);
          continue;
        }
        await this.recordFailed(run, reason);
        failed.push({ runId: run.runId, reason });
        this.options.logger.warn({ runId: run.runId, reason }, 'execution interrupted by a server stop recorded as failed');
      }
    }
  }

  /** Resumes one interrupted run; returns why it could not, or undefined once it runs again. */
  private async tryResume(run: RunRecord): Promise<string | undefined> {
    const workflowId = run.labels![WORKFLOW_ID_LABEL]!;
    // Its one-node document was never saved, so resuming would run the whole workflow instead.
    if (run.labels?.[NODE_RUN_OF_LABEL] !== undefined) return 'The server stopped while this "run this node" execution was running; run the node again';
    const version = Number(run.labels?.[WORKFLOW_VERSION_LABEL]);
    const workflow = Number.isInteger(version) ? await this.options.workflows.get(workflowId, version) : undefined;
    if (workflow === undefined) return `The server stopped while this execution was running, and version ${run.labels?.[WORKFLOW_VERSION_LABEL] ?? '?'} of workflow '${workflowId}' it ran no longer exists, so it cannot be resumed`;
    const inputs = typeof run.inputs === 'object' && run.inputs !== null && !Array.isArray(run.inputs) ? (run.inputs as Record<string, unknown>) : undefined;
    try {
      await this.launch(workflow, inputs, run.runId);
      return undefined;
    } catch (error) {
      return `The server stopped while this execution was running, and resuming it failed: ${toErrorData(error).message}`;
    }
  }

  private async recordFailed(run: RunRecord, reason: string): Promise<void> {
    const store = this.options.engine.runStore;
    const now = new Date().toISOString();
    const error = { code: ERROR_CODES.CANCELLED, message: reason, category: 'operational' as const, hint: 'Start the execution again (POST /api/executions).' };
    const nodes = await store.listNodes(run.runId);
    await store.write([
      ...nodes.filter((node) => !FINAL_NODE_STATUSES.has(node.status)).map((node) => ({ kind: 'node' as const, node: { ...node, status: 'cancelled' as const, completedAt: now, error } })),
      { kind: 'run', run: { ...run, status: 'failed', completedAt: now, error } },
    ]);
  }

  isActive(runId: string): boolean {
    return this.active.has(runId);
  }

  /** True when another server instance holds the run's lease (it is running there). */
  async isDrivenElsewhere(runId: string): Promise<boolean> {
    const cluster = this.options.cluster;
    if (cluster === undefined || this.active.has(runId)) return false;
    return (await cluster.owner(runId)) !== null;
  }

  /** Another instance asked to stop a run: stop it when this process drives it. */
  stopIfLocal(runId: string): void {
    const active = this.active.get(runId);
    if (active === undefined) return;
    this.options.logger.info({ runId }, 'execution stop requested by another instance');
    active.controller.abort();
  }

  /** Sends the stop to the instance driving the run and waits (up to `waitMs`) for the store to show it settled. */
  private async stopElsewhere(runId: string, waitMs: number): Promise<RunRecord> {
    this.options.logger.info({ runId }, 'execution stop requested; forwarded to the instance driving it');
    await this.options.cluster!.requestStop(runId);
    const store = this.options.engine.runStore;
    const deadline = Date.now() + waitMs;
    for (;;) {
      const run = await store.getRun(runId);
      if (run === undefined || run.status !== 'running' || Date.now() > deadline) return run ?? { runId, pipeline: '', version: '', status: 'cancelled', startedAt: new Date().toISOString() };
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Cancels every run in progress and waits for them (server shutdown). */
  async close(): Promise<void> {
    const all = [...this.active.values()];
    for (const run of all) run.controller.abort();
    await Promise.all(all.map((run) => run.done));
  }
}

