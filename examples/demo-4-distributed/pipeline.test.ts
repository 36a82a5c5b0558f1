import { mkdtempSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeWithService } from '@twingraph/testing';
import { createWiredEngine, mergeSettings } from 'twingraph';
import { expectGraphTracingRun } from '../shared/graph-tracing-checks.js';
import { removeQueue, startCliWorker, stopCliWorker, TEST_REDIS_URL, workersAvailable } from '../shared/queue-workers.js';
import { withTempEngine } from '../shared/temp-engine.js';
import demo from './pipeline.js';

await describeWithService('redis', workersAvailable, 'demo 4: distributed workers', () => {
  it('gives the same results and graph as a local run, every vertex produced by one of the workers', async () => {
    const queue = `demo-4-test-${randomUUID()}`;
    const ids = ['demo-4-w1', 'demo-4-w2'];
    // 16 + 16: 32 jobs at once in total, as ACCEPTANCE.md asks.
    const workers = await Promise.all(ids.map((id) => startCliWorker({ queue, id, concurrency: 16, imports: ['examples/demo-4-distributed/pipeline.ts'] })));
    const home = mkdtempSync(join(tmpdir(), 'twingraph-demo-4-'));
    const engine = createWiredEngine(mergeSettings({ home, redis: TEST_REDIS_URL, queue }));
    try {
      const run = await demo({ seed: 7 }, { engine });
      expect(run.status).toBe('succeeded');
      await expectGraphTracingRun(engine.lineageStore!, run.runId, run.result!);
      const graph = (await engine.lineageStore!.getRunGraph(run.runId))!;
      for (const vertex of graph.components) expect(ids).toContain(vertex.attributes?.worker);
      for (const name of ['add', 'multiply']) {
        const vertex = graph.components.find((c) => c.name === name)!;
        expect(vertex.attributes).toMatchObject({ Classification: 'Unclassified', Username: 'twingraph-demo', Version: '1.0.0', Department: 'Engineering', Contact: 'twingraph@example.com' });
      }
      await withTempEngine(async (local) => {
        const localRun = await demo({ seed: 7 }, { engine: local });
        const { divisions: _d, averages: _a, executions: _e, lastExecutionId: _l, ...same } = localRun.result!;
        expect(run.result).toMatchObject(same);
        expect(run.result!.divisions).toHaveLength(localRun.result!.divisions.length);
        const localGraph = (await local.lineageStore!.getRunGraph(localRun.runId))!;
        expect(graph.components.map((c) => c.name).sort()).toEqual(localGraph.components.map((c) => c.name).sort());
        expect(graph.edges.length).toBe(localGraph.edges.length);
      });
    } finally {
      await engine.close();
      await Promise.all(workers.map(stopCliWorker));
      await removeQueue(queue);
      rmSync(home, { recursive: true, force: true });
    }
  });
});
