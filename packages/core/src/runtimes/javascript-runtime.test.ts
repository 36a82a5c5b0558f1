import { afterAll, describe, expect, it } from 'vitest';
import { JavaScriptRuntime } from './javascript-runtime.js';
import { removeTempDirs, tempDir, testRequest } from './runtime.test-support.js';
import { TypeScriptRuntime } from './typescript-runtime.js';

const workDir = tempDir('work');
// The child-process path (exit codes, --enable-source-maps); the warm path: javascript-worker-runtime.test.ts.
const javascript = new JavaScriptRuntime({ workDir, isolation: 'process' });
const typescript = new TypeScriptRuntime({ workDir, isolation: 'process' });
const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as Error & { code: string });

describe('JavaScriptRuntime', () => {
  it('provides require in the ES module', async () => {
    const test = testRequest('javascript', "const os = require('node:os');\nexport function process() {\n  return { eol: os.EOL };\n}\n");
    expect((await javascript.execute(test.request)).outputs).toEqual({ eol: '\n' });
  });

  it('finishes when process() returns, even with timers left running', async () => {
    const started = performance.now();
    const test = testRequest('javascript', 'setInterval(() => {}, 1000);\nexport async function process() {\n  return { ok: true };\n}\n');
    expect((await javascript.execute(test.request)).outputs).toEqual({ ok: true });
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('reports a thrown error with its message in the error and the stack in the log', async () => {
    const test = testRequest('javascript', "export function process() {\n  throw new Error('boom');\n}\n");
    const error = await failure(javascript.execute(test.request));
    expect(error).toMatchObject({ code: 'ERR_COMPONENT_FAILED', details: { exitCode: 1 } });
    expect(error?.message).toContain('Error: boom');
  });

  it('rejects results that are not objects of JSON values', async () => {
    const array = await failure(javascript.execute(testRequest('javascript', 'export const process = () => [1];').request));
    expect(array).toMatchObject({ code: 'ERR_INVALID_OUTPUTS', message: expect.stringContaining('got an array') });
    const bigint = await failure(javascript.execute(testRequest('javascript', 'export const process = () => ({ n: 1n });').request));
    expect(bigint).toMatchObject({ code: 'ERR_NON_SERIALIZABLE' });
  });
});

describe('TypeScriptRuntime', () => {
  it('strips types, interfaces, enums and type-only imports without a build step', async () => {
    const code = [
      "import type { Readable } from 'node:stream';",
      'enum Color { Red = "red", Blue = "blue" }',
      'interface Inputs { n: number; stream?: Readable }',
      'function double<T extends number>(value: T): number { return value * 2; }',
      'export async function process(inputs: Inputs): Promise<Record<string, unknown>> {',
      '  return { doubled: double(inputs.n), color: Color.Blue };',
      '}',
    ].join('\n');
    const test = testRequest('typescript', code, { inputs: { n: 21 } });
    expect((await typescript.execute(test.request)).outputs).toEqual({ doubled: 42, color: 'blue' });
  });

afterAll(removeTempDirs);

  it('maps stack traces to the TypeScript source', async () => {
    const test = testRequest('typescript', "type N = number;\nconst n: N = 1;\nexport function process(): never {\n  throw new Error('typed boom ' + n);\n}\n");
    const error = await failure(typescript.execute(test.request));
    expect(error?.message).toContain('typed boom 1');
    expect(test.lines('stderr').join('\n')).toMatch(/component\.ts:4/);
  });

  it('fails non-retryably when the code does not parse', async () => {
    const error = await failure(typescript.execute(testRequest('typescript', 'export function process( {').request));
    expect(error).toMatchObject({ code: 'ERR_COMPONENT_FAILED', nonRetryable: true, message: expect.stringContaining('does not parse') });
  });
});
