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
 * or outputs.json). Output is unbuffered so print() reaches the log at once.
 */
export class PythonRuntime implements CodeRuntime {
  readonly language = 'python';
  private readonly options: ResolvedRuntimeOptions;

  constructor(options: RuntimeOptions = {}) {
    this.options = resolveRuntimeOptions(options);
  }

  execute(request: ExecutionRequest): Promise<ExecutionOutcome> {
    return executeCodeComponent(request, this.options, async ({ workDir, code }) => {
      const harness = join(workDir.internal, PYTHON_FILES.harness);
      await Promise.all([writeFile(harness, PYTHON_HARNESS), writeFile(join(workDir.internal, PYTHON_FILES.component), code)]);
      return {
        command: this.options.python,
        args: [harness],
        install: `Python 3 (${this.options.python})`,
        env: { PYTHONUNBUFFERED: '1', PYTHONIOENCODING: 'utf-8', PYTHONDONTWRITEBYTECODE: '1' },
      };
    });
  }
}
