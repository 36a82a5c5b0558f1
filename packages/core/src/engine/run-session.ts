import {
  cancelledError,
  ERROR_CODES,
  toErrorData,
  TwinGraphError,
  type ErrorData,
  type NodeStatus,
  type RunEvent,
  type RunStatus,
} from '@twingraph/model';
import type { ComponentDefinition } from './component-definition.js';
import type { ComponentResult } from './component-result.js';
import { uuidV7 } from './uuid-v7.js';
import { ConcurrencyLimiter } from './concurrency-limiter.js';
import { EventBus } from './event-bus.js';
import type { ParentLike } from './input-resolution.js';
import { NodeExecution, type SessionServices } from './node-execution.js';
import type { RecordWriter } from './record-writer.js';
import type { ResolvedRunDefinition } from './run-definition.js';
import type { ResumeLedger } from './resume-ledger.js';
import type { CachedResult, ResultCache } from '../ports/result-cache.js';
import { StreamChannel } from './stream-channel.js';
import { StreamingCall, type ExecutionIdentity } from './streaming-call.js';
import type { Executor } from '../ports/executor.js';
import type { LineageStore } from '../ports/lineage-store.js';
import type { LargeValues } from '../blobs/large-values.js';

export interface CallOptions {
  /** Parents besides those inferred from the inputs (the original's parent_hash). */
  parents?: readonly ParentLike[];
  /**
   * Runs this call on this executor instead of the one configured for the component's platform.
   * The workflow document runner uses it to check declared output ports and to run a docker node
   * locally when no Docker executor is configured; the vertex still records the spec's platform.
   * @defaultValue the engine's executor for `definition.spec.platform`
   */
  executor?: Executor;
}

export interface RunSummary {
  runId: string;
  pipeline: string;
  status: RunStatus;
  startedAt: string;
  completedAt: string;
  durationMs: number;
  /** What the pipeline function returned. */
  result?: unknown;
  error?: ErrorData;
  counts: Record<NodeStatus, number>;
  /** Set when some records could not be written to the stores. */
  recordError?: ErrorData;
}

export interface RunSessionDeps {
  definition: ResolvedRunDefinition;
  executors: ReadonlyMap<string, Executor>;
  lineageStore: LineageStore | undefined;
  writer: RecordWriter;
  parentBus: EventBus;
  /** Large data: output values over the limit go to the blob store. Off when undefined. */
  largeValues?: LargeValues | undefined;
  /** Level-2 result cache before the lineage store's findCached. */
  resultCache?: ResultCache | undefined;
  /** Continues an interrupted run (definition.runId): what it already did, and when it started. */
  resume?: { ledger: ResumeLedger; startedAt: string } | undefined;
}

type SessionState = 'running' | 'stopping' | 'finished';

/**
 * One run: accepts component calls while the pipeline runs, schedules them (up to maxParallel),
 * applies the error policy, cancellation and the run timeout, and writes the records.
 */
export class RunSession implements SessionServices {
  readonly runId: string;
  readonly events: EventBus;
  readonly startedAt: string;
  readonly definition: ResolvedRunDefinition;
  readonly limiter: ConcurrencyLimiter;
  readonly writer: RecordWriter;
  readonly lineageStore: LineageStore | undefined;
  readonly largeValues: LargeValues | undefined;
  readonly resume: ResumeLedger | undefined;
  readonly resultCache: ResultCache | undefined;
  /** Results for the level-2 cache, written once the run's records are (a hit must name a recorded execution). */
  private cacheFills: Array<[string, CachedResult]> = [];

  private state: SessionState = 'running';
  private cancelRequested = false;
  private stopReason: TwinGraphError | undefined;
  private seq = 0;
  private order = 0;
  private inFlight = 0;
  private idleWaiters: Array<() => void> = [];
  private readonly running = new Set<NodeExecution>();
  /**
   * [hash, executionId] pairs in start order, indexed only when a parent is first named by string:
   * pushing two strings costs far less per component than keeping a Map up to date.
   */
  private readonly identityPairs: string[] = [];
  private identityIndex: Map<string, string> | undefined;
  private indexedPairs = 0;
  private readonly counts: Record<NodeStatus, number> = {
    pending: 0, queued: 0, running: 0, succeeded: 0, failed: 0, skipped: 0, cached: 0, cancelled: 0,
  };
  private readonly startMs = Date.now();
  private runTimer: NodeJS.Timeout | undefined;
  private readonly executors: ReadonlyMap<string, Executor>;

