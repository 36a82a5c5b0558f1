import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureMotoBatchQueue } from '@twingraph/executor-aws/stand-in';
import { describeWithService } from '@twingraph/testing';
import { awsLocalEnv, awsStandInsReady, buildLocalRuntimeImage, setEnv } from '../shared/aws-local.js';
import { withTempEngine } from '../shared/temp-engine.js';

const ROOT = resolve(import.meta.dirname, '../..');
const EXPECTED_D = '200hello3|5|200|14.074';
// N=250, M=122 (374 jobs) is the demo's size (run-local.sh without TWINGRAPH_DEMO6_N/M); the test runs
// the same pipeline smaller so the suite stays within minutes on a shared 2-core machine.
const N = 24;
const M = 12;

await describeWithService('moto', awsStandInsReady, 'demo 6: AWS Batch (moto running the jobs on the local Docker Engine)', () => {
  let restore: () => void;
  beforeAll(async () => {
    buildLocalRuntimeImage();
    const queue = await ensureMotoBatchQueue(awsLocalEnv.TWINGRAPH_AWS_ENDPOINT, 'twingraph-demo-6');
    restore = setEnv({ ...awsLocalEnv, TWINGRAPH_BATCH_JOB_QUEUE: queue, TWINGRAPH_DEMO6_N: String(N), TWINGRAPH_DEMO6_M: String(M) });
  }, 120_000);
  afterAll(() => restore());

  it(`runs 1 A, 1 B, ${N} C and ${M} D as Batch jobs with the right outputs and lineage`, async () => {
    const { default: demo } = await import('./pipeline.js');
    await withTempEngine(async (engine) => {
      const run = await demo(undefined, { engine });
      expect(run.status, JSON.stringify(run.error)).toBe('succeeded');
      expect(run.result!.c).toEqual(Array.from({ length: N }, () => '200hello3'));
      expect(run.result!.d).toEqual(Array.from({ length: M }, () => EXPECTED_D));
      const graph = (await engine.lineageStore!.getRunGraph(run.runId))!;
      expect(graph.components.map((c) => c.name).sort().join('')).toBe('AB' + 'C'.repeat(N) + 'D'.repeat(M));
      expect(graph.edges.filter((e) => e.label === 'DEPENDS_ON')).toHaveLength(1 + N * 2 + M * 3);
      const definitions = new Set<string>();
      for (const vertex of graph.components) {
        expect(vertex.platform).toBe('batch');
        expect(vertex.attributes).toMatchObject({ jobQueue: 'twingraph-demo-6', jobId: expect.stringMatching(/^[0-9a-f-]{36}$/), outputsSource: 'marker' });
        definitions.add(String(vertex.attributes?.['jobDefinition']));
      }
      // One job definition per component, reused by every call of it.
      expect(definitions.size).toBe(4);
    });
  }, 600_000);

  it('run-local.sh starts moto and the stand-ins, runs the demo through the CLI, prints the result JSON and stops them', () => {
    const home = mkdtempSync(join(tmpdir(), 'twingraph-demo-6-cli-'));
    try {
      const result = spawnSync('bash', ['examples/demo-6-batch/run-local.sh'], {
        cwd: ROOT,
        env: { ...process.env, TWINGRAPH_HOME: home, TWINGRAPH_DEMO6_N: '6', TWINGRAPH_DEMO6_M: '3' },
        encoding: 'utf8',
        timeout: 300_000,
      });
      expect(result.status, result.stderr).toBe(0);
      const run = JSON.parse(result.stdout) as { status: string; counts: { succeeded: number }; result: { d: string[] } };
      expect(run).toMatchObject({ status: 'succeeded', counts: { succeeded: 11 } });
      expect(run.result.d).toEqual(Array.from({ length: 3 }, () => EXPECTED_D));
      expect(result.stderr).toContain('aws stand-ins stopped');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  }, 300_000);
});
