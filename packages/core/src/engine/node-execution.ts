import {
  canonicalJson,
  ERROR_CODES,
  isPlainObject,
  timeoutError,
  toErrorData,
  TwinGraphError,
  type AttemptRecord,
  type ComponentVertex,
  type ErrorData,
  type NodeStatus,
  type RunEvent,
} from '@twingraph/model';
import type { Executor, ExecutionOutcome } from '../ports/executor.js';
import type { LineageStore } from '../ports/lineage-store.js';
import type { CachedResult, ResultCache } from '../ports/result-cache.js';
import { mayHoldBlobRefs, type LargeValues } from '../blobs/large-values.js';
import type { ComponentDefinition } from './component-definition.js';
import { createComponentResult, type ComponentResult } from './component-result.js';
import type { ConcurrencyLimiter } from './concurrency-limiter.js';
import { executionHash } from './content-hash.js';
import type { EventBus } from './event-bus.js';
import { resolveInputs, type ParentLike, type ResolvedInputs, type ResolvedParent } from './input-resolution.js';
import { uuidV7 } from './uuid-v7.js';
import { isoTime as iso } from './iso-time.js';
import { AttemptRequest, type AttemptHost } from './attempt-request.js';
import type { RecordWriter } from './record-writer.js';
import { backoffDelay } from './retry-policy.js';
import type { ResolvedRunDefinition } from './run-definition.js';
import type { StreamChannel } from './stream-channel.js';
import type { ExecutionIdentity } from './streaming-call.js';
import { ResumeLedger, type PriorExecution } from './resume-ledger.js';
import { lookupCachedResult } from './cached-result-lookup.js';

/** What a node needs from its run. */
export interface SessionServices {
  readonly runId: string;
  readonly definition: ResolvedRunDefinition;
  readonly limiter: ConcurrencyLimiter;
  readonly writer: RecordWriter;
  readonly lineageStore: LineageStore | undefined;
  /** Level-2 result cache before the lineage store's findCached; undefined when not configured. */
  readonly resultCache: ResultCache | undefined;
  /** Hands a succeeded cacheable result to the level-2 cache. */
  cacheResult(hash: string, result: CachedResult): void;
  /** What the interrupted run being resumed already did; undefined for a new run. */
  readonly resume: ResumeLedger | undefined;
  /** Large data (blob refs); undefined when turned off. */
  readonly largeValues: LargeValues | undefined;
  readonly events: EventBus;
  /** Set once the run stops accepting and running work. */
  readonly stopping: TwinGraphError | undefined;
  nextOrder(): number;
  nextSeq(): number;
  lookupIdentity(hashOrId: string): ExecutionIdentity | undefined;
  emit(event: RunEvent): void;
  registerRunning(node: NodeExecution): void;
  unregisterRunning(node: NodeExecution): void;
  nodeFinished(status: NodeStatus, error: unknown): void;
}

const PROGRESS_INTERVAL_MS = 100;

/** An attempt with times as numbers; turned into an AttemptRecord only when records are written. */
interface AttemptState {
  attempt: number;
  startedMs: number;
  completedMs?: number;
  status: NodeStatus;
  error?: ErrorData;
}

/**
 * One component execution through its life: hashed as soon as its inputs are known, then waits
 * for a slot, checks the cache, runs attempts with backoff and timeouts, and writes its terminal
 * record (run store + lineage) and events. This is the engine's hot path: it avoids allocations
 * and awaits that a no-op component would otherwise pay for.
 */
export class NodeExecution implements ExecutionIdentity, AttemptHost {
  readonly executionId: string;
  readonly order: number;
  readonly startedMs: number;
  private readonly attempts: AttemptState[] = [];
  private abortCurrent: ((reason: unknown) => void) | undefined;
  private itemsReported = 0;
  private lastProgressAt = 0;
  /** What the component receives: the resolved values, with blob refs replaced once `blobInputs` is loaded. */
  private inputs: Record<string, unknown>;

