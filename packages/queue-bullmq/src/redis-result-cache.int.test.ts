import { randomUUID } from 'node:crypto';
import { afterEach, expect, it } from 'vitest';
import { createComponentDefinition, createEngine, InMemoryLineageStore, type CachedLookup, type ComponentDefinition } from '@twingraph/core';
import type { ComponentVertex } from '@twingraph/model';
import { describeWithService } from '@twingraph/testing';
import { RedisResultCache } from './redis-result-cache.js';
import { redisAvailable, TEST_REDIS_URL } from './redis-probe.test-support.js';

/** A lineage store that counts findCached lookups. */
class CountingLineageStore extends InMemoryLineageStore {
  lookups = 0;
  override findCached(hash: string, options?: CachedLookup): Promise<ComponentVertex | undefined> {
    this.lookups++;
    return super.findCached(hash, options);
  }
}

await describeWithService('redis', () => redisAvailable(), 'RedisResultCache (level-2 result cache, real Redis)', () => {
  const closers: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  function cacheFor(prefix: string, ttlMs?: number): RedisResultCache {
    const cache = new RedisResultCache({ connection: TEST_REDIS_URL, prefix, ...(ttlMs === undefined ? {} : { ttlMs }) });
    closers.push(() => cache.close());
    return cache;
  }

  function expensive(calls: { n: number }): ComponentDefinition {
    return createComponentDefinition({
      spec: { name: 'l2-expensive', platform: 'local', codeHash: 'l2-expensive-v1', fn: ({ x }: { x: number }) => { calls.n++; return { y: x * 3 }; } },
      cache: true,
    });
  }

  it('a second driver reuses a result from Redis without asking the lineage store', async () => {
    const prefix = `tg-l2-${randomUUID().slice(0, 8)}`;
    const lineage = new CountingLineageStore();
    const calls = { n: 0 };
    // Driver 1 runs the component and, once its run is recorded, puts the result in Redis.
    const first = createEngine({ lineageStore: lineage, resultCache: cacheFor(prefix) });
    const run1 = await first.startRun({ name: 'l2', version: 'v1' });
    const made = await run1.call(expensive(calls), { x: 7 });
    await run1.finish({ ok: true });
    expect(calls.n).toBe(1);
    const lookupsBefore = lineage.lookups;

    // Driver 2: its own engine and Redis connection, the same lineage store (so a cached vertex can point at the first).
    const second = createEngine({ lineageStore: lineage, resultCache: cacheFor(prefix) });
    const run2 = await second.startRun({ name: 'l2', version: 'v1' });
    const reused = await run2.call(expensive(calls), { x: 7 });
    const summary = await run2.finish({ ok: true });
    expect(calls.n).toBe(1);
    expect(reused.outputs).toEqual({ y: 21 });
    expect(summary.counts.cached).toBe(1);
    expect(lineage.lookups).toBe(lookupsBefore);
    const graph = await lineage.getRunGraph(run2.runId);
    expect(graph?.edges.find((e) => e.label === 'CACHED_FROM')?.to).toBe(made.executionId);
  });

  it('entries expire after the TTL: the lookup falls back to the lineage store, which refills Redis', async () => {
    const prefix = `tg-l2-${randomUUID().slice(0, 8)}`;
    const lineage = new CountingLineageStore();
    const calls = { n: 0 };
    const cache = cacheFor(prefix, 300);
    const engine = createEngine({ lineageStore: lineage, resultCache: cache });
    const run1 = await engine.startRun({ name: 'l2', version: 'v1' });
    const made = await run1.call(expensive(calls), { x: 2 });
    await run1.finish({ ok: true });
    expect(await cache.get(made.hash)).toMatchObject({ executionId: made.executionId, outputs: { y: 6 } });

    await new Promise((r) => setTimeout(r, 600));
    expect(await cache.get(made.hash)).toBeUndefined();
    const before = lineage.lookups;
    const run2 = await engine.startRun({ name: 'l2', version: 'v1' });
    const again = await run2.call(expensive(calls), { x: 2 });
    await run2.finish({ ok: true });
    expect(calls.n).toBe(1);
    expect(again.outputs).toEqual({ y: 6 });
    expect(lineage.lookups).toBe(before + 1);
    expect(await cache.get(made.hash)).toMatchObject({ executionId: made.executionId });
  });

  it('a Redis that is not there is a miss, not an error', async () => {
    const cache = new RedisResultCache({ connection: 'redis://127.0.0.1:1' });
    closers.push(() => cache.close());
    const started = Date.now();
    expect(await cache.get('abc')).toBeUndefined();
    await cache.set('abc', { executionId: 'e', outputs: {}, completedAt: new Date().toISOString() });
    expect(Date.now() - started).toBeLessThan(2_500);
  });
});
