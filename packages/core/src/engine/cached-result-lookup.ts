import type { ComponentVertex } from '@twingraph/model';
import type { LineageStore } from '../ports/lineage-store.js';
import type { CachedResult, ResultCache } from '../ports/result-cache.js';
import { isoTime as iso } from './iso-time.js';

/**
 * The two cache levels a cacheable node asks before it runs: the level-2 result cache first (when
 * configured; shared by every driver on one Redis), then the lineage store. A lineage hit fills level 2.
 * Either level failing counts as a miss there: the cache never fails a component.
 */
export async function lookupCachedResult(hash: string, ttlMs: number | undefined, store: LineageStore, l2: ResultCache | undefined): Promise<CachedResult | undefined> {
  const notBefore = ttlMs === undefined ? undefined : iso(Date.now() - ttlMs);
  if (l2 !== undefined) {
    const hit = await l2.get(hash).catch(() => undefined);
    if (hit !== undefined && (notBefore === undefined || hit.completedAt >= notBefore)) return hit;
  }
  const vertex: ComponentVertex | undefined = await store.findCached(hash, notBefore === undefined ? {} : { notBefore });
  if (vertex?.outputs === undefined) return undefined;
  const found: CachedResult = { executionId: vertex.executionId, outputs: vertex.outputs, completedAt: vertex.completedAt ?? vertex.startedAt };
  if (l2 !== undefined) await l2.set(hash, found).catch(() => undefined);
  return found;
}
