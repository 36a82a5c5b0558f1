import { createHash, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Engine } from '@twingraph/core';
import type { RunEvent } from '@twingraph/model';

export interface ClusterOptions {
  /** Redis URL (`redis://host:6379/0`) shared by every instance. */
  redis: string;
  /** Prefix of the channels and keys; instances with the same prefix form one cluster. @defaultValue 'twingraph' */
  prefix?: string;
  /** This instance's id in leases and messages. @defaultValue a random UUID */
  instanceId?: string;
  /** How long a run's ownership lease lives without renewal, ms; a dead instance's runs are adopted after it. @defaultValue 15_000 */
  leaseTtlMs?: number;
}

type ClusterMessage =
  | { kind: 'event'; from: string; event: RunEvent }
  | { kind: 'stop'; from: string; runId: string }
  | { kind: 'schedule'; from: string; workflowId: string };

/**
 * Several API server instances on one store and one Redis: every instance publishes the engine events
 * of the runs it drives on `<prefix>:events`, and feeds the events of the others to its own listeners
 * (the WebSocket hub, GraphQL subscriptions), so a client on any instance follows any run. Stop
 * requests go on `<prefix>:control` to whichever instance drives the run. Each driven run holds a
 * lease `<prefix>:run-owner:<runId>` (renewed every third of its TTL), so exactly one instance owns a
 * run, and the runs of an instance that died can be adopted (resumed) by another once its lease lapses.
 */
export class RedisCluster {
  readonly instanceId: string;
  private readonly prefix: string;
  private readonly leaseTtlMs: number;
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly owned = new Set<string>();
  /** Owned runs whose lease another instance took (reported once). */
  private readonly lost = new Set<string>();
  private readonly remoteListeners = new Set<(event: RunEvent) => void>();
  private stopHandler: ((runId: string) => void) | undefined;
  private scheduleHandler: ((workflowId: string) => void) | undefined;
  private readonly renewTimer: NodeJS.Timeout;
  private readonly unsubscribeEngine: () => void;
  private closed = false;

  private constructor(engine: Engine, options: ClusterOptions, pub: Redis, sub: Redis) {
    this.instanceId = options.instanceId ?? randomUUID();
    this.prefix = options.prefix ?? 'twingraph';
    this.leaseTtlMs = options.leaseTtlMs ?? 15_000;
    this.pub = pub;
    this.sub = sub;
    this.sub.on('message', (_channel: string, text: string) => this.onMessage(text));
    // This instance's engine only runs what this instance drives: all its events go to the others.
    this.unsubscribeEngine = engine.on((event) => this.publish({ kind: 'event', from: this.instanceId, event }));
    this.renewTimer = setInterval(() => void this.renewLeases(), Math.max(250, Math.floor(this.leaseTtlMs / 3)));
    this.renewTimer.unref();
  }

  /** Connects both Redis connections and subscribes; rejects (ERR_QUEUE_UNAVAILABLE-like message) when Redis is unreachable. */
  static async connect(engine: Engine, options: ClusterOptions): Promise<RedisCluster> {
    const connection = { lazyConnect: true, maxRetriesPerRequest: 2, connectTimeout: 5_000, enableOfflineQueue: true };
    const pub = new Redis(options.redis, connection);
    const sub = new Redis(options.redis, connection);
    // Errors surface through commands (and /health); without a listener ioredis would print each retry.
    pub.on('error', () => undefined);
    sub.on('error', () => undefined);
    try {
      await Promise.all([pub.connect(), sub.connect()]);
      const prefix = options.prefix ?? 'twingraph';
      await sub.subscribe(`${prefix}:events`, `${prefix}:control`);
    } catch (error) {
      pub.disconnect();
      sub.disconnect();
      throw new Error(`Cannot reach Redis at ${options.redis} for the server cluster: ${(error as Error).message}`, { cause: error });
    }
    return new RedisCluster(engine, options, pub, sub);
  }

  /** Receives the events of runs other instances drive, in the order they emitted them. */
  onRemoteEvent(listener: (event: RunEvent) => void): () => void {
    this.remoteListeners.add(listener);
    return () => this.remoteListeners.delete(listener);
  }

  /** Called when another instance asks to stop a run (the handler ignores runs it does not drive). */
  onStopRequest(handler: (runId: string) => void): void {
    this.stopHandler = handler;
  }

  /** Called when another instance changed a workflow's schedule. */
  onScheduleChange(handler: (workflowId: string) => void): void {
    this.scheduleHandler = handler;
  }

  /** Tells the other instances a workflow's schedule changed (they re-arm it from the store). */
  announceSchedule(workflowId: string): void {
    void this.pub.publish(`${this.prefix}:control`, JSON.stringify({ kind: 'schedule', from: this.instanceId, workflowId } satisfies ClusterMessage)).catch(() => undefined);
  }

  /** True for exactly one instance per (workflow, tick): the one that runs that scheduled tick. Kept a day. */
  async claimTick(workflowId: string, tick: string): Promise<boolean> {
    return (await this.pub.set(`${this.prefix}:schedule-tick:${workflowId}:${tick}`, this.instanceId, 'PX', 86_400_000, 'NX')) === 'OK';
  }

