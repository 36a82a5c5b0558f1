import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { component, pipeline } from 'twingraph';
import { startKubernetesStandIn, type KubernetesStandIn } from '@twingraph/executor-kubernetes/stand-in';
import { DockerApi, ensureMotoBatchQueue, ensureMotoRole, LambdaStandIn } from '@twingraph/executor-aws/stand-in';
import { describeWithService } from '@twingraph/testing';
import { awsLocalEnv, awsStandInsReady, buildLocalRuntimeImage, setEnv } from '../shared/aws-local.js';
import { withTempEngine } from '../shared/temp-engine.js';

const ROOT = resolve(import.meta.dirname, '../..');
const IMAGE = 'twingraph-test-node:latest';
const EXPECTED_D = '200hello3|5|200|14.074';
const docker = new DockerApi();

async function until(check: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Containers whose name contains `part` (moto names Batch job containers `<jobName>-<jobId>`). */
async function containersNamed(part: string): Promise<number> {
  const answer = await docker.call('GET', `/containers/json?all=1&filters=${encodeURIComponent(JSON.stringify({ name: [part] }))}`);
  return (JSON.parse(answer.data.toString('utf8')) as unknown[]).length;
}

await describeWithService('moto', awsStandInsReady, 'demo 8: local, docker, kubernetes, lambda and batch in one pipeline (stand-ins)', () => {
  let k8s: KubernetesStandIn;
  let lambda: LambdaStandIn;
  let dir: string;
  let restore: () => void;
  const k8sJobs = async (): Promise<unknown[]> =>
    (await fetch(`${k8s.url}/apis/batch/v1/jobs`, { headers: { authorization: `Bearer ${k8s.token}` } }).then((r) => r.json() as Promise<{ items: unknown[] }>)).items;

  beforeAll(async () => {
    buildLocalRuntimeImage();
    k8s = await startKubernetesStandIn();
    dir = mkdtempSync(join(tmpdir(), 'twingraph-demo-8-'));
    k8s.kubeconfig.write(join(dir, 'kubeconfig'));
    lambda = new LambdaStandIn({ motoEndpoint: awsLocalEnv.TWINGRAPH_AWS_ENDPOINT });
    await lambda.start();
    const roleArn = await ensureMotoRole(awsLocalEnv.TWINGRAPH_AWS_ENDPOINT, 'twingraph-demo-8');
    const queue = await ensureMotoBatchQueue(awsLocalEnv.TWINGRAPH_AWS_ENDPOINT, 'twingraph-demo-8');
    // The wired engine reads these when it is created (docker, kubernetes and aws wiring).
    restore = setEnv({
      ...awsLocalEnv,
      TWINGRAPH_KUBECONFIG: join(dir, 'kubeconfig'),
      TWINGRAPH_DEMO8_IMAGE: IMAGE,
      TWINGRAPH_LAMBDA_ENDPOINT: lambda.endpoint,
      TWINGRAPH_LAMBDA_IMAGE_URI: 'twingraph-aws-runtime:local',
      TWINGRAPH_LAMBDA_ROLE_ARN: roleArn,
      TWINGRAPH_LAMBDA_FUNCTION: `tg-demo-8-${process.pid}`,
      TWINGRAPH_BATCH_JOB_QUEUE: queue,
    });
  }, 120_000);

  afterAll(async () => {
    restore();
    await lambda.stop();
    await k8s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs A locally, B on Docker, C as Kubernetes Jobs, D on Lambda and E on Batch, with the right outputs and lineage', async () => {
    const { default: demo, N, M } = await import('./pipeline.js');
    await withTempEngine(async (engine) => {
      const run = await demo(undefined, { engine });
      expect(run.status, JSON.stringify(run.error)).toBe('succeeded');
      expect(run.result).toEqual({
        c: Array.from({ length: N }, () => '200hello3'),
        d: Array.from({ length: M }, () => EXPECTED_D),
        e: { count: M, distinct: [EXPECTED_D] },
      });
      const graph = (await engine.lineageStore!.getRunGraph(run.runId))!;
      const platformOf = Object.fromEntries(graph.components.map((c) => [c.name, c.platform]));
      expect(platformOf).toEqual({ A: 'local', B: 'docker', C: 'kubernetes', D: 'lambda', E: 'batch' });
      expect(graph.components).toHaveLength(2 + N + M + 1);
      // B ← A; each C ← A, B; each D ← C[2j], A, B; E ← every D.
      expect(graph.edges.filter((e) => e.label === 'DEPENDS_ON')).toHaveLength(1 + 2 * N + 3 * M + M);
      const byId = new Map(graph.components.map((c) => [c.executionId, c]));
      const e = graph.components.find((c) => c.name === 'E')!;
      const parentsOfE = graph.edges.filter((edge) => edge.label === 'DEPENDS_ON' && edge.from === e.executionId).map((edge) => byId.get(edge.to)?.name);
      expect(parentsOfE).toEqual(Array.from({ length: M }, () => 'D'));
      expect(graph.components.find((c) => c.name === 'B')!.attributes).toHaveProperty('imageDigest');
      expect(graph.components.find((c) => c.name === 'C')!.attributes).toMatchObject({ jobName: expect.stringMatching(/^tg-/) });
      expect(graph.components.find((c) => c.name === 'D')!.attributes).toMatchObject({ functionName: `tg-demo-8-${process.pid}-512mb-60s-x86_64` });
      expect(e.attributes).toMatchObject({ jobQueue: 'twingraph-demo-8', jobId: expect.any(String) });
    });
    expect(await k8sJobs()).toEqual([]);
  }, 300_000);

  describe('cancel', () => {
    it('terminates the remote work on every platform', async () => {
      // Stops early when its signal is aborted (in this process); remote copies are stopped by their platform.
      const fn = ({ ms }: { ms: number }, context: { signal: AbortSignal }) =>
        new Promise<{ slept: number }>((resolve, reject) => {
          const timer = setTimeout(() => resolve({ slept: ms }), ms);
          context.signal.addEventListener('abort', () => {
            clearTimeout(timer);
            reject(new Error('aborted'));
          });
        });
      const slow = {
        local: component({ name: 'slow_local', platform: 'local' }, fn),
        docker: component({ name: 'slow_docker', platform: 'docker', image: IMAGE }, fn),
        kubernetes: component({ name: 'slow_kubernetes', platform: 'kubernetes', image: IMAGE }, fn),
        // Lambda has no API to stop an invocation: the runtime stops it through its S3 cancel marker, well before this 60 s timeout.
        lambda: component({ name: 'slow_lambda', platform: 'lambda', platformOptions: { timeout: 60 } }, fn),
        batch: component({ name: 'slow_batch', platform: 'batch', platformOptions: { memory: 256 } }, fn),
      };
      const everywhere = pipeline({ name: 'demo-8-cancel', maxParallel: 8 }, async () => Promise.all(Object.values(slow).map((c) => c({ ms: 120_000 }))));
      await withTempEngine(async (engine) => {
        const controller = new AbortController();
        let runId = '';
        const running = new Set<string>();
        const pending = everywhere(undefined, {
          engine,
          signal: controller.signal,
          onStart: (id) => (runId = id),
          onEvent: (event) => {
            if (event.type === 'node.status' && event.status === 'running') running.add(String(event.name));
          },
        });
        const lambdaContainers = () => docker.containersWithLabel(`twingraph.lambda.function=tg-demo-8-${process.pid}-1024mb-60s-x86_64`);
        // Remote work really started on every platform before the cancel.
        await until(async () => running.size === 5, 120_000, 'all five components running');
        await until(async () => (await docker.containersWithLabel(`twingraph.run=${runId}`)).length > 0, 60_000, 'the docker container runs');
        await until(async () => (await k8sJobs()).length > 0, 60_000, 'the Kubernetes Job exists');
        await until(async () => (await lambdaContainers()).length > 0, 60_000, 'the Lambda invocation runs');
        await until(async () => (await containersNamed('slow_batch-')) > 0, 60_000, 'the Batch job container runs');
        const cancelled = Date.now();
        controller.abort();
        const run = await pending;
        expect(run.status).toBe('cancelled');
        expect(Date.now() - cancelled).toBeLessThan(15_000);
        await until(async () => (await docker.containersWithLabel(`twingraph.run=${runId}`)).length === 0, 30_000, 'the docker container is removed');
        await until(async () => (await k8sJobs()).length === 0, 30_000, 'the Kubernetes Job is deleted');
        await until(async () => (await containersNamed('slow_batch-')) === 0, 30_000, 'the Batch job is terminated and its container gone');
        await until(async () => (await lambdaContainers()).length === 0, 15_000, 'the Lambda invocation stopped by its cancel marker');
        const graph = (await engine.lineageStore!.getRunGraph(run.runId))!;
        expect(graph.components.map((c) => c.status).sort()).toEqual(Array.from({ length: 5 }, () => 'cancelled'));
      });
    }, 300_000);
  });

  it('run-local.sh starts every stand-in, runs the demo through the CLI, prints the result JSON and stops them', () => {
    const home = mkdtempSync(join(tmpdir(), 'twingraph-demo-8-cli-'));
    try {
      const result = spawnSync('bash', ['examples/demo-8-mixed/run-local.sh'], {
        cwd: ROOT,
        env: { ...process.env, TWINGRAPH_HOME: home, TWINGRAPH_KUBECONFIG: '' },
        encoding: 'utf8',
        timeout: 300_000,
      });
      expect(result.status, result.stderr).toBe(0);
      const run = JSON.parse(result.stdout) as { status: string; counts: { succeeded: number }; result: { e: unknown }; executions: { platform: string }[] };
      expect(run).toMatchObject({ status: 'succeeded', counts: { succeeded: 12 }, result: { e: { count: 3, distinct: [EXPECTED_D] } } });
      expect(new Set(run.executions.map((e) => e.platform))).toEqual(new Set(['local', 'docker', 'kubernetes', 'lambda', 'batch']));
      expect(result.stderr).toContain('kubernetes stand-in stopped');
      expect(result.stderr).toContain('aws stand-ins stopped');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  }, 300_000);
});
