import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeWithService } from '@twingraph/testing';
import { createWiredEngine, mergeSettings } from 'twingraph';
import { ROOT, TEST_REDIS_URL, workersAvailable } from '../shared/queue-workers.js';

await describeWithService('redis', workersAvailable, 'demo 10 through workers (run.sh)', () => {
  it('runs both pipelines at once on their own queues, each produced by its own worker', async () => {
    const home = mkdtempSync(join(tmpdir(), 'twingraph-demo-10-'));
    try {
      const result = spawnSync('bash', ['examples/demo-10-multipipeline/run.sh'], {
        cwd: ROOT,
        env: { ...process.env, TWINGRAPH_HOME: home, TWINGRAPH_REDIS_URL: TEST_REDIS_URL },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(result.status, result.stderr).toBe(0);
      const runs = JSON.parse(result.stdout.slice(result.stdout.indexOf('['))) as Array<{ runId: string; pipeline: string; status: string; counts: { succeeded: number } }>;
      expect(runs.map((r) => [r.pipeline, r.status, r.counts.succeeded])).toEqual([
        ['demo-10-pipeline-a', 'succeeded', 17],
        ['demo-10-pipeline-b', 'succeeded', 30],
      ]);
      const engine = createWiredEngine(mergeSettings({ home }));
      try {
        const [a, b] = await Promise.all(runs.map((r) => engine.lineageStore!.getRunGraph(r.runId)));
        expect(new Set(a!.components.map((c) => c.attributes?.worker))).toEqual(new Set(['demo-10-a-worker']));
        expect(new Set(b!.components.map((c) => c.attributes?.worker))).toEqual(new Set(['demo-10-b-worker']));
        expect((await engine.lineageStore!.statistics()).pipelines).toBe(2);
      } finally {
        await engine.close();
      }
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