  constructor(deps: RunSessionDeps) {
    this.definition = deps.definition;
    this.runId = deps.definition.runId ?? uuidV7();
    this.events = new EventBus(deps.parentBus);
    this.executors = deps.executors;
    this.writer = deps.writer;
    this.lineageStore = deps.lineageStore;
    this.largeValues = deps.largeValues;
    this.limiter = new ConcurrencyLimiter(deps.definition.maxParallel);
    this.resume = deps.resume?.ledger;
    this.resultCache = deps.resultCache;
    // A resumed run keeps its start time: the run record and pipeline vertex are rewritten, not added.
    this.startedAt = deps.resume?.startedAt ?? new Date(this.startMs).toISOString();
  }

  /** Records the run as started. Called once by the engine. */
  async begin(): Promise<void> {
    const def = this.definition;
    if (def.clearGraph !== false && this.lineageStore !== undefined && this.resume === undefined) {
      await this.lineageStore.clear(def.clearGraph === 'all' ? { all: true } : { pipelineName: def.name, exceptPipelineId: this.runId });
    }
    this.writeRunRecords('running');
    if (def.timeoutMs !== undefined) {
      const ms = def.timeoutMs;
      this.runTimer = setTimeout(() => this.stop(new TwinGraphError(ERROR_CODES.TIMEOUT, `Run '${def.name}' timed out after ${ms} ms`, {
        category: 'operational', hint: 'Raise the pipeline timeoutMs or make the run faster.', details: { timeoutMs: ms },
      })), ms);
      this.runTimer.unref();
    }
    if (this.events.active) this.emit({ type: 'run.started', runId: this.runId, pipeline: def.name, at: this.startedAt, seq: 0 });
  }

  /** Runs a component in this run. Rejects with the component's error if it fails. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the engine API is untyped; the SDK types results
  call<O = Record<string, any>>(definition: ComponentDefinition, inputs: Record<string, unknown>, options: CallOptions = {}): Promise<ComponentResult<O>> {
    const promise = this.track(this.startNode(definition, inputs, options, undefined, undefined)) as Promise<ComponentResult<O>>;
    // The failure is recorded on the run either way; an unawaited call must not crash the process.
    promise.catch(noop);
    return promise;
  }

  /** Runs a streaming (async generator) component; its items can be consumed while it runs. */
  callStreaming<T>(definition: ComponentDefinition, inputs: Record<string, unknown>, options: CallOptions = {}): StreamingCall<T> {
    const channel = new StreamChannel<T>();
    let resolveStarted!: (identity: ExecutionIdentity) => void;
    let rejectStarted!: (error: unknown) => void;
    const started = new Promise<ExecutionIdentity>((resolve, reject) => {
      resolveStarted = resolve;
      rejectStarted = reject;
    });
    started.catch(noop);
    const result = this.track(this.startNode(definition, inputs, options, channel as StreamChannel, resolveStarted)).catch((error: unknown) => {
      rejectStarted(error);
      channel.end(error);
      throw error;
    }) as Promise<ComponentResult<{ items: T[] }>>;
    result.catch(noop);
    return new StreamingCall(started, result, channel);
  }