  private constructor(
    private readonly session: SessionServices,
    private readonly definition: ComponentDefinition,
    private readonly executor: Executor,
    private readonly resolved: ResolvedInputs,
    readonly hash: string,
    private readonly channel: StreamChannel | undefined,
    /** True while the inputs hold blob refs that are not loaded yet. */
    private blobInputs: boolean,
    /** The execution with this hash in the interrupted run being resumed: its id is kept. */
    private readonly prior: PriorExecution | undefined,
  ) {
    this.executionId = prior?.executionId ?? uuidV7();
    this.startedMs = prior?.startedAt === undefined || !ResumeLedger.reusable(prior) ? Date.now() : Date.parse(prior.startedAt);
    this.order = session.nextOrder();
    this.inputs = resolved.values;
  }

  static prepare(
    session: SessionServices,
    definition: ComponentDefinition,
    executor: Executor,
    inputs: Record<string, unknown>,
    parents: readonly ParentLike[] | undefined,
    channel: StreamChannel | undefined,
  ): NodeExecution | Promise<NodeExecution> {
    const resolved = resolveInputs(inputs, parents, (key) => session.lookupIdentity(key));
    const build = (r: ResolvedInputs): NodeExecution => {
      const canonical = canonicalJson(r.recorded, `inputs of '${definition.spec.name}'`);
      const hash = executionHash(definition.identityHash, canonical, r.parents.length === 0 ? [] : r.parents.map((p) => p.hash));
      const prior = session.resume?.claim(hash);
      return new NodeExecution(session, definition, executor, r, hash, channel, session.largeValues !== undefined && mayHoldBlobRefs(canonical), prior);
    };
    return resolved instanceof Promise ? resolved.then(build) : build(resolved);
  }

  get name(): string {
    return this.definition.spec.name;
  }

  get parents(): readonly ResolvedParent[] {
    return this.resolved.parents;
  }

  run(): Promise<ComponentResult> {
    if (this.prior !== undefined && ResumeLedger.reusable(this.prior)) return this.reuse(this.prior);
    return this.session.limiter.tryAcquire() ? this.runWithSlot() : this.runQueued();
  }

  private async runQueued(): Promise<ComponentResult> {
    this.emitStatus('queued', 0, undefined, undefined, undefined);
    try {
      await this.session.limiter.acquire();
    } catch (reason) {
      throw await this.terminate('cancelled', reason);
    }
    return this.runWithSlot();
  }

  /**
   * The common case (no cache, first attempt succeeds) is chained without async frames: each
   * frame costs a promise and several microtask turns, a large part of a no-op component's cost.
   */
  private runWithSlot(): Promise<ComponentResult> {
    const s = this.session;
    if (this.definition.cache.enabled && s.definition.cache && s.lineageStore !== undefined) {
      return this.released(this.runCachedOrAttempts(s.lineageStore));
    }
    if (s.stopping !== undefined) return this.released(this.attemptLoop(1));
    const record = this.beginAttempt(1);
    return this.runAttempt(1).then(
      (outcome) => {
        let result: ComponentResult | Promise<ComponentResult>;
        try {
          result = this.succeed(outcome, record);
        } catch (error) {
          return this.released(this.handleFailure(error, record).then(() => this.attemptLoop(2)));
        }
        // Async only for git provenance or large outputs; a failure there is the attempt's, as in attemptLoop.
        if (result instanceof Promise) return this.released(result.catch((error: unknown) => this.handleFailure(error, record).then(() => this.attemptLoop(2))));
        s.limiter.release();
        return result;
      },
      (error: unknown) => this.released(this.handleFailure(error, record).then(() => this.attemptLoop(2))),
    );
  }

  private async released(work: Promise<ComponentResult>): Promise<ComponentResult> {
    try {
      return await work;
    } finally {
      this.session.limiter.release();
    }
  }

  private async runCachedOrAttempts(store: LineageStore): Promise<ComponentResult> {
    const cached = await lookupCachedResult(this.hash, this.definition.cache.ttlMs, store, this.session.resultCache);
    if (cached !== undefined) return this.complete('cached', cached.outputs, undefined, cached.executionId);
    const result = await this.attemptLoop(1);
    if (this.session.resultCache !== undefined) {
      this.session.cacheResult(this.hash, { executionId: this.executionId, outputs: result.outputs, completedAt: iso(Date.now()) });
    }
    return result;
  }

