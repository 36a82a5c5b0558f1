import { describe, expect, it } from 'vitest';
import { withTempEngine } from '../shared/temp-engine.js';
import { pipelineA, pipelineB, runBoth } from './pipeline.js';

describe('demo 10: several pipelines at once', () => {
  it('runs A and B concurrently into two disconnected DAGs, one Pipeline vertex each', async () => {
    await withTempEngine(async (engine) => {
      const [a, b] = await runBoth({ engine });
      expect(a.status).toBe('succeeded');
      expect(b.status).toBe('succeeded');
      const store = engine.lineageStore!;
      const stats = await store.statistics();
      expect(stats.pipelines).toBe(2);
      expect(stats.components).toBe(17 + 30);
      const graphA = (await store.getRunGraph(a.runId))!;
      const graphB = (await store.getRunGraph(b.runId))!;
      expect(graphA.components.map((c) => c.name).sort().join('')).toBe('AB' + 'C'.repeat(10) + 'D'.repeat(5));
      expect(graphB.components.map((c) => c.name).sort().join('')).toBe('C'.repeat(20) + 'D'.repeat(10));
      const idsA = new Set(graphA.components.map((c) => c.executionId));
      const idsB = new Set(graphB.components.map((c) => c.executionId));
      for (const edge of [...graphA.edges, ...graphB.edges].filter((e) => e.label === 'DEPENDS_ON')) {
        const sameSide = (idsA.has(edge.from) && idsA.has(edge.to)) || (idsB.has(edge.from) && idsB.has(edge.to));
        expect(sameSide).toBe(true);
      }
      expect(graphA.edges.filter((e) => e.label === 'DEPENDS_ON')).toHaveLength(1 + 20 + 15);
      expect(graphB.edges.filter((e) => e.label === 'DEPENDS_ON')).toHaveLength(10);
    });
  });

  it('A clears only its own earlier runs; B keeps accumulating', async () => {
    await withTempEngine(async (engine) => {
      await runBoth({ engine });
      await runBoth({ engine });
      const store = engine.lineageStore!;
      const runsA = await store.search({ name: 'A', limit: 10 });
      expect(runsA).toHaveLength(1);
      const stats = await store.statistics();
      expect(stats.pipelines).toBe(3);
      expect(stats.components).toBe(17 + 2 * 30);
      const single = await pipelineA.run(undefined, { engine });
      expect(single.status).toBe('succeeded');
      expect((await store.statistics()).components).toBe(17 + 2 * 30);
      await pipelineB.run(undefined, { engine });
      expect((await store.statistics()).components).toBe(17 + 3 * 30);
    });
  });
});
