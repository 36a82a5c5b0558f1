import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { describeWithService } from '@twingraph/testing';
import { GremlinLineageStore } from '@twingraph/store-gremlin';
import { gremlinAvailable, TEST_GREMLIN_URL } from '@twingraph/store-gremlin/test-support';

const ROOT = resolve(import.meta.dirname, '../..');
const GRAPH = TEST_GREMLIN_URL;

await describeWithService('gremlin', gremlinAvailable, 'demo 9: lineage in a Gremlin server (run.sh)', () => {
  it('writes 1 A, 1 B, 10 C, 5 D to the Gremlin server and reads the lineage back with twingraph lineage', async () => {
    const home = mkdtempSync(join(tmpdir(), 'twingraph-demo-9-'));
    const store = new GremlinLineageStore({ url: GRAPH });
    try {
      const result = spawnSync('bash', ['examples/demo-9-gremlin/run.sh'], {
        cwd: ROOT,
        env: { ...process.env, TWINGRAPH_HOME: home },
        encoding: 'utf8',
        timeout: 90_000,
      });
      expect(result.status, result.stderr).toBe(0);
      const [json, lineage] = result.stdout.split('--- twingraph lineage');
      const run = JSON.parse(json!) as { runId: string; status: string; counts: { succeeded: number }; result: { d: string[] } };
      expect(run.status).toBe('succeeded');
      expect(run.counts.succeeded).toBe(17);
      expect(run.result.d).toEqual(Array.from({ length: 5 }, () => '200hello3|5|200|14.074'));

      // The graph is in the Gremlin server, not in the local SQLite file.
      const graph = await store.getRunGraph(run.runId);
      expect(graph!.pipelines[0]!.name).toBe('demo-9-gremlin');
      expect(graph!.components.map((c) => c.name).sort().join('')).toBe('AB' + 'C'.repeat(10) + 'D'.repeat(5));
      expect(graph!.edges.filter((e) => e.label === 'DEPENDS_ON')).toHaveLength(1 + 20 + 15);
      expect(graph!.edges.filter((e) => e.label === 'BELONGS_TO')).toHaveLength(17);

      expect(lineage).toMatch(/Upstream lineage of D \(.+\); 4 executions/);
      for (const name of ['A', 'B', 'C']) expect(lineage).toMatch(new RegExp(`─ ${name}  succeeded`));
    } finally {
      await store.close();
      rmSync(home, { recursive: true, force: true });
    }
  });
});