  /**
   * Resume: the interrupted run already finished this execution, so its outputs stand and nothing is
   * recorded again, except into a store that missed the record when the driver died.
   */
  private async reuse(prior: PriorExecution): Promise<ComponentResult> {
    const status = prior.status === 'cached' ? 'cached' : 'succeeded';
    const outputs = prior.outputs!;
    for (const attempt of prior.attempts ?? []) {
      this.attempts.push({
        attempt: attempt.attempt, startedMs: Date.parse(attempt.startedAt), status: attempt.status,
        ...(attempt.completedAt === undefined ? {} : { completedMs: Date.parse(attempt.completedAt) }),
        ...(attempt.error === undefined ? {} : { error: attempt.error }),
      });
    }
    const items = (outputs as { items?: unknown }).items;
    if (this.channel !== undefined && Array.isArray(items)) for (const item of items) this.channel.push(item);
    const writer = this.session.writer;
    if ((!prior.inRunStore && writer.recordsRuns) || (!prior.inLineage && writer.recordsLineage)) {
      return this.complete(status, outputs, undefined, prior.cachedFrom);
    }
    this.emitStatus(status, this.attempts.length, outputs, undefined, prior.cachedFrom, 0);
    this.channel?.end();
    this.session.nodeFinished(status, undefined);
    return createComponentResult(outputs, this.hash, this.executionId);
  }

  /** Records this node as skipped without running it. */
  skip(reason: string): void {
    this.writeRecords('skipped', undefined, undefined, { skipReason: reason }, undefined, undefined);
    this.session.nodeFinished('skipped', undefined);
  }

  /** Stops the running attempt (or the backoff wait) with this reason. */
  abort(reason: unknown): void {
    this.abortCurrent?.(reason);
  }

  private async attemptLoop(first: number): Promise<ComponentResult> {
    for (let attempt = first; ; attempt++) {
      if (this.session.stopping !== undefined) throw await this.terminate('cancelled', this.session.stopping);
      const record = this.beginAttempt(attempt);
      try {
        return await this.succeed(await this.runAttempt(attempt), record);
      } catch (error) {
        await this.handleFailure(error, record);
      }
    }
  }

  private beginAttempt(attempt: number): AttemptState {
    const record: AttemptState = { attempt, startedMs: attempt === 1 ? this.startedMs : Date.now(), status: 'running' };
    this.attempts.push(record);
    this.emitStatus('running', attempt, undefined, undefined, undefined);
    return record;
  }

  private succeed(outcome: ExecutionOutcome, record: AttemptState): ComponentResult | Promise<ComponentResult> {
    const outputs = this.checkOutputs(outcome.outputs);
    if (outputs instanceof Promise) return outputs.then((stored) => this.succeedWith(stored, outcome, record));
    return this.succeedWith(outputs, outcome, record);
  }

  private succeedWith(outputs: Record<string, unknown>, outcome: ExecutionOutcome, record: AttemptState): ComponentResult | Promise<ComponentResult> {
    record.status = 'succeeded';
    record.completedMs = Date.now();
    return this.complete('succeeded', outputs, outcome.metadata, undefined);
  }

  /** After a failed attempt: throws the terminal error, or resolves after the backoff delay so the caller retries. */
  private async handleFailure(error: unknown, record: AttemptState): Promise<void> {
    const { session, definition } = this;
    record.completedMs = Date.now();
    record.error = toErrorData(error);
    if (session.stopping !== undefined) {
      record.status = 'cancelled';
      throw await this.terminate('cancelled', session.stopping);
    }
    record.status = 'failed';
    if (!this.mayRetry(error, record.attempt)) throw await this.terminate('failed', error);
    const delayMs = backoffDelay(definition.retry, record.attempt);
    if (session.events.active) {
      session.emit({
        type: 'node.retry', runId: session.runId, at: iso(record.completedMs), seq: session.nextSeq(),
        executionId: this.executionId, name: this.name, attempt: record.attempt, delayMs, error: record.error,
      });
    }
    this.log('system', `attempt ${record.attempt} failed (${record.error.message}); retrying in ${delayMs} ms`);
    await this.wait(delayMs);
  }

  private mayRetry(error: unknown, attempt: number): boolean {
    if (attempt >= this.definition.retry.maxAttempts) return false;
    if (typeof error === 'object' && error !== null && (error as { nonRetryable?: unknown }).nonRetryable === true) return false;
    // Items already handed to consumers cannot be taken back, so a stream is not re-run.
    return this.channel === undefined || this.channel.items.length === 0;
  }

