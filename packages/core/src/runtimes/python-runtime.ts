import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExecutionOutcome, ExecutionRequest } from '../ports/executor.js';
import type { CodeRuntime } from '../executors/local-executor.js';
import { executeCodeComponent } from './component-execution.js';
import { PYTHON_FILES, PYTHON_HARNESS } from './python-harness.js';
import { resolveRuntimeOptions, type ResolvedRuntimeOptions, type RuntimeOptions } from './runtime-options.js';

/**
 * Python 3 components: the code defines `process(inputs)` (or `async def process(inputs)`) returning a
 * dict of outputs. Code without `process` runs as a script and reports outputs itself (marker line
 * or outputs.json). The code runs as module `component` (not `__main__`); output is unbuffered so
 * print() reaches the log at once. The interpreter is resolved once to its real path
 * (`sys.executable`), which skips version-manager shims (pyenv: ~50 ms) on every execution.
 */
export class PythonRuntime implements CodeRuntime {
  readonly language = 'python';
  private readonly options: ResolvedRuntimeOptions;
  private interpreter: Promise<string> | undefined;

  constructor(options: RuntimeOptions = {}) {
    this.options = resolveRuntimeOptions(options);
  }

  execute(request: ExecutionRequest): Promise<ExecutionOutcome> {
    return executeCodeComponent(request, this.options, async ({ workDir, code }) => {
      const harness = join(workDir.internal, PYTHON_FILES.harness);
      const [interpreter] = await Promise.all([
        (this.interpreter ??= realInterpreter(this.options.python)),
        writeFile(harness, PYTHON_HARNESS),
        writeFile(join(workDir.internal, PYTHON_FILES.component), code),
      ]);
      return {
        command: interpreter,
        args: [harness],
        install: `Python 3 (${this.options.python})`,
        env: { PYTHONUNBUFFERED: '1', PYTHONIOENCODING: 'utf-8', PYTHONDONTWRITEBYTECODE: '1' },
      };
    });
  }
}

/** `sys.executable` of the configured interpreter; the configured command when that cannot be learnt. */
function realInterpreter(command: string): Promise<string> {
  return new Promise((resolve) => {
    execFile(command, ['-c', 'import sys; print(sys.executable)'], { timeout: 10_000 }, (error, stdout) => {
      const path = stdout.trim();
      resolve(error === null && path !== '' ? path : command);
    });
  });
}
