import { GetFunctionCommand, PutFunctionConcurrencyCommand } from '@aws-sdk/client-lambda';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, runWorkflow } from '@twingraph/core';
import { ERROR_CODES, toErrorData } from '@twingraph/model';
import { describeExecutorContract, describeWithService } from '@twingraph/testing';
import { buildRuntimeImage, awsStandInsReady, contractSpecs, eventually, jsSpec, RUNTIME_IMAGE, testRequest } from './aws-stand-in.test-support.js';
import { LambdaExecutor } from './lambda-executor.js';
import type { LambdaExecutorOptions } from './lambda-options.js';
import { motoConnection, uniqueName, unexpectedSuccess } from './moto-test-support.test-support.js';
import { S3BlobStore } from './s3-blob-store.js';
import { DockerApi } from './stand-in/docker-api.js';
import { LambdaStandIn } from './stand-in/lambda-stand-in.js';
import { ensureMotoRole } from './stand-in/moto-admin.js';

await describeWithService('moto', awsStandInsReady, 'LambdaExecutor on moto + the local Lambda stand-in', () => {
  let standIn: LambdaStandIn;
  let roleArn: string;
  const prefix = uniqueName('tg-fn');
  const blobStore = new S3BlobStore({ ...motoConnection, bucket: uniqueName('tg-lambda'), createBucket: true });
  const executor = (extra: Partial<LambdaExecutorOptions> = {}): LambdaExecutor =>
    new LambdaExecutor({
      ...motoConnection,
      endpoint: standIn.endpoint,
      deploy: { imageUri: RUNTIME_IMAGE, roleArn, memorySize: 256, timeoutSeconds: 30, functionNamePrefix: prefix },
      blobStore,
      retryBaseMs: 100,
      ...extra,
    });

  beforeAll(async () => {
    buildRuntimeImage();
    standIn = new LambdaStandIn({ motoEndpoint: motoConnection.endpoint! });
    await standIn.start();
    roleArn = await ensureMotoRole(motoConnection.endpoint!, 'twingraph-test-lambda');
  }, 120_000);

  afterAll(async () => {
    await standIn.stop();
    await blobStore.close();
    expect(await new DockerApi().containersWithLabel('twingraph.stand-in=lambda')).toEqual([]);
  });

  describeExecutorContract('LambdaExecutor', async () => ({ executor: executor(), specs: contractSpecs('lambda') }));

  const runId = `lambda-int-${randomUUID()}`;

  describe('deployment and payloads', () => {
    it('deploys the runtime function once and updates it when its image changes', async () => {
      const name = `${prefix}-deploy`;
      const spec = jsSpec('add', 'lambda', 'export function process({ a, b }) { return { sum: a + b }; }', { platformOptions: { function_name: name, memory_size: 512 } });
      const first = executor();
      const lines: string[] = [];
      const outcome = await first.execute(testRequest(runId, spec, { a: 2, b: 3 }, { log: (_s, l) => lines.push(l) }));
      expect(outcome.outputs).toEqual({ sum: 5 });
      expect(outcome.metadata).toMatchObject({ functionName: name, payloadByReference: false, outputsSource: 'marker' });
      expect(lines.some((l) => l.startsWith(`creating Lambda function ${name}`))).toBe(true);
      expect(lines.some((l) => /^REPORT RequestId: .*Memory Size: 512 MB/.test(l))).toBe(true);
      // Same settings: no second deployment.
      const again: string[] = [];
      await first.execute(testRequest(runId, spec, { a: 1, b: 1 }, { log: (_s, l) => again.push(l) }));
      expect(again.some((l) => /creating|updating/.test(l))).toBe(false);
      // A new image: the function is updated in place.
      buildRuntimeImage(`${RUNTIME_IMAGE}-v2`);
      const second = executor({ deploy: { imageUri: `${RUNTIME_IMAGE}-v2`, roleArn, memorySize: 256, timeoutSeconds: 30, functionNamePrefix: prefix } });
      const updated: string[] = [];
      expect((await second.execute(testRequest(runId, spec, { a: 4, b: 4 }, { log: (_s, l) => updated.push(l) }))).outputs).toEqual({ sum: 8 });
      expect(updated.some((l) => l.includes(`updating Lambda function ${name}: image ${RUNTIME_IMAGE} → ${RUNTIME_IMAGE}-v2`))).toBe(true);
      const fn = await second.client.send(new GetFunctionCommand({ FunctionName: name }));
      expect(fn.Code?.ImageUri).toBe(`${RUNTIME_IMAGE}-v2`);
      expect(fn.Configuration).toMatchObject({ MemorySize: 512, Timeout: 30, PackageType: 'Image' });
    }, 60_000);

    it('runs SDK functions and TypeScript code', async () => {
      const fn = ({ n }: { n: number }) => ({ squared: n * n, where: globalThis.process.env['AWS_LAMBDA_FUNCTION_NAME'] });
      const sdk = await executor().execute(testRequest(runId, { name: 'square', platform: 'lambda', codeHash: 'square', fn }, { n: 12 }));
      expect(sdk.outputs).toEqual({ squared: 144, where: prefix });
      const ts = await executor().execute(testRequest(runId, jsSpec('ts', 'lambda', 'export function process(i: { a: number }): { b: number } { return { b: i.a + 1 }; }', { language: 'typescript' }), { a: 41 }));
      expect(ts.outputs).toEqual({ b: 42 });
    }, 60_000);

    it('runs Python code, and a workflow document node on lambda through the engine', async () => {
      const lines: string[] = [];
      const code = 'import sys\ndef process(inputs):\n    print("hello from python", sys.version_info[0])\n    return {"double": inputs["n"] * 2}\n';
      const py = await executor().execute(testRequest(runId, { name: 'py', platform: 'lambda', codeHash: 'py', language: 'python', code }, { n: 21 }, { log: (_s, l) => lines.push(l) }));
      expect(py.outputs).toEqual({ double: 42 });
      expect(lines).toContain('hello from python 3');
      const engine = createEngine({ executors: [executor()] });
      try {
        const run = await runWorkflow(engine, {
          apiVersion: 'twingraph/v1',
          kind: 'Workflow',
          metadata: { name: 'lambda-doc' },
          nodes: [
            {
              id: 'triple', type: 'component', platform: 'lambda', language: 'python', platformOptions: { memory_size: 512 },
              code: 'import os\ndef process(inputs):\n    return {"n": inputs["n"] * 3, "function": os.environ.get("AWS_LAMBDA_FUNCTION_NAME")}',
              inputs: [{ name: 'n', type: 'number', default: 14 }],
              outputs: [{ name: 'n', type: 'number' }, { name: 'function', type: 'string' }],
            },
          ],
          edges: [],
        });
        expect(run.status).toBe('succeeded');
        const graph = (await engine.lineageStore!.getRunGraph(run.runId))!;
        expect(graph.components[0]).toMatchObject({ platform: 'lambda', outputs: { n: 42, function: `${prefix}-512mb-30s-x86_64` } });
        expect(graph.components[0]!.attributes).toMatchObject({ functionName: `${prefix}-512mb-30s-x86_64`, outputsSource: 'marker' });
      } finally {
        await engine.close();
      }
    }, 60_000);

    it('sends a payload over the 6 MB limit by reference through S3, and gets large outputs back the same way', async () => {
      const big = 'x'.repeat(7 * 1024 * 1024);
      const lines: string[] = [];
      const outcome = await executor().execute(
        testRequest(runId, jsSpec('big', 'lambda', 'export function process({ text }) { return { text, length: text.length }; }'), { text: big }, { log: (_s, l) => lines.push(l) }),
      );
      expect(outcome.outputs['length']).toBe(big.length);
      expect(outcome.outputs['text']).toBe(big);
      expect(outcome.metadata).toMatchObject({ payloadByReference: true, outputsSource: 'marker+s3' });
      expect(lines.some((l) => /over the Lambda limit: sent by reference \(blob:\/\/sha256\//.test(l))).toBe(true);
      expect(standIn.stats.tooLarge).toBe(0);
    }, 60_000);
  });

  describe('throttling, timeouts and cancel', () => {
    it('retries throttled invocations with backoff until they run', async () => {
      const name = `${prefix}-throttle`;
      const spec = jsSpec('nap', 'lambda', 'export async function process({ ms }) { await new Promise((r) => setTimeout(r, ms)); return { ok: true }; }', { platformOptions: { function_name: name } });
      const lambda = executor({ maxRetries: 8 });
      await lambda.execute(testRequest(runId, spec, { ms: 0 }));
      await lambda.client.send(new PutFunctionConcurrencyCommand({ FunctionName: name, ReservedConcurrentExecutions: 1 }));
      const lines: string[] = [];
      const before = standIn.stats.throttled;
      const outcomes = await Promise.all([0, 1, 2].map(() => lambda.execute(testRequest(runId, spec, { ms: 800 }, { log: (_s, l) => lines.push(l) }))));
      expect(outcomes.map((o) => o.outputs)).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
      expect(standIn.stats.throttled).toBeGreaterThan(before);
      expect(lines.some((l) => /throttled \(TooManyRequestsException\); retry 1\/8 in \d+ ms/.test(l))).toBe(true);

      const impatient = executor({ maxRetries: 0 });
      const results = await Promise.allSettled([0, 1].map(() => impatient.execute(testRequest(runId, spec, { ms: 800 }))));
      const rejected = results.find((r) => r.status === 'rejected');
      expect(rejected).toBeDefined();
      const error = toErrorData((rejected as PromiseRejectedResult).reason);
      expect(error).toMatchObject({ code: ERROR_CODES.COMPONENT_FAILED, details: { component: 'nap', platform: 'lambda', throttled: true } });
      expect(error.hint).toContain('reserved concurrency');
    }, 60_000);

    it('reports the function timeout as such, without retrying it', async () => {
      const spec = jsSpec('slow', 'lambda', 'export async function process() { await new Promise((r) => setTimeout(r, 10000)); return {}; }', { platformOptions: { timeout: 2 } });
      const error = await executor().execute(testRequest(runId, spec, {})).then(unexpectedSuccess, (e: unknown) => toErrorData(e));
      expect(error).toMatchObject({ code: ERROR_CODES.COMPONENT_FAILED, nonRetryable: true, details: { component: 'slow', platform: 'lambda', timedOut: true, functionName: `${prefix}-256mb-2s-x86_64` } });
      expect(error.message).toContain('Task timed out after 2.00 seconds');
      expect(error.hint).toContain('platformOptions.timeout');
    }, 60_000);

    const stuck = (timeout: number) => jsSpec('stuck', 'lambda', 'export async function process() { await new Promise((r) => setTimeout(r, 60000)); return {}; }', { platformOptions: { timeout } });
    const containersOf = (functionName: string) => new DockerApi().containersWithLabel(`twingraph.lambda.function=${functionName}`);

    it('rejects at once on cancel and stops the invocation through its S3 cancel marker', async () => {
      const controller = new AbortController();
      const lambda = executor({ cancelPollMs: 500 });
      const lines: string[] = [];
      const pending = lambda.execute(testRequest(runId, stuck(20), {}, { signal: controller.signal, log: (_s, l) => lines.push(l) }));
      await eventually(async () => (await containersOf(`${prefix}-256mb-20s-x86_64`)).length > 0, 20_000, 'the invocation started');
      const aborted = Date.now();
      controller.abort(new Error('cancelled by test'));
      await expect(pending).rejects.toThrow('cancelled by test');
      expect(Date.now() - aborted).toBeLessThan(1000);
      await lambda.close();
      expect(lines.some((l) => l.startsWith('cancel marker written'))).toBe(true);
      // Well before the function's 20 s timeout.
      await eventually(async () => (await containersOf(`${prefix}-256mb-20s-x86_64`)).length === 0, 8_000, 'the invocation stopped by its cancel marker');
    }, 60_000);

    it('without a blob store, the cancelled invocation ends by the function timeout at the latest', async () => {
      const controller = new AbortController();
      const lambda = executor({ blobStore: undefined as never });
      const pending = lambda.execute(testRequest(runId, stuck(3), {}, { signal: controller.signal }));
      await eventually(async () => (await containersOf(`${prefix}-256mb-3s-x86_64`)).length > 0, 20_000, 'the invocation started');
      controller.abort(new Error('cancelled by test'));
      await expect(pending).rejects.toThrow('cancelled by test');
      await eventually(async () => (await containersOf(`${prefix}-256mb-3s-x86_64`)).length === 0, 10_000, 'the invocation container is gone after the function timeout');
    }, 60_000);
  });

  describe('bad input', () => {
    it('a payload over the limit with no blob store names the fix', async () => {
      const error = await executor({ blobStore: undefined as never, inlinePayloadLimit: 1000 })
        .execute(testRequest(runId, contractSpecs('lambda').echo(), { text: 'y'.repeat(2000) }))
        .then(unexpectedSuccess, (e: unknown) => toErrorData(e));
      expect(error).toMatchObject({ code: ERROR_CODES.EXECUTOR_NOT_CONFIGURED, nonRetryable: true, details: { component: 'echo', platform: 'lambda', limitBytes: 1000 } });
      expect(error.hint).toContain('TWINGRAPH_S3_BUCKET');
    });

    it('a payload Lambda itself refuses (over 6 MB) is reported as too large', async () => {
      const error = await executor({ blobStore: undefined as never, inlinePayloadLimit: 64 * 1024 * 1024 })
        .execute(testRequest(runId, contractSpecs('lambda').echo(), { text: 'z'.repeat(6 * 1024 * 1024 + 10) }))
        .then(unexpectedSuccess, (e: unknown) => toErrorData(e));
      expect(error).toMatchObject({ code: ERROR_CODES.EXECUTOR_NOT_CONFIGURED, details: { component: 'echo', platform: 'lambda' } });
      expect(error.message).toContain('6 MB');
    }, 30_000);

    it('an unknown function', async () => {
      const error = await executor({ deploy: undefined as never })
        .execute(testRequest(runId, jsSpec('ghost', 'lambda', 'x', { platformOptions: { function_name: 'twingraph-no-such-function' } }), {}))
        .then(unexpectedSuccess, (e: unknown) => toErrorData(e));
      expect(error).toMatchObject({ code: ERROR_CODES.NOT_FOUND, details: { component: 'ghost', platform: 'lambda', functionName: 'twingraph-no-such-function' } });
      expect(error.hint).toContain('function_name');
    });

    it('no credentials', async () => {
      const noKeys = executor({ credentials: () => Promise.reject(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' })) });
      const error = await noKeys.execute(testRequest(runId, contractSpecs('lambda').echo(), {})).then(unexpectedSuccess, (e: unknown) => toErrorData(e));
      expect(error).toMatchObject({ code: ERROR_CODES.EXECUTOR_NOT_CONFIGURED, category: 'operational', details: { component: 'echo', platform: 'lambda' } });
      expect(error.hint).toContain('AWS_ACCESS_KEY_ID');
    });

    it('an unreachable endpoint or wrong region', async () => {
      const offline = executor({ endpoint: 'http://127.0.0.1:9', region: 'xx-nowhere-1' });
      const error = await offline.execute(testRequest(runId, contractSpecs('lambda').echo(), {})).then(unexpectedSuccess, (e: unknown) => toErrorData(e));
      expect(error).toMatchObject({ code: ERROR_CODES.EXECUTOR_NOT_CONFIGURED, details: { component: 'echo', platform: 'lambda', target: 'xx-nowhere-1 at http://127.0.0.1:9' } });
      expect(error.hint).toContain('AWS_REGION');
      await expect(offline.healthCheck()).rejects.toMatchObject({ code: ERROR_CODES.EXECUTOR_NOT_CONFIGURED });
    });

    it('invalid platform options', async () => {
      const bad = async (platformOptions: Record<string, unknown>) =>
        executor().execute(testRequest(runId, jsSpec('opt', 'lambda', 'x', { platformOptions }), {})).then(unexpectedSuccess, (e: unknown) => toErrorData(e));
      expect(await bad({ memory_size: 64 })).toMatchObject({ code: ERROR_CODES.INVALID_OPTIONS, details: { component: 'opt', platform: 'lambda', option: 'platformOptions.memory_size' } });
      expect(await bad({ timeout: 901 })).toMatchObject({ code: ERROR_CODES.INVALID_OPTIONS, details: { option: 'platformOptions.timeout' } });
      expect(await bad({ memory: '1Gi' })).toMatchObject({ code: ERROR_CODES.INVALID_OPTIONS, details: { option: 'platformOptions.memory' } });
      const layers = await bad({ layers: ['arn:aws:lambda:us-east-1:123456789012:layer:numpy:3'] });
      expect(layers).toMatchObject({ code: ERROR_CODES.INVALID_OPTIONS, details: { option: 'platformOptions.layers' } });
      expect(layers.hint).toContain('runtime image');
    });
  });
});
