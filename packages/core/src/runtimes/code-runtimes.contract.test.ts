// The component runtime protocol, bound for every language: the same behaviour, one fixture each.
import { readdirSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { CodeRuntime } from '../executors/local-executor.js';
import { BashRuntime } from './bash-runtime.js';
import { CPP_PROGRAM, RUST_PROGRAM } from './compiled-programs.test-support.js';
import { CppRuntime } from './cpp-runtime.js';
import { JavaScriptRuntime } from './javascript-runtime.js';
import { PythonRuntime } from './python-runtime.js';
import type { RuntimeOptions } from './runtime-options.js';
import { abortOnPid, processGone, removeTempDirs, roundTripInputs, tempDir, testRequest, waitUntil } from './runtime.test-support.js';
import { RustRuntime } from './rust-runtime.js';
import { TypeScriptRuntime } from './typescript-runtime.js';

interface Program {
  code: string;
  inputs?: Record<string, unknown>;
}

interface LanguageFixture {
  language: string;
  create(options: RuntimeOptions): CodeRuntime;
  /** Logs "log line", outputs {answer: 42} on the marker line. */
  marker: Program;
  /** Logs "log line", writes {answer: 42} to outputs.json. */
  outputsFile: Program;
  /** Logs "started", sleeps 300 ms, outputs {done: true}. */
  streaming: Program;
  /** Logs "about to fail", exits with code 3. */
  failing: Program;
  /** Logs "hello", reports no outputs. */
  silent: Program;
  /** Prints the marker line with "{not json". */
  invalidJson: Program;
  /** Logs "pid=<pid>" (all pids of its process group), sleeps 30 s. */
  sleeper: Program;
  /** Outputs its inputs unchanged. */
  echo: Program;
}

const compiled = (code: string) => (mode?: string): Program => (mode === undefined ? { code } : { code, inputs: { mode } });
const cpp = compiled(CPP_PROGRAM);
const rust = compiled(RUST_PROGRAM);

const FIXTURES: LanguageFixture[] = [
  {
    language: 'python',
    create: (options) => new PythonRuntime(options),
    marker: { code: 'def process(inputs):\n    print("log line")\n    return {"answer": 42}\n' },
    outputsFile: { code: 'import json\nprint("log line")\nwith open("outputs.json", "w") as f:\n    json.dump({"answer": 42}, f)\n' },
    streaming: { code: 'import time\ndef process(inputs):\n    print("started")\n    time.sleep(0.3)\n    return {"done": True}\n' },
    failing: { code: 'import sys\ndef process(inputs):\n    print("about to fail", file=sys.stderr)\n    sys.exit(3)\n' },
    silent: { code: 'def process(inputs):\n    print("hello")\n' },
    invalidJson: { code: 'def process(inputs):\n    print("::twingraph-outputs::{not json")\n' },
    sleeper: { code: 'import os, time\ndef process(inputs):\n    print(f"pid={os.getpid()}")\n    time.sleep(30)\n' },
    echo: { code: 'async def process(inputs):\n    return inputs\n' },
  },
  {
    language: 'bash',
    create: (options) => new BashRuntime(options),
    marker: { code: 'echo "log line"\necho \'::twingraph-outputs::{"answer": 42}\'\n' },
    outputsFile: { code: 'echo "log line"\ntwingraph_output --json answer 42\n' },
    streaming: { code: 'echo started\nsleep 0.3\ntwingraph_output --json done true\n' },
    failing: { code: 'echo "about to fail" >&2\nexit 3\n' },
    silent: { code: 'echo hello\n' },
    invalidJson: { code: "echo '::twingraph-outputs::{not json'\n" },
    sleeper: { code: 'sleep 30 &\necho "pid=$$ pid=$!"\nwait\n' },
    echo: {
      code: [
        'twingraph_output text "$INPUT_TEXT"',
        'for name in nested nothing yes no big; do',
        '  var="INPUT_${name^^}"',
        '  twingraph_output --json "$name" "${!var}"',
        'done',
      ].join('\n'),
    },
  },
  {
    language: 'javascript',
    // The child-process protocol; the warm worker path has its own tests (javascript-worker-runtime.test.ts).
    create: (options) => new JavaScriptRuntime({ ...options, isolation: 'process' }),
    marker: { code: "export function process(inputs) {\n  console.log('log line');\n  return { answer: 42 };\n}\n" },
    outputsFile: { code: "import { writeFileSync } from 'node:fs';\nconsole.log('log line');\nwriteFileSync('outputs.json', JSON.stringify({ answer: 42 }));\n" },
    streaming: { code: "async function process() {\n  console.log('started');\n  await new Promise((r) => setTimeout(r, 300));\n  return { done: true };\n}\n" },
    failing: { code: "function process() {\n  console.error('about to fail');\n  globalThis.process.exit(3);\n}\n" },
    silent: { code: "function process() {\n  console.log('hello');\n}\n" },
    invalidJson: { code: "function process() {\n  console.log('::twingraph-outputs::{not json');\n}\n" },
    sleeper: { code: "async function process() {\n  console.log('pid=' + globalThis.process.pid);\n  await new Promise((r) => setTimeout(r, 30_000));\n  return {};\n}\n" },
    echo: { code: 'const process = (inputs) => inputs;\n' },
  },
  {
    language: 'typescript',
    create: (options) => new TypeScriptRuntime({ ...options, isolation: 'process' }),
    marker: { code: "interface Out { answer: number }\nexport function process(inputs: Record<string, unknown>): Out {\n  console.log('log line');\n  return { answer: 42 };\n}\n" },
    outputsFile: { code: "import { writeFileSync } from 'node:fs';\nconst outputs: { answer: number } = { answer: 42 };\nconsole.log('log line');\nwriteFileSync('outputs.json', JSON.stringify(outputs));\n" },
    streaming: { code: "export async function process(_inputs: unknown): Promise<{ done: boolean }> {\n  console.log('started');\n  await new Promise<void>((r) => setTimeout(r, 300));\n  return { done: true };\n}\n" },
    failing: { code: "function process(): never {\n  console.error('about to fail');\n  return globalThis.process.exit(3);\n}\n" },
    silent: { code: "function process(): void {\n  console.log('hello');\n}\n" },
    invalidJson: { code: "function process(): void {\n  console.log('::twingraph-outputs::{not json');\n}\n" },
    sleeper: { code: "async function process(): Promise<object> {\n  console.log(`pid=${globalThis.process.pid}`);\n  await new Promise((r) => setTimeout(r, 30_000));\n  return {};\n}\n" },
    echo: { code: 'export const process = <T,>(inputs: T): T => inputs;\n' },
  },
  {
    language: 'cpp',
    create: (options) => new CppRuntime(options),
    marker: cpp('marker'),
    outputsFile: cpp('file'),
    streaming: cpp('stream'),
    failing: cpp('fail'),
    silent: cpp('silent'),
    invalidJson: cpp('invalid'),
    sleeper: cpp('sleep'),
    echo: cpp(),
  },
  {
    language: 'rust',
    create: (options) => new RustRuntime(options),
    marker: rust('marker'),
    outputsFile: rust('file'),
    streaming: rust('stream'),
    failing: rust('fail'),
    silent: rust('silent'),
    invalidJson: rust('invalid'),
    sleeper: rust('sleep'),
    echo: rust(),
  },
];

const workDir = tempDir('work');
const cacheDir = tempDir('build');

afterAll(() => {
  // Every execution removed its work dir, whatever happened to it.
  expect(readdirSync(workDir)).toEqual([]);
  removeTempDirs();
});

describe.each(FIXTURES)('$language runtime', (fixture) => {
  const runtime = fixture.create({ workDir, cacheDir });
  const run = (program: Program, options: Parameters<typeof testRequest>[2] = {}) => {
    const test = testRequest(fixture.language, program.code, { ...(program.inputs === undefined ? {} : { inputs: program.inputs }), ...options });
    return { ...test, outcome: runtime.execute(test.request) };
  };

  it('returns the outputs of the marker line; the rest of the output is log', async () => {
    const { outcome, lines } = run(fixture.marker);
    const { outputs, metadata } = await outcome;
    expect(outputs).toEqual({ answer: 42 });
    expect(metadata).toMatchObject({ language: fixture.language, exitCode: 0, outputsSource: 'marker' });
    expect(lines('stdout')).toContain('log line');
    expect(lines().some((line) => line.includes('::twingraph-outputs::'))).toBe(false);
  });

  it('returns the outputs written to outputs.json in the work dir', async () => {
    const { outcome, lines } = run(fixture.outputsFile);
    const { outputs, metadata } = await outcome;
    expect(outputs).toEqual({ answer: 42 });
    expect(metadata).toMatchObject({ outputsSource: 'outputs.json' });
    expect(lines('stdout')).toContain('log line');
  });

  it('streams log lines while the component runs', async () => {
    const { outcome, logs } = run(fixture.streaming);
    const { outputs } = await outcome;
    const finishedAt = performance.now();
    expect(outputs).toEqual({ done: true });
    const started = logs.find((entry) => entry.line === 'started');
    expect(started?.stream).toBe('stdout');
    expect(finishedAt - (started?.at ?? finishedAt)).toBeGreaterThanOrEqual(200);
  });

  it('fails with ERR_COMPONENT_FAILED, the exit code and the last log lines on a non-zero exit', async () => {
    const { outcome, lines } = run(fixture.failing);
    const error = await outcome.catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_COMPONENT_FAILED', nonRetryable: false, details: { exitCode: 3 } });
    expect((error as Error).message).toContain('exited with code 3');
    expect((error as Error).message).toContain('about to fail');
    expect(lines('stderr')).toContain('about to fail');
  });

  it('fails with ERR_INVALID_OUTPUTS when the component reports no outputs', async () => {
    const { outcome, lines } = run(fixture.silent);
    const error = await outcome.catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_INVALID_OUTPUTS', nonRetryable: true });
    expect((error as Error).message).toContain('printed no outputs');
    expect((error as { hint: string }).hint).toContain('::twingraph-outputs::');
    expect((error as { hint: string }).hint).toContain('outputs.json');
    expect(lines('stdout')).toContain('hello');
  });

  it('fails with ERR_INVALID_OUTPUTS naming the JSON problem', async () => {
    const { outcome } = run(fixture.invalidJson);
    const error = await outcome.catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_INVALID_OUTPUTS', details: { source: 'marker line' } });
    expect((error as Error).message).toMatch(/not valid JSON \(.+\)/);
  });

  it('kills the whole process group on abort and rejects with the signal reason', async () => {
    const reason = new Error('timed out (test)');
    const pids: number[] = [];
    const started = performance.now();
    const { outcome } = run(fixture.sleeper, { onLog: abortOnPid(reason, pids) });
    await expect(outcome).rejects.toBe(reason);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(pids.length).toBeGreaterThan(0);
    expect(await waitUntil(() => pids.every(processGone), 3000)).toBe(true);
  });

  it('round-trips unicode, nested objects, null, booleans and 100k numbers', async () => {
    const inputs = roundTripInputs();
    const { outcome } = run(fixture.echo, { inputs });
    const { outputs } = await outcome;
    expect(outputs).toEqual(inputs);
  });
});
