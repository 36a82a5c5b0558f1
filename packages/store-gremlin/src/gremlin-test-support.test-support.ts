import { randomUUID } from 'node:crypto';
import { GremlinLineageStore } from './gremlin-lineage-store.js';
import type { GremlinStoreOptions } from './gremlin-store-options.js';

/** The Gremlin Server of scripts/services/gremlin.sh, or TWINGRAPH_TEST_GREMLIN_URL. */
export const TEST_GREMLIN_URL = process.env.TWINGRAPH_TEST_GREMLIN_URL ?? 'gremlin://127.0.0.1:8182';

/** True when a Gremlin Server answers a traversal at TEST_GREMLIN_URL within a few seconds. */
export async function gremlinAvailable(): Promise<boolean> {
  const store = new GremlinLineageStore({ url: TEST_GREMLIN_URL, maxAttempts: 1, requestTimeoutMs: 3000 });
  try {
    await store.statistics();
    return true;
  } catch {
    return false;
  } finally {
    await store.close();
  }
}

/**
 * A store in its own partition (`test-<uuid>`), so tests sharing the server never see each other's
 * vertices; `cleanup` clears the partition through the public API and closes the store.
 */
export function isolatedGremlinStore(options: Partial<GremlinStoreOptions> = {}): { store: GremlinLineageStore; cleanup: () => Promise<void> } {
  const store = new GremlinLineageStore({ url: TEST_GREMLIN_URL, partition: `test-${randomUUID()}`, ...options });
  return {
    store,
    cleanup: async () => {
      try {
        await store.clear({ all: true });
      } finally {
        await store.close();
      }
    },
  };
}
