import { randomUUID } from 'node:crypto';
import {
  canonicalJson,
  ERROR_CODES,
  isPlainObject,
  toErrorData,
  TwinGraphError,
  type AttemptRecord,
  type ComponentVertex,
  type ErrorData,
  type NodeStatus,
  type RunEvent,
} from '@twingraph/model';
import type { Executor, ExecutionOutcome, ExecutionRequest } from '../ports/executor.js';
import type { LineageStore } from '../ports/lineage-store.js';
import type { ComponentDefinition } from './component-definition.js';
import { createComponentResult, type ComponentResult } from './component-result.js';
import type { ConcurrencyLimiter } from './concurrency-limiter.js';
import { executionHash } from './content-hash.js';
import type { EventBus } from './event-bus.js';
import { resolveInputs, type ParentLike, type ResolvedInputs, type ResolvedParent } from './input-resolution.js';
import type { RecordWriter } from './record-writer.js';
import { backoffDelay } from './retry-policy.js';
import type { ResolvedRunDefinition } from './run-definition.js';
import type { StreamChannel } from './stream-channel.js';
import type { ExecutionIdentity } from './streaming-call.js';

/** What a node needs from its run. */
export interface SessionServices {
  readonly runId: string;
  readonly definition: ResolvedRunDefinition;
  readonly limiter: ConcurrencyLimiter;
  readonly writer: RecordWriter;
  readonly lineageStore: LineageStore | undefined;
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
  timeoutError(name: string, ms: number): TwinGraphError;
}

const PROGRESS_INTERVAL_MS = 100;

/**
 * One component execution through its life: hashed and recorded as soon as its inputs are known,
 * then waits for a slot, checks the cache, runs attempts with backoff and timeouts, and writes its
 * terminal record (run store + lineage) and events.
 */
export class NodeExecution implements ExecutionIdentity {
  readonly executionId = randomUUID();
  readonly order: number;
  readonly startedAt = new Date().toISOString();
  private readonly attempts: AttemptRecord[] = [];
  private abortCurrent: ((reason: unknown) => void) | undefined;
  private itemsReported = 0;
  private lastProgressAt = 0;

