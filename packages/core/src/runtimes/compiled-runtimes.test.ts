import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CodeRuntime } from '../executors/local-executor.js';
import { CppRuntime } from './cpp-runtime.js';
import type { RuntimeOptions } from './runtime-options.js';
import { removeTempDirs, tempDir, testRequest } from './runtime.test-support.js';
import { RustRuntime } from './rust-runtime.js';

afterAll(removeTempDirs);

interface CompiledFixture {
  language: string;
  create(options: RuntimeOptions): CodeRuntime;
  /** A small program printing {"n": <n>}; each n is a different code hash. */
  program(n: number): string;
  broken: string;
  /** Part of the compiler's message for `broken`. */
  compilerMessage: string;
  missingCompiler: RuntimeOptions;
  install: string;
}

const FIXTURES: CompiledFixture[] = [
  {
    language: 'cpp',
    create: (options) => new CppRuntime(options),
    program: (n) => `#include <cstdio>\nint main() { std::printf("{\\"n\\":%d}\\n", ${n}); }\n`,
    broken: 'int main() { return undefined_name; }\n',
    compilerMessage: 'undefined_name',
    missingCompiler: { cxx: '/nonexistent/g++' },
    install: 'C++ compiler',
  },
  {
    language: 'rust',
    create: (options) => new RustRuntime(options),
    program: (n) => `fn main() { println!("{{\\"n\\":{}}}", ${n}); }\n`,
    broken: 'fn main() { let x: i32 = "no"; }\n',
    compilerMessage: 'mismatched types',
    missingCompiler: { rustc: '/nonexistent/rustc' },
    install: 'Rust compiler',
  },
];

const compiledLogs = (lines: string[]) => lines.filter((line) => line.startsWith('compiling '));

describe.each(FIXTURES)('$language build cache', (fixture) => {
  const workDir = tempDir('work');

  it('compiles once per code hash: later executions and new runtimes with the same cache dir reuse the binary', async () => {
    const cacheDir = tempDir('build');
    const runtime = fixture.create({ workDir, cacheDir });
    const first = testRequest(fixture.language, fixture.program(1));
    expect(await runtime.execute(first.request)).toMatchObject({ outputs: { n: 1 }, metadata: { buildCached: false, outputsSource: 'stdout-json' } });
    expect(compiledLogs(first.lines('system'))).toHaveLength(1);
    const binaries = readdirSync(cacheDir);
    expect(binaries).toEqual([expect.stringMatching(new RegExp(`^${fixture.language}-[0-9a-f]{32}$`))]);
    const binary = join(cacheDir, binaries[0] ?? '');
    const builtAt = statSync(binary).mtimeMs;

    const second = testRequest(fixture.language, fixture.program(1));
    expect(await runtime.execute(second.request)).toMatchObject({ outputs: { n: 1 }, metadata: { buildCached: true } });
    const third = testRequest(fixture.language, fixture.program(1));
    expect(await fixture.create({ workDir, cacheDir }).execute(third.request)).toMatchObject({ outputs: { n: 1 }, metadata: { buildCached: true } });
    expect(compiledLogs([...second.lines('system'), ...third.lines('system')])).toEqual([]);
    expect(statSync(binary).mtimeMs).toBe(builtAt);
    expect(readdirSync(cacheDir)).toEqual(binaries);
  });

  it('shares one compile between concurrent executions of new code', async () => {
    const runtime = fixture.create({ workDir, cacheDir: tempDir('build') });
    const requests = [1, 2, 3].map(() => testRequest(fixture.language, fixture.program(2)));
    const outcomes = await Promise.all(requests.map((test) => runtime.execute(test.request)));
    expect(outcomes.map((outcome) => outcome.outputs)).toEqual([{ n: 2 }, { n: 2 }, { n: 2 }]);
    expect(compiledLogs(requests.flatMap((test) => test.lines('system')))).toHaveLength(1);
  });

  it('finishes a compile into the cache when the waiting execution is aborted', async () => {
    const runtime = fixture.create({ workDir, cacheDir: tempDir('build') });
    const reason = new Error('cancelled (test)');
    const aborted = testRequest(fixture.language, fixture.program(3), {
      onLog: (entry, controller) => {
        if (entry.line.startsWith('compiling ')) controller.abort(reason);
      },
    });
    await expect(runtime.execute(aborted.request)).rejects.toBe(reason);
    const next = testRequest(fixture.language, fixture.program(3));
    expect((await runtime.execute(next.request)).outputs).toEqual({ n: 3 });
    expect(compiledLogs(next.lines('system'))).toEqual([]);
  });

  it("fails non-retryably with the compiler's message when the code does not compile", async () => {
    const runtime = fixture.create({ workDir, cacheDir: tempDir('build') });
    const error = await runtime.execute(testRequest(fixture.language, fixture.broken).request).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_COMPONENT_FAILED', nonRetryable: true });
    expect((error as Error).message).toContain('does not compile');
    expect((error as Error).message).toContain(fixture.compilerMessage);
  });

  it('names what to install when the compiler is missing', async () => {
    const runtime = fixture.create({ workDir, cacheDir: tempDir('build'), ...fixture.missingCompiler });
    const error = await runtime.execute(testRequest(fixture.language, fixture.program(4)).request).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_EXECUTOR_NOT_CONFIGURED', nonRetryable: true });
    expect((error as { hint: string }).hint).toContain(fixture.install);
  });
});