  /**
   * Records a component that will not run (a condition branch not taken, an upstream failure under
   * a join policy) as `skipped`, with its parents, so the graph shows the whole workflow.
   */
  skip(definition: ComponentDefinition, inputs: Record<string, unknown>, options: CallOptions & { reason: string }): Promise<ExecutionIdentity> {
    try {
      this.assertAccepting();
      // A skipped node never runs, so its platform need not be configured here.
      const executor = options.executor ?? this.executors.get(definition.spec.platform) ?? this.executors.get('local')!;
      const prepared = NodeExecution.prepare(this, definition, executor, inputs, options.parents, undefined);
      return Promise.resolve(prepared).then((node) => {
        this.identityPairs.push(node.hash, node.executionId);
        node.skip(options.reason);
        return { executionId: node.executionId, hash: node.hash };
      });
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Records a component that never started because the run is stopping (cancelled, or stopped by a
   * failure under errorHandler 'fail') as `cancelled`, with its parents. Only while stopping.
   */
  recordCancelled(definition: ComponentDefinition, inputs: Record<string, unknown>, options: CallOptions = {}): Promise<ExecutionIdentity> {
    try {
      if (this.state !== 'stopping') throw new TwinGraphError(ERROR_CODES.INTERNAL, 'recordCancelled() is only for a run that is stopping', { category: 'unexpected' });
      const executor = options.executor ?? this.executors.get(definition.spec.platform) ?? this.executors.get('local')!;
      const prepared = NodeExecution.prepare(this, definition, executor, inputs, options.parents, undefined);
      return Promise.resolve(prepared).then((node) => {
        this.identityPairs.push(node.hash, node.executionId);
        // A node run while the session is stopping records itself cancelled before any attempt.
        this.track(node.run()).catch(noop);
        return { executionId: node.executionId, hash: node.hash };
      });
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private startNode(
    definition: ComponentDefinition,
    inputs: Record<string, unknown>,
    options: CallOptions,
    channel: StreamChannel | undefined,
    onStarted: ((identity: ExecutionIdentity) => void) | undefined,
  ): Promise<ComponentResult> {
    try {
      this.assertAccepting();
      const executor = options.executor ?? this.executorFor(definition);
      const prepared = NodeExecution.prepare(this, definition, executor, inputs, options.parents, channel);
      if (prepared instanceof Promise) return prepared.then((node) => this.launch(node, onStarted));
      return this.launch(prepared, onStarted);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private launch(node: NodeExecution, onStarted: ((identity: ExecutionIdentity) => void) | undefined): Promise<ComponentResult> {
    this.assertAccepting();
    // Strings only: keeping whole nodes would hold every input for the run's life.
    this.identityPairs.push(node.hash, node.executionId);
    onStarted?.(node);
    return node.run();
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.inFlight++;
    const settle = (): void => {
      if (--this.inFlight === 0) for (const wake of this.idleWaiters.splice(0)) wake();
    };
    promise.then(settle, settle);
    return promise;
  }

  private executorFor(definition: ComponentDefinition): Executor {
    const platform = definition.spec.platform;
    const executor = this.executors.get(platform);
    if (executor !== undefined) return executor;
    throw new TwinGraphError(
      ERROR_CODES.EXECUTOR_NOT_CONFIGURED,
      `Component '${definition.spec.name}' runs on platform '${platform}', but no ${platform} executor is configured`,
      {
        hint: platform === 'local' ? 'Add the local executor to the engine.' :
          `Install and configure the ${platform} executor (see docs/platforms.md), or set platform: 'local' on the component.`,
        details: { platform, component: definition.spec.name },
        nonRetryable: true,
      },
    );
  }

  private assertAccepting(): void {
    if (this.state === 'running') return;
    throw this.stopReason ?? cancelledError('The run has finished; no more components can start');
  }

  // SessionServices, used by NodeExecution.

  nextOrder(): number {
    return this.order++;
  }

  nextSeq(): number {
    return ++this.seq;
  }

  lookupIdentity(hashOrId: string): ExecutionIdentity | undefined {
    const index = (this.identityIndex ??= new Map<string, string>());
    for (; this.indexedPairs < this.identityPairs.length; this.indexedPairs += 2) {
      const hash = this.identityPairs[this.indexedPairs]!;
      const executionId = this.identityPairs[this.indexedPairs + 1]!;
      index.set(hash, executionId);
      index.set(executionId, hash);
    }
    const other = index.get(hashOrId);
    if (other === undefined) return undefined;
    // Execution ids are UUIDs (with dashes); hashes are hex.
    return hashOrId.includes('-') ? { executionId: hashOrId, hash: other } : { executionId: other, hash: hashOrId };
  }

  emit(event: RunEvent): void {
    this.events.emit(event);
  }

  registerRunning(node: NodeExecution): void {
    this.running.add(node);
  }

  unregisterRunning(node: NodeExecution): void {
    this.running.delete(node);
  }

  /** Called by a node when it reaches a terminal status. */
  nodeFinished(status: NodeStatus, error: unknown): void {
    this.counts[status]++;
    if (status === 'failed' && this.definition.errorHandler === 'fail') {
      const data = toErrorData(error);
      this.stop(new TwinGraphError(ERROR_CODES.UPSTREAM_FAILED, `Stopped because another component failed: ${data.message}`, {
        category: 'user', details: { cause: data }, nonRetryable: true,
      }));
    }
  }

  get stopping(): TwinGraphError | undefined {
    return this.state === 'running' ? undefined : this.stopReason;
  }

  /** Cancels the run: running components are aborted, waiting ones are marked cancelled. */
  cancel(reason = 'The run was cancelled'): void {
    if (this.state === 'running') this.cancelRequested = true;
    this.stop(cancelledError(reason));
  }

  private stop(reason: TwinGraphError): void {
    if (this.state !== 'running') return;
    this.state = 'stopping';
    this.stopReason = reason;
    this.limiter.rejectWaiting(reason);
    for (const node of this.running) node.abort(reason);
  }

  /** Waits for every started component to settle, writes the final records and reports the run. */
  async finish(outcome: { ok: true; value?: unknown } | { ok: false; error: unknown }): Promise<RunSummary> {
    if (!outcome.ok && this.state === 'running' && this.definition.errorHandler === 'fail') {
      this.stop(cancelledError('The pipeline function failed'));
    }
    if (this.inFlight > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    if (this.runTimer !== undefined) clearTimeout(this.runTimer);
    const failed = !outcome.ok || this.counts.failed > 0 || this.stopReason !== undefined;
    const status: RunStatus = this.cancelRequested ? 'cancelled' : failed ? 'failed' : 'succeeded';
    this.state = 'finished';
    const error = runError(outcome, this.stopReason, this.counts.failed, this.cancelRequested);
    const completedAt = new Date().toISOString();
    this.writeRunRecords(status, completedAt, outcome.ok ? outcome.value : undefined, error);
    const recordFailure = await this.writer.flush();
    if (recordFailure === undefined) await this.fillResultCache();
    const summary: RunSummary = {
      runId: this.runId,
      pipeline: this.definition.name,
      status,
      startedAt: this.startedAt,
      completedAt,
      durationMs: Date.now() - this.startMs,
      counts: { ...this.counts },
      ...(outcome.ok && outcome.value !== undefined ? { result: outcome.value } : {}),
      ...(error === undefined ? {} : { error }),
      ...(recordFailure === undefined ? {} : { recordError: toErrorData(recordFailure) }),
    };
    if (this.events.active) {
      this.emit({
        type: 'run.finished', runId: this.runId, pipeline: this.definition.name, status, at: completedAt,
        seq: this.nextSeq(), durationMs: summary.durationMs, ...(error === undefined ? {} : { error }),
      });
    }
    return summary;
  }

  /** Keeps a succeeded cacheable result for the level-2 cache (written when the run finishes). */
  cacheResult(hash: string, result: CachedResult): void {
    if (this.resultCache !== undefined) this.cacheFills.push([hash, result]);
  }

  private async fillResultCache(): Promise<void> {
    const cache = this.resultCache;
    const fills = this.cacheFills;
    this.cacheFills = [];
    if (cache === undefined) return;
    // Never fails the run: the cache is an optimisation.
    await Promise.all(fills.map(([hash, result]) => cache.set(hash, result).catch(noop)));
  }

  private writeRunRecords(status: RunStatus, completedAt?: string, result?: unknown, error?: ErrorData): void {
    const def = this.definition;
    this.writer.run({
      kind: 'run',
      run: {
        runId: this.runId, pipeline: def.name, version: def.version, status, startedAt: this.startedAt,
        ...(completedAt === undefined ? {} : { completedAt }),
        ...(def.source === undefined ? {} : { source: def.source }),
        ...(def.inputs === undefined ? {} : { inputs: def.inputs }),
        ...(result === undefined ? {} : { result }),
        ...(error === undefined ? {} : { error }),
        ...(def.labels === undefined ? {} : { labels: def.labels }),
      },
    });
    this.writer.lineage({
      kind: 'pipeline',
      vertex: {
        pipelineId: this.runId, name: def.name, version: def.version, status, startedAt: this.startedAt,
        ...(completedAt === undefined ? {} : { completedAt }),
        ...(def.labels === undefined ? {} : { attributes: { ...def.labels } }),
      },
    });
  }
}

function runError(
  outcome: { ok: true; value?: unknown } | { ok: false; error: unknown },
  stopReason: TwinGraphError | undefined,
  failedCount: number,
  cancelRequested: boolean,
): ErrorData | undefined {
  if (cancelRequested || stopReason?.code === ERROR_CODES.TIMEOUT) return stopReason?.toData();
  if (!outcome.ok) return toErrorData(outcome.error);
  if (stopReason !== undefined) return stopReason.toData();
  if (failedCount > 0) {
    return {
      code: ERROR_CODES.COMPONENT_FAILED,
      message: `${failedCount} component execution(s) failed`,
      category: 'user',
      hint: 'See the failed components with `twingraph runs show <runId>`.',
    };
  }
  return undefined;
}

function noop(): void {}
