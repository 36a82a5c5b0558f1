import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../engine/engine.js';
import { createComponentDefinition } from '../engine/component-definition.js';
import { LocalExecutor } from '../executors/local-executor.js';
import { JavaScriptRuntime } from './javascript-runtime.js';
import { removeTempDirs, roundTripInputs, tempDir, testRequest } from './runtime.test-support.js';
import { TypeScriptRuntime } from './typescript-runtime.js';

// The warm path (isolation: 'worker', the default for JavaScript/TypeScript).
const workDir = tempDir('work');
const cacheDir = tempDir('cache');
const runtimes: Array<{ close(): Promise<void> }> = [];
const javascript = (workers = 2) => {
  const runtime = new JavaScriptRuntime({ workDir, cacheDir, workers });
  runtimes.push(runtime);
  return runtime;
};
const shared = javascript();
const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as Error & { code: string; details?: unknown });

afterAll(async () => {
  for (const runtime of runtimes) await runtime.close();
  removeTempDirs();
});

describe('JavaScriptRuntime, warm workers', () => {
  it('calls process(inputs) and round-trips JSON inputs unchanged', async () => {
    const inputs = roundTripInputs();
    const test = testRequest('javascript', 'export const process = (inputs) => inputs;', { inputs });
    const outcome = await shared.execute(test.request);
    expect(outcome.outputs).toEqual(inputs);
    expect(outcome.metadata).toMatchObject({ language: 'javascript', isolation: 'worker' });
  });

  it('loads a module once per worker and reuses it for later executions', async () => {
    const runtime = javascript(1);
    const code = 'let calls = 0;\nconst loadedAt = Math.random();\nexport function process() {\n  calls += 1;\n  return { calls, loadedAt };\n}\n';
    const results = [];
    for (let i = 0; i < 5; i++) results.push((await runtime.execute(testRequest('javascript', code).request)).outputs);
    expect(results.map((r) => r['calls'])).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(results.map((r) => r['loadedAt'])).size).toBe(1);
  });

  it('streams console.log / console.error / process.stdout.write as log lines while the component runs', async () => {
    const code = [
      'export async function process() {',
      "  console.log('started', { n: 1 });",
      "  console.error('warning');",
      "  globalThis.process.stdout.write('partial ');",
      "  globalThis.process.stdout.write('line\\nsecond\\n');",
      '  await new Promise((r) => setTimeout(r, 300));',
      "  console.log('done');",
      '  return { ok: true };',
      '}',
    ].join('\n');
    const test = testRequest('javascript', code);
    const outcome = await shared.execute(test.request);
    const finishedAt = performance.now();
    expect(outcome.outputs).toEqual({ ok: true });
    expect(test.lines('stdout')).toEqual(['started { n: 1 }', 'partial line', 'second', 'done']);
    expect(test.lines('stderr')).toEqual(['warning']);
    const started = test.logs.find((entry) => entry.line.startsWith('started'))!;
    expect(finishedAt - started.at).toBeGreaterThanOrEqual(200);
  });

  it('accepts a marker line when process() returns nothing, and reports no outputs otherwise', async () => {
    const marker = await shared.execute(testRequest('javascript', "function process() { console.log('::twingraph-outputs::{\"a\":1}'); }").request);
    expect(marker.outputs).toEqual({ a: 1 });
    const silent = await failure(shared.execute(testRequest('javascript', "function process() { console.log('hello'); }").request));
    expect(silent).toMatchObject({ code: 'ERR_INVALID_OUTPUTS', nonRetryable: true });
  });

  it('reports a thrown error with its message, and the stack in the log; the worker stays', async () => {
    const test = testRequest('javascript', "export function process() {\n  throw new TypeError('boom');\n}\n");
    const error = await failure(shared.execute(test.request));
    expect(error).toMatchObject({ code: 'ERR_COMPONENT_FAILED', message: expect.stringContaining('TypeError: boom') as unknown });
    expect(test.lines('stderr').join('\n')).toContain('TypeError: boom');
    expect((await shared.execute(testRequest('javascript', 'const process = () => ({ fine: true });').request)).outputs).toEqual({ fine: true });
  });

  it('rejects results that are not objects of JSON values', async () => {
    expect(await failure(shared.execute(testRequest('javascript', 'export const process = () => [1];').request))).toMatchObject({ code: 'ERR_INVALID_OUTPUTS' });
    expect(await failure(shared.execute(testRequest('javascript', 'export const process = () => ({ n: 1n });').request))).toMatchObject({ code: 'ERR_NON_SERIALIZABLE' });
  });

  it('stops a hung execution on abort by terminating its worker, and replaces the worker', async () => {
    const runtime = javascript(1);
    const reason = new Error('timed out (test)');
    const test = testRequest('javascript', "function process() {\n  console.log('spinning');\n  for (;;) {}\n}\n", { onLog: (entry, controller) => entry.line === 'spinning' && controller.abort(reason) });
    const started = performance.now();
    await expect(runtime.execute(test.request)).rejects.toBe(reason);
    expect(performance.now() - started).toBeLessThan(5000);
    expect((await runtime.execute(testRequest('javascript', 'const process = () => ({ after: 1 });').request)).outputs).toEqual({ after: 1 });
  });

  it('a crash fails only the execution that crashed, concurrent ones succeed', async () => {
    const runtime = javascript(2);
    const crash = testRequest('javascript', 'export function process() {\n  setTimeout(() => { throw new Error(\'escaped\'); }, 5);\n  return new Promise((r) => setTimeout(r, 200));\n}\n');
    const exit = testRequest('javascript', "function process() { console.error('bye'); globalThis.process.exit(7); }");
    const good = Array.from({ length: 20 }, (_, i) => testRequest('javascript', 'const process = async (i) => { await new Promise((r) => setTimeout(r, 10)); return { i: i.i }; };', { inputs: { i } }));
    const [crashed, exited, ...rest] = await Promise.all([failure(runtime.execute(crash.request)), failure(runtime.execute(exit.request)), ...good.map((g) => runtime.execute(g.request))]);
    expect(crashed).toMatchObject({ code: 'ERR_COMPONENT_FAILED', message: expect.stringContaining('escaped') as unknown });
    expect(exited).toMatchObject({ code: 'ERR_COMPONENT_FAILED', details: { exitCode: 7 } });
    expect(exit.lines('stderr')).toContain('bye');
    expect(rest.map((r) => (r as { outputs: { i: number } }).outputs.i)).toEqual(good.map((_, i) => i));
  });

  it('runs executions queued behind a full pool after the worker they waited for crashes, exits or is aborted', async () => {
    // One worker, one running job (its batch holds nothing else), one job queued for the slot: the
    // worker's death must free the slot and dispatch the queued job (it used to wait forever).
    const runtime = javascript(1);
    const after = 'const process = (i) => ({ after: i.n });';
    const enders: Array<[string, string]> = [
      ['crash', "export function process() {\n  console.log('running');\n  setTimeout(() => { throw new Error('escaped'); }, 100);\n  return new Promise((r) => setTimeout(r, 5000));\n}\n"],
      ['exit', "function process() { console.log('running'); return new Promise(() => setTimeout(() => globalThis.process.exit(3), 100)); }"],
      ['abort', "function process() { console.log('running'); return new Promise(() => setTimeout(() => console.log('abort me'), 100)); }"],
    ];
    for (const [n, [name, code]] of enders.entries()) {
      let queued: Promise<unknown> | undefined;
      const running = testRequest('javascript', code, {
        name,
        onLog: (entry, controller) => {
          if (entry.line === 'running') queued = runtime.execute(testRequest('javascript', after, { inputs: { n } }).request);
          if (entry.line === 'abort me') controller.abort(new Error('cancelled (test)'));
        },
      });
      const error = await failure(runtime.execute(running.request));
      expect(error, name).toBeInstanceOf(Error);
      expect(queued, name).toBeDefined();
      const late = await Promise.race([queued!, new Promise((r) => setTimeout(() => r('still queued'), 5000))]);
      expect(late, name).toMatchObject({ outputs: { after: n } });
    }
  });

  it('runs executions in parallel across workers, never more workers than configured', async () => {
    const runtime = javascript(3);
    const code = 'export async function process(i) { await new Promise((r) => setTimeout(r, 150)); return { i: i.i, thread: (await import(\'node:worker_threads\')).threadId }; }';
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => runtime.execute(testRequest('javascript', code, { inputs: { i } }).request)));
    const elapsed = performance.now() - started;
    expect(results.map((r) => r.outputs['i'])).toEqual([0, 1, 2, 3, 4, 5]);
    expect(new Set(results.map((r) => r.outputs['thread'])).size).toBe(3);
    // 6 × 150 ms on 3 workers: two rounds, not six.
    expect(elapsed).toBeLessThan(6 * 150);
  });

  it('sets TWINGRAPH_* and component env for the call only', async () => {
    const code = "export function process() { const env = globalThis.process.env; return { id: env.TWINGRAPH_EXECUTION_ID, name: env.TWINGRAPH_COMPONENT, greeting: env.GREETING ?? null }; }";
    const withEnv = testRequest('javascript', code, { env: { GREETING: 'hi' }, name: 'envy' });
    expect((await shared.execute(withEnv.request)).outputs).toEqual({ id: withEnv.request.executionId, name: 'envy', greeting: 'hi' });
    const without = testRequest('javascript', code, { name: 'plain' });
    expect((await shared.execute(without.request)).outputs).toMatchObject({ greeting: null });
  });

  it('runs code without a process function as a child process (it reports outputs itself)', async () => {
    const test = testRequest('javascript', "console.log('script');\nconsole.log('::twingraph-outputs::' + JSON.stringify({ pid: globalThis.process.pid }));\n");
    const outcome = await shared.execute(test.request);
    expect(outcome.outputs['pid']).not.toBe(process.pid);
    expect(outcome.metadata).toMatchObject({ exitCode: 0 });
  });

  it('runs TypeScript warm too', async () => {
    const runtime = new TypeScriptRuntime({ workDir, cacheDir, workers: 1 });
    runtimes.push(runtime);
    const code = 'let n: number = 0;\nexport function process(inputs: { x: number }): { y: number; n: number } {\n  n += 1;\n  return { y: inputs.x * 2, n };\n}\n';
    expect((await runtime.execute(testRequest('typescript', code, { inputs: { x: 2 } }).request)).outputs).toEqual({ y: 4, n: 1 });
    expect((await runtime.execute(testRequest('typescript', code, { inputs: { x: 3 } }).request)).outputs).toEqual({ y: 6, n: 2 });
  });

  it('ends a hung component at the engine timeout and the run goes on', async () => {
    const runtime = javascript(1);
    const engine = createEngine({ executors: [new LocalExecutor({ runtimes: [runtime] })] });
    const spec = (name: string, code: string) => ({ name, platform: 'local' as const, codeHash: name, language: 'javascript' as const, code });
    const hang = createComponentDefinition({ spec: spec('hang', 'function process() { for (;;) {} }'), timeoutMs: 300 });
    const add = createComponentDefinition({ spec: spec('add', 'function process(i) { return { sum: i.a + i.b }; }') });
    const run = await engine.startRun({ name: 'worker-timeout', version: 'v1', errorHandler: 'continue' });
    await expect(run.call(hang, {})).rejects.toMatchObject({ code: 'ERR_TIMEOUT' });
    expect((await run.call(add, { a: 1, b: 2 })).outputs).toEqual({ sum: 3 });
    expect((await run.finish({ ok: true })).counts).toMatchObject({ failed: 1, succeeded: 1 });
    await engine.close();
  });
});