  private runAttempt(attempt: number): Promise<ExecutionOutcome> {
    if (this.blobInputs) return this.loadBlobInputs().then(() => this.runAttempt(attempt));
    const { session, definition } = this;
    return new Promise<ExecutionOutcome>((resolve, reject) => {
      const request = new AttemptRequest(session.runId, this.executionId, attempt, definition.spec, this.inputs, definition.timeoutMs, this, this.channel !== undefined);
      let timer: NodeJS.Timeout | undefined;
      let settled = false;
      const settle = (): boolean => {
        if (settled) return false;
        settled = true;
        if (timer !== undefined) clearTimeout(timer);
        this.abortCurrent = undefined;
        session.unregisterRunning(this);
        return true;
      };
      this.abortCurrent = (reason) => {
        request.abort(reason);
        if (settle()) reject(reason);
      };
      session.registerRunning(this);
      const timeoutMs = definition.timeoutMs;
      if (timeoutMs !== undefined) timer = setTimeout(() => this.abortCurrent?.(timeoutError(this.name, timeoutMs)), timeoutMs);
      let work: Promise<ExecutionOutcome>;
      try {
        work = this.executor.execute(request);
      } catch (error) {
        work = Promise.reject(error);
      }
      work.then(
        (outcome) => settle() && resolve(outcome),
        (error: unknown) => settle() && reject(error),
      );
    });
  }

  /** Replaces the blob refs among the inputs by their values, once (retries reuse them). */
  private async loadBlobInputs(): Promise<void> {
    this.inputs = await this.session.largeValues!.resolve(this.resolved.values);
    this.blobInputs = false;
    if (this.session.stopping !== undefined) throw this.session.stopping;
  }

