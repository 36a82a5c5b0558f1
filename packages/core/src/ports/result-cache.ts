/** A reusable result: the execution that produced it and its outputs (blob refs left as refs). */
export interface CachedResult {
  executionId: string;
  outputs: Record<string, unknown>;
  /** ISO time the execution completed; a component's `cache.ttlMs` is checked against it. */
  completedAt: string;
}

/**
 * Level-2 result cache in front of the lineage store's `findCached` lookup, keyed by content hash and
 * shared by every process that points at it (RedisResultCache: all drivers, workers and servers on one
 * Redis). Entries expire on their own (TTL). A cache is an optimisation only: a failing cache must
 * answer `undefined` / drop the write, never fail a component. Implementations: InMemoryResultCache,
 * RedisResultCache (@twingraph/queue-bullmq).
 */
export interface ResultCache {
  get(hash: string): Promise<CachedResult | undefined>;
  set(hash: string, result: CachedResult): Promise<void>;
  close?(): Promise<void>;
}
