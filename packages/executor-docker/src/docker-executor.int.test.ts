import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, runWorkflow } from '@twingraph/core';
import { ERROR_CODES, toErrorData } from '@twingraph/model';
import { describeExecutorContract, describeWithService } from '@twingraph/testing';
import { containersOfRun, dockerReady, jsSpec, NODE_IMAGE, PYTHON_IMAGE, testExecutor, testRequest, unexpectedSuccess } from './docker-test-support.test-support.js';

await describeWithService('docker', dockerReady, 'DockerExecutor on a real Docker Engine', () => {
  describeExecutorContract('DockerExecutor', async () => ({
    executor: testExecutor(),
    specs: {
      echo: () => jsSpec('echo', 'export function process(inputs) { return inputs; }'),
      fail: () => jsSpec('fail', 'export function process(inputs) { throw new Error(inputs.message); }'),
      sleep: () => jsSpec('sleep', 'export async function process({ ms }) { await new Promise((r) => setTimeout(r, ms)); return { slept: ms }; }'),
      log: () => jsSpec('log', 'export function process({ lines }) { for (const line of lines) console.log(line); return { count: lines.length }; }'),
    },
  }));

  afterAll(async () => {
    expect(await containersOfRun('contract-run')).toEqual([]);
  });

  const executor = testExecutor();
  const runId = `docker-int-${randomUUID()}`;
  afterAll(async () => {
    expect(await containersOfRun(runId)).toEqual([]);
  });

  describe('languages', () => {
    it.concurrent('runs an SDK function with its inputs and records the image digest', async () => {
      const fn = ({ input_1, input_2 }: { input_1: number; input_2: number }) => ({ sum: input_1 + input_2, node: globalThis.process.version });
      const outcome = await executor.execute(testRequest(runId, { name: 'add', platform: 'docker', codeHash: 'add', fn, image: NODE_IMAGE }, { input_1: 3.14159, input_2: 1 }));
      expect(outcome.outputs).toEqual({ sum: 4.14159, node: process.version });
      expect(outcome.metadata).toMatchObject({ imageDigest: expect.stringMatching(/sha256:[0-9a-f]{64}/), exitCode: 0 });
    });

    it.concurrent('drains a streaming SDK function into { items }', async () => {
      const fn = async function* ({ n }: { n: number }) {
        for (let i = 0; i < n; i++) yield { i };
      };
      const outcome = await executor.execute(testRequest(runId, { name: 'stream', platform: 'docker', codeHash: 'stream', fn, image: NODE_IMAGE, streaming: true }, { n: 3 }));
      expect(outcome.outputs).toEqual({ items: [{ i: 0 }, { i: 1 }, { i: 2 }] });
    });

    it.concurrent('runs Python code in the python image, logs streamed', async () => {
      const lines: string[] = [];
      const code = 'def process(inputs):\n    print("hello from python")\n    return {"double": inputs["n"] * 2}\n';
      const outcome = await executor.execute(
        testRequest(runId, { name: 'py', platform: 'docker', codeHash: 'py', language: 'python', code, image: PYTHON_IMAGE }, { n: 21 }, { log: (_s, l) => lines.push(l) }),
      );
      expect(outcome.outputs).toEqual({ double: 42 });
      expect(lines).toContain('hello from python');
    });

    it.concurrent('runs TypeScript code (types stripped) and Bash with twingraph_output', async () => {
      const ts = await executor.execute(
        testRequest(runId, { name: 'ts', platform: 'docker', codeHash: 'ts', language: 'typescript', code: 'export function process(i: { a: number }): { b: number } { return { b: i.a + 1 }; }' }, { a: 1 }),
      );
      expect(ts.outputs).toEqual({ b: 2 });
      const bash = await executor.execute(
        testRequest(runId, { name: 'sh', platform: 'docker', codeHash: 'sh', language: 'bash', code: 'echo "got $INPUT_WORD" >&2\ntwingraph_output shout "${INPUT_WORD^^}"\ntwingraph_output --json n 7' }, { word: 'hi' }),
      );
      expect(bash.outputs).toEqual({ shout: 'HI', n: 7 });
      expect(bash.metadata).toMatchObject({ outputsSource: 'outputs.json' });
    });

    it.concurrent('runs a plain image + command, with env, labels and no network', async () => {
      const command = ['node', '-e', 'const fs=require("fs");const i=JSON.parse(fs.readFileSync(process.env.TWINGRAPH_INPUTS_FILE));console.log("::twingraph-outputs::"+JSON.stringify({greeting:process.env.GREETING+" "+i.name,nets:Object.keys(require("os").networkInterfaces())}))'];
      const outcome = await executor.execute(
        testRequest(runId, { name: 'cmd', platform: 'docker', codeHash: 'cmd', image: NODE_IMAGE, command, env: { GREETING: 'hello' } }, { name: 'docker' }),
      );
      expect(outcome.outputs).toEqual({ greeting: 'hello docker', nets: ['lo'] });
    });
  });

  describe('workflow documents', () => {
    it('runs a docker code node in its container (no local fallback) when the Docker executor is registered', async () => {
      const engine = createEngine({ executors: [testExecutor()] });
      try {
        const document = {
          apiVersion: 'twingraph/v1',
          kind: 'Workflow',
          metadata: { name: 'docker-doc' },
          nodes: [
            {
              id: 'triple', type: 'component', platform: 'docker', image: PYTHON_IMAGE, language: 'python',
              code: 'import os\ndef process(inputs):\n    return {"n": inputs["n"] * 3, "in_container": os.path.exists("/.dockerenv")}',
              inputs: [{ name: 'n', type: 'number', default: 14 }],
              outputs: [{ name: 'n', type: 'number' }, { name: 'in_container', type: 'boolean' }],
            },
          ],
          edges: [],
        };
        const run = await runWorkflow(engine, document);
        expect(run.status).toBe('succeeded');
        const graph = (await engine.lineageStore!.getRunGraph(run.runId))!;
        expect(graph.components[0]).toMatchObject({ platform: 'docker', image: PYTHON_IMAGE, outputs: { n: 42, in_container: true } });
        expect(graph.components[0]!.attributes).not.toHaveProperty('ranLocally');
        expect(graph.components[0]!.attributes).toHaveProperty('imageDigest');
      } finally {
        await engine.close();
      }
    });
  });

  describe('failures and limits', () => {
    it.concurrent('reports a non-zero exit with its code and last log lines', async () => {
      const error = await executor
        .execute(testRequest(runId, { name: 'crash', platform: 'docker', codeHash: 'crash', image: NODE_IMAGE, command: ['node', '-e', 'console.error("about to fail"); process.exit(3)'] }, {}))
        .then(unexpectedSuccess, (e: unknown) => toErrorData(e));
      expect(error).toMatchObject({ code: ERROR_CODES.COMPONENT_FAILED, details: { exitCode: 3 } });
      expect(error.message).toContain("'crash' exited with code 3");
      expect(error.message).toContain('about to fail');
    });

    it.concurrent('reports an OOM kill as such', async () => {
      const code = 'export function process() { const keep = []; for (;;) keep.push(Buffer.alloc(1 << 20, 1)); }';
      const error = await executor
        .execute(testRequest(runId, jsSpec('hog', code, { resources: { memory: '32Mi' } }), {}))
        .then(unexpectedSuccess, (e: unknown) => toErrorData(e));
      expect(error).toMatchObject({ code: ERROR_CODES.COMPONENT_FAILED, details: { oomKilled: true, memoryBytes: 32 * 2 ** 20 } });
      expect(error.message).toMatch(/out of memory/);
    });

    it.concurrent('kills and removes the container on timeout, rejecting with the reason', async () => {
      const controller = new AbortController();
      const execId = `${runId}-timeout`;
      const pending = executor.execute(
        testRequest(runId, jsSpec('slow', 'export async function process() { await new Promise((r) => setTimeout(r, 60000)); return {}; }'), {}, { signal: controller.signal, executionId: execId }),
      );
      setTimeout(() => controller.abort(new Error('timed out after 800 ms')), 800);
      await expect(pending).rejects.toThrow('timed out after 800 ms');
    });
  });

  describe('bad input', () => {
    it.concurrent('missing image with pullPolicy never', async () => {
      const error = await executor
        .execute(testRequest(runId, jsSpec('ghost', 'export function process() { return {}; }', { image: 'twingraph-no-such-image:1', platformOptions: { pullPolicy: 'never' } }), {}))
        .then(unexpectedSuccess, (e: unknown) => toErrorData(e));
      expect(error).toMatchObject({ code: ERROR_CODES.NOT_FOUND, details: { component: 'ghost', image: 'twingraph-no-such-image:1' } });
      expect(error.message).toContain("pullPolicy is 'never'");
      expect(error.hint).toContain('docker build');
    });

    it.concurrent('invalid memory string', async () => {
      const error = await executor.execute(testRequest(runId, jsSpec('greedy', 'x', { resources: { memory: 'lots' } }), {})).then(unexpectedSuccess, (e: unknown) => toErrorData(e));
      expect(error).toMatchObject({ code: ERROR_CODES.INVALID_OPTIONS, details: { component: 'greedy', option: 'resources.memory' } });
      expect(error.hint).toContain('512Mi');
    });

    it.concurrent('a container that writes no outputs', async () => {
      const error = await executor
        .execute(testRequest(runId, { name: 'silent', platform: 'docker', codeHash: 'silent', image: NODE_IMAGE, command: ['node', '-e', 'console.log("done, forgot outputs")'] }, {}))
        .then(unexpectedSuccess, (e: unknown) => toErrorData(e));
      expect(error).toMatchObject({ code: ERROR_CODES.INVALID_OUTPUTS, nonRetryable: true });
      expect(error.message).toContain("'silent' printed no outputs");
      expect(error.hint).toContain('::twingraph-outputs::');
    });

    it.concurrent('an SDK function that captures an outer variable', async () => {
      const factor = 3;
      const fn = ({ n }: { n: number }) => ({ scaled: n * factor });
      const error = await executor
        .execute(testRequest(runId, { name: 'scale', platform: 'docker', codeHash: 'scale', fn, image: NODE_IMAGE }, { n: 2 }))
        .then(unexpectedSuccess, (e: unknown) => toErrorData(e));
      expect(error).toMatchObject({ code: ERROR_CODES.VALIDATION, details: { component: 'scale', freeIdentifiers: ['factor'] } });
      expect(error.message).toContain("'scale' uses 'factor' from outside its function");
      expect(error.hint).toContain('as an input');
    });

    it('a daemon that is not reachable', async () => {
      const { DockerExecutor } = await import('./docker-executor.js');
      const { dockerConnectionFromEnv } = await import('./docker-connection.js');
      const offline = new DockerExecutor({ connection: dockerConnectionFromEnv({ DOCKER_HOST: 'unix:///tmp/twingraph-no-docker.sock' }) });
      const error = await offline.execute(testRequest(runId, jsSpec('lonely', 'export function process() { return {}; }'), {})).then(unexpectedSuccess, (e: unknown) => toErrorData(e));
      expect(error).toMatchObject({ code: ERROR_CODES.EXECUTOR_NOT_CONFIGURED, category: 'operational', details: { address: 'unix:///tmp/twingraph-no-docker.sock', component: 'lonely' } });
      expect(error.hint).toContain('DOCKER_HOST');
      await expect(offline.healthCheck()).rejects.toMatchObject({ code: ERROR_CODES.EXECUTOR_NOT_CONFIGURED });
    });
  });
});