  /** Backoff wait that a cancel cuts short. */
  private wait(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.abortCurrent = undefined;
        resolve();
      }, ms);
      this.abortCurrent = () => {
        this.abortCurrent = undefined;
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /** Throws on outputs that are not a JSON object; a promise only when some value goes to the blob store. */
  private checkOutputs(outputs: unknown): Record<string, unknown> | Promise<Record<string, unknown>> {
    if (!isPlainObject(outputs)) {
      throw new TwinGraphError(ERROR_CODES.INVALID_OUTPUTS, `Component '${this.name}' returned ${describe(outputs)} instead of an object of outputs`, {
        hint: 'Return an object naming each output, e.g. `return { sum: a + b }`.',
        nonRetryable: true,
      });
    }
    const json = canonicalJson(outputs, `outputs of '${this.name}'`);
    const large = this.session.largeValues;
    // The JSON length is the gate: only outputs that may be over the limit pay for the byte count.
    return large !== undefined && json.length > large.gateLength ? large.offload(outputs, json) : outputs;
  }

  pushItem(item: unknown): void {
    this.channel!.push(item);
    const now = Date.now();
    if (this.session.events.active && now - this.lastProgressAt >= PROGRESS_INTERVAL_MS) {
      this.lastProgressAt = now;
      this.emitProgress();
    }
  }

  private emitProgress(): void {
    const items = this.channel?.items.length ?? 0;
    if (items === this.itemsReported || !this.session.events.active) return;
    this.itemsReported = items;
    const s = this.session;
    s.emit({ type: 'node.progress', runId: s.runId, at: iso(Date.now()), seq: s.nextSeq(), executionId: this.executionId, name: this.name, items });
  }

  log(stream: 'stdout' | 'stderr' | 'system', line: string): void {
    const s = this.session;
    const at = iso(Date.now());
    s.writer.run({ kind: 'log', log: { runId: s.runId, executionId: this.executionId, stream, line, at } });
    if (s.events.active) s.emit({ type: 'node.log', runId: s.runId, at, seq: s.nextSeq(), executionId: this.executionId, name: this.name, stream, line });
  }

  private complete(
    status: 'succeeded' | 'cached',
    outputs: Record<string, unknown>,
    metadata: Record<string, unknown> | undefined,
    cachedFrom: string | undefined,
  ): ComponentResult | Promise<ComponentResult> {
    if (this.channel !== undefined) this.emitProgress();
    const finish = (): ComponentResult => {
      this.channel?.end();
      this.session.nodeFinished(status, undefined);
      return createComponentResult(outputs, this.hash, this.executionId);
    };
    const recorded = this.record(status, outputs, undefined, metadata, cachedFrom);
    return recorded === undefined ? finish() : recorded.then(finish);
  }

  /** Records a failed or cancelled end and returns the error the caller should see. */
  private async terminate(status: 'failed' | 'cancelled', reason: unknown): Promise<TwinGraphError> {
    const data = toErrorData(reason);
    await this.record(status, undefined, data, undefined, undefined);
    this.channel?.end(reason);
    this.session.nodeFinished(status, reason);
    const attempts = this.attempts.length;
    return new TwinGraphError(data.code, `Component '${this.name}' ${status === 'failed' ? 'failed' : 'was cancelled'}${attempts > 1 ? ` after ${attempts} attempts` : ''}: ${data.message}`, {
      category: data.category ?? 'user',
      ...(data.hint === undefined ? {} : { hint: data.hint }),
      details: { component: this.name, executionId: this.executionId, hash: this.hash, attempts, error: data },
      nonRetryable: true,
      cause: reason,
    });
  }

  /** Writes the terminal records; returns a promise only while git provenance is still being read. */
  private record(
    status: NodeStatus,
    outputs: Record<string, unknown> | undefined,
    error: ErrorData | undefined,
    metadata: Record<string, unknown> | undefined,
    cachedFrom: string | undefined,
  ): Promise<void> | undefined {
    const provenance = this.definition.provenance;
    if (provenance !== undefined) {
      return provenance().then((git) => this.writeRecords(status, outputs, error, metadata, cachedFrom, git));
    }
    this.writeRecords(status, outputs, error, metadata, cachedFrom, undefined);
    return undefined;
  }

  private writeRecords(
    status: NodeStatus,
    outputs: Record<string, unknown> | undefined,
    error: ErrorData | undefined,
    metadata: Record<string, unknown> | undefined,
    cachedFrom: string | undefined,
    git: ComponentVertex['git'],
  ): void {
    const { session, definition } = this;
    const spec = definition.spec;
    const writer = session.writer;
    const completedMs = Date.now();
    const startedAt = iso(this.startedMs);
    const completedAt = iso(completedMs);
    const parents = this.resolved.parents;
    if (writer.recordsRuns) {
      writer.run({
        kind: 'node',
        node: {
          executionId: this.executionId, runId: session.runId, name: spec.name, hash: this.hash, platform: spec.platform,
          status, parents: parents.map((p) => p.executionId), inputs: this.resolved.recorded, attempts: this.attempts.map(toAttemptRecord),
          startedAt, completedAt, outputs, error, cachedFrom,
        },
      });
    }
    if (writer.recordsLineage) {
      writer.lineage({
        kind: 'component',
        vertex: {
          executionId: this.executionId, pipelineId: session.runId, name: spec.name, hash: this.hash, status,
          platform: spec.platform, startedAt, completedAt, inputs: this.resolved.recorded,
          attempts: this.attempts.length, codeHash: spec.codeHash, componentOrder: this.order,
          outputs, error, image: spec.image, git,
          attributes: metadata === undefined ? definition.attributes : { ...definition.attributes, ...metadata },
        },
        parents: parents.map((p) => ({ child: this.executionId, parent: p.executionId, dataFlow: p.dataFlow })),
        cachedFrom,
      });
    }
    if (session.events.active) this.emitStatus(status, this.attempts.length, outputs, error, cachedFrom, completedMs - this.startedMs);
  }

  private emitStatus(
    status: NodeStatus,
    attempt: number,
    outputs: Record<string, unknown> | undefined,
    error: ErrorData | undefined,
    cachedFrom: string | undefined,
    durationMs?: number,
  ): void {
    const s = this.session;
    if (!s.events.active) return;
    s.emit({
      type: 'node.status', runId: s.runId, at: iso(Date.now()), seq: s.nextSeq(), executionId: this.executionId, name: this.name,
      platform: this.definition.spec.platform, status, hash: this.hash, attempt, parents: this.resolved.parents.map((p) => p.executionId),
      outputs, error, cachedFrom, durationMs,
    });
  }
}

function toAttemptRecord(state: AttemptState): AttemptRecord {
  return {
    attempt: state.attempt,
    startedAt: iso(state.startedMs),
    completedAt: state.completedMs === undefined ? undefined : iso(state.completedMs),
    status: state.status,
    error: state.error,
  };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return `an instance of ${(value as { constructor?: { name?: string } }).constructor?.name ?? 'object'}`;
  return `a ${typeof value}`;
}
