import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExecutionOutcome, ExecutionRequest } from '../ports/executor.js';
import type { CodeRuntime } from '../executors/local-executor.js';
import { BASH_FILES, BASH_PRELUDE, bashInputName, bashInputValue } from './bash-prelude.js';
import { executeCodeComponent } from './component-execution.js';
import { resolveRuntimeOptions, type ResolvedRuntimeOptions, type RuntimeOptions } from './runtime-options.js';

/**
 * Bash components. Each input is an exported `INPUT_<NAME>` variable (name upper-cased, other
 * characters → `_`; strings as they are, other values as JSON text). Outputs: call
 * `twingraph_output NAME VALUE` / `twingraph_output --json NAME JSON` (they accumulate in outputs.json),
 * or print the marker line `::twingraph-outputs::{...}`. See BASH_PRELUDE.
 */
export class BashRuntime implements CodeRuntime {
  readonly language = 'bash';
  private readonly options: ResolvedRuntimeOptions;

  constructor(options: RuntimeOptions = {}) {
    this.options = resolveRuntimeOptions(options);
  }

  execute(request: ExecutionRequest): Promise<ExecutionOutcome> {
    return executeCodeComponent(request, this.options, async ({ workDir, code }) => {
      const inputsDir = join(workDir.internal, BASH_FILES.inputs);
      await mkdir(inputsDir);
      const prelude = join(workDir.internal, BASH_FILES.prelude);
      const component = join(workDir.internal, BASH_FILES.component);
      const writes = [writeFile(prelude, BASH_PRELUDE), writeFile(component, code)];
      for (const [name, value] of Object.entries(request.inputs)) {
        if (value !== undefined) writes.push(writeFile(join(inputsDir, bashInputName(name)), bashInputValue(value)));
      }
      await Promise.all(writes);
      return { command: this.options.bash, args: [prelude, component], install: `Bash (${this.options.bash})` };
    });
  }
}
