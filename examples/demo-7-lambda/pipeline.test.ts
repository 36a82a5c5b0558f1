import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DockerApi, ensureMotoRole, LambdaStandIn } from '@twingraph/executor-aws/stand-in';
import { describeWithService } from '@twingraph/testing';
import { awsLocalEnv, awsStandInsReady, buildLocalRuntimeImage, setEnv } from '../shared/aws-local.js';
import { withTempEngine } from '../shared/temp-engine.js';

const ROOT = resolve(import.meta.dirname, '../..');
const EXPECTED_D = '200hello3|5|200|14.074';

await describeWithService('moto', awsStandInsReady, 'demo 7: AWS Lambda (moto + the local Lambda Invoke stand-in)', () => {
  let standIn: LambdaStandIn;
  let restore: () => void;
  beforeAll(async () => {
    buildLocalRuntimeImage();
    standIn = new LambdaStandIn({ motoEndpoint: awsLocalEnv.TWINGRAPH_AWS_ENDPOINT });
    await standIn.start();
    const roleArn = await ensureMotoRole(awsLocalEnv.TWINGRAPH_AWS_ENDPOINT, 'twingraph-demo-7');
    // The wired engine reads these when it is created (aws-wiring.ts); a function name of this test alone.
    restore = setEnv({ ...awsLocalEnv, TWINGRAPH_LAMBDA_ENDPOINT: standIn.endpoint, TWINGRAPH_LAMBDA_IMAGE_URI: 'twingraph-aws-runtime:local', TWINGRAPH_LAMBDA_ROLE_ARN: roleArn, TWINGRAPH_LAMBDA_FUNCTION: `tg-demo-7-${process.pid}` });
  }, 120_000);
  afterAll(async () => {
    restore();
    await standIn.stop();
    expect(await new DockerApi().containersWithLabel('twingraph.stand-in=lambda')).toEqual([]);
  });

  it('runs 1 A, 1 B, 64 C and 32 D as Lambda invocations with the right outputs and lineage', async () => {
    const { default: demo, N, M } = await import('./pipeline.js');
    expect([N, M]).toEqual([64, 32]);
    const before = standIn.stats.invocations;
    await withTempEngine(async (engine) => {
      const run = await demo(undefined, { engine });
      expect(run.status, JSON.stringify(run.error)).toBe('succeeded');
      expect(run.result!.c).toEqual(Array.from({ length: 64 }, () => '200hello3'));
      expect(run.result!.d).toEqual(Array.from({ length: 32 }, () => EXPECTED_D));
      const graph = (await engine.lineageStore!.getRunGraph(run.runId))!;
      expect(graph.components.map((c) => c.name).sort().join('')).toBe('AB' + 'C'.repeat(64) + 'D'.repeat(32));
      expect(graph.edges.filter((e) => e.label === 'DEPENDS_ON')).toHaveLength(1 + 64 * 2 + 32 * 3);
      for (const vertex of graph.components) {
        expect(vertex.platform).toBe('lambda');
        expect(vertex.attributes).toMatchObject({ functionName: `tg-demo-7-${process.pid}-512mb-60s-x86_64`, outputsSource: 'marker' });
      }
    });
    expect(standIn.stats.invocations - before).toBe(98);
  }, 300_000);

  it('run-local.sh starts moto and the stand-ins, runs the demo through the CLI, prints the result JSON and stops them', () => {
    const home = mkdtempSync(join(tmpdir(), 'twingraph-demo-7-cli-'));
    try {
      const result = spawnSync('bash', ['examples/demo-7-lambda/run-local.sh'], {
        cwd: ROOT,
        env: { ...process.env, TWINGRAPH_HOME: home, TWINGRAPH_DEMO7_N: '8', TWINGRAPH_DEMO7_M: '4' },
        encoding: 'utf8',
        timeout: 300_000,
      });
      expect(result.status, result.stderr).toBe(0);
      const run = JSON.parse(result.stdout) as { status: string; counts: { succeeded: number }; result: { d: string[] } };
      expect(run).toMatchObject({ status: 'succeeded', counts: { succeeded: 14 } });
      expect(run.result.d).toEqual(Array.from({ length: 4 }, () => EXPECTED_D));
      expect(result.stderr).toContain('aws stand-ins stopped');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  }, 300_000);
});
