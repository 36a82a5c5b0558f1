import type { ExecutionOutcome, ExecutionRequest } from '../ports/executor.js';
import type { CodeRuntime } from '../executors/local-executor.js';
import { executeCodeComponent } from './component-execution.js';
import { withProcessExport } from './javascript-harness.js';
import { prepareNodeLaunch } from './node-launch.js';
import { resolveRuntimeOptions, type ResolvedRuntimeOptions, type RuntimeOptions } from './runtime-options.js';

/**
 * JavaScript components, run as an ES module in a child `node` process (killable, isolated). The code
 * defines `function process(inputs)` or `export function process(inputs)` (may be async) returning
 * the outputs object; `require` is available. A warm worker_threads pool would save the ~40 ms Node
 * start-up per execution; not done yet.
 */
export class JavaScriptRuntime implements CodeRuntime {
  readonly language = 'javascript';
  private readonly options: ResolvedRuntimeOptions;

  constructor(options: RuntimeOptions = {}) {
    this.options = resolveRuntimeOptions(options);
  }

  execute(request: ExecutionRequest): Promise<ExecutionOutcome> {
    return executeCodeComponent(request, this.options, ({ workDir, code }) => prepareNodeLaunch(this.options, workDir, withProcessExport(code)));
  }
}