  /** Idempotency-Key memory shared by every instance (kept 24 h): see ExecutionService. */
  readonly idempotency = {
    claim: async (key: string): Promise<boolean> => (await this.pub.set(this.idempotencyKey(key), '', 'PX', IDEMPOTENCY_TTL_MS, 'NX')) === 'OK',
    complete: async (key: string, runId: string): Promise<void> => {
      await this.pub.set(this.idempotencyKey(key), runId, 'PX', IDEMPOTENCY_TTL_MS);
    },
    release: async (key: string): Promise<void> => {
      await this.pub.del(this.idempotencyKey(key));
    },
    read: (key: string): Promise<string | null> => this.pub.get(this.idempotencyKey(key)),
  };

  private idempotencyKey(key: string): string {
    // Keys are caller-scoped text of any length: hashed into a fixed-size Redis key.
    return `${this.prefix}:idempotency:${createHash('sha256').update(key).digest('hex')}`;
  }

  /** This instance starts or stops driving a run: takes or releases its lease. */
  own(runId: string, owned: boolean): void {
    if (owned) {
      this.owned.add(runId);
      void this.pub.set(this.leaseKey(runId), this.instanceId, 'PX', this.leaseTtlMs).catch(() => undefined);
    } else {
      this.owned.delete(runId);
      this.lost.delete(runId);
      void this.pub.eval(RELEASE_IF_MINE, 1, this.leaseKey(runId), this.instanceId).catch(() => undefined);
    }
  }

  /** Takes the lease of a run nobody holds (its instance died); true when this instance now owns it. */
  async adopt(runId: string): Promise<boolean> {
    const taken = await this.pub.set(this.leaseKey(runId), this.instanceId, 'PX', this.leaseTtlMs, 'NX');
    return taken === 'OK';
  }

  /** The instance holding a run's lease, if any. */
  owner(runId: string): Promise<string | null> {
    return this.pub.get(this.leaseKey(runId));
  }

  /** Asks every instance to stop this run; the one driving it does. */
  async requestStop(runId: string): Promise<void> {
    await this.pub.publish(`${this.prefix}:control`, JSON.stringify({ kind: 'stop', from: this.instanceId, runId } satisfies ClusterMessage));
  }

  /** Redis round trip, for /health. */
  async ping(): Promise<void> {
    await this.pub.ping();
  }

  get leaseMs(): number {
    return this.leaseTtlMs;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.renewTimer);
    this.unsubscribeEngine();
    this.remoteListeners.clear();
    // Leases of runs still driven (cancelled by the server's close) are released so others need not wait.
    await Promise.all([...this.owned].map((runId) => this.pub.eval(RELEASE_IF_MINE, 1, this.leaseKey(runId), this.instanceId).catch(() => undefined)));
    this.sub.disconnect();
    await this.pub.quit().catch(() => this.pub.disconnect());
  }

  private leaseKey(runId: string): string {
    return `${this.prefix}:run-owner:${runId}`;
  }

  private publish(message: ClusterMessage): void {
    void this.pub.publish(`${this.prefix}:events`, JSON.stringify(message)).catch(() => undefined);
  }

  private async renewLeases(): Promise<void> {
    if (this.owned.size === 0) return;
    const runIds = [...this.owned];
    const batch = this.pub.multi();
    for (const runId of runIds) batch.eval(RENEW_IF_MINE, 1, this.leaseKey(runId), this.instanceId, String(this.leaseTtlMs));
    const results = await batch.exec().catch(() => null);
    // A lease another instance holds means it adopted the run while this one could not renew (Redis
    // unreachable longer than the TTL): say so loudly; the run is then driven twice until one ends.
    results?.forEach(([error, taken], i) => {
      const runId = runIds[i]!;
      if (error !== null || taken !== 0 || this.lost.has(runId)) return;
      this.lost.add(runId);
      this.onLostLease?.(runId);
    });
  }

  /** Told when a run this instance drives turns out to be leased by another instance. */
  onLostLease: ((runId: string) => void) | undefined;

  private onMessage(text: string): void {
    let message: ClusterMessage;
    try {
      message = JSON.parse(text) as ClusterMessage;
    } catch {
      return;
    }
    if (message.from === this.instanceId) return;
    if (message.kind === 'event') for (const listener of this.remoteListeners) listener(message.event);
    else if (message.kind === 'stop') this.stopHandler?.(message.runId);
    else if (message.kind === 'schedule') this.scheduleHandler?.(message.workflowId);
  }
}

/** Extends a lease held by this instance, or takes it back when it lapsed; 0 when another instance holds it. */
const RENEW_IF_MINE = "local v = redis.call('get', KEYS[1]) if v == false or v == ARGV[1] then redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 else return 0 end";

const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;

/** Deletes a lease only if this instance still holds it (another may have adopted the run). */
const RELEASE_IF_MINE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