  private constructor(
    private readonly session: SessionServices,
    private readonly definition: ComponentDefinition,
    private readonly executor: Executor,
    private readonly resolved: ResolvedInputs,
    readonly hash: string,
    private readonly channel: StreamChannel | undefined,
  ) {
    this.order = session.nextOrder();
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
      const hash = executionHash(definition.identityHash, canonical, r.parents.map((p) => p.hash));
      return new NodeExecution(session, definition, executor, r, hash, channel);
    };
    return resolved instanceof Promise ? resolved.then(build) : build(resolved);
  }

  get name(): string {
    return this.definition.spec.name;
  }

  get parents(): readonly ResolvedParent[] {
    return this.resolved.parents;
  }

  async run(): Promise<ComponentResult> {
    const session = this.session;
    if (!session.limiter.tryAcquire()) {
      this.emitStatus('queued', 0);
      try {
        await session.limiter.acquire();
      } catch (reason) {
        throw await this.terminate('cancelled', reason);
      }
    }
    try {
      const cached = await this.lookupCache();
      if (cached !== undefined) return await this.complete('cached', cached.outputs!, undefined, cached.executionId);
      return await this.attemptLoop();
    } finally {
      session.limiter.release();
    }
  }

  /** Stops the running attempt (or the backoff wait) with this reason. */
  abort(reason: unknown): void {
    this.abortCurrent?.(reason);
  }

  private async lookupCache(): Promise<ComponentVertex | undefined> {
    const { definition, session } = this;
    if (!definition.cache.enabled || !session.definition.cache || session.lineageStore === undefined) return undefined;
    const ttl = definition.cache.ttlMs;
    return session.lineageStore.findCached(this.hash, ttl === undefined ? {} : { notBefore: new Date(Date.now() - ttl).toISOString() });
  }

  private async attemptLoop(): Promise<ComponentResult> {
    const { session, definition } = this;
    for (let attempt = 1; ; attempt++) {
      if (session.stopping !== undefined) throw await this.terminate('cancelled', session.stopping);
      const record: AttemptRecord = { attempt, startedAt: new Date().toISOString(), status: 'running' };
      this.attempts.push(record);
      this.emitStatus('running', attempt);
      try {
        const outcome = await this.runAttempt(attempt);
        const outputs = this.checkOutputs(outcome.outputs);
        record.status = 'succeeded';
        record.completedAt = new Date().toISOString();
        return await this.complete('succeeded', outputs, outcome.metadata, undefined);
      } catch (error) {
        record.completedAt = new Date().toISOString();
        record.error = toErrorData(error);
        if (session.stopping !== undefined) {
          record.status = 'cancelled';
          throw await this.terminate('cancelled', session.stopping);
        }
        record.status = 'failed';
        if (!this.mayRetry(error, attempt)) throw await this.terminate('failed', error);
        const delayMs = backoffDelay(definition.retry, attempt);
        if (session.events.active) {
          session.emit({
            type: 'node.retry', runId: session.runId, at: record.completedAt, seq: session.nextSeq(),
            executionId: this.executionId, name: this.name, attempt, delayMs, error: record.error,
          });
        }
        this.log('system', `attempt ${attempt} failed (${record.error.message}); retrying in ${delayMs} ms`);
        await this.wait(delayMs);
      }
    }
  }

  private mayRetry(error: unknown, attempt: number): boolean {
    if (attempt >= this.definition.retry.maxAttempts) return false;
    if (typeof error === 'object' && error !== null && (error as { nonRetryable?: unknown }).nonRetryable === true) return false;
    // Items already handed to consumers cannot be taken back, so a stream is not re-run.
    return this.channel === undefined || this.channel.items.length === 0;
  }

  private runAttempt(attempt: number): Promise<ExecutionOutcome> {
    const { session, definition } = this;
    return new Promise<ExecutionOutcome>((resolve, reject) => {
      const controller = new AbortController();
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
        controller.abort(reason);
        if (settle()) reject(reason);
      };
      session.registerRunning(this);
      const timeoutMs = definition.timeoutMs;
      if (timeoutMs !== undefined) timer = setTimeout(() => this.abortCurrent?.(session.timeoutError(this.name, timeoutMs)), timeoutMs);
      const request: ExecutionRequest = {
        runId: session.runId,
        executionId: this.executionId,
        attempt,
        component: definition.spec,
        inputs: this.resolved.values,
        signal: controller.signal,
        ...(timeoutMs === undefined ? {} : { timeoutMs }),
        log: (stream, line) => this.log(stream, line),
        ...(this.channel === undefined ? {} : { emitItem: (item: unknown) => this.pushItem(item) }),
      };
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

  /** Backoff wait that a cancel cuts short. */
  private wait(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.abortCurrent = () => {
        this.abortCurrent = undefined;
        done();
      };
    });
  }

  private checkOutputs(outputs: unknown): Record<string, unknown> {
    if (!isPlainObject(outputs)) {
      throw new TwinGraphError(ERROR_CODES.INVALID_OUTPUTS, `Component '${this.name}' returned ${describe(outputs)} instead of an object of outputs`, {
        hint: 'Return an object naming each output, e.g. `return { sum: a + b }`.',
        nonRetryable: true,
      });
    }
    canonicalJson(outputs, `outputs of '${this.name}'`);
    return outputs;
  }

  private pushItem(item: unknown): void {
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
    s.emit({ type: 'node.progress', runId: s.runId, at: new Date().toISOString(), seq: s.nextSeq(), executionId: this.executionId, name: this.name, items });
  }

  private log(stream: 'stdout' | 'stderr' | 'system', line: string): void {
    const s = this.session;
    const at = new Date().toISOString();
    s.writer.run({ kind: 'log', log: { runId: s.runId, executionId: this.executionId, stream, line, at } });
    if (s.events.active) s.emit({ type: 'node.log', runId: s.runId, at, seq: s.nextSeq(), executionId: this.executionId, name: this.name, stream, line });
  }

  private async complete(
    status: 'succeeded' | 'cached',
    outputs: Record<string, unknown>,
    metadata: Record<string, unknown> | undefined,
    cachedFrom: string | undefined,
  ): Promise<ComponentResult> {
    this.emitProgress();
    await this.record(status, outputs, undefined, metadata, cachedFrom);
    this.channel?.end();
    this.session.nodeFinished(status, undefined);
    return createComponentResult(outputs, this.hash, this.executionId);
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

  private async record(
    status: NodeStatus,
    outputs: Record<string, unknown> | undefined,
    error: ErrorData | undefined,
    metadata: Record<string, unknown> | undefined,
    cachedFrom: string | undefined,
  ): Promise<void> {
    const { session, definition } = this;
    const spec = definition.spec;
    const completedAt = new Date().toISOString();
    const git = definition.provenance === undefined ? undefined : await definition.provenance();
    const parentIds = this.resolved.parents.map((p) => p.executionId);
    const attributes = metadata === undefined ? definition.attributes : { ...definition.attributes, ...metadata };
    session.writer.run({
      kind: 'node',
      node: {
        executionId: this.executionId, runId: session.runId, name: spec.name, hash: this.hash, platform: spec.platform,
        status, parents: parentIds, inputs: this.resolved.recorded, attempts: this.attempts, startedAt: this.startedAt, completedAt,
        ...(outputs === undefined ? {} : { outputs }),
        ...(error === undefined ? {} : { error }),
        ...(cachedFrom === undefined ? {} : { cachedFrom }),
      },
    });
    session.writer.lineage({
      kind: 'component',
      vertex: {
        executionId: this.executionId, pipelineId: session.runId, name: spec.name, hash: this.hash, status,
        platform: spec.platform, startedAt: this.startedAt, completedAt, inputs: this.resolved.recorded,
        attempts: this.attempts.length, codeHash: spec.codeHash, componentOrder: this.order,
        ...(outputs === undefined ? {} : { outputs }),
        ...(error === undefined ? {} : { error }),
        ...(spec.image === undefined ? {} : { image: spec.image }),
        ...(git === undefined ? {} : { git }),
        ...(attributes === undefined ? {} : { attributes }),
      },
      parents: this.resolved.parents.map((p) => ({ child: this.executionId, parent: p.executionId, dataFlow: p.dataFlow })),
      ...(cachedFrom === undefined ? {} : { cachedFrom }),
    });
    this.emitStatus(status, this.attempts.length, outputs, error, cachedFrom);
  }

  private emitStatus(
    status: NodeStatus,
    attempt: number,
    outputs?: Record<string, unknown>,
    error?: ErrorData,
    cachedFrom?: string,
  ): void {
    const s = this.session;
    if (!s.events.active) return;
    const at = new Date().toISOString();
    s.emit({
      type: 'node.status', runId: s.runId, at, seq: s.nextSeq(), executionId: this.executionId, name: this.name,
      platform: this.definition.spec.platform, status, hash: this.hash, attempt, parents: this.resolved.parents.map((p) => p.executionId),
      ...(outputs === undefined ? {} : { outputs }),
      ...(error === undefined ? {} : { error }),
      ...(cachedFrom === undefined ? {} : { cachedFrom }),
      ...(status === 'succeeded' || status === 'failed' || status === 'cached' ? { durationMs: Date.parse(at) - Date.parse(this.startedAt) } : {}),
    });
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return `an instance of ${(value as { constructor?: { name?: string } }).constructor?.name ?? 'object'}`;
  return `a ${typeof value}`;
}
