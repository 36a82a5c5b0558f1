import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startKubernetesStandIn, type KubernetesStandIn } from '@twingraph/executor-kubernetes/stand-in';
import { describeWithService } from '@twingraph/testing';
import { withTempEngine } from '../shared/temp-engine.js';

const ROOT = resolve(import.meta.dirname, '../..');
const IMAGE = 'twingraph-test-node:latest';
const EXPECTED_D = Array.from({ length: 5 }, () => '200hello3|5|200|14.074');

/** The stand-in runs Pods on Docker: the daemon must answer and the local node image exist. */
function dockerWithNodeImage(): Promise<boolean> {
  execFileSync('docker', ['image', 'inspect', IMAGE], { stdio: 'ignore', timeout: 10_000 });
  return Promise.resolve(true);
}

await describeWithService('docker', dockerWithNodeImage, 'demo 5: Kubernetes Jobs (against the Kubernetes API stand-in)', () => {
  let standIn: KubernetesStandIn;
  let dir: string;
  beforeAll(async () => {
    standIn = await startKubernetesStandIn();
    dir = mkdtempSync(join(tmpdir(), 'twingraph-demo-5-'));
    standIn.kubeconfig.write(join(dir, 'kubeconfig'));
    // The wired engine reads these when it is created (kubernetes-wiring.ts).
    process.env['TWINGRAPH_KUBECONFIG'] = join(dir, 'kubeconfig');
    process.env['TWINGRAPH_DEMO5_IMAGE'] = IMAGE;
  });
  afterAll(async () => {
    delete process.env['TWINGRAPH_KUBECONFIG'];
    await standIn.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs 1 A, 1 B, 10 C and 5 D as 17 Jobs with the right outputs and lineage, and leaves no Job behind', async () => {
    const { default: demo } = await import('./pipeline.js');
    await withTempEngine(async (engine) => {
      const run = await demo(undefined, { engine });
      expect(run.status, JSON.stringify(run.error)).toBe('succeeded');
      expect(run.result!.d).toEqual(EXPECTED_D);
      expect(run.result!.c).toEqual(Array.from({ length: 10 }, () => '200hello3'));

      const graph = (await engine.lineageStore!.getRunGraph(run.runId))!;
      expect(graph.components.map((c) => c.name).sort().join('')).toBe('AB' + 'C'.repeat(10) + 'D'.repeat(5));
      expect(graph.edges.filter((e) => e.label === 'DEPENDS_ON')).toHaveLength(1 + 20 + 15);
      for (const vertex of graph.components) {
        expect(vertex.platform).toBe('kubernetes');
        expect(vertex.image).toBe(IMAGE);
        expect(vertex.attributes).toMatchObject({ namespace: 'default', jobName: expect.stringMatching(/^tg-/), podName: expect.stringMatching(/^tg-/), exitCode: 0 });
      }
    });
    expect(standIn.requests.get('POST jobs (create)')).toBe(17);
    expect(standIn.requests.get('DELETE jobs/name (delete)')).toBe(17);
    const jobs = await fetch(`${standIn.url}/apis/batch/v1/jobs`, { headers: { authorization: `Bearer ${standIn.token}` } }).then((r) => r.json() as Promise<{ items: unknown[] }>);
    expect(jobs.items).toEqual([]);
  });

  it('run-local.sh starts the stand-in, runs the demo through the CLI, prints the result JSON and stops it', () => {
    const home = mkdtempSync(join(tmpdir(), 'twingraph-demo-5-cli-'));
    const state = mkdtempSync(join(tmpdir(), 'twingraph-demo-5-stand-in-'));
    try {
      const result = spawnSync('bash', ['examples/demo-5-kubernetes/run-local.sh'], {
        cwd: ROOT,
        env: { ...process.env, TWINGRAPH_HOME: home, TWINGRAPH_K8S_STAND_IN_DIR: state, TWINGRAPH_KUBECONFIG: '' },
        encoding: 'utf8',
        timeout: 180_000,
      });
      expect(result.status, result.stderr).toBe(0);
      const run = JSON.parse(result.stdout) as { status: string; counts: { succeeded: number }; result: { d: string[] } };
      expect(run).toMatchObject({ status: 'succeeded', counts: { succeeded: 17 } });
      expect(run.result.d).toEqual(EXPECTED_D);
      expect(result.stderr).toContain('kubernetes stand-in stopped');
    } finally {
      rmSync(home, { recursive: true, force: true });
      rmSync(state, { recursive: true, force: true });
    }
  });
});
