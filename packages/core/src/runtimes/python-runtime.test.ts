import { afterAll, describe, expect, it } from 'vitest';
import { PythonRuntime } from './python-runtime.js';
import { abortOnPid, processGone, removeTempDirs, tempDir, testRequest, waitUntil } from './runtime.test-support.js';

afterAll(removeTempDirs);

const workDir = tempDir('work');
const runtime = new PythonRuntime({ workDir });
const run = (code: string, options: Parameters<typeof testRequest>[2] = {}) => {
  const test = testRequest('python', code, options);
  return { ...test, outcome: runtime.execute(test.request) };
};
const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as Error & { code: string; nonRetryable: boolean });

describe('PythonRuntime', () => {
  it('reports an exception with its traceback in the message and the log', async () => {
    const { outcome, lines } = run('def process(inputs):\n    raise ValueError("boom")\n');
    const error = await failure(outcome);
    expect(error).toMatchObject({ code: 'ERR_COMPONENT_FAILED', details: { exitCode: 1 } });
    expect(error?.message).toContain('ValueError: boom');
    expect(lines('stderr')).toContain('Traceback (most recent call last):');
  });

  it('rejects a return value that is not a dict', async () => {
    const error = await failure(run('def process(inputs):\n    return [1, 2]\n').outcome);
    expect(error).toMatchObject({ code: 'ERR_INVALID_OUTPUTS', nonRetryable: true });
    expect(error?.message).toContain('must return a dict of outputs, got list');
  });

  it('rejects outputs JSON cannot represent (sets, NaN)', async () => {
    for (const value of ['{1, 2}', 'float("nan")']) {
      const error = await failure(run(`def process(inputs):\n    return {"x": ${value}}\n`).outcome);
      expect(error).toMatchObject({ code: 'ERR_NON_SERIALIZABLE', nonRetryable: true });
    }
  });

  it('keeps text printed without a newline before the marker as log', async () => {
    const { outcome, lines } = run('print("partial", end="")\nprint(\'::twingraph-outputs::{"ok": true}\')\n');
    expect((await outcome).outputs).toEqual({ ok: true });
    expect(lines('stdout')).toEqual(['partial']);
  });

  it('runs in the work dir with inputs.json, TWINGRAPH_* variables and component.env', async () => {
    const code = [
      'import json, os',
      'def process(inputs):',
      '    with open("inputs.json") as f:',
      '        from_file = json.load(f)',
      '    return {"cwd": os.getcwd() == os.environ["TWINGRAPH_WORK_DIR"], "file": from_file == inputs,',
      '            "inline": "TWINGRAPH_INPUTS" in os.environ, "greeting": os.environ.get("GREETING"),',
      '            "component": os.environ["TWINGRAPH_COMPONENT"], "attempt": os.environ["TWINGRAPH_ATTEMPT"]}',
    ].join('\n');
    const small = await run(code, { inputs: { a: 1 }, env: { GREETING: 'hi' }, name: 'py-env' }).outcome;
    expect(small.outputs).toEqual({ cwd: true, file: true, inline: true, greeting: 'hi', component: 'py-env', attempt: '1' });
    const large = await run(code, { inputs: { a: 'x'.repeat(70_000) } }).outcome;
    expect(large.outputs).toMatchObject({ file: true, inline: false, greeting: null });
  });

  it('passes only the listed variables of this process when inheritEnv is a list', async () => {
    process.env['TWINGRAPH_TEST_SECRET'] = 'secret';
    try {
      const limited = new PythonRuntime({ workDir, inheritEnv: ['PATH', 'HOME'], env: { EXTRA: 'yes' } });
      const test = testRequest('python', 'import os\ndef process(inputs):\n    return {"secret": os.environ.get("TWINGRAPH_TEST_SECRET"), "extra": os.environ.get("EXTRA")}\n');
      expect((await limited.execute(test.request)).outputs).toEqual({ secret: null, extra: 'yes' });
    } finally {
      delete process.env['TWINGRAPH_TEST_SECRET'];
    }
  });

  it('sends SIGKILL after the grace period when the component ignores SIGTERM', async () => {
    const stubborn = new PythonRuntime({ workDir, killGraceMs: 300 });
    const reason = new Error('timeout (test)');
    const pids: number[] = [];
    const test = testRequest('python', 'import os, signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nprint(f"pid={os.getpid()}")\ntime.sleep(30)\n', {
      onLog: abortOnPid(reason, pids),
    });
    const started = performance.now();
    await expect(stubborn.execute(test.request)).rejects.toBe(reason);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(5000);
    expect(await waitUntil(() => pids.every(processGone), 3000)).toBe(true);
  });

  it('rejects at once with the reason when the signal is already aborted', async () => {
    const test = testRequest('python', 'def process(inputs):\n    return {}\n');
    const reason = new Error('cancelled before start');
    test.controller.abort(reason);
    await expect(runtime.execute(test.request)).rejects.toBe(reason);
  });

  it('names what to install when the interpreter is missing', async () => {
    const missing = new PythonRuntime({ workDir, python: '/nonexistent/python3' });
    const error = await failure(missing.execute(testRequest('python', 'def process(inputs):\n    return {}\n').request));
    expect(error).toMatchObject({ code: 'ERR_EXECUTOR_NOT_CONFIGURED', nonRetryable: true, category: 'operational' });
    expect(error?.message).toContain('/nonexistent/python3');
    expect((error as unknown as { hint: string }).hint).toContain('Install Python 3');
  });
});
