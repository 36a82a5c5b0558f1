import { DescribeJobDefinitionsCommand, DescribeJobsCommand } from '@aws-sdk/client-batch';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES, toErrorData } from '@twingraph/model';
import { describeExecutorContract, describeWithService } from '@twingraph/testing';
import { awsStandInsReady, buildRuntimeImage, contractSpecs, eventually, jsSpec, RUNTIME_IMAGE, testRequest } from './aws-stand-in.test-support.js';
import { BatchExecutor } from './batch-executor.js';
import type { BatchExecutorOptions } from './batch-options.js';
import { motoConnection, uniqueName, unexpectedSuccess } from './moto-test-support.test-support.js';
import { S3BlobStore } from './s3-blob-store.js';
import { DockerApi } from './stand-in/docker-api.js';
import { ensureMotoBatchQueue } from './stand-in/moto-admin.js';

/** Containers moto runs for a job are named `<jobName>-<jobId>`. */
async function containersOf(jobId: string): Promise<number> {
  const answer = await new DockerApi().call('GET', `/containers/json?all=1&filters=${encodeURIComponent(JSON.stringify({ name: [jobId.replace(/:/g, '-')] }))}`);
  return (JSON.parse(answer.data.toString('utf8')) as unknown[]).length;
}

await describeWithService('moto', awsStandInsReady, 'BatchExecutor on moto (jobs run on the local Docker Engine)', () => {
  const queue = uniqueName('tg-queue');
  const blobStore = new S3BlobStore({ ...motoConnection, bucket: uniqueName('tg-batch'), createBucket: true });
  const executor = (extra: Partial<BatchExecutorOptions> = {}): BatchExecutor =>
    new BatchExecutor({ ...motoConnection, jobQueue: queue, runtimeImage: RUNTIME_IMAGE, blobStore, pollIntervalMs: 200, pollMaxMs: 1000, memory: 512, ...extra });

  beforeAll(async () => {
    buildRuntimeImage();
    await ensureMotoBatchQueue(motoConnection.endpoint!, queue);
  }, 120_000);

  afterAll(async () => {
    await blobStore.close();
  });

  describeExecutorContract('BatchExecutor', async () => ({ executor: executor(), specs: contractSpecs('batch') }), { abortWithinMs: 3000 });

  const runId = `batch-int-${randomUUID()}`;

  describe('jobs', () => {
    it('registers a job definition once per component revision and reuses it', async () => {
      const batch = executor();
      // A component name of this run alone: moto keeps definitions of earlier runs, which would be reused.
      const name = uniqueName('mul');
      const spec = jsSpec(name, 'batch', 'export function process({ a, b }) { console.log("multiplying"); return { product: a * b }; }', { platformOptions: { vcpus: 2, memory: 1024 } });
      const lines: string[] = [];
      const first = await batch.execute(testRequest(runId, spec, { a: 6, b: 7 }, { log: (_s, l) => lines.push(l) }));
      expect(first.outputs).toEqual({ product: 42 });
      expect(lines).toContain('multiplying');
      expect(lines.some((l) => l.startsWith(`registering Batch job definition twingraph-${name}-`) && l.includes('(twingraph-aws-runtime:local, 2 vCPU, 1024 MiB, ec2)'))).toBe(true);
      const definition = String(first.metadata!['jobDefinition']);
      // A new executor (another process) finds the same ACTIVE definition instead of registering again.
      const again: string[] = [];
      const second = await executor().execute(testRequest(runId, spec, { a: 2, b: 2 }, { log: (_s, l) => again.push(l) }));
      expect(second.outputs).toEqual({ product: 4 });
      expect(second.metadata!['jobDefinition']).toBe(definition);
      expect(again.some((l) => l.startsWith('registering'))).toBe(false);
      const defs = await batch.batch.send(new DescribeJobDefinitionsCommand({ jobDefinitions: [definition] }));
      expect(defs.jobDefinitions?.[0]?.containerProperties).toMatchObject({ image: RUNTIME_IMAGE, command: ['--batch'] });
      expect(defs.jobDefinitions?.[0]?.containerProperties?.resourceRequirements).toEqual(expect.arrayContaining([{ type: 'VCPU', value: '2' }, { type: 'MEMORY', value: '1024' }]));
      // A different size is a different revision of the component: another definition.
      const bigger = await batch.execute(testRequest(runId, { ...spec, platformOptions: { vcpus: 4, memory: 1024 } }, { a: 1, b: 1 }));
      expect(bigger.metadata!['jobDefinition']).not.toBe(definition);
    }, 90_000);

    it('runs an array job for array_size, child i with input array_index i', async () => {
      const spec = jsSpec('square', 'batch', 'export function process({ array_index, offset }) { console.log("child " + array_index); return { index: array_index, value: (array_index + offset) ** 2 }; }', { platformOptions: { array_size: 3 } });
      const lines: string[] = [];
      const outcome = await executor().execute(testRequest(runId, spec, { offset: 1 }, { log: (_s, l) => lines.push(l) }));
      expect(outcome.outputs).toEqual({ items: [{ index: 0, value: 1 }, { index: 1, value: 4 }, { index: 2, value: 9 }] });
      expect(lines).toEqual(expect.arrayContaining(['[0] child 0', '[2] child 2']));
    }, 90_000);

    it('runs Python code in the runtime image', async () => {
      const lines: string[] = [];
      const code = 'import os\ndef process(inputs):\n    print("job", os.environ.get("AWS_BATCH_JOB_ID") is not None)\n    return {"double": inputs["n"] * 2}\n';
      const outcome = await executor().execute(testRequest(runId, { name: 'py', platform: 'batch', codeHash: 'py', language: 'python', code }, { n: 21 }, { log: (_s, l) => lines.push(l) }));
      expect(outcome.outputs).toEqual({ double: 42 });
      expect(lines).toContain('job True');
    }, 90_000);

    it('runs a plain image + command, inputs in TWINGRAPH_INPUTS, outputs from the marker line', async () => {
      const command = ['node', '-e', 'const i=JSON.parse(process.env.TWINGRAPH_INPUTS);console.log("::twingraph-outputs::"+JSON.stringify({greeting:"hello "+i.name}))'];
      const outcome = await executor().execute(testRequest(runId, { name: 'cmd', platform: 'batch', codeHash: 'cmd', image: 'twingraph-test-node:latest', command }, { name: 'batch' }));
      expect(outcome.outputs).toEqual({ greeting: 'hello batch' });
    }, 90_000);

    it('sends a large payload through S3 and reads large outputs from S3', async () => {
      const text = 'y'.repeat(300 * 1024);
      const outcome = await executor().execute(testRequest(runId, jsSpec('big', 'batch', 'export function process({ text }) { return { text, n: text.length }; }'), { text }));
      expect(outcome.outputs).toEqual({ text, n: text.length });
      expect(outcome.metadata).toMatchObject({ payloadByReference: true, outputsSource: 'marker+s3' });
    }, 90_000);

    it('terminates the job on cancel: nothing left running', async () => {
      const controller = new AbortController();
      const batch = executor();
      const lines: string[] = [];
      const pending = batch.execute(testRequest(runId, contractSpecs('batch').sleep(), { ms: 60_000 }, { signal: controller.signal, log: (_s, l) => lines.push(l) }));
      await eventually(() => lines.some((l) => / RUNNING$/.test(l)), 30_000, 'the job runs');
      const jobId = /\(([0-9a-f-]{36})\)/.exec(lines.find((l) => l.startsWith('submitted'))!)![1]!;
      await eventually(async () => (await containersOf(jobId)) > 0, 30_000, 'the job container runs');
      controller.abort(new Error('cancelled by test'));
      await expect(pending).rejects.toThrow('cancelled by test');
      await batch.close();
      await eventually(async () => {
        const job = (await executor().batch.send(new DescribeJobsCommand({ jobs: [jobId] }))).jobs?.[0];
        return job?.status === 'FAILED' && (await containersOf(jobId)) === 0;
      }, 30_000, 'the job is terminated and its container gone');
      const job = (await executor().batch.send(new DescribeJobsCommand({ jobs: [jobId] }))).jobs?.[0];
      expect(job?.statusReason).toContain('cancelled by test');
    }, 90_000);
  });

  describe('bad input', () => {
    it('an unknown job queue', async () => {
      const error = await executor({ jobQueue: 'twingraph-no-such-queue' }).execute(testRequest(runId, contractSpecs('batch').echo(), {})).then(unexpectedSuccess, (e: unknown) => toErrorData(e));
      expect(error).toMatchObject({ code: ERROR_CODES.NOT_FOUND, details: { component: 'echo', platform: 'batch', jobQueue: 'twingraph-no-such-queue' } });
      expect(error.hint).toContain('TWINGRAPH_BATCH_JOB_QUEUE');
    });

    it('no queue at all, no runtime image, invalid options', async () => {
      const bad = async (batch: BatchExecutor, platformOptions: Record<string, unknown> = {}) =>
        batch.execute(testRequest(runId, jsSpec('opt', 'batch', 'export function process() { return {}; }', { platformOptions }), {})).then(unexpectedSuccess, (e: unknown) => toErrorData(e));
      const noQueue = await bad(executor({ jobQueue: undefined as never }));
      expect(noQueue).toMatchObject({ code: ERROR_CODES.INVALID_OPTIONS, details: { component: 'opt', platform: 'batch', option: 'platformOptions.job_queue' } });
      const noImage = await bad(executor({ runtimeImage: undefined as never }));
      expect(noImage.hint).toContain('TWINGRAPH_BATCH_RUNTIME_IMAGE');
      expect(await bad(executor(), { array_size: 1 })).toMatchObject({ code: ERROR_CODES.INVALID_OPTIONS, details: { option: 'platformOptions.array_size' } });
      expect(await bad(executor(), { compute: 'fargate', gpu: 1 })).toMatchObject({ code: ERROR_CODES.INVALID_OPTIONS, details: { option: 'platformOptions.gpu' } });
      expect(await bad(executor(), { vcpus: -1 })).toMatchObject({ code: ERROR_CODES.INVALID_OPTIONS, details: { option: 'platformOptions.vcpus' } });
      const fargate = await bad(executor(), { compute: 'fargate' });
      expect(fargate.hint).toContain('TWINGRAPH_BATCH_EXECUTION_ROLE_ARN');
    });

    it('a payload too large without a blob store', async () => {
      const error = await executor({ blobStore: undefined as never }).execute(testRequest(runId, contractSpecs('batch').echo(), { text: 'x'.repeat(40_000) })).then(unexpectedSuccess, (e: unknown) => toErrorData(e));
      expect(error).toMatchObject({ code: ERROR_CODES.EXECUTOR_NOT_CONFIGURED, details: { component: 'echo', platform: 'batch' } });
      expect(error.hint).toContain('TWINGRAPH_S3_BUCKET');
    });

    it('no credentials and an unreachable region', async () => {
      const noKeys = executor({ credentials: () => Promise.reject(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' })) });
      const error = await noKeys.execute(testRequest(runId, contractSpecs('batch').echo(), {})).then(unexpectedSuccess, (e: unknown) => toErrorData(e));
      expect(error).toMatchObject({ code: ERROR_CODES.EXECUTOR_NOT_CONFIGURED, details: { component: 'echo', platform: 'batch' } });
      expect(error.hint).toContain('AWS_ACCESS_KEY_ID');
      const offline = executor({ endpoint: 'http://127.0.0.1:9', region: 'xx-nowhere-1', maxAttempts: 1 });
      const unreachable = await offline.execute(testRequest(runId, contractSpecs('batch').echo(), {})).then(unexpectedSuccess, (e: unknown) => toErrorData(e));
      expect(unreachable).toMatchObject({ code: ERROR_CODES.EXECUTOR_NOT_CONFIGURED, details: { platform: 'batch', target: 'xx-nowhere-1 at http://127.0.0.1:9' } });
      await expect(offline.healthCheck()).rejects.toMatchObject({ code: ERROR_CODES.EXECUTOR_NOT_CONFIGURED });
    });
  });
});
