import { expect, it } from 'vitest';
import { buildChain, describeWithService } from '@twingraph/testing';
import { gremlinAvailable, isolatedGremlinStore } from './gremlin-test-support.test-support.js';

await describeWithService('gremlin', gremlinAvailable, 'GremlinLineageStore with several write requests in flight', () => {
  it('writes a chain split over many pipelined chunks, re-writes included, as one after another would', async () => {
    const { store, cleanup } = isolatedGremlinStore({ batchSize: 20, maxInFlight: 4 });
    try {
      const chain = buildChain(300);
      const running = chain.writes.map((w) => (w.kind === 'component' ? { ...w, vertex: { ...w.vertex, status: 'running' as const, outputs: undefined } } : w));
      await store.write([...running, ...chain.writes]);
      const stats = await store.statistics();
      expect(stats).toMatchObject({ components: 300, pipelines: 1, edgesByLabel: { DEPENDS_ON: 299, BELONGS_TO: 300, CACHED_FROM: 0 }, byStatus: { succeeded: 300 } });
      const upstream = await store.getUpstream('run-1:c299');
      expect(upstream.components).toHaveLength(300);
      expect(upstream.edges).toHaveLength(299);
    } finally {
      await cleanup();
    }
  });
});
